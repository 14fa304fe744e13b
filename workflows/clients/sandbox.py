"""Acting on an organization's running workflows and Schedules from outside: a sandbox reset
(the API), a tenant move's relocation and an organization's deletion (the worker)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from core.temporal import client_of_organization
from workflows import ORGANIZATION_ID

log = logging.getLogger("auditoryx.workflows")
# Calls (signals, terminations) in flight at once on one organization's workflows.
CONCURRENCY = 32


def running_of(organization_id: str) -> str:
    """The visibility query of the organization's running workflows: those tagged with its
    ``OrganizationId`` and, for any started without the tag, those whose id it prefixes."""
    return (
        'ExecutionStatus = "Running" AND '
        f'({ORGANIZATION_ID.name} = "{organization_id}" '
        f'OR WorkflowId STARTS_WITH "{organization_id}:")'
    )


def no_tick(*_details: object) -> None:
    """The default ``tick``: nothing to tell."""


async def schedule_ids_of(
    client: Client, organization_ids: Iterable[str], *, tick: Callable[[], object] = no_tick
) -> list[str]:
    """The ids of the organizations' Schedules (``"{org_id}:…"``: reports, reconciliations,
    retention) in ``client``'s namespace. Every Schedule of the namespace is listed and
    filtered here: a visibility query on Schedule ids is not served by every Temporal
    server, and the callers (moves, deletions) are rare. ``tick`` is called per Schedule
    listed (an activity heartbeats there: a namespace can hold many)."""
    prefixes = tuple(f"{organization_id}:" for organization_id in organization_ids)
    ids = []
    async for schedule in await client.list_schedules():
        tick()
        if schedule.id.startswith(prefixes):
            ids.append(schedule.id)
    return ids


def counted_from(
    before: int, progress: Callable[[int], object] | None
) -> Callable[[int], object] | None:
    """``progress`` told counts ``before`` higher: one running total over several
    organizations."""
    if progress is None:
        return None
    return lambda count: progress(before + count)


async def each_running(
    client: Client,
    organization_id: str,
    act: Callable[[str, str], Awaitable[object]],
    *,
    skip: Iterable[str] = (),
    progress: Callable[[int], object] | None = None,
    concurrency: int = CONCURRENCY,
) -> int:
    """Call ``act(workflow_id, run_id)`` for every running workflow of the organization in
    ``client``'s namespace (``skip``: workflow ids left alone), ``concurrency`` calls at a
    time: an organization can have thousands open (one per upcoming booking), and one call
    after another would outlast the activity doing them. A workflow that ended in between
    (NOT_FOUND) is not an error and not counted. ``progress`` is told the count so far after
    every group (activities heartbeat there). How many were acted on."""
    left_alone = set(skip)

    async def one(workflow_id: str, run_id: str) -> bool:
        try:
            await act(workflow_id, run_id)
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            return False
        return True

    done = 0
    group: list[tuple[str, str]] = []

    async def flush() -> None:
        nonlocal done
        results = await asyncio.gather(*(one(*listed) for listed in group))
        done += sum(results)
        group.clear()
        if progress is not None:
            progress(done)

    async for execution in client.list_workflows(running_of(organization_id)):
        if execution.id in left_alone:
            continue
        group.append((execution.id, execution.run_id))
        if len(group) >= concurrency:
            await flush()
    if group:
        await flush()
    return done


async def terminate_running(
    client: Client,
    organization_id: str,
    *,
    reason: str,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Terminate every running workflow of the organization; returns how many were stopped.

    Terminate, not cancel: a cancelled chain or batch would run its compensation (release
    holds, notify approvers) against rows the reset is deleting. A workflow that ended on its
    own in between is not an error. Listed in the organization's region's namespace.
    """
    client = await client_of_organization(client, organization_id)

    async def terminate(workflow_id: str, run_id: str) -> None:
        await client.get_workflow_handle(workflow_id, run_id=run_id).terminate(reason=reason)

    stopped = await each_running(client, organization_id, terminate, progress=progress)
    if stopped:
        log.info("terminated %d workflow(s) of %s: %s", stopped, organization_id, reason)
    return stopped
