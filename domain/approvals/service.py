"""Approval policies (versioned), matching a subject to a policy, and approval requests.

A request is created in the same transaction as the change that needs it (a booking put on
``pending_approval``); its workflow is started right after the commit, and a sweep starts any
request whose workflow was not started (the API process died in between).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from core.temporal import workflow_id
from domain import records
from domain.approvals.chain_types import ApprovalChainInput, StepSpec
from domain.approvals.models import (
    ApprovalAssignment,
    ApprovalPolicy,
    ApprovalPolicyVersion,
    ApprovalRequest,
)
from domain.audit import service as audit
from domain.bookings.lifecycle import transition
from domain.bookings.models import Booking
from domain.errors import InvalidRequest
from domain.finance import budgets
from domain.money import check_currency, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Creator
from domain.roster.models import Artist
from domain.tenancy.models import Member
from domain.tenancy.permissions import BuiltinRole

POLICY_UNIQUE = {
    "uq_approval_policies_organization_id_name": ("a policy with this name exists", "name")
}


class PolicyConditions(BaseModel):
    """All given conditions must hold (AND); an empty set matches every subject."""

    model_config = ConfigDict(extra="forbid")

    min_amount: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    creator_tags: list[str] = Field(
        default_factory=list, max_length=20, description="Matches when the creator has any of them"
    )
    artist_tags: list[str] = Field(default_factory=list, max_length=20)
    first_booking_of_client: bool = False
    exceeds_budget: bool = Field(
        default=False,
        description="Matches when the booking takes a budget of its artist or project past "
        "its amount (committed and actual spend, converted to the reporting currency)",
    )

    @model_validator(mode="after")
    def _money(self) -> PolicyConditions:
        if (self.min_amount is None) != (self.currency is None):
            raise ValueError("min_amount and currency go together")
        if self.currency is not None:
            check_currency(self.currency)
            if self.min_amount is not None:
                to_minor(self.min_amount, self.currency)
        return self


class PolicyInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    subject_type: Literal["booking", "bulk_booking", "contract", "budget_change"]
    conditions: PolicyConditions = Field(default_factory=PolicyConditions)
    steps: list[StepSpec] = Field(min_length=1, max_length=20)
    priority: int = Field(
        default=100, ge=0, le=10000, description="Lower wins when several policies match"
    )
    active: bool = True

    @field_validator("steps")
    @classmethod
    def _roles_known(cls, steps: list[StepSpec]) -> list[StepSpec]:
        builtin = set(BuiltinRole.__members__.values())
        for index, step in enumerate(steps):
            for ref in [*step.approvers, *step.escalate_to]:
                if (
                    ref.role is not None
                    and ref.role not in builtin
                    and not ref.role.startswith("rol_")
                ):
                    raise ValueError(f"step {index}: unknown role '{ref.role}'")
        return steps


def _columns(data: PolicyInput) -> dict[str, Any]:
    return {
        "name": data.name,
        "subject_type": data.subject_type,
        "conditions": data.conditions.model_dump(mode="json"),
        "steps": [s.model_dump(mode="json") for s in data.steps],
        "priority": data.priority,
        "active": data.active,
    }


async def _check_members(session: AsyncSession, data: PolicyInput) -> None:
    """Every named approver must be a member of this organization (404 otherwise)."""
    for index, step in enumerate(data.steps):
        for ref in [*step.approvers, *step.escalate_to]:
            if ref.member_id is not None:
                await records.get_or_404(
                    session, Member, ref.member_id, label="member", param=f"steps.{index}.approvers"
                )


async def _snapshot_version(session: AsyncSession, policy: ApprovalPolicy) -> None:
    session.add(
        ApprovalPolicyVersion(
            organization_id=policy.organization_id,
            policy_id=policy.id,
            version=policy.version,
            snapshot={
                k: getattr(policy, k)
                for k in ("name", "subject_type", "conditions", "steps", "priority", "active")
            },
        )
    )
    await session.flush()


async def create_policy(
    session: AsyncSession, *, organization_id: str, data: PolicyInput, actor: audit.Actor
) -> ApprovalPolicy:
    await _check_members(session, data)
    policy = ApprovalPolicy(
        id=new_id("apol"), organization_id=organization_id, version=1, **_columns(data)
    )
    await records.create(
        session, policy, actor=actor, kind="approval_policy", unique_messages=POLICY_UNIQUE
    )
    await _snapshot_version(session, policy)
    return policy


async def update_policy(
    session: AsyncSession, policy: ApprovalPolicy, changes: dict[str, Any], *, actor: audit.Actor
) -> ApprovalPolicy:
    """A new version; chains already running keep the version they started with."""
    current = {k: getattr(policy, k) for k in PolicyInput.model_fields}
    data = PolicyInput.model_validate({**current, **changes})
    await _check_members(session, data)
    await records.update(
        session,
        policy,
        {**_columns(data), "version": policy.version + 1},
        actor=actor,
        kind="approval_policy",
        unique_messages=POLICY_UNIQUE,
    )
    await _snapshot_version(session, policy)
    return policy


async def list_policies(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[ApprovalPolicy]:
    stmt = select(ApprovalPolicy).where(ApprovalPolicy.organization_id == organization_id)
    return await paginate(
        session, stmt, ApprovalPolicy.id, limit=limit, starting_after=starting_after
    )


# --- matching -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    type: str
    id: str
    amount_minor: int | None
    currency: str | None
    summary: str
    creator_tags: tuple[str, ...] = ()
    artist_tags: tuple[str, ...] = ()
    first_booking_of_client: bool = False
    exceeds_budget: bool = False


async def booking_subject(session: AsyncSession, booking: Booking) -> Subject:
    creator = await session.get(Creator, booking.creator_id)
    artist = await session.get(Artist, booking.artist_id) if booking.artist_id else None
    first_of_client = False
    if booking.client_id:
        first_of_client = not (
            await session.execute(
                select(
                    exists().where(
                        Booking.client_id == booking.client_id,
                        Booking.id != booking.id,
                        Booking.status.in_(("confirmed", "completed")),
                    )
                )
            )
        ).scalar_one()
    start = booking.period.lower.isoformat() if booking.period.lower else ""
    return Subject(
        type="booking",
        id=booking.id,
        amount_minor=booking.price_minor,
        currency=booking.currency,
        summary=f"{creator.name if creator else booking.creator_id} · {start}",
        creator_tags=tuple(creator.tags if creator else ()),
        artist_tags=tuple(artist.tags if artist else ()),
        first_booking_of_client=first_of_client,
        exceeds_budget=await _exceeds_budget(session, booking),
    )


async def _exceeds_budget(session: AsyncSession, booking: Booking) -> bool:
    """Whether ``booking`` takes a budget past its amount. The budget report is only worth
    its queries when an active booking policy of the organization asks the question."""
    asked = (
        await session.execute(
            select(
                exists().where(
                    ApprovalPolicy.organization_id == booking.organization_id,
                    ApprovalPolicy.subject_type == "booking",
                    ApprovalPolicy.active.is_(True),
                    ApprovalPolicy.conditions["exceeds_budget"].as_boolean().is_(True),
                )
            )
        )
    ).scalar_one()
    if not asked:
        return False
    return bool(
        await budgets.budgets_exceeded_by(
            session,
            organization_id=booking.organization_id,
            artist_id=booking.artist_id,
            project_id=booking.project_id,
        )
    )


def policy_matches(policy: ApprovalPolicy, subject: Subject) -> bool:
    conditions = PolicyConditions.model_validate(policy.conditions)
    if conditions.min_amount is not None and conditions.currency is not None:
        if subject.amount_minor is None:
            return False
        threshold = to_minor(conditions.min_amount, conditions.currency)
        if subject.currency == conditions.currency and subject.amount_minor < threshold:
            return False
        # Amounts in another currency cannot be compared without exchange rates: the policy
        # applies, because asking for an approval too often is the safe mistake.
    if conditions.creator_tags and not set(conditions.creator_tags) & set(subject.creator_tags):
        return False
    if conditions.artist_tags and not set(conditions.artist_tags) & set(subject.artist_tags):
        return False
    if conditions.exceeds_budget and not subject.exceeds_budget:
        return False
    return not (conditions.first_booking_of_client and not subject.first_booking_of_client)


async def matching_policy(
    session: AsyncSession, *, organization_id: str, subject: Subject
) -> ApprovalPolicy | None:
    policies = (
        (
            await session.execute(
                select(ApprovalPolicy)
                .where(
                    ApprovalPolicy.organization_id == organization_id,
                    ApprovalPolicy.subject_type == subject.type,
                    ApprovalPolicy.active.is_(True),
                )
                .order_by(ApprovalPolicy.priority, ApprovalPolicy.id)
            )
        )
        .scalars()
        .all()
    )
    return next((p for p in policies if policy_matches(p, subject)), None)


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
    request = await session.get(ApprovalRequest, request_id)
    if request is not None and request.workflow_started_at is None:
        request.workflow_started_at = datetime.now(UTC)
        await session.flush()


def ensure_decision(value: str) -> str:
    if value not in ("approve", "reject"):
        raise InvalidRequest("decision must be 'approve' or 'reject'", param="decision")
    return value


async def confirm_or_request_approval(
    session: AsyncSession, booking: Booking, *, actor: audit.Actor, now: datetime
) -> ApprovalChainInput | None:
    """Confirm the booking, or put it on ``pending_approval`` when a policy governs it.

    Returns the chain to start after the transaction commits, if any.
    """
    policy = await matching_policy(
        session,
        organization_id=booking.organization_id,
        subject=await booking_subject(session, booking),
    )
    if policy is None:
        await transition(session, booking, "confirm", actor=actor, now=now)
        return None
    await transition(session, booking, "request_approval", actor=actor, now=now)
    return await open_request(
        session,
        organization_id=booking.organization_id,
        policy=policy,
        subject=await booking_subject(session, booking),
        actor=actor,
    )


async def pending_request_for(
    session: AsyncSession, *, subject_type: str, subject_id: str
) -> ApprovalRequest | None:
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
