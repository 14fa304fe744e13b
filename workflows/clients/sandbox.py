"""Stopping a sandbox's workflows from outside (the API's sandbox reset)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from core.temporal import client_of_organization
from workflows import ORGANIZATION_ID

log = logging.getLogger("auditoryx.api")


def running_of(organization_id: str) -> str:
    """The visibility query of the organization's running workflows: those tagged with its
    ``OrganizationId`` and, for any started without the tag, those whose id it prefixes."""
    return (
        'ExecutionStatus = "Running" AND '
        f'({ORGANIZATION_ID.name} = "{organization_id}" '
        f'OR WorkflowId STARTS_WITH "{organization_id}:")'
    )


async def schedule_ids_of(client: Client, organization_ids: Iterable[str]) -> list[str]:
    """The ids of the organizations' Schedules (``"{org_id}:…"``: reports, reconciliations,
    retention) in ``client``'s namespace. Every Schedule of the namespace is listed and
    filtered here: a visibility query on Schedule ids is not served by every Temporal
    server, and the callers (moves, deletions) are rare."""
    prefixes = tuple(f"{organization_id}:" for organization_id in organization_ids)
    return [s.id async for s in await client.list_schedules() if s.id.startswith(prefixes)]


async def terminate_running(client: Client, organization_id: str, *, reason: str) -> int:
    """Terminate every running workflow of the organization; returns how many were stopped.

    Terminate, not cancel: a cancelled chain or batch would run its compensation (release
    holds, notify approvers) against rows the reset is deleting. A workflow that ended on its
    own in between is not an error. Listed in the organization's region's namespace.
    """
    client = await client_of_organization(client, organization_id)
    stopped = 0
    async for execution in client.list_workflows(running_of(organization_id)):
        try:
            await client.get_workflow_handle(execution.id, run_id=execution.run_id).terminate(
                reason=reason
            )
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            continue
        stopped += 1
    if stopped:
        log.info("terminated %d workflow(s) of %s: %s", stopped, organization_id, reason)
    return stopped
