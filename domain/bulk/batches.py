"""Bulk bookings: accepting a batch, reading its progress, and the ids its bookings get.

A batch is accepted in one transaction (the batch row, one item row per requested session, an
audit record), within the plan's quotas (batches in progress at once, sessions a day); its
workflow starts after the commit. Everything the saga does later is in
:mod:`domain.bulk.saga`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from core.workflow_ids import workflow_id
from domain import records
from domain.audit import service as audit
from domain.bulk.models import FINAL_BATCH_STATUSES, BulkBooking, BulkBookingItem
from domain.errors import Conflict
from domain.notices.settings import get_settings, zone
from domain.pagination import Page, paginate
from domain.scheduling.requests import SessionRequest
from domain.tenancy import quotas
from domain.usage import meter as usage

CHUNK_SIZE = 200
DEFAULT_HOLD_MINUTES = 60
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # the Crockford base32 of core.ids


class BatchOptions(BaseModel):
    """What a batch is asked to do, besides its sessions."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    mode: Literal["all_or_nothing", "best_effort"] = Field(
        default="all_or_nothing",
        description="all_or_nothing: any conflict books nothing; best_effort: book what fits",
    )
    title: str = Field(default="", max_length=200, description="Default title of the sessions")
    hold_minutes: int = Field(
        default=DEFAULT_HOLD_MINUTES,
        ge=5,
        le=7 * 24 * 60,
        description="How long holds last if the saga stops before confirming (a safety net)",
    )


def chunk_count(item_count: int) -> int:
    return (item_count + CHUNK_SIZE - 1) // CHUNK_SIZE


def chunk_range(chunk: int) -> range:
    return range(chunk * CHUNK_SIZE, (chunk + 1) * CHUNK_SIZE)


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def booking_id_for(batch_id: str, index: int) -> str:
    """The id item ``index`` of a batch is booked under, the same on every attempt.

    A hold retried after a crash inserts the same primary key again and is skipped instead of
    holding twice. The batch's time prefix keeps the ids in creation order like any other.
    """
    digest = hashlib.sha256(f"{batch_id}:{index}".encode()).digest()
    time_part = batch_id.split("_", 1)[1][:10]
    return f"bkg_{time_part}{_encode(int.from_bytes(digest[:10], 'big'), 16)}"


# --- accepting ----------------------------------------------------------------------------


async def find_by_idempotency_key(
    session: AsyncSession, *, organization_id: str, key: str
) -> BulkBooking | None:
    return (
        await session.execute(
            select(BulkBooking).where(
                BulkBooking.organization_id == organization_id, BulkBooking.idempotency_key == key
            )
        )
    ).scalar_one_or_none()


async def create_batch(
    session: AsyncSession,
    *,
    organization_id: str,
    options: BatchOptions,
    sessions: Sequence[SessionRequest],
    actor: audit.Actor,
    idempotency_key: str | None,
) -> tuple[BulkBooking, bool]:
    """The batch and its items, or the batch already accepted under ``idempotency_key``.

    Returns ``(batch, created)``. The key is unique per organization in the table itself, so
    even a retry after the API's stored response has expired never books twice.
    """
    if idempotency_key is not None:
        existing = await find_by_idempotency_key(
            session, organization_id=organization_id, key=idempotency_key
        )
        if existing is not None:
            return existing, False
    await admit_batch(session, organization_id=organization_id, sessions=len(sessions))
    batch_id = new_id("bulk")
    batch = BulkBooking(
        id=batch_id,
        organization_id=organization_id,
        status="pending",
        mode=options.mode,
        title=options.title,
        idempotency_key=idempotency_key,
        request={
            "sessions": [s.model_dump(mode="json", exclude_defaults=True) for s in sessions],
            "hold_minutes": options.hold_minutes,
        },
        hold_minutes=options.hold_minutes,
        item_count=len(sessions),
        counts={"pending": len(sessions)},
        reason="",
        created_by=actor.id,
        workflow_id=workflow_id(organization_id, "bulk", batch_id),
    )
    session.add(batch)
    await session.flush()
    await session.execute(
        insert(BulkBookingItem),
        [
            {
                "organization_id": organization_id,
                "batch_id": batch_id,
                "index": index,
                "ref": item.ref,
                "status": "pending",
                "suggestions": [],
            }
            for index, item in enumerate(sessions)
        ],
    )
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="bulk_booking.created",
        target_type="bulk_booking",
        target_id=batch_id,
        after={
            "mode": options.mode,
            "title": options.title,
            "item_count": len(sessions),
            "status": "pending",
        },
    )
    usage.count_on_commit(
        session,
        organization_id,
        usage.BULK_SESSIONS,
        n=len(sessions),
        api_key_id=usage.api_key_of(actor),
    )
    return batch, True


