"""Running workflows follow their organization to another region's workers.

A workflow runs on the task queue it started on, and so, by default, do its activities, its
child workflows and its next run after continue-as-new. When its organization moves to a
placement of another region (docs/adr/0036-tenant-moves.md), that queue's regional workers no
longer serve the organization's database. The move therefore signals every open workflow of
the organization with the new region's queue (``RELOCATE_SIGNAL``, a :class:`Relocation`).

:class:`WorkflowRelocation`, a worker interceptor common to every workflow, handles that
signal for all of them and from then on sends what the workflow schedules without naming a
queue to the new one: activities, child workflows, continue-as-new. Local activities run in
the worker that runs the workflow task, which is still the old region's, so they become
ordinary activities on the new queue. Workflow tasks themselves stay on the queue the run
started on: a regional worker keeps accepting them (they touch no database) and runs only
the activities of its own region's organizations.

Deterministic: the signal is an event of the history, so a replay relocates at the same point;
a history without it replays exactly as before (the handler adds no command).
"""

from __future__ import annotations

from typing import Any, NoReturn

from pydantic import BaseModel
from temporalio import workflow
from temporalio.worker import (
    ContinueAsNewInput,
    ExecuteWorkflowInput,
    Interceptor,
    StartActivityInput,
    StartChildWorkflowInput,
    StartLocalActivityInput,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)

# A name no workflow of ours declares (a declared one would be overridden).
RELOCATE_SIGNAL = "auditoryx.relocate"


class Relocation(BaseModel):
    """Where the workflow's work goes from now on: the task queue of its organization's new
    region (``region`` and ``move_id`` say why, for whoever reads the history)."""

    task_queue: str
    region: str = ""
    move_id: str = ""


class _Destination:
    """The queue a relocated workflow schedules on; ``None`` until it is relocated."""

    def __init__(self) -> None:
        self.task_queue: str | None = None


class _RelocatingOutbound(WorkflowOutboundInterceptor):
    def __init__(self, next: WorkflowOutboundInterceptor, destination: _Destination) -> None:
        super().__init__(next)
        self._destination = destination

    def start_activity(self, input: StartActivityInput) -> workflow.ActivityHandle[Any]:
        if self._destination.task_queue and input.task_queue is None:
            input.task_queue = self._destination.task_queue
        return super().start_activity(input)

    def start_local_activity(self, input: StartLocalActivityInput) -> workflow.ActivityHandle[Any]:
        queue = self._destination.task_queue
        if not queue:
            return super().start_local_activity(input)
        # This worker is the old region's and must not touch the organization's database.
        return super().start_activity(
            StartActivityInput(
                activity=input.activity,
                args=input.args,
                activity_id=input.activity_id,
                task_queue=queue,
                schedule_to_close_timeout=input.schedule_to_close_timeout,
                schedule_to_start_timeout=input.schedule_to_start_timeout,
                start_to_close_timeout=input.start_to_close_timeout,
                heartbeat_timeout=None,
                retry_policy=input.retry_policy,
                cancellation_type=input.cancellation_type,
                headers=input.headers,
                disable_eager_execution=True,
                versioning_intent=None,
                summary=input.summary,
                # The workflow's own fairness key and priority (a local activity has none).
                priority=workflow.info().priority,
                arg_types=input.arg_types,
                ret_type=input.ret_type,
            )
        )

    async def start_child_workflow(
        self, input: StartChildWorkflowInput
    ) -> workflow.ChildWorkflowHandle[Any, Any]:
        if self._destination.task_queue and input.task_queue is None:
            input.task_queue = self._destination.task_queue
        return await super().start_child_workflow(input)

    def continue_as_new(self, input: ContinueAsNewInput) -> NoReturn:
        if self._destination.task_queue and input.task_queue is None:
            input.task_queue = self._destination.task_queue
        super().continue_as_new(input)


class _RelocatingInbound(WorkflowInboundInterceptor):
    def init(self, outbound: WorkflowOutboundInterceptor) -> None:
        self._destination = _Destination()
        super().init(_RelocatingOutbound(outbound, self._destination))

    async def execute_workflow(self, input: ExecuteWorkflowInput) -> Any:
        destination = self._destination

        def relocate(relocation: Relocation) -> None:
            destination.task_queue = relocation.task_queue

        workflow.set_signal_handler(RELOCATE_SIGNAL, relocate)
        return await super().execute_workflow(input)


class WorkflowRelocation(Interceptor):
    """The worker interceptor that lets every workflow be relocated (``RELOCATE_SIGNAL``)."""

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor] | None:
        return _RelocatingInbound
