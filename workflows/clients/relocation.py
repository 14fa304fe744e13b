"""Sending an organization's running workflows to its new region's task queue (after a move)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from workflows.clients.sandbox import running_of
from workflows.relocation import RELOCATE_SIGNAL, Relocation

__all__ = ["Relocation", "relocate_running"]

log = logging.getLogger("auditoryx.worker")


async def relocate_running(
    client: Client,
    organization_ids: Iterable[str],
    relocation: Relocation,
    *,
    skip: Iterable[str] = (),
) -> int:
    """Signal every running workflow of the organizations (tagged with one of them or whose
    id one of them prefixes) to schedule its work on ``relocation.task_queue`` from now on;
    ``skip``: workflow ids left alone. How many were signalled. Signalling twice is harmless
    (the same queue again), and a workflow that ended in between is not an error."""
    left_alone = set(skip)
    signalled = 0
    for organization_id in organization_ids:
        async for execution in client.list_workflows(running_of(organization_id)):
            if execution.id in left_alone:
                continue
            try:
                # The current run, not the listed one: a run that continued as new since
                # hands the signal to its successor.
                await client.get_workflow_handle(execution.id).signal(RELOCATE_SIGNAL, relocation)
            except RPCError as exc:
                if exc.status != RPCStatusCode.NOT_FOUND:
                    raise
                continue
            signalled += 1
    if signalled:
        log.info("relocated %d running workflow(s) to %s", signalled, relocation.task_queue)
    return signalled
