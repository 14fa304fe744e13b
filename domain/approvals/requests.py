"""Approval requests: the read model of a chain, the chain's input, and its start.

A request is created in the same transaction as the change that needs it (a booking put on
``pending_approval``); its workflow is started right after the commit, before the API answers,
and a sweep starts any request whose workflow was not started (Temporal was unreachable, or the
API process died in between).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from core.workflow_ids import workflow_id
from domain import records
from domain.approvals.chain_types import ApprovalChainInput, StepSpec
from domain.approvals.matching import Subject, governing_booking_policy
from domain.approvals.models import ApprovalAssignment, ApprovalPolicy, ApprovalRequest
from domain.audit import service as audit
from domain.bookings.lifecycle import transition
from domain.bookings.models import Booking
from domain.pagination import Page, paginate


async def open_request(
    session: AsyncSession,
    *,
    organization_id: str,
    policy: ApprovalPolicy,
    subject: Subject,
    actor: audit.Actor,
) -> ApprovalChainInput:
    """Create the request row (the read model) and return the input of its workflow."""
    request_id = new_id("apr")
    request = ApprovalRequest(
        id=request_id,
        organization_id=organization_id,
        policy_id=policy.id,
        policy_version=policy.version,
        subject_type=subject.type,
        subject_id=subject.id,
        summary=subject.summary[:500],
        amount_minor=subject.amount_minor,
        currency=subject.currency,
        status="pending",
        steps=policy.steps,
        requested_by=actor.id,
        workflow_id=workflow_id(organization_id, "approval", request_id),
    )
    await records.create(session, request, actor=actor, kind="approval_request")
    return chain_input(request)


def chain_input(request: ApprovalRequest) -> ApprovalChainInput:
    """The input of the request's ``ApprovalChainWorkflow`` (the policy snapshot it runs)."""
    return ApprovalChainInput(
        organization_id=request.organization_id,
        request_id=request.id,
        subject_type=request.subject_type,
        subject_id=request.subject_id,
        policy_id=request.policy_id,
        policy_version=request.policy_version,
        steps=[StepSpec.model_validate(s) for s in request.steps],
    )


async def mark_started(session: AsyncSession, request_id: str) -> None:
    """Record that the chain runs, so the outbox relay stops trying to start it."""
    await session.execute(
        update(ApprovalRequest)
        .where(ApprovalRequest.id == request_id, ApprovalRequest.workflow_started_at.is_(None))
        .values(workflow_started_at=datetime.now(UTC))
    )


async def confirm_or_request_approval(
    session: AsyncSession, booking: Booking, *, actor: audit.Actor, now: datetime
) -> ApprovalChainInput | None:
    """Confirm the booking, or put it on ``pending_approval`` when a policy governs it.

    Returns the chain to start after the transaction commits, if any.
    """
    governed = await governing_booking_policy(session, booking)
    if governed is None:
        await transition(session, booking, "confirm", actor=actor, now=now)
        return None
    policy, subject = governed
    await transition(session, booking, "request_approval", actor=actor, now=now)
    return await open_request(
        session,
        organization_id=booking.organization_id,
        policy=policy,
        subject=subject,
        actor=actor,
    )


async def pending_request_for(
    session: AsyncSession, *, subject_type: str, subject_id: str
) -> ApprovalRequest | None:
    """The pending request of a subject, if any (a subject has at most one at a time)."""
    return (
        await session.execute(
            select(ApprovalRequest).where(
                ApprovalRequest.subject_type == subject_type,
                ApprovalRequest.subject_id == subject_id,
                ApprovalRequest.status == "pending",
            )
        )
    ).scalar_one_or_none()


async def list_requests(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    status: str | None,
    approver: str | None,
    subject_type: str | None,
    subject_id: str | None,
) -> Page[ApprovalRequest]:
    """One page of requests, filtered; ``approver`` keeps those assigned to that member
    (only still-pending assignments when ``status`` is ``pending``)."""
    stmt = select(ApprovalRequest).where(ApprovalRequest.organization_id == organization_id)
    if status:
        stmt = stmt.where(ApprovalRequest.status == status)
    if subject_type:
        stmt = stmt.where(ApprovalRequest.subject_type == subject_type)
    if subject_id:
        stmt = stmt.where(ApprovalRequest.subject_id == subject_id)
    if approver:
        assignment = select(ApprovalAssignment.id).where(
            ApprovalAssignment.request_id == ApprovalRequest.id,
            ApprovalAssignment.member_id == approver,
        )
        if status == "pending":
            assignment = assignment.where(ApprovalAssignment.status == "pending")
        stmt = stmt.where(assignment.exists())
    return await paginate(
        session, stmt, ApprovalRequest.id, limit=limit, starting_after=starting_after
    )


async def assignments_of(
    session: AsyncSession, *, request_ids: Sequence[str]
) -> dict[str, list[ApprovalAssignment]]:
    """The assignments of each of ``request_ids`` (every id is a key), by step and then in
    the order they were made: one query for a whole page of requests."""
    found: dict[str, list[ApprovalAssignment]] = {request_id: [] for request_id in request_ids}
    if not found:
        return found
    rows = (
        await session.execute(
            select(ApprovalAssignment)
            .where(ApprovalAssignment.request_id.in_(found))
            .order_by(ApprovalAssignment.step_index, ApprovalAssignment.created_at)
        )
    ).scalars()
    for assignment in rows:
        found[assignment.request_id].append(assignment)
    return found


async def awaiting_member(
    session: AsyncSession, *, organization_id: str, member_id: str
) -> set[str]:
    """Ids of the requests in which ``member_id`` still has a pending assignment (the
    approvals waiting for that member's decision)."""
    return set(
        (
            await session.execute(
                select(ApprovalAssignment.request_id).where(
                    ApprovalAssignment.organization_id == organization_id,
                    ApprovalAssignment.member_id == member_id,
                    ApprovalAssignment.status == "pending",
                )
            )
        ).scalars()
    )
