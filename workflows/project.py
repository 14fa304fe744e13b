"""ProjectWorkflow: runs a project's milestone DAG. Id: ``{organization_id}:project:{project_id}``.

The plan lives in PostgreSQL; this workflow decides when to act on it. Each turn it asks
``project_step`` to settle finished milestones and push not-yet-booked ones past any slip, then
books every milestone whose dependencies are done (approval chains a policy asks for start as
abandoned children, so they outlive a continue-as-new), and sleeps until something changes or
the next projected finish passes (a milestone still open then is late, and the next turn pushes
what depends on it).

Message protocol:
- signal ``refresh(RefreshSignal)`` — a booking of the project completed or moved, a checklist
  item changed; the API sends it after its transaction commits.
- update ``replan(ReplanRequest) -> ProjectProgress`` — delay one milestone: its live bookings
  move (their reminders follow), dependents are re-planned. Validator: the project is active,
  the milestone is one of its open milestones.
- update ``cancel(CancelProject) -> ProjectProgress`` — releases sessions not started yet and
  withdraws their approvals. Validator: the project is still active.
- query ``progress() -> ProjectProgress`` — percent per milestone, critical path, projected
  finish against the due date.

Past ``HISTORY_LIMIT`` events (or the input's ``history_limit``, or when Temporal suggests it)
it continues as new; the state it needs is in the database, so nothing is carried over but the
ids and settings. It hands over only when idle: an update in flight (``replan`` waits for the
next turn, ``cancel`` for the close) or a ``refresh`` that arrives meanwhile gets its turn
first. Versioning behaviour ``AUTO_UPGRADE``: a project lasts months, so it moves to each new
release at its next task (changes to it go behind ``workflow.patched``).
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from temporalio import workflow
from temporalio.common import (
    RetryPolicy,
    SearchAttributePair,
    TypedSearchAttributes,
    VersioningBehavior,
)
from temporalio.exceptions import ApplicationError, FailureError, WorkflowAlreadyStartedError

from core.workflow_ids import approval_workflow_id, dispatcher_workflow_id
from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.projects import MarkStartedInput, ProjectActivities
    from domain.projects.progress_types import ProjectProgress
    from workflows import ORGANIZATION_ID, SUBJECT_TYPE
    from workflows.project_types import (
        BookMilestoneInput,
        CancelProject,
        DelayInput,
        FinishInput,
        ProjectInput,
        ProjectStepInput,
        RefreshSignal,
        ReplanRequest,
    )

ACTIVITY_TIMEOUT = timedelta(seconds=60)
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)
HISTORY_LIMIT = 5000
MAX_SLEEP = timedelta(days=1)
MIN_SLEEP = timedelta(minutes=1)


@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class ProjectWorkflow:
    @workflow.init
    def __init__(self, job: ProjectInput) -> None:
        self._input = job
        self._progress = ProjectProgress(project_id=job.project_id, status="active")
        self._dirty = True
        self._turns = 0
        self._cancel: CancelProject | None = None
        self._closed = False

    @workflow.run
    async def run(self, job: ProjectInput) -> ProjectProgress:
        while not self._closed:
            if self._cancel is not None:
                # A typed reason arrives by reference (its free text completes ``reason``).
                default = "" if self._cancel.reason_ref else "cancelled"
                await self._finish(
                    "cancelled", self._cancel.reason or default, self._cancel.reason_ref
                )
                break
            self._dirty = False
            self._progress = await self._activity(
                ProjectActivities.step,
                ProjectStepInput(
                    organization_id=job.organization_id,
                    project_id=job.project_id,
                    now=workflow.now(),
                ),
            )
            self._turns += 1
            if self._progress.status != "active":
                self._closed = True  # closed elsewhere (never started, or finished before)
                break
            if self._progress.milestones and all(
                m.status == "done" for m in self._progress.milestones
            ):
                await self._finish("completed", "every milestone done")
                break
            if await self._book_ready():
                continue
            if self._should_continue_as_new():
                if workflow.patched("project-hands-over-when-idle"):
                    if not await self._idle():
                        continue  # a message came in: its turn first
                else:
                    await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(job.model_copy(update={"generation": job.generation + 1}))
            # On a timeout a projected finish passed: the next step re-plans what is late.
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._dirty or self._cancel is not None, timeout=self._sleep()
                )
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._progress

    # --- steps -----------------------------------------------------------------------------

    async def _book_ready(self) -> bool:
        ready = [m for m in self._progress.milestones if m.ready]
        for milestone in ready:
            result = await self._activity(
                ProjectActivities.book_milestone,
                BookMilestoneInput(
                    organization_id=self._input.organization_id,
                    project_id=self._input.project_id,
                    milestone_id=milestone.id,
                    now=workflow.now(),
                ),
            )
            started: list[str] = []
            for chain in result.chains:
                # Already started means the outbox relay was quicker; the chain runs either way.
                with contextlib.suppress(WorkflowAlreadyStartedError):
                    await workflow.start_child_workflow(
                        "ApprovalChainWorkflow",
                        chain,
                        id=approval_workflow_id(chain.organization_id, chain.request_id),
                        parent_close_policy=workflow.ParentClosePolicy.ABANDON,
                        priority=priority(chain.organization_id, "approval"),
                        search_attributes=TypedSearchAttributes(
                            [
                                SearchAttributePair(ORGANIZATION_ID, chain.organization_id),
                                SearchAttributePair(SUBJECT_TYPE, chain.subject_type),
                            ]
                        ),
                    )
                started.append(chain.request_id)
            if started:
                await self._activity(
                    ProjectActivities.mark_chains_started,
                    MarkStartedInput(
                        organization_id=self._input.organization_id, request_ids=started
                    ),
                )
        if ready:
            await self._wake_dispatcher()
        return bool(ready)

    async def _finish(self, status: str, reason: str, reason_ref: str | None = None) -> None:
        result = await self._activity(
            ProjectActivities.finish,
            FinishInput(
                organization_id=self._input.organization_id,
                project_id=self._input.project_id,
                status=status,
                reason=reason,
                reason_ref=reason_ref,
                now=workflow.now(),
            ),
        )
        for request_id in result.cancelled_approvals:
            handle = workflow.get_external_workflow_handle(
                approval_workflow_id(self._input.organization_id, request_id)
            )
            with contextlib.suppress(FailureError):  # already closed
                await handle.cancel()
        if result.cancelled_bookings:
            await self._wake_dispatcher()
        self._progress = await self._activity(
            ProjectActivities.step,
            ProjectStepInput(
                organization_id=self._input.organization_id,
                project_id=self._input.project_id,
                now=workflow.now(),
            ),
        )
        self._closed = True

    async def _wake_dispatcher(self) -> None:
        """New or cancelled bookings change what the reminder dispatcher has to do."""
        handle = workflow.get_external_workflow_handle(
            dispatcher_workflow_id(self._input.organization_id)
        )
        # Not running yet is fine: it reads the bookings from PostgreSQL when it starts.
        with contextlib.suppress(FailureError):
            await handle.signal("wake")

    def _sleep(self) -> timedelta:
        now = workflow.now()
        upcoming = [
            m.projected_finish - now
            for m in self._progress.milestones
            if m.status not in ("done", "cancelled")
            and m.projected_finish is not None
            and m.projected_finish > now
        ]
        return max(MIN_SLEEP, min([MAX_SLEEP, *upcoming]))

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        limit = self._input.history_limit or HISTORY_LIMIT
        return info.is_continue_as_new_suggested() or info.get_current_history_length() > limit

    async def _idle(self) -> bool:
        """Wait until no update or signal handler runs; ``False`` if one needs a turn first (a
        replan waits for the next step: waiting for it here would never end)."""
        await workflow.wait_condition(
            lambda: workflow.all_handlers_finished() or self._dirty or self._cancel is not None
        )
        return workflow.all_handlers_finished() and not self._dirty and self._cancel is None

    async def _activity(self, method, arg):
        return await workflow.execute_activity_method(
            method,
            arg,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            priority=priority(self._input.organization_id, "project"),
        )

    def _open(self) -> bool:
        return not self._closed and self._cancel is None

    # --- messages ----------------------------------------------------------------------------

    @workflow.signal
    def refresh(self, _event: RefreshSignal) -> None:
        self._dirty = True

    @workflow.update
    async def replan(self, request: ReplanRequest) -> ProjectProgress:
        await self._activity(
            ProjectActivities.delay_milestone,
            DelayInput(
                organization_id=self._input.organization_id,
                project_id=self._input.project_id,
                milestone_id=request.milestone_id,
                delay_minutes=request.delay_minutes,
                reason=request.reason,
                reason_ref=request.reason_ref,
                now=workflow.now(),
            ),
        )
        turn = self._turns
        self._dirty = True
        await workflow.wait_condition(lambda: self._turns > turn or self._closed)
        await self._wake_dispatcher()
        return self._progress

    @replan.validator
    def _validate_replan(self, request: ReplanRequest) -> None:
        if not self._open():
            raise ApplicationError("the project is no longer active", type="ProjectClosed")
        milestone = self._progress.milestone(request.milestone_id)
        if milestone is None:
            raise ApplicationError(
                f"no milestone {request.milestone_id} in this project", type="UnknownMilestone"
            )
        if milestone.status in ("done", "cancelled"):
            raise ApplicationError(
                f"milestone {request.milestone_id} is {milestone.status}", type="MilestoneClosed"
            )

    @workflow.update
    async def cancel(self, request: CancelProject) -> ProjectProgress:
        self._cancel = request
        await workflow.wait_condition(lambda: self._closed)
        return self._progress

    @cancel.validator
    def _validate_cancel(self, request: CancelProject) -> None:
        if not self._open():
            raise ApplicationError("the project is no longer active", type="ProjectClosed")

    @workflow.query
    def progress(self) -> ProjectProgress:
        return self._progress
