"""The hold step of the bulk-booking saga: one transaction per chunk of items.

One multi-row ``INSERT … ON CONFLICT DO NOTHING`` per chunk: the exclusion constraints
``no_double_booking_creator/room`` are the arbiters, so a session that overlaps an active
booking (or an earlier session of the same batch) is skipped rather than aborting the chunk.
Booking ids derive from (batch, index), so a chunk retried after a crash skips its own rows
too and never holds twice. A skipped session gets the same explanation a single booking's 409
gives: the bookings in the way and the nearest free slots.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.bookings.conflicts import booking_conflict, is_exclusion_violation
from domain.bookings.lifecycle import expire_stale_holds
from domain.bookings.models import Booking
from domain.bookings.rules import Resources, blocks_for, rated_price
from domain.bulk.batches import booking_id_for, chunk_range
from domain.bulk.models import BulkBooking, BulkBookingItem
from domain.bulk.saga import ACTIVE_HOLD, StepResult, refresh_counts, requests_of, set_status
from domain.errors import InvalidRequest
from domain.money import from_minor
from domain.resources.models import Creator, Room
from domain.scheduling import availability
from domain.scheduling.requests import SessionRequest

# Nearest-slot suggestions read a resource's calendar over two weeks; a chunk computes them
# for this many conflicts and reports the rest with the bookings in the way only.
SUGGESTIONS_PER_CHUNK = 50


async def _resources(
    session: AsyncSession, items: list[BulkBookingItem]
) -> tuple[dict[str, Creator], dict[str, Room]]:
    creator_ids = {i.creator_id for i in items if i.creator_id}
    room_ids = {i.room_id for i in items if i.room_id}
    creators = {
        c.id: c
        for c in (
            await session.execute(select(Creator).where(Creator.id.in_(creator_ids)))
        ).scalars()
    }
    rooms = (
        {
            r.id: r
            for r in (await session.execute(select(Room).where(Room.id.in_(room_ids)))).scalars()
        }
        if room_ids
        else {}
    )
    return creators, rooms


def _booking_row(
    batch: BulkBooking,
    item: BulkBookingItem,
    request: SessionRequest,
    resources: Resources,
    *,
    now: datetime,
) -> dict[str, Any]:
    assert item.start is not None and item.end is not None and item.creator_id is not None
    session_range = availability.Interval(item.start, item.end)
    creator_block, room_block = blocks_for(session_range, resources)
    price, currency = item.price_minor, item.currency
    if price is None or currency is None:
        # Raises currency_mismatch for a creator and a priced room in two currencies.
        minutes = int(session_range.duration.total_seconds() // 60)
        price, currency = rated_price(resources, minutes), resources.creator.currency
    return {
        "id": booking_id_for(batch.id, item.index),
        "organization_id": batch.organization_id,
        "creator_id": item.creator_id,
        "room_id": item.room_id,
        "artist_id": request.artist_id,
        "client_id": request.client_id,
        "project_id": request.project_id,
        "batch_id": batch.id,
        "title": (request.title or batch.title)[:200],
        "notes": "",
        "period": Range(item.start, item.end),
        "creator_block": Range(creator_block.start, creator_block.end),
        "room_block": Range(room_block.start, room_block.end) if room_block else None,
        "status": "held",
        "hold_expires_at": now + timedelta(minutes=batch.hold_minutes),
        "price_minor": price,
        "currency": currency,
        "created_by": batch.created_by,
        "status_reason": "",
        "version": 1,
    }


async def _insert_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Insert holds, skipping any the exclusion constraints (or an earlier attempt) refuse.

    Returns ``{booking id: "held" | error detail}`` for the rows not held. A violation no
    arbiter covers (a foreign key: the creator was deleted meanwhile) would abort the whole
    statement; the chunk is then retried row by row so only that row fails.
    """
    if not rows:
        return {}
    try:
        async with session.begin_nested():
            inserted = set(
                (
                    await session.execute(
                        insert(Booking).values(rows).on_conflict_do_nothing().returning(Booking.id)
                    )
                ).scalars()
            )
        return {r["id"]: "skipped" for r in rows if r["id"] not in inserted}
    except IntegrityError:
        pass
    outcome: dict[str, str] = {}
    for row in rows:
        try:
            async with session.begin_nested():
                done = (
                    await session.execute(
                        insert(Booking).values([row]).on_conflict_do_nothing().returning(Booking.id)
                    )
                ).scalar_one_or_none()
            if done is None:
                outcome[row["id"]] = "skipped"
        except IntegrityError as exc:
            if is_exclusion_violation(exc):
                outcome[row["id"]] = "skipped"
            else:
                constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "")
                outcome[row["id"]] = f"refused by the database ({constraint or 'integrity'})"
    return outcome


