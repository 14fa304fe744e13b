"""Matching a subject (a booking, a contract…) to the approval policy that governs it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approvals.models import ApprovalPolicy
from domain.approvals.policies import PolicyConditions
from domain.bookings.models import Booking
from domain.finance import budgets, rates
from domain.money import from_minor
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


async def booking_subject(
    session: AsyncSession,
    booking: Booking,
    *,
    policies: Sequence[ApprovalPolicy] | None = None,
) -> Subject:
    """A booking as an approval subject: its price, tags, first-of-client and budget facts.

    ``policies``, when the caller has the organization's active booking policies at hand,
    spares the query for whether any of them asks about budgets."""
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
        exceeds_budget=await _exceeds_budget(session, booking, policies),
    )


async def _exceeds_budget(
    session: AsyncSession, booking: Booking, policies: Sequence[ApprovalPolicy] | None
) -> bool:
    """Whether ``booking`` takes a budget past its amount. The budget report is only worth
    its queries when an active booking policy of the organization asks the question."""
    if policies is not None:
        asked = any(p.conditions.get("exceeds_budget") is True for p in policies)
    else:
        asked = await _budget_asked(session, booking)
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


async def _budget_asked(session: AsyncSession, booking: Booking) -> bool:
    return bool(
        (
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
    )


def policy_matches(
    policy: ApprovalPolicy, subject: Subject, fx: Mapping[str, Decimal | None] | None = None
) -> bool:
    """Whether every condition of ``policy`` holds for ``subject``.

    An amount threshold in another currency than the subject's is compared through
    ``fx`` (the value of one unit of the subject's currency in the threshold's, by
    threshold currency). Without a rate the amounts cannot be compared and the policy
    applies: asking for an approval too often is the safe mistake.
    """
    conditions = PolicyConditions.model_validate(policy.conditions)
    if conditions.min_amount is not None and conditions.currency is not None:
        if subject.amount_minor is None:
            return False
        amount = _amount_in(subject, conditions.currency, fx or {})
        if amount is not None and amount < conditions.min_amount:
            return False
    if conditions.creator_tags and not set(conditions.creator_tags) & set(subject.creator_tags):
        return False
    if conditions.artist_tags and not set(conditions.artist_tags) & set(subject.artist_tags):
        return False
    if conditions.exceeds_budget and not subject.exceeds_budget:
        return False
    return not (conditions.first_booking_of_client and not subject.first_booking_of_client)


def _amount_in(subject: Subject, currency: str, fx: Mapping[str, Decimal | None]) -> Decimal | None:
    """The subject's amount in ``currency``, or ``None`` when there is no rate to it."""
    if subject.amount_minor is None or subject.currency is None:
        return None
    amount = from_minor(subject.amount_minor, subject.currency)
    if subject.currency == currency:
        return amount
    rate = fx.get(currency)
    return None if rate is None else amount * rate


async def _threshold_rates(
    session: AsyncSession,
    organization_id: str,
    subject: Subject,
    policies: Sequence[ApprovalPolicy],
    today: date,
) -> dict[str, Decimal | None]:
    """One rate per threshold currency other than the subject's, looked up once."""
    if subject.currency is None:
        return {}
    wanted = {
        currency
        for p in policies
        if isinstance(currency := (p.conditions or {}).get("currency"), str)
        and currency != subject.currency
    }
    return {
        currency: await rates.conversion_rate(
            session,
            organization_id=organization_id,
            base=subject.currency,
            quote=currency,
            on=today,
        )
        for currency in sorted(wanted)
    }


async def active_policies(
    session: AsyncSession, *, organization_id: str, subject_type: str
) -> list[ApprovalPolicy]:
    """The organization's active policies for ``subject_type``, in the order they are tried."""
    return list(
        (
            await session.execute(
                select(ApprovalPolicy)
                .where(
                    ApprovalPolicy.organization_id == organization_id,
                    ApprovalPolicy.subject_type == subject_type,
                    ApprovalPolicy.active.is_(True),
                )
                .order_by(ApprovalPolicy.priority, ApprovalPolicy.id)
            )
        ).scalars()
    )


async def governing_booking_policy(
    session: AsyncSession, booking: Booking
) -> tuple[ApprovalPolicy, Subject] | None:
    """The policy that governs ``booking`` (stored or not yet), with the subject it was
    matched on; ``None`` when none does. One query when the organization has no booking
    policy, which is the common case: the subject's facts (and exchange rates) are only
    gathered for policies."""
    policies = await active_policies(
        session, organization_id=booking.organization_id, subject_type="booking"
    )
    if not policies:
        return None
    subject = await booking_subject(session, booking, policies=policies)
    converted = await _threshold_rates(
        session, booking.organization_id, subject, policies, datetime.now(UTC).date()
    )
    policy = next((p for p in policies if policy_matches(p, subject, converted)), None)
    return (policy, subject) if policy is not None else None


async def matching_policy(
    session: AsyncSession, *, organization_id: str, subject: Subject
) -> ApprovalPolicy | None:
    """The active policy that governs ``subject``: the matching one of lowest priority.
    Amount thresholds convert with the organization's latest exchange rates."""
    policies = await active_policies(
        session, organization_id=organization_id, subject_type=subject.type
    )
    converted = await _threshold_rates(
        session, organization_id, subject, policies, datetime.now(UTC).date()
    )
    return next((p for p in policies if policy_matches(p, subject, converted)), None)
