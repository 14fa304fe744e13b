"""A tenant move between regions with different Temporal namespaces (REGION_NAMESPACES).

A running workflow cannot change namespace. A move whose source and target regions have
different namespaces therefore refuses while the organizations have open workflows in the
source namespace (the API before it starts, the move's switch again under the write freeze,
with the organizations' Schedules paused so that none starts one meanwhile); after the switch
their Schedules are re-created in the target namespace and deleted from the source one.

Every client given here must be pinned to its namespace (``client_in_namespace(...,
pinned=True)``): after the switch the organizations' ids route to the target namespace.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterable

from temporalio.client import (
    Client,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleState,
)
from temporalio.service import RPCError, RPCStatusCode

from workflows.clients.relocation import Relocation
from workflows.clients.sandbox import no_tick, running_of, schedule_ids_of

log = logging.getLogger("auditoryx.worker")


def move_note(move_id: str) -> str:
    """The note of a Schedule the move paused (and the move alone unpauses)."""
    return f"paused for tenant move {move_id}"


async def count_running(
    client: Client, organization_ids: Iterable[str], *, skip: Iterable[str] = ()
) -> int:
    """How many workflows of the organizations are open in ``client``'s namespace (``skip``:
    workflow ids not counted, the move's own)."""
    left_alone = set(skip)
    running: set[str] = set()
    for organization_id in organization_ids:
        async for execution in client.list_workflows(running_of(organization_id)):
            if execution.id not in left_alone:
                running.add(execution.id)
    return len(running)


async def pause_schedules(client: Client, organization_ids: Iterable[str], move_id: str) -> int:
    """Pause the organizations' running Schedules in ``client``'s namespace, noted as the
    move's; one paused already (by its owner or by this move) is left as it is. How many."""
    paused = 0
    for schedule_id in await schedule_ids_of(client, organization_ids):
        handle = client.get_schedule_handle(schedule_id)
        try:
            if (await handle.describe()).schedule.state.paused:
                continue
            await handle.pause(note=move_note(move_id))
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            continue
        paused += 1
    return paused


async def unpause_schedules(client: Client, organization_ids: Iterable[str], move_id: str) -> int:
    """Unpause the Schedules this move paused (a move that did not switch). How many."""
    unpaused = 0
    for schedule_id in await schedule_ids_of(client, organization_ids):
        handle = client.get_schedule_handle(schedule_id)
        try:
            state = (await handle.describe()).schedule.state
            if not state.paused or state.note != move_note(move_id):
                continue
            await handle.unpause(note="tenant move did not happen")
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            continue
        unpaused += 1
    return unpaused


async def move_schedules(
    source: Client,
    target: Client,
    organization_ids: Iterable[str],
    relocation: Relocation,
    move_id: str,
    *,
    tick: Callable[[], object] = no_tick,
) -> int:
    """Re-create the organizations' Schedules of ``source``'s namespace in ``target``'s (same
    id, its action on ``relocation.task_queue``, running again if this move paused it), then
    delete them from the source. Idempotent: one already in the target is kept, so a retry
    after a crash neither duplicates nor loses one. How many were moved. ``tick`` is called
    per Schedule listed and moved (the activity's heartbeat)."""
    moved = 0
    for schedule_id in await schedule_ids_of(source, organization_ids, tick=tick):
        tick()
        handle = source.get_schedule_handle(schedule_id)
        try:
            schedule = (await handle.describe()).schedule
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
            continue
        action = schedule.action
        if isinstance(action, ScheduleActionStartWorkflow):
            action = dataclasses.replace(action, task_queue=relocation.task_queue)
        state = schedule.state
        if state.paused and state.note == move_note(move_id):
            state = ScheduleState(note=f"moved by tenant move {move_id}")
        # Already there: created by an attempt that crashed before the delete.
        with contextlib.suppress(ScheduleAlreadyRunningError):
            await target.create_schedule(
                schedule_id, dataclasses.replace(schedule, action=action, state=state)
            )
        try:
            await handle.delete()
        except RPCError as exc:
            if exc.status != RPCStatusCode.NOT_FOUND:
                raise
        moved += 1
    if moved:
        log.info("moved %d Schedule(s) to namespace %s", moved, target.namespace)
    return moved