async def _conflict_reason(
    session: AsyncSession,
    row: dict[str, Any],
    resources: Resources,
    *,
    now: datetime,
    with_suggestions: bool,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The 409 a single booking would get: who is in the way and the nearest free slots."""
    if not with_suggestions:
        return {"code": "booking_conflict", "detail": "the session overlaps another booking"}, []
    period: Range[datetime] = row["period"]
    assert period.lower is not None and period.upper is not None
    session_range = availability.Interval(period.lower, period.upper)
    creator_block, room_block = blocks_for(session_range, resources)
    refusal = await booking_conflict(
        session, resources, session_range, creator_block, room_block, now=now, exclude_id=None
    )
    reason = {
        "code": "booking_conflict",
        "detail": refusal.detail,
        "conflicting_bookings": refusal.extra.get("conflicting_bookings", []),
    }
    return reason, list(refusal.extra.get("suggested_slots", []))


async def hold_chunk(
    session: AsyncSession, batch: BulkBooking, chunk: int, *, now: datetime, actor: audit.Actor
) -> StepResult:
    """Hold every placed item of the chunk that fits; record conflicts with suggestions."""
    await set_status(session, batch, "holding")
    indices = chunk_range(chunk)
    items = list(
        (
            await session.execute(
                select(BulkBookingItem)
                .where(
                    BulkBookingItem.batch_id == batch.id,
                    BulkBookingItem.index >= indices.start,
                    BulkBookingItem.index < indices.stop,
                )
                .order_by(BulkBookingItem.index)
            )
        ).scalars()
    )
    result = StepResult()
    result.done = [i.index for i in items if i.status in ACTIVE_HOLD]
    result.conflicts = [i.index for i in items if i.status == "conflict"]
    result.failed = [i.index for i in items if i.status == "failed"]
    todo = [i for i in items if i.status == "pending" and i.start is not None]
    if not todo:
        return result
    await expire_stale_holds(session, organization_id=batch.organization_id, now=now)
    requests = requests_of(batch)
    creators, rooms = await _resources(session, todo)
    rows, resources_of = [], {}
    for item in todo:
        creator = creators.get(item.creator_id or "")
        room = rooms.get(item.room_id) if item.room_id else None
        if creator is None or (item.room_id and room is None):
            item.status = "failed"
            item.reason = {"code": "resource_missing", "detail": "the creator or room is gone"}
            result.failed.append(item.index)
            continue
        resources_of[item.index] = Resources(creator, room)
        try:
            rows.append(
                _booking_row(batch, item, requests[item.index], resources_of[item.index], now=now)
            )
        except InvalidRequest as exc:  # priced as a single booking would be, or refused so
            item.status = "failed"
            item.reason = {"code": exc.code, "detail": exc.detail}
            result.failed.append(item.index)
    not_held = await _insert_rows(session, rows)
    # A skipped row is ours already when an earlier attempt of this chunk committed it.
    skipped = [i for i, why in not_held.items() if why == "skipped"]
    ours = (
        set(
            (
                await session.execute(
                    select(Booking.id).where(Booking.id.in_(skipped), Booking.batch_id == batch.id)
                )
            ).scalars()
        )
        if skipped
        else set()
    )
    by_id = {booking_id_for(batch.id, item.index): item for item in todo}
    created: list[audit.Change] = []
    suggestions_left = SUGGESTIONS_PER_CHUNK
    for row in rows:
        item = by_id[row["id"]]
        why = not_held.get(row["id"])
        if why is None or row["id"] in ours:
            item.status, item.booking_id = "held", row["id"]
            item.price_minor, item.currency = row["price_minor"], row["currency"]
            item.reason, item.suggestions = None, []
            result.done.append(item.index)
            if why is None:
                created.append(_created_change(row))
        elif why == "skipped":
            reason, slots = await _conflict_reason(
                session,
                row,
                resources_of[item.index],
                now=now,
                with_suggestions=suggestions_left > 0,
            )
            suggestions_left -= 1
            item.status, item.reason, item.suggestions = "conflict", reason, slots
            result.conflicts.append(item.index)
        else:
            item.status, item.reason = "failed", {"code": "hold_refused", "detail": why}
            result.failed.append(item.index)
    await session.flush()
    await audit.record_many(
        session, organization_id=batch.organization_id, actor=actor, changes=created
    )
    await refresh_counts(session, batch)
    result.done.sort()
    result.conflicts.sort()
    result.failed.sort()
    return result


def _created_change(row: dict[str, Any]) -> audit.Change:
    return audit.Change(
        action="booking.created",
        target_type="booking",
        target_id=row["id"],
        after={
            "status": "held",
            "start": row["period"].lower,
            "end": row["period"].upper,
            "creator_id": row["creator_id"],
            "room_id": row["room_id"],
            "artist_id": row["artist_id"],
            "client_id": row["client_id"],
            "price": str(from_minor(row["price_minor"], row["currency"])),
            "currency": row["currency"],
            "title": row["title"],
            "hold_expires_at": row["hold_expires_at"],
            "batch_id": row["batch_id"],
        },
    )
