"""Matching a subject (a booking, a contract…) to the approval policy that governs it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approvals.models import ApprovalPolicy
from domain.approvals.policies import PolicyConditions
from domain.bookings.models import Booking
from domain.finance import budgets
from domain.money import to_minor
from domain.resources.models import Creator
from domain.roster.models import Artist


@dataclass(frozen=True, slots=True)
class Subject:
    """What needs approval, with the facts policy conditions test."""

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
    """A booking as an approval subject: its price, tags, first-of-client and budget facts."""
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
    """Whether every condition of ``policy`` holds for ``subject``."""
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
    """The active policy that governs ``subject``: the matching one of lowest priority."""
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
