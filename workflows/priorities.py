"""The one place that decides how Temporal orders our tasks: every workflow start, child
workflow and activity call carries ``priority(organization_id, kind)``.

- The fairness key is the organization: tasks of one priority are dispatched round-robin across
  organizations, so one tenant's backlog (1,500 bulk holds, six webhook endpoints) cannot starve
  another tenant's work of the same priority.
- The priority key is the kind of work: a person waiting (an approver, a project's next
  booking) goes before bulk work (deliveries, syncs, notices), which goes before background
  work (reconciliation, reports). Lower goes first; the server's range is 1..5, default 3.

Pure (temporalio types only), so workflows use it inside their sandbox and clients outside it.
See docs/adr/0018-fair-scheduling.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from temporalio.common import Priority

Kind = Literal[
    "approval",
    "health",
    "project",
    "bulk",
    "webhook",
    "sync",
    "slack-notice",
    "lifecycle",
    "reconcile",
    "report",
    "export",
    "retention",
    "trial",
    "erasure",
    "tenant-move",
    "organization-deletion",
]

INTERACTIVE = 1
"""Someone is waiting on it: approval chains (resolving approvers, notifying them, recording a
decision) and the readiness probe, which measures what interactive work waits for."""
STEPS = 2
"""The next step of a process a user started: a project's milestone bookings."""
BULK = 4
"""Many tasks at once that nobody watches one by one: bulk holds and confirms, webhook
deliveries, syncs, Slack notices, reminders and follow-ups, data exports, erasures."""
BACKGROUND = 5
"""Scheduled sweeps: reconciliation, the weekly report, retention."""

PRIORITY_KEYS: Mapping[Kind, int] = {
    "approval": INTERACTIVE,
    "health": INTERACTIVE,
    "project": STEPS,
    "bulk": BULK,
    "webhook": BULK,
    "sync": BULK,
    "slack-notice": BULK,
    "lifecycle": BULK,
    "reconcile": BACKGROUND,
    "report": BACKGROUND,
    "export": BULK,
    "retention": BACKGROUND,
    "trial": BULK,
    "erasure": BULK,
    # A move holds a tenant's writes frozen for its last steps: it goes before bulk work.
    "tenant-move": STEPS,
    # Nobody waits on it (the grace period is days), but it should not starve either.
    "organization-deletion": BULK,
}

SYSTEM = "system"
"""The fairness key of work that belongs to no organization (the readiness probe)."""


def priority(organization_id: str, kind: Kind) -> Priority:
    """The Priority of ``kind`` work of one organization: its fairness key and its rank."""
    return Priority(priority_key=PRIORITY_KEYS[kind], fairness_key=organization_id)
