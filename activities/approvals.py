"""Activities of the approval chain: resolve approvers, notify, record decisions, apply the
outcome to the subject. Every write is idempotent, because Temporal may run an activity again
after a crash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from channels.notice import Channel, Notice
from core.db import tenant_session
from core.ids import new_id
from core.workflow_ids import approval_workflow_id
from domain.approvals.chain_types import ApproverRef
from domain.approvals.models import ApprovalAssignment, ApprovalNotification, ApprovalRequest
from domain.audit import service as audit
from domain.bookings.lifecycle import transition
from domain.bookings.models import Booking
from domain.contracts.models import Contract
from domain.free_text import texts
from domain.tenancy.models import Member, MemberAbsence


class ResolveApproversInput(BaseModel):
    organization_id: str
    request_id: str
    step_index: int
    approvers: list[ApproverRef]
    escalation: bool = False


class ResolveApproversResult(BaseModel):
    member_ids: list[str]
    delegated: dict[str, str] = Field(default_factory=dict)


class NotifyInput(BaseModel):
    organization_id: str
    request_id: str
    step_index: int
    member_ids: list[str]
    kind: Literal["request", "reminder", "escalation"]


class RecordDecisionInput(BaseModel):
    organization_id: str
    request_id: str
    step_index: int
    member_id: str
    decision: Literal["approve", "reject", "delegate"]
    comment: str = ""
    comment_ref: str | None = Field(
        default=None, description="The free text of the comment (inline ``comment`` before)"
    )
    channel: str = "api"
    on_behalf_of: str | None = None
    delegate_to: str | None = None


class StepFinishedInput(BaseModel):
    organization_id: str
    request_id: str
    step_index: int
    status: str
    decisions: list[RecordDecisionInput] = Field(
        default_factory=list, description="Accepted decisions to write first, in order"
    )


class OutcomeInput(BaseModel):
    organization_id: str
    request_id: str
    subject_type: str
    subject_id: str
    status: str
    reason: str = ""
    reason_ref: str | None = Field(
        default=None, description="The free text that completes ``reason``"
    )
    decisions: list[RecordDecisionInput] = Field(
        default_factory=list, description="Accepted decisions to write first, in order"
    )


_STATUS_OF = {"approve": "approved", "reject": "rejected", "delegate": "delegated"}
_ASSIGN = text(
    "INSERT INTO approval_assignments (id, organization_id, request_id, step_index, step_name,"
    " member_id, status, on_behalf_of, comment, created_at) VALUES (:id, :org, :req, :step,"
    " :name, :member, 'pending', :behalf, '', :now)"
    " ON CONFLICT (organization_id, request_id, step_index, member_id) DO NOTHING"
)


async def _assign(
    session: AsyncSession,
    organization_id: str,
    request_id: str,
    step: int,
    step_name: str,
    member_id: str,
    *,
    on_behalf_of: str | None,
    now: datetime,
) -> None:
    """A pending assignment for one approver (idempotent)."""
    await session.execute(
        _ASSIGN,
        {
            "id": new_id("asg"),
            "org": organization_id,
            "req": request_id,
            "step": step,
            "name": step_name,
            "member": member_id,
            "behalf": on_behalf_of,
            "now": now,
        },
    )


class ApprovalActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], channels: Sequence[Channel] = ()
    ) -> None:
        self._sessionmaker = sessionmaker
        self._channels = list(channels)

    @activity.defn(name="approval_resolve_approvers")
    async def resolve_approvers(self, job: ResolveApproversInput) -> ResolveApproversResult:
        """Members behind the step's approver references, with out-of-office delegation
        applied; each gets a pending assignment row."""
        now = datetime.now(UTC)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            request = await session.get(ApprovalRequest, job.request_id)
            if request is None:
                raise RuntimeError(f"approval request {job.request_id} is not visible yet")
            if request.workflow_started_at is None:
                # The chain runs: the outbox relay need not start it (the API leaves this
                # mark to the chain, which saves the request a transaction).
                request.workflow_started_at = now
            members: list[str] = []
            for ref in job.approvers:
                stmt = select(Member.id).where(Member.status == "active")
                stmt = (
                    stmt.where(Member.id == ref.member_id)
                    if ref.member_id
                    else stmt.where(Member.role == ref.role)
                )
                for member_id in (await session.execute(stmt.order_by(Member.id))).scalars():
                    if member_id not in members:
                        members.append(member_id)
            absences = {
                a.member_id: a.delegate_member_id
                for a in (
                    await session.execute(
                        select(MemberAbsence).where(
                            MemberAbsence.member_id.in_(members),
                            MemberAbsence.starts_at <= now,
                            MemberAbsence.ends_at > now,
                        )
                    )
                ).scalars()
            }
            resolved: list[str] = []
            delegated: dict[str, str] = {}
            for member_id in members:
                target = absences.get(member_id, member_id)
                if target != member_id:
                    delegated[member_id] = target
                if target not in resolved:
                    resolved.append(target)
            step_name = request.steps[job.step_index]["name"]
            for member_id in resolved:
                await _assign(
                    session,
                    job.organization_id,
                    job.request_id,
                    job.step_index,
                    step_name,
                    member_id,
                    now=now,
                    on_behalf_of=next((k for k, v in delegated.items() if v == member_id), None),
                )
        return ResolveApproversResult(member_ids=resolved, delegated=delegated)

    @activity.defn(name="approval_notify")
    async def notify(self, job: NotifyInput) -> int:
        """Record the notice for each member (the API inbox) and hand it to every channel."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            request = await session.get(ApprovalRequest, job.request_id)
            if request is None:
                return 0
            members = (
                (await session.execute(select(Member).where(Member.id.in_(job.member_ids))))
                .scalars()
                .all()
            )
            notices = [
                Notice(
                    organization_id=job.organization_id,
                    request_id=job.request_id,
                    step_index=job.step_index,
                    step_name=request.steps[job.step_index]["name"],
                    kind=job.kind,
                    member_id=m.id,
                    member_email=m.email,
                    member_name=m.name,
                    summary=request.summary,
                    subject_type=request.subject_type,
                    subject_id=request.subject_id,
                )
                for m in members
            ]
        sent = 0
        for notice in notices:
            results = [("inbox", "sent", "")]
            for channel in self._channels:
                results.append(await channel(notice))
            async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
                for name, status, detail in results:
                    session.add(
                        ApprovalNotification(
                            id=new_id("ntf"),
                            organization_id=job.organization_id,
                            request_id=job.request_id,
                            step_index=job.step_index,
                            member_id=notice.member_id,
                            kind=job.kind,
                            channel=name,
                            status=status,
                            detail=detail[:1000],
                        )
                    )
            sent += 1
        return sent

    @activity.defn(name="approval_record_decision")
    async def record_decision(self, job: RecordDecisionInput) -> None:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            await _record_decision(session, job, datetime.now(UTC))

    @activity.defn(name="approval_step_finished")
    async def step_finished(self, job: StepFinishedInput) -> None:
        """Write the step's last decisions, then skip its assignments still pending."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            for decision in job.decisions:
                await _record_decision(session, decision, datetime.now(UTC))
            await session.execute(
                update(ApprovalAssignment)
                .where(
                    ApprovalAssignment.request_id == job.request_id,
                    ApprovalAssignment.step_index == job.step_index,
                    ApprovalAssignment.status == "pending",
                )
                .values(status="skipped")
            )

    @activity.defn(name="approval_apply_outcome")
    async def apply_outcome(self, job: OutcomeInput) -> None:
        """Settle the request and its subject: confirm or release the booking, approve or
        reject the contract. The decisions that settled it are written first, in the same
        transaction."""
        now = datetime.now(UTC)
        actor = audit.Actor(
            type="workflow", id=approval_workflow_id(job.organization_id, job.request_id)
        )
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            for decision in job.decisions:
                await _record_decision(session, decision, now)
            await _settle(session, job, actor, now)


async def _record_decision(session: AsyncSession, job: RecordDecisionInput, now: datetime) -> None:
    """Write one decision (or delegation) of the chain; nothing when an earlier attempt did.
    The comment is read from its free text when the chain got it by reference."""
    status = _STATUS_OF[job.decision]
    comment = await texts.resolve(session, job.comment, job.comment_ref)
    changed = (
        await session.execute(
            update(ApprovalAssignment)
            .where(
                ApprovalAssignment.request_id == job.request_id,
                ApprovalAssignment.step_index == job.step_index,
                ApprovalAssignment.member_id == job.member_id,
                ApprovalAssignment.status.in_(("pending", "skipped")),
            )
            .values(status=status, decided_at=now, channel=job.channel, comment=comment)
            .returning(ApprovalAssignment.step_name)
        )
    ).scalar_one_or_none()
    if changed is None:
        return  # already recorded by an earlier attempt
    if job.delegate_to:
        await _assign(
            session,
            job.organization_id,
            job.request_id,
            job.step_index,
            changed,
            job.delegate_to,
            on_behalf_of=job.member_id,
            now=now,
        )
    await audit.record(
        session,
        organization_id=job.organization_id,
        actor=audit.Actor(type="user", id=job.member_id),
        action=f"approval.{status}",
        target_type="approval_request",
        target_id=job.request_id,
        after={
            "step": job.step_index,
            "decision": job.decision,
            "channel": job.channel,
            "comment": comment,
            "on_behalf_of": job.on_behalf_of,
            "delegate_to": job.delegate_to,
        },
    )


async def _settle(
    session: AsyncSession, job: OutcomeInput, actor: audit.Actor, now: datetime
) -> None:
    """Settle the request and its subject (nothing when an earlier attempt did)."""
    request = await session.get(ApprovalRequest, job.request_id)
    if request is None or request.status != "pending":
        return
    if job.reason_ref:
        reason = await texts.completed(session, job.reason, job.reason_ref)
        job = job.model_copy(update={"reason": reason, "reason_ref": None})
    before = {"status": request.status}
    request.status = job.status
    request.reason = job.reason[:500]
    request.decided_at = now
    await session.execute(
        update(ApprovalAssignment)
        .where(
            ApprovalAssignment.request_id == job.request_id,
            ApprovalAssignment.status == "pending",
        )
        .values(status="skipped")
    )
    await audit.record(
        session,
        organization_id=job.organization_id,
        actor=actor,
        action=f"approval_request.{job.status}",
        target_type="approval_request",
        target_id=job.request_id,
        before=before,
        after={"status": job.status, "reason": job.reason},
    )
    if job.subject_type == "booking":
        booking = await session.get(Booking, job.subject_id)
        if booking is not None and booking.status == "pending_approval":
            action = "confirm" if job.status == "approved" else "cancel"
            await transition(
                session,
                booking,
                action,
                actor=actor,
                now=now,
                reason=f"approval {job.status}: {job.reason}"[:500],
            )
    elif job.subject_type == "contract":
        contract = await session.get(Contract, job.subject_id)
        if contract is not None and contract.status == "pending_approval":
            contract.status = (
                "approved"
                if job.status == "approved"
                else ("rejected" if job.status == "rejected" else "draft")
            )
            await audit.record(
                session,
                organization_id=job.organization_id,
                actor=actor,
                action=f"contract.{contract.status}",
                target_type="contract",
                target_id=contract.id,
                before={"status": "pending_approval"},
                after={"status": contract.status},
            )
