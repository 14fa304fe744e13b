"""The steps of the bulk-booking saga, each one transaction and each safe to run twice.

The workflow passes batch ids and chunk numbers; these functions read what they need from
PostgreSQL and write the outcome back to the batch's items (the read model the API serves).

- start and plan (here): the solver's placement per item, recorded once (a retry returns what
  was recorded, because holds may already rest on it);
- hold: :mod:`domain.bulk.holds`;
- approve (here): one approval request for the whole batch, if a ``bulk_booking`` policy
  matches;
- confirm / release: :mod:`domain.bulk.settlement`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.approvals.chain_types import ApprovalChainInput
from domain.approvals.models import ApprovalRequest
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.bulk.batches import item_counts
from domain.bulk.models import FINAL_BATCH_STATUSES, BulkBooking, BulkBookingItem
from domain.money import from_minor
from domain.resources.models import Creator
from domain.roster.models import Artist
from domain.scheduling.requests import Plan, SessionRequest

ACTIVE_HOLD = ("held", "pending_approval")


@dataclass(slots=True)
class StepResult:
    """Indices per outcome of one step over one chunk (small: the workflow keeps these)."""

    done: list[int] = field(default_factory=list)
    conflicts: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


async def refresh_counts(session: AsyncSession, batch: BulkBooking) -> None:
    batch.counts = await item_counts(session, batch.id)
    await session.flush()


async def set_status(session: AsyncSession, batch: BulkBooking, status: str) -> None:
    if batch.status not in FINAL_BATCH_STATUSES and batch.status != status:
        batch.status = status
        await session.flush()


def requests_of(batch: BulkBooking) -> list[SessionRequest]:
    return [SessionRequest.model_validate(s) for s in batch.request["sessions"]]


# --- start and plan -----------------------------------------------------------------------


async def begin(session: AsyncSession, batch: BulkBooking, *, now: datetime) -> bool:
    """The saga takes the batch over; ``False`` when it was cancelled (or ended) before."""
    if batch.workflow_started_at is None:
        batch.workflow_started_at = now
    if batch.status in FINAL_BATCH_STATUSES:
        await session.flush()
        return False
    if batch.status == "pending":
        batch.status = "planning"
    await session.flush()
    return True


async def record_plan(session: AsyncSession, batch: BulkBooking, plan: Plan) -> None:
    """Write each item's placement (or the reason it has none) and the plan's summary."""
    rows = []
    for item in plan.items:
        rows.append(
            {
                "organization_id": batch.organization_id,
                "batch_id": batch.id,
                "index": item.index,
                "status": "pending" if item.placed else "unplaced",
                "creator_id": item.creator_id,
                "room_id": item.room_id,
                "start": item.start,
                "end": item.end,
                "price_minor": item.price_minor,
                "currency": item.currency,
                "reason": item.reason.model_dump(exclude_none=True) if item.reason else None,
                "suggestions": (item.reason.suggested_slots or []) if item.reason else [],
            }
        )
    if rows:
        await session.execute(update(BulkBookingItem), rows)
    batch.plan = plan.model_dump(mode="json", exclude={"items"})
    await refresh_counts(session, batch)


async def recorded_plan(session: AsyncSession, batch: BulkBooking) -> tuple[list[int], int]:
    """(unplaced indices, placed count) of the plan already recorded."""
    rows = await session.execute(
        select(BulkBookingItem.index, BulkBookingItem.status).where(
            BulkBookingItem.batch_id == batch.id
        )
    )
    unplaced, placed = [], 0
    for index, status in rows.all():
        if status == "unplaced":
            unplaced.append(index)
        else:
            placed += 1
    return sorted(unplaced), placed


# --- approval -----------------------------------------------------------------------------


async def _subject(session: AsyncSession, batch: BulkBooking) -> matching.Subject:
    """The batch as one approval subject: its total, and every creator's and artist's tags."""
    held = (
        await session.execute(
            select(
                Booking.creator_id, Booking.artist_id, Booking.price_minor, Booking.currency
            ).where(Booking.batch_id == batch.id, Booking.status.in_(ACTIVE_HOLD))
        )
    ).all()
    totals: dict[str, int] = defaultdict(int)
    for _creator, _artist, price, priced_in in held:
        totals[priced_in] += price
    creator_ids = {row[0] for row in held}
    artist_ids = {row[1] for row in held if row[1]}
    creator_tags = {
        t
        for tags in (
            await session.execute(select(Creator.tags).where(Creator.id.in_(creator_ids)))
        ).scalars()
        for t in tags
    }
    artist_tags = (
        {
            t
            for tags in (
                await session.execute(select(Artist.tags).where(Artist.id.in_(artist_ids)))
            ).scalars()
            for t in tags
        }
        if artist_ids
        else set()
    )
    # One currency: the total is comparable with a policy's threshold. Several: no total is,
    # so the currency stays unset and an amount policy applies (asking too often is safe).
    currency = next(iter(totals)) if len(totals) == 1 else None
    amount = max(totals.values(), default=0)
    spelled = ", ".join(f"{from_minor(v, c)} {c}" for c, v in sorted(totals.items()))
    batch.total_price_minor, batch.currency = (amount, currency) if currency else (None, None)
    return matching.Subject(
        type="bulk_booking",
        id=batch.id,
        amount_minor=amount,
        currency=currency,
        summary=f"{batch.title or 'Bulk booking'} · {len(held)} sessions · {spelled}",
        creator_tags=tuple(sorted(creator_tags)),
        artist_tags=tuple(sorted(artist_tags)),
    )


async def request_approval(
    session: AsyncSession, batch: BulkBooking, *, actor: audit.Actor, now: datetime
) -> ApprovalChainInput | None:
    """Open one approval request for the batch if a policy applies, and put its holds on
    ``pending_approval`` (which does not expire). ``None``: no policy, confirm at once."""
    if batch.approval_request_id is not None:
        request = await session.get(ApprovalRequest, batch.approval_request_id)
        assert request is not None
        return approvals.chain_input(request)
    subject = await _subject(session, batch)
    policy = await matching.matching_policy(
        session, organization_id=batch.organization_id, subject=subject
    )
    if policy is None:
        await session.flush()
        return None
    moved = (
        (
            await session.execute(
                update(Booking)
                .where(Booking.batch_id == batch.id, Booking.status == "held")
                .values(
                    status="pending_approval",
                    hold_expires_at=None,
                    version=Booking.version + 1,
                    updated_at=now,
                )
                .returning(Booking.id)
            )
        )
        .scalars()
        .all()
    )
    await session.execute(
        update(BulkBookingItem)
        .where(BulkBookingItem.batch_id == batch.id, BulkBookingItem.status == "held")
        .values(status="pending_approval", updated_at=now)
    )
    await audit.record_many(
        session,
        organization_id=batch.organization_id,
        actor=actor,
        changes=[
            audit.Change(
                "booking.pending_approval",
                "booking",
                booking_id,
                {"status": "held"},
                {"status": "pending_approval"},
            )
            for booking_id in moved
        ],
    )
    chain = await approvals.open_request(
        session, organization_id=batch.organization_id, policy=policy, subject=subject, actor=actor
    )
    # The saga starts the chain itself, as a child workflow: the outbox relay must not.
    await approvals.mark_started(session, chain.request_id)
    batch.approval_request_id = chain.request_id
    batch.status = "awaiting_approval"
    await refresh_counts(session, batch)
    return chain