async def admit_batch(session: AsyncSession, *, organization_id: str, sessions: int) -> None:
    """Refuse (409 ``quota_exceeded``, before anything is written) a batch of ``sessions``
    past the plan's ``bulk_concurrent_batches`` (batches not yet finished: a batch frees its
    place when it is confirmed, fails, is rejected or cancelled) or ``bulk_sessions_per_day``
    (sessions of the batches accepted since midnight in the organization's timezone, its
    communication settings' ``timezone``). The two quotas are locked in this order always."""

    async def in_progress(session: AsyncSession) -> int:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(BulkBooking)
                    .where(
                        BulkBooking.organization_id == organization_id,
                        BulkBooking.status.not_in(FINAL_BATCH_STATUSES),
                    )
                )
            ).scalar_one()
        )

    async def sessions_today(session: AsyncSession) -> int:
        tz = zone((await get_settings(session, organization_id)).timezone)
        midnight = datetime.now(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        return int(
            (
                await session.execute(
                    select(func.coalesce(func.sum(BulkBooking.item_count), 0)).where(
                        BulkBooking.organization_id == organization_id,
                        BulkBooking.created_at >= midnight.astimezone(UTC),
                    )
                )
            ).scalar_one()
        )

    await quotas.admit(
        session,
        organization_id=organization_id,
        quota="bulk_concurrent_batches",
        usage=in_progress,
    )
    await quotas.admit(
        session,
        organization_id=organization_id,
        quota="bulk_sessions_per_day",
        usage=sessions_today,
        requested=sessions,
    )


async def mark_started(session: AsyncSession, batch_id: str, *, now: datetime) -> None:
    batch = await session.get(BulkBooking, batch_id)
    if batch is not None and batch.workflow_started_at is None:
        batch.workflow_started_at = now
        await session.flush()


# --- reading ------------------------------------------------------------------------------


async def get_batch(session: AsyncSession, batch_id: str) -> BulkBooking:
    return await records.get_or_404(session, BulkBooking, batch_id, label="bulk booking")


async def list_batches(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    status: str | None,
) -> Page[BulkBooking]:
    stmt = select(BulkBooking).where(BulkBooking.organization_id == organization_id)
    if status:
        stmt = stmt.where(BulkBooking.status == status)
    return await paginate(session, stmt, BulkBooking.id, limit=limit, starting_after=starting_after)


async def list_items(
    session: AsyncSession,
    batch: BulkBooking,
    *,
    limit: int,
    starting_after: int | None,
    status: str | None,
) -> Page[BulkBookingItem]:
    """Items in request order (by index), ``starting_after`` an index."""
    stmt = select(BulkBookingItem).where(BulkBookingItem.batch_id == batch.id)
    if status:
        stmt = stmt.where(BulkBookingItem.status == status)
    if starting_after is not None:
        stmt = stmt.where(BulkBookingItem.index > starting_after)
    rows = (
        (await session.execute(stmt.order_by(BulkBookingItem.index).limit(limit + 1)))
        .scalars()
        .all()
    )
    return Page(rows[:limit], len(rows) > limit)


# Items whose price the batch owes: held, waiting for approval or confirmed.
PRICED_ITEM_STATUSES = ("held", "pending_approval", "confirmed")


async def price_totals(session: AsyncSession, batch_ids: list[str]) -> dict[str, dict[str, int]]:
    """Each batch's live items' prices, in minor units, per currency (never added across
    currencies), in one query for a page of batches."""
    rows = await session.execute(
        select(
            BulkBookingItem.batch_id,
            BulkBookingItem.currency,
            func.sum(BulkBookingItem.price_minor),
        )
        .where(
            BulkBookingItem.batch_id.in_(batch_ids),
            BulkBookingItem.status.in_(PRICED_ITEM_STATUSES),
            BulkBookingItem.price_minor.is_not(None),
            BulkBookingItem.currency.is_not(None),
        )
        .group_by(BulkBookingItem.batch_id, BulkBookingItem.currency)
    )
    totals: dict[str, dict[str, int]] = {batch_id: {} for batch_id in batch_ids}
    for batch_id, currency, total in rows.all():
        if currency is not None and total is not None:  # excluded by the query
            totals[batch_id][currency] = int(total)
    return totals


async def item_counts(session: AsyncSession, batch_id: str) -> dict[str, int]:
    rows = await session.execute(
        select(BulkBookingItem.status, func.count())
        .where(BulkBookingItem.batch_id == batch_id)
        .group_by(BulkBookingItem.status)
    )
    return {status: count for status, count in rows.all()}


# --- cancelling before the saga runs -------------------------------------------------------


def ensure_cancellable(batch: BulkBooking) -> None:
    if batch.status in FINAL_BATCH_STATUSES:
        raise Conflict(
            f"the bulk booking is already {batch.status}",
            code="invalid_status_transition",
            extra={"bulk_booking_status": batch.status},
        )
    if batch.status == "confirming":
        raise Conflict(
            "the bulk booking is being confirmed; cancel its bookings one by one afterwards",
            code="invalid_status_transition",
            extra={"bulk_booking_status": batch.status},
        )


async def cancel_unstarted(
    session: AsyncSession, batch: BulkBooking, *, reason: str, actor: audit.Actor, now: datetime
) -> BulkBooking:
    """Cancel a batch whose saga has not started: nothing is held yet, so nothing to release.

    The saga reads the batch first and stops when it finds it cancelled, so a start racing
    with this (the relay, a late API task) does nothing.
    """
    before = batch.status
    batch.status = "cancelled"
    batch.reason = (reason or "cancelled")[:500]
    batch.finished_at = now
    await session.flush()
    await audit.record(
        session,
        organization_id=batch.organization_id,
        actor=actor,
        action="bulk_booking.cancelled",
        target_type="bulk_booking",
        target_id=batch.id,
        before={"status": before},
        after={"status": "cancelled", "reason": batch.reason},
    )
    return batch
