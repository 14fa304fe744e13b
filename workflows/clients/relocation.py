"""Sending an organization's running workflows and Schedules to its new region's task queue."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable

from temporalio.client import (
    Client,
    ScheduleActionStartWorkflow,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from workflows.clients.sandbox import counted_from, each_running, no_tick, schedule_ids_of
from workflows.relocation import RELOCATE_SIGNAL, Relocation

__all__ = ["Relocation", "relocate_running", "relocate_schedules"]

log = logging.getLogger("auditoryx.worker")


async def relocate_running(
    client: Client,
    organization_ids: Iterable[str],
    relocation: Relocation,
    *,
    skip: Iterable[str] = (),
    progress: Callable[[int], object] | None = None,
) -> int:
    """Signal every running workflow of the organizations (tagged with one of them or whose
    id one of them prefixes) to schedule its work on ``relocation.task_queue`` from now on;
    ``skip``: workflow ids left alone; ``progress``: told the count so far as it goes. How
    many were signalled. Signalling twice is harmless (the same queue again), and a workflow
    that ended in between is not an error."""

    async def signal(workflow_id: str, _run_id: str) -> None:
        # The current run, not the listed one: a run that continued as new since hands the
        # signal to its successor.
        await client.get_workflow_handle(workflow_id).signal(RELOCATE_SIGNAL, relocation)

    left_alone = frozenset(skip)
    signalled = 0
    for organization_id in organization_ids:
        told = counted_from(signalled, progress)
        signalled += await each_running(
            client, organization_id, signal, skip=left_alone, progress=told
        )
    if signalled:
        log.info("relocated %d running workflow(s) to %s", signalled, relocation.task_queue)
    return signalled


async def relocate_schedules(
    client: Client,
    organization_ids: Iterable[str],
    relocation: Relocation,
    *,
    tick: Callable[[], object] = no_tick,
) -> int:
    """Point the organizations' Schedules (ids ``"{org_id}:…"``: reports, reconciliations,
    retention) at ``relocation.task_queue``, so the runs they start from now on run in the
    new region. How many were changed; one already there is left alone. ``tick`` is called
    per Schedule listed and updated (the activity's heartbeat)."""
    changed: set[str] = set()

    def pointed(current: ScheduleUpdateInput) -> ScheduleUpdate | None:
        schedule = current.description.schedule
        action = schedule.action
        if not isinstance(action, ScheduleActionStartWorkflow):
            return None
        if action.task_queue == relocation.task_queue:
            return None
        changed.add(current.description.id)
        return ScheduleUpdate(
            schedule=dataclasses.replace(
                schedule, action=dataclasses.replace(action, task_queue=relocation.task_queue)
            )
        )

    for schedule_id in await schedule_ids_of(client, organization_ids, tick=tick):
        tick()
        try:
            await client.get_schedule_handle(schedule_id).update(pointed)
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
    return len(changed)
