"""Each region's work on its own task queue: workflows of an organization start on its region's.

Every start in the project names ``TEMPORAL_TASK_QUEUE``; :class:`RegionQueues`, a client
interceptor, sends a start whose id belongs to an organization (``"{org_id}:…"``) to the queue
of that organization's region instead, so no caller has to know about regions. A start on any
other queue (a test's own) is left alone, and so is everything of a one-region deployment.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from temporalio.client import (
    CreateScheduleInput,
    Interceptor,
    OutboundInterceptor,
    ScheduleActionStartWorkflow,
    ScheduleHandle,
    ScheduleUpdate,
    ScheduleUpdateInput,
    StartWorkflowInput,
    UpdateScheduleInput,
    WorkflowHandle,
)

from core.config import Settings
from domain.placements.router import PlacementRouter


def organization_of(workflow_id: str) -> str | None:
    """The organization a workflow id names (``"{org_id}:{kind}:{key}"``), if any."""
    prefix, separator, _rest = workflow_id.partition(":")
    return prefix if separator and prefix.startswith("org_") else None


# Kinds of organization workflows that are control-plane jobs: where regions have namespaces
# of their own, they run in the system namespace on the default queue (a tenant move outlives
# the switch of its organization to another region; domain/placements/namespaces.py).
CONTROL_PLANE_KINDS = frozenset({"tenant-move"})


def is_control_plane(workflow_id: str) -> bool:
    """Whether ``workflow_id`` is an organization's control-plane job (``{org}:tenant-move:…``)."""
    parts = workflow_id.split(":", 2)
    return len(parts) > 1 and parts[1] in CONTROL_PLANE_KINDS


class RegionQueues(Interceptor):
    """Routes starts (and schedules) on the default queue to the organization's region's."""

    def __init__(self, settings: Settings, router: PlacementRouter) -> None:
        self._settings = settings
        self._router = router

    @property
    def routes(self) -> bool:
        """Whether any region's queue differs from the default one."""
        return any(
            self._settings.task_queue_of(region) != self._settings.temporal_task_queue
            for region in self._router.placements.regions()
        )

    async def queue_for(self, workflow_id: str, task_queue: str) -> str:
        organization_id = organization_of(workflow_id)
        if task_queue != self._settings.temporal_task_queue or organization_id is None:
            return task_queue
        if not self.routes:
            return task_queue
        placement = await self._router.placement_name(organization_id)
        region = self._router.placements.region(placement)
        if (
            is_control_plane(workflow_id)
            and self._settings.namespace_of(region) != self._settings.system_namespace
        ):
            return task_queue  # the system namespace's default queue, whose workers poll it
        return self._settings.task_queue_of(region)

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _RegionalStarts(next, self)


class _RegionalStarts(OutboundInterceptor):
    def __init__(self, next: OutboundInterceptor, queues: RegionQueues) -> None:
        super().__init__(next)
        self._queues = queues

    async def start_workflow(self, input: StartWorkflowInput) -> WorkflowHandle[Any, Any]:
        input.task_queue = await self._queues.queue_for(input.id, input.task_queue)
        return await super().start_workflow(input)

    async def _routed(self, schedule: Any) -> Any:
        action = schedule.action
        if isinstance(action, ScheduleActionStartWorkflow):
            queue = await self._queues.queue_for(action.id, action.task_queue)
            if queue != action.task_queue:
                return dataclasses.replace(
                    schedule, action=dataclasses.replace(action, task_queue=queue)
                )
        return schedule

    async def create_schedule(self, input: CreateScheduleInput) -> ScheduleHandle:
        input.schedule = await self._routed(input.schedule)
        return await super().create_schedule(input)

    async def update_schedule(self, input: UpdateScheduleInput) -> None:
        # A supervisor's upsert replaces the whole definition, its action on the default
        # queue: routed like a creation, else an update would undo the routing (or a move's
        # relocation of the schedule).
        updater = input.updater

        async def routed(current: ScheduleUpdateInput) -> ScheduleUpdate | None:
            update = updater(current)
            if inspect.isawaitable(update):
                update = await update
            if update is None:
                return None
            return dataclasses.replace(update, schedule=await self._routed(update.schedule))

        input.updater = routed
        await super().update_schedule(input)
