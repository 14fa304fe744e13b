"""BulkBookingWorkflow: books a batch of sessions as one saga. Id: ``{org}:bulk:{batch_id}``.

plan → hold every placed session, one transaction per chunk → one approval chain for the whole
batch if a ``bulk_booking`` policy applies (a child ``ApprovalChainWorkflow``) → confirm every
chunk, or release every hold (compensation) on a conflict in ``all_or_nothing`` mode, a
rejection, a timeout, a failure or a cancel.

Message protocol:
- query ``progress() -> BulkProgress`` — phase, items per state, each item's state by index;
- update ``cancel(CancelBulkInput) -> BulkProgress`` — validator: the batch is neither settled
  nor already confirming. Takes effect between chunks (or ends the approval wait at once); the
  update returns once every hold is released. A reason the person typed arrives by reference
  (``reason_ref``, a ``free_texts`` id; older messages carry it inline) and is passed on to
  the release and finish activities as that id, as is a rejecting approver's comment.

History stays small for thousands of items: the workflow passes ids and chunk numbers, the
activities read the batch from PostgreSQL, and results carry only indices that need a word.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import (
    RetryPolicy,
    SearchAttributePair,
    TypedSearchAttributes,
    VersioningBehavior,
)
from temporalio.exceptions import ActivityError, ApplicationError, ChildWorkflowError

from core.workflow_ids import approval_workflow_id
from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.bulk_bookings import (
        BatchRef,
        BulkBookingActivities,
        ChunkInput,
        ChunkResult,
        FinishInput,
        ReleaseInput,
    )
    from domain.approvals.chain_types import ApprovalChainInput
    from workflows import ORGANIZATION_ID, SUBJECT_TYPE
    from workflows.approval import ApprovalChainWorkflow
    from workflows.bulk_booking_types import BulkBookingInput, BulkProgress, CancelBulkInput

# A chunk is one transaction of at most 200 rows (well under a second); a short limit lets
# Temporal hand the chunk of a killed worker to another one quickly. Planning includes the
# solver's own time limit.
STEP_TIMEOUT = timedelta(seconds=30)
PLAN_TIMEOUT = timedelta(minutes=2)
# Forward steps give up after a few attempts so a broken batch is compensated, not stuck;
# compensation retries until it succeeds (a hold must never be left behind).
FORWARD_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=5,
)
COMPENSATION_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)
CLOSING = ("confirming", "releasing", "confirmed", "failed", "rejected", "cancelled")


class _Stop(Exception):
    """Ends the forward path with an outcome other than confirmation."""

    def __init__(self, outcome: str, reason: str, reason_ref: str | None = None) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason
        self.reason_ref = reason_ref


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class BulkBookingWorkflow:
    @workflow.init
    def __init__(self, job: BulkBookingInput) -> None:
        self._job = job
        self._ref = BatchRef(organization_id=job.organization_id, batch_id=job.batch_id)
        self._status = "pending"
        self._mode = ""
        self._chunks = 0
        self._items: list[str] = []
        self._reason = ""
        self._reason_ref: str | None = None
        self._approval_request_id: str | None = None
        self._cancel_reason: str | None = None
        self._cancel_reason_ref: str | None = None

    @workflow.run
    async def run(self, job: BulkBookingInput) -> BulkProgress:
        begun = await self._step(BulkBookingActivities.begin, self._ref, limit=STEP_TIMEOUT)
        if not begun.proceed:
            # Cancelled (or settled) before the saga started: nothing was held.
            self._status = begun.status
            return self.progress()
        self._mode, self._chunks = begun.mode, begun.chunks
        self._items = ["pending"] * begun.item_count
        reason_ref: str | None = None
        try:
            outcome, reason = await self._forward()
        except _Stop as stop:
            outcome, reason, reason_ref = stop.outcome, stop.reason, stop.reason_ref
        except (ActivityError, ChildWorkflowError) as err:
            outcome, reason = "failed", _failure_reason(err)
        except asyncio.CancelledError:
            # The workflow itself was cancelled (not the update): compensate, then end so.
            await self._compensate("cancelled", "the bulk booking workflow was cancelled")
            raise
        if outcome != "confirmed":
            await self._compensate(outcome, reason, reason_ref)
        else:
            await self._settle("confirmed", reason)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.progress()

    # --- the forward path ----------------------------------------------------------------

    async def _forward(self) -> tuple[str, str]:
        self._status = "planning"
        plan = await self._step(BulkBookingActivities.plan, self._ref, limit=PLAN_TIMEOUT)
        for index in plan.unplaced:
            self._items[index] = "unplaced"
        self._check_cancel()
        if plan.unplaced and self._mode == "all_or_nothing":
            raise _Stop(
                "failed", f"{len(plan.unplaced)} session(s) could not be placed; nothing was held"
            )
        if plan.placed == 0:
            raise _Stop("failed", "no session could be placed")

        self._status = "holding"
        for chunk in range(self._chunks):
            self._check_cancel()
            held = await self._step(
                BulkBookingActivities.hold_chunk, self._chunk(chunk), limit=STEP_TIMEOUT
            )
            self._apply(held, done="held")
        self._check_cancel()
        counts = Counter(self._items)
        trouble = counts["conflict"] + counts["failed"]
        if trouble and self._mode == "all_or_nothing":
            raise _Stop(
                "failed",
                f"{counts['conflict']} conflict(s) and {counts['failed']} failure(s); "
                "every hold was released",
            )
        if counts["held"] == 0:
            raise _Stop("failed", "no session could be held")

        needed = await self._step(
            BulkBookingActivities.request_approval, self._ref, limit=STEP_TIMEOUT
        )
        if needed.chain is not None:
            await self._approve(needed.chain)
        self._check_cancel()

        self._status = "confirming"
        for chunk in range(self._chunks):
            confirmed = await self._step(
                BulkBookingActivities.confirm_chunk, self._chunk(chunk), limit=STEP_TIMEOUT
            )
            self._apply(confirmed, done="confirmed")
        counts = Counter(self._items)
        skipped = len(self._items) - counts["confirmed"]
        return "confirmed", (
            f"{counts['confirmed']} session(s) confirmed"
            + (f", {skipped} not booked" if skipped else "")
        )

    async def _approve(self, chain: ApprovalChainInput) -> None:
        """Run the batch's one approval chain as a child and wait for its outcome (or for a
        cancel, which cancels the chain)."""
        self._status = "awaiting_approval"
        self._approval_request_id = chain.request_id
        self._items = ["pending_approval" if s == "held" else s for s in self._items]
        handle = await workflow.start_child_workflow(
            ApprovalChainWorkflow.run,
            chain,
            id=approval_workflow_id(chain.organization_id, chain.request_id),
            priority=priority(chain.organization_id, "approval"),
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(ORGANIZATION_ID, chain.organization_id),
                    SearchAttributePair(SUBJECT_TYPE, "bulk_booking"),
                ]
            ),
        )
        await workflow.wait_condition(lambda: handle.done() or self._cancel_reason is not None)
        if not handle.done():
            handle.cancel()
            # The chain ends cancelled, as asked; its error says nothing new.
            with contextlib.suppress(ChildWorkflowError, asyncio.CancelledError):
                await handle
            raise self._cancelled()
        outcome = handle.result()
        if outcome.status != "approved":
            raise _Stop(
                "rejected" if outcome.status == "rejected" else "cancelled",
                f"approval {outcome.status}: {outcome.reason}",
                outcome.reason_ref,
            )

    def _check_cancel(self) -> None:
        if self._cancel_reason is not None:
            raise self._cancelled()

    def _cancelled(self) -> _Stop:
        """The stop a cancel asked for: its reason, or the free text it names."""
        if self._cancel_reason_ref:
            return _Stop("cancelled", self._cancel_reason or "", self._cancel_reason_ref)
        return _Stop("cancelled", self._cancel_reason or "cancelled")

    # --- compensation --------------------------------------------------------------------

    async def _compensate(self, outcome: str, reason: str, reason_ref: str | None = None) -> None:
        """Release every hold, chunk by chunk, then settle the batch. Idempotent and retried
        until it succeeds: this path must never leave a hold behind."""
        self._status = "releasing"
        for chunk in range(self._chunks):
            released = await self._step(
                BulkBookingActivities.release_chunk,
                ReleaseInput(
                    **self._chunk(chunk).model_dump(), reason=reason, reason_ref=reason_ref
                ),
                limit=STEP_TIMEOUT,
                retry=COMPENSATION_RETRY,
            )
            self._apply(released, done="released")
        await self._settle(outcome, reason, reason_ref)

    async def _settle(self, outcome: str, reason: str, reason_ref: str | None = None) -> None:
        await self._step(
            BulkBookingActivities.finish,
            FinishInput(
                **self._ref.model_dump(), status=outcome, reason=reason, reason_ref=reason_ref
            ),
            limit=STEP_TIMEOUT,
            retry=COMPENSATION_RETRY,
        )
        self._status, self._reason, self._reason_ref = outcome, reason, reason_ref

    # --- helpers -------------------------------------------------------------------------

    def _chunk(self, chunk: int) -> ChunkInput:
        return ChunkInput(**self._ref.model_dump(), chunk=chunk)

    def _apply(self, result: ChunkResult, *, done: str) -> None:
        for index in result.done:
            self._items[index] = done
        for index in result.conflicts:
            self._items[index] = "conflict"
        for index in result.failed:
            self._items[index] = "failed"

    async def _step(
        self, method: Any, arg: Any, *, limit: timedelta, retry: RetryPolicy = FORWARD_RETRY
    ) -> Any:
        return await workflow.execute_activity_method(
            method,
            arg,
            start_to_close_timeout=limit,
            retry_policy=retry,
            priority=priority(self._job.organization_id, "bulk"),
        )

    # --- messages ------------------------------------------------------------------------

    @workflow.query
    def progress(self) -> BulkProgress:
        return BulkProgress(
            batch_id=self._job.batch_id,
            status=self._status,
            mode=self._mode,
            counts=dict(Counter(self._items)),
            item_statuses=list(self._items),
            approval_request_id=self._approval_request_id,
            reason=self._reason,
            reason_ref=self._reason_ref,
        )

    @workflow.update
    async def cancel(self, request: CancelBulkInput) -> BulkProgress:
        # What the person typed arrives by reference (a free_texts id); older messages inline.
        self._cancel_reason_ref = request.reason_ref
        self._cancel_reason = request.reason or ("" if request.reason_ref else "cancelled")
        await workflow.wait_condition(
            lambda: self._status in ("confirmed", "failed", "rejected", "cancelled")
        )
        return self.progress()

    @cancel.validator
    def _validate_cancel(self, request: CancelBulkInput) -> None:
        if self._status in CLOSING:
            raise ApplicationError(
                f"the bulk booking is already {self._status}", type="BatchClosing"
            )
        if self._cancel_reason is not None:
            raise ApplicationError(
                "the bulk booking is already being cancelled", type="BatchClosing"
            )


def _failure_reason(err: ActivityError | ChildWorkflowError) -> str:
    cause = err.cause
    message = str(cause) if cause is not None else str(err)
    return f"failed: {message}"[:500]
