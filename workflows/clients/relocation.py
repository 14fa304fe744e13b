"""Sending an organization's running workflows and Schedules to its new region's task queue."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable

from temporalio.client import (
    Client,
    ScheduleActionStartWorkflow,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from workflows.clients.sandbox import running_of, schedule_ids_of
from workflows.relocation import RELOCATE_SIGNAL, Relocation

__all__ = ["Relocation", "relocate_running", "relocate_schedules"]

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


async def relocate_schedules(
    client: Client, organization_ids: Iterable[str], relocation: Relocation
) -> int:
    """Point the organizations' Schedules (ids ``"{org_id}:…"``: reports, reconciliations,
    retention) at ``relocation.task_queue``, so the runs they start from now on run in the
    new region. How many were changed; one already there is left alone."""
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

    for schedule_id in await schedule_ids_of(client, organization_ids):
        try:
            await client.get_schedule_handle(schedule_id).update(pointed)
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
    return len(changed)
