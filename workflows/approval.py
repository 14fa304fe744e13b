"""ApprovalChainWorkflow: walks an approval policy's steps until the subject is approved,
rejected or cancelled. Id: ``{organization_id}:approval:{request_id}``.

Message protocol:
- update ``decide(DecideInput) -> DecideResult`` — validator: the chain is pending, the member
  is an approver of an open step (directly or by delegation) and has not decided there yet.
  A duplicate that slips past the validator (a double click) returns ``already_decided``;
  a member whose step another approver settled first is refused ``ChainClosed`` (the request
  is settled) or ``StepClosed``, not ``NotEligible``. The result's ``request_status`` is the
  request's outcome once every step is approved, before ``run`` finishes the chain.
- update ``delegate(DelegateInput) -> ChainStatus`` — an undecided approver hands their place
  in every open step to another member.
- update ``cancel(CancelInput) -> ChainStatus`` — the subject went away (booking cancelled…).
- query ``status() -> ChainStatus``.

Free text (a comment, a cancel reason) arrives by reference: the message names a
``free_texts`` row (``comment_ref``, ``reason_ref``) and the chain passes the id on to the
activities that write it, never the text, so an erasure reaches it (docs/adr/0034). Messages
sent before carry the text inline and are handled as they were; which form a message has is
in the history, so replay takes the same path without a patch marker.

Steps sharing a ``group`` run in parallel; groups run in order. Each open step keeps a durable
timer for reminders (``reminder_every_hours``) and one for its timeout (``timeout_hours``),
after which it escalates once, approves or rejects as its policy says.

Projection (patch ``approval-local-projection``, docs/adr/0020-approval-latency.md): ``decide``
changes the chain's state and returns without awaiting anything; ``run`` writes the accepted
decisions to PostgreSQL in the order they were accepted, as local activities: with the step's
end when they settle a step, with the outcome when they settle the chain (one transaction),
alone when the step stays open. A local activity runs inside the workflow task that accepted
the update, and the worker completes that task (which makes the decision durable and answers
the update) once the write is done, unless PostgreSQL is slower than the task's heartbeat:
then the answer goes first and the chain keeps retrying the write. Resolving approvers is
local too; notices stay ordinary activities sent alongside the step's wait, so a slow channel
never holds a decision up. Chains started before the patch keep their ordinary activities.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from activities.approvals import (
        ApprovalActivities,
        NotifyInput,
        OutcomeInput,
        RecordDecisionInput,
        ResolveApproversInput,
        StepFinishedInput,
    )
    from domain.approvals.chain_types import (
        ApprovalChainInput,
        CancelInput,
        ChainStatus,
        DecideInput,
        DecideResult,
        DelegateInput,
        StepSpec,
        StepState,
    )
    from workflows.priorities import priority

ACTIVITY_TIMEOUT = timedelta(seconds=30)
LOCAL_PROJECTION = "approval-local-projection"
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)


def _required(spec: StepSpec, approvers: int) -> int:
    if spec.mode == "all":
        return approvers
    if spec.mode == "quorum":
        return spec.quorum or 1
    return 1


def _evaluate(step: StepState) -> None:
    """Settle a step from its decisions: any → first answer, all → unanimous, quorum → n."""
    approvals = sum(1 for d in step.decisions.values() if d == "approve")
    rejections = sum(1 for d in step.decisions.values() if d == "reject")
    if step.mode == "any":
        if approvals:
            step.status = "approved"
        elif rejections:
            step.status = "rejected"
        return
    if approvals >= step.required:
        step.status = "approved"
    elif rejections > len(step.approvers) - step.required:
        step.status = "rejected"


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class ApprovalChainWorkflow:
    @workflow.init
    def __init__(self, chain: ApprovalChainInput) -> None:
        self._input = chain
        self._state = ChainStatus(
            request_id=chain.request_id,
            steps=[
                StepState(
                    index=i,
                    name=spec.name,
                    group=spec.group if spec.group is not None else i,
                    mode=spec.mode,
                    required=0,
                )
                for i, spec in enumerate(chain.steps)
            ],
        )
        # Decisions and delegations accepted but not yet written to PostgreSQL, oldest first.
        self._projections: list[RecordDecisionInput] = []
        self._projecting = False
        self._notices: list[asyncio.Task[object]] = []
        self._local: bool | None = None

    def _projects_locally(self) -> bool:
        """Whether this run projects from ``run`` with local activities (new chains) or from
        the update handlers with ordinary activities (chains started before the patch)."""
        if self._local is None:
            self._local = workflow.patched(LOCAL_PROJECTION)
        return self._local

    @workflow.run
    async def run(self, chain: ApprovalChainInput) -> ChainStatus:
        local = self._projects_locally()
        for group in sorted({s.group for s in self._state.steps}):
            if self._state.status != "pending":
                break
            members = [s.index for s in self._state.steps if s.group == group]
            await asyncio.gather(*(self._run_step(i) for i in members))
            if self._state.status == "pending" and any(
                self._state.steps[i].status == "rejected" for i in members
            ):
                self._finish("rejected", self._state.reason or "rejected")
        if self._state.status == "pending":
            self._finish("approved", "every step approved")
        await workflow.wait_condition(workflow.all_handlers_finished)

        def outcome(decisions: list[RecordDecisionInput]) -> OutcomeInput:
            return OutcomeInput(
                organization_id=chain.organization_id,
                request_id=chain.request_id,
                subject_type=chain.subject_type,
                subject_id=chain.subject_id,
                status=self._state.status,
                reason=self._state.reason,
                reason_ref=self._state.reason_ref,
                decisions=decisions,
            )

        if local:
            # The decisions that settled the chain and its outcome: one transaction.
            await self._write(ApprovalActivities.apply_outcome, outcome)
        else:
            await self._activity(ApprovalActivities.apply_outcome, outcome([]))
        await asyncio.gather(*self._notices)
        return self._state

    # --- steps -----------------------------------------------------------------------------

    async def _run_step(self, index: int) -> None:
        spec = self._input.steps[index]
        step = self._state.steps[index]
        resolved = await self._db_activity(
            ApprovalActivities.resolve_approvers,
            ResolveApproversInput(
                organization_id=self._input.organization_id,
                request_id=self._input.request_id,
                step_index=index,
                approvers=spec.approvers,
            ),
        )
        step.approvers = list(resolved.member_ids)
        step.delegated.update(resolved.delegated)
        step.required = _required(spec, len(step.approvers))
        if self._state.status != "pending":
            return
        step.status = "open"
        deadline = workflow.now() + timedelta(hours=spec.timeout_hours)
        if len(step.approvers) < step.required:
            await self._on_timeout(index, reason="no eligible approvers")
            deadline = workflow.now() + timedelta(hours=spec.timeout_hours)
        else:
            await self._notify(index, step.approvers, "request")
        step.deadline = deadline.isoformat()
        last_reminder = workflow.now()
        while step.status == "open" and self._state.status == "pending":
            wake = deadline
            if spec.reminder_every_hours:
                wake = min(wake, last_reminder + timedelta(hours=spec.reminder_every_hours))
            try:
                await workflow.wait_condition(
                    lambda: (
                        step.status != "open"
                        or self._state.status != "pending"
                        or bool(self._projections)
                    ),
                    timeout=max(timedelta(seconds=1), wake - workflow.now()),
                )
                if step.status == "open" and self._state.status == "pending":
                    await self._project()  # decisions that leave the step open
            except TimeoutError:
                if workflow.now() >= deadline:
                    deadline = await self._on_timeout(index, reason="timed out")
                    step.deadline = deadline.isoformat()
                    last_reminder = workflow.now()  # the escalation notice is the reminder
                else:
                    pending = [m for m in step.approvers if m not in step.decisions]
                    await self._notify(index, pending, "reminder")
                    step.reminders_sent += 1
                    last_reminder = workflow.now()
        if step.status == "rejected" and self._state.status == "pending":
            self._finish("rejected", self._state.reason or f"rejected at step '{step.name}'")

        def finished(decisions: list[RecordDecisionInput]) -> StepFinishedInput:
            return StepFinishedInput(
                organization_id=self._input.organization_id,
                request_id=self._input.request_id,
                step_index=index,
                status=step.status,
                decisions=decisions,
            )

        if not self._projects_locally():
            await self._activity(ApprovalActivities.step_finished, finished([]))
        elif self._outcome() == "pending":
            # The decisions that settled the step and its end: one transaction.
            await self._write(ApprovalActivities.step_finished, finished)
        # else ``run`` writes them with the outcome, which skips what is still pending.

    async def _on_timeout(self, index: int, *, reason: str) -> datetime:
        """Apply the step's timeout rule; returns the step's next deadline."""
        spec = self._input.steps[index]
        step = self._state.steps[index]
        if spec.on_timeout == "escalate" and not step.escalated:
            step.escalated = True
            extra = await self._db_activity(
                ApprovalActivities.resolve_approvers,
                ResolveApproversInput(
                    organization_id=self._input.organization_id,
                    request_id=self._input.request_id,
                    step_index=index,
                    approvers=spec.escalate_to,
                    escalation=True,
                ),
            )
            added = [m for m in extra.member_ids if m not in step.approvers]
            step.approvers.extend(added)
            step.delegated.update(extra.delegated)
            # An escalation widens who may answer; one answer from the new approvers settles.
            step.mode, step.required = "any", 1
            if added:
                await self._notify(index, added, "escalation")
                return workflow.now() + timedelta(hours=spec.timeout_hours)
            reason = f"{reason}; no one to escalate to"
        if spec.on_timeout == "approve":
            step.status = "approved"
            return workflow.now()
        step.status = "rejected"
        self._finish("rejected", f"step '{step.name}' {reason}")
        return workflow.now()

    async def _notify(self, index: int, members: list[str], kind: str) -> None:
        """Send a notice (an ordinary activity: channels may be slow). New chains send it
        alongside: the step waits for decisions meanwhile, and ``run`` collects the notices
        before it ends; older chains wait for it here."""
        if not members:
            return
        notice = self._activity(
            ApprovalActivities.notify,
            NotifyInput(
                organization_id=self._input.organization_id,
                request_id=self._input.request_id,
                step_index=index,
                member_ids=members,
                kind=kind,
            ),
        )
        if self._projects_locally():
            self._notices.append(asyncio.create_task(notice))
        else:
            await notice

    def _finish(self, status: str, reason: str, reason_ref: str | None = None) -> None:
        """Settle the chain; ``reason_ref`` names the free text that completes ``reason``."""
        if self._state.status == "pending":
            self._state.status = status  # type: ignore[assignment]
            self._state.reason = reason
            self._state.reason_ref = reason_ref

    async def _activity(self, method, arg):
        return await workflow.execute_activity_method(
            method,
            arg,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            priority=priority(self._input.organization_id, "approval"),
        )

    async def _local_activity(self, method, arg):
        """A short PostgreSQL write run by this worker inside the current workflow task: no
        activity task on the server, no matching round trip."""
        return await workflow.execute_local_activity_method(
            method, arg, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=ACTIVITY_RETRY
        )

    async def _db_activity(self, method, arg):
        """The chain's own PostgreSQL work: local on new chains, ordinary on older ones."""
        if self._projects_locally():
            return await self._local_activity(method, arg)
        return await self._activity(method, arg)

    @asynccontextmanager
    async def _single_writer(self) -> AsyncIterator[None]:
        """One PostgreSQL writer at a time: parallel steps wait for the one draining the
        queue, which keeps decisions in the order the chain accepted them."""
        await workflow.wait_condition(lambda: not self._projecting)
        self._projecting = True
        try:
            yield
        finally:
            self._projecting = False

    async def _write(
        self, method: Any, make: Callable[[list[RecordDecisionInput]], BaseModel]
    ) -> None:
        """Run ``method`` locally on ``make(queued decisions)``, the queue taken once no other
        write is under way."""
        async with self._single_writer():
            decisions, self._projections = self._projections, []
            await self._local_activity(method, make(decisions))

    async def _project(self) -> None:
        """Write the accepted decisions and delegations to PostgreSQL, oldest first (each
        write is idempotent, so a retry after a crash writes nothing twice)."""
        if not self._projections and not self._projecting:
            return
        async with self._single_writer():
            while self._projections:
                await self._local_activity(
                    ApprovalActivities.record_decision, self._projections.pop(0)
                )

    def _between_steps(self) -> bool:
        """Pending, but no step open yet (start-up, or the next group resolving approvers)."""
        return self._state.status == "pending" and not any(
            s.status == "open" for s in self._state.steps
        )

    def _eligible_steps(self, member_id: str, *, undecided: bool) -> list[StepState]:
        return [
            s
            for s in self._state.steps
            if s.status == "open"
            and member_id in s.approvers
            and (not undecided or member_id not in s.decisions)
        ]

    # --- messages ----------------------------------------------------------------------------

    def _outcome(self) -> str:
        """The request's status as decisions so far settle it: ``approved`` as soon as every
        step is approved, before ``run`` gets round to finishing the chain."""
        if self._state.status == "pending" and all(
            s.status == "approved" for s in self._state.steps
        ):
            return "approved"
        return self._state.status

    def _refuse_stale_ballot(self, decision: DecideInput) -> None:
        """A button or link names its step: once that step is over, a click on it is the
        clicker's own second answer (409 already decided) or late (409 step closed), never
        "not an approver" of whatever step opened since."""
        index = decision.step_index
        if index is None or not 0 <= index < len(self._state.steps):
            return
        step = self._state.steps[index]
        if step.status in ("waiting", "open"):
            return
        if decision.member_id in step.decisions:
            raise ApplicationError("you have already decided", type="AlreadyDecided")
        raise ApplicationError(
            f"the step “{step.name}” was already {step.status}", type="StepClosed"
        )

    def _refuse_latecomer(self, member_id: str) -> None:
        """Refuse a member whose step was settled by somebody else while their decision was
        on its way: the approval or the step is over (409), they were not ineligible (403)."""
        if self._outcome() != "pending":
            raise ApplicationError(f"the approval is already {self._outcome()}", type="ChainClosed")
        settled = [
            s
            for s in self._state.steps
            if s.status not in ("waiting", "open")
            and member_id in s.approvers
            and member_id not in s.decisions
        ]
        if settled:
            raise ApplicationError(
                f"the step “{settled[-1].name}” was already {settled[-1].status} by another "
                "approver",
                type="StepClosed",
            )

    @workflow.update
    async def decide(self, decision: DecideInput) -> DecideResult:
        if self._between_steps():
            # Accepted while the next step's approvers are being resolved: wait for it.
            await workflow.wait_condition(lambda: not self._between_steps())
            if not self._eligible_steps(decision.member_id, undecided=False):
                self._refuse_latecomer(decision.member_id)
                raise ApplicationError(
                    "you are not an approver of an open step", type="NotEligible"
                )
        steps = self._eligible_steps(decision.member_id, undecided=True)
        if not steps or self._state.status != "pending":
            # A concurrent duplicate passed the validator before the first one ran.
            decided = [s for s in self._state.steps if decision.member_id in s.decisions]
            if not decided:  # not a duplicate: another approver settled the step first
                self._refuse_latecomer(decision.member_id)
            last = decided[-1] if decided else self._state.steps[0]
            return DecideResult(
                request_status=self._state.status,
                step_index=last.index,
                step_status=last.status,
                already_decided=True,
            )
        step = steps[0]
        step.decisions[decision.member_id] = decision.decision
        _evaluate(step)
        if step.status == "rejected":
            self._finish(
                "rejected",
                f"rejected at step '{step.name}'"
                + (f": {decision.comment}" if decision.comment else ""),
                decision.comment_ref,
            )
        on_behalf_of = next((k for k, v in step.delegated.items() if v == decision.member_id), None)
        record = RecordDecisionInput(
            organization_id=self._input.organization_id,
            request_id=self._input.request_id,
            step_index=step.index,
            member_id=decision.member_id,
            decision=decision.decision,
            comment=decision.comment,
            comment_ref=decision.comment_ref,
            channel=decision.channel,
            on_behalf_of=on_behalf_of,
        )
        if self._projects_locally():
            # Durable once this workflow task completes; ``run`` projects it (no await here).
            self._projections.append(record)
        else:
            await self._activity(ApprovalActivities.record_decision, record)
        return DecideResult(
            request_status=self._outcome(), step_index=step.index, step_status=step.status
        )

    @decide.validator
    def _validate_decide(self, decision: DecideInput) -> None:
        if self._outcome() != "pending":
            raise ApplicationError(f"the approval is already {self._outcome()}", type="ChainClosed")
        self._refuse_stale_ballot(decision)
        if self._between_steps():
            return  # the handler waits for the step to open, then checks eligibility
        if not self._eligible_steps(decision.member_id, undecided=False):
            self._refuse_latecomer(decision.member_id)
            raise ApplicationError("you are not an approver of an open step", type="NotEligible")
        if not self._eligible_steps(decision.member_id, undecided=True):
            raise ApplicationError("you have already decided", type="AlreadyDecided")

    @workflow.update
    async def delegate(self, handover: DelegateInput) -> ChainStatus:
        steps = self._eligible_steps(handover.member_id, undecided=True)
        for step in steps:
            position = step.approvers.index(handover.member_id)
            step.approvers[position] = handover.to_member_id
            step.delegated[handover.member_id] = handover.to_member_id
            record = RecordDecisionInput(
                organization_id=self._input.organization_id,
                request_id=self._input.request_id,
                step_index=step.index,
                member_id=handover.member_id,
                decision="delegate",
                comment=handover.comment,
                comment_ref=handover.comment_ref,
                channel="api",
                on_behalf_of=None,
                delegate_to=handover.to_member_id,
            )
            if self._projects_locally():
                # Queued with the decisions, so the new approver's assignment is written
                # before any decision of theirs.
                self._projections.append(record)
            else:
                await self._activity(ApprovalActivities.record_decision, record)
            await self._notify(step.index, [handover.to_member_id], "request")
        return self._state

    @delegate.validator
    def _validate_delegate(self, handover: DelegateInput) -> None:
        if self._state.status != "pending":
            raise ApplicationError(
                f"the approval is already {self._state.status}", type="ChainClosed"
            )
        steps = self._eligible_steps(handover.member_id, undecided=True)
        if not steps:
            raise ApplicationError(
                "only an undecided approver of an open step can delegate", type="NotEligible"
            )
        if handover.to_member_id == handover.member_id or any(
            handover.to_member_id in s.approvers for s in steps
        ):
            raise ApplicationError(
                "that member is already an approver of this step", type="InvalidDelegate"
            )

    @workflow.update
    async def cancel(self, request: CancelInput) -> ChainStatus:
        self._finish("cancelled", request.reason or "cancelled", request.reason_ref)
        return self._state

    @cancel.validator
    def _validate_cancel(self, request: CancelInput) -> None:
        if self._state.status != "pending":
            raise ApplicationError(
                f"the approval is already {self._state.status}", type="ChainClosed"
            )

    @workflow.query
    def status(self) -> ChainStatus:
        return self._state
