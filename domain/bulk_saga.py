"""The steps of the bulk-booking saga, each one transaction and each safe to run twice.

The workflow passes batch ids and chunk numbers; these functions read what they need from
PostgreSQL and write the outcome back to the batch's items (the read model the API serves).

- plan: the solver's placement per item, recorded once (a retry returns what was recorded);
- hold: one multi-row ``INSERT … ON CONFLICT DO NOTHING`` per chunk. The exclusion constraints
  ``no_double_booking_creator/room`` are the arbiters, so a session that overlaps an active
  booking (or an earlier session of the same batch) is skipped rather than aborting the chunk;
  booking ids derive from (batch, index), so a retried chunk skips its own rows as well;
- approve: one approval request for the whole batch, if a ``bulk_booking`` policy matches;
- confirm / release: set-based ``UPDATE``s per chunk, audited row by row in one insert.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import Range, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain import approvals, audit, availability
from domain.approval_models import ApprovalAssignment, ApprovalRequest
from domain.bookings import (
    Resources,
    _conflict,
    _exclusion_violation,
    blocks_for,
    expire_stale_holds,
)
from domain.bulk_bookings import booking_id_for, chunk_range, item_counts
from domain.bulk_models import FINAL_BATCH_STATUSES, BulkBooking, BulkBookingItem
from domain.money import from_minor, prorate
from domain.planning import Plan, SessionRequest
from domain.scheduling_models import Artist, Booking, Creator, Room
from workflows.approval_types import ApprovalChainInput

log = logging.getLogger("auditoryx.bulk")

# Nearest-slot suggestions read a resource's calendar over two weeks; a chunk computes them
# for this many conflicts and reports the rest with the bookings in the way only.
SUGGESTIONS_PER_CHUNK = 50
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


async def _set_status(session: AsyncSession, batch: BulkBooking, status: str) -> None:
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
                "reason": item.reason.model_dump() if item.reason else None,
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


# --- hold ---------------------------------------------------------------------------------


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
        minutes = int(session_range.duration.total_seconds() // 60)
        price = prorate(resources.creator.hourly_rate_minor or 0, minutes)
        if resources.room is not None and resources.room.currency == resources.creator.currency:
            price += prorate(resources.room.hourly_rate_minor or 0, minutes)
        currency = resources.creator.currency
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
            if _exclusion_violation(exc):
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
    period: Range[datetime] = row["period"]
    assert period.lower is not None and period.upper is not None
    session_range = availability.Interval(period.lower, period.upper)
    creator_block, room_block = blocks_for(session_range, resources)
    if not with_suggestions:
        return {"code": "booking_conflict", "detail": "the session overlaps another booking"}, []
    refusal = await _conflict(
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
    await _set_status(session, batch, "holding")
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
        rows.append(
            _booking_row(batch, item, requests[item.index], resources_of[item.index], now=now)
        )
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


# --- approval -----------------------------------------------------------------------------


async def _subject(session: AsyncSession, batch: BulkBooking) -> approvals.Subject:
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
    return approvals.Subject(
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
    policy = await approvals.matching_policy(
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


# --- confirm and release ------------------------------------------------------------------


def _chunk_ids(batch: BulkBooking, chunk: int) -> list[str]:
    return [booking_id_for(batch.id, i) for i in chunk_range(chunk) if i < batch.item_count]


async def confirm_chunk(
    session: AsyncSession, batch: BulkBooking, chunk: int, *, now: datetime, actor: audit.Actor
) -> StepResult:
    """Confirm the chunk's holds in one ``UPDATE``; a hold lost meanwhile (expired, cancelled
    on its own) is reported as failed."""
    await _set_status(session, batch, "confirming")
    ids = _chunk_ids(batch, chunk)
    confirmed = (
        await session.execute(
            update(Booking)
            .where(
                Booking.batch_id == batch.id,
                Booking.id.in_(ids),
                Booking.status.in_(ACTIVE_HOLD),
                (Booking.status != "held") | (Booking.hold_expires_at > now),
            )
            .values(
                status="confirmed",
                hold_expires_at=None,
                status_reason="",
                version=Booking.version + 1,
                updated_at=now,
            )
            .returning(Booking.id, Booking.status)
        )
    ).all()
    done_ids = {row[0] for row in confirmed}
    return await _settle_items(
        session, batch, chunk, done_ids, target="confirmed", actor=actor, action="booking.confirmed"
    )


async def release_chunk(
    session: AsyncSession,
    batch: BulkBooking,
    chunk: int,
    *,
    reason: str,
    now: datetime,
    actor: audit.Actor,
) -> StepResult:
    """Compensation: cancel every hold of the chunk (by derived id, so a hold whose item was
    never updated is found too)."""
    await _set_status(session, batch, "releasing")
    released = set(
        (
            await session.execute(
                update(Booking)
                .where(
                    Booking.batch_id == batch.id,
                    Booking.id.in_(_chunk_ids(batch, chunk)),
                    Booking.status.in_(ACTIVE_HOLD),
                )
                .values(
                    status="cancelled",
                    hold_expires_at=None,
                    status_reason=reason[:500],
                    version=Booking.version + 1,
                    updated_at=now,
                )
                .returning(Booking.id)
            )
        ).scalars()
    )
    return await _settle_items(
        session, batch, chunk, released, target="released", actor=actor, action="booking.cancelled"
    )


async def _settle_items(
    session: AsyncSession,
    batch: BulkBooking,
    chunk: int,
    changed_ids: set[str],
    *,
    target: str,
    actor: audit.Actor,
    action: str,
) -> StepResult:
    indices = chunk_range(chunk)
    items = list(
        (
            await session.execute(
                select(BulkBookingItem).where(
                    BulkBookingItem.batch_id == batch.id,
                    BulkBookingItem.index >= indices.start,
                    BulkBookingItem.index < indices.stop,
                )
            )
        ).scalars()
    )
    result = StepResult()
    before_of: dict[str, str] = {}
    for item in items:
        booking_id = booking_id_for(batch.id, item.index)
        if booking_id in changed_ids or item.status == target:
            if item.status != target:
                before_of[booking_id] = item.status
                item.status, item.booking_id = target, booking_id
            result.done.append(item.index)
        elif target == "confirmed" and item.status in ACTIVE_HOLD:
            item.status = "failed"
            item.reason = {
                "code": "hold_lost",
                "detail": "the hold expired or was cancelled before the batch was confirmed",
            }
            result.failed.append(item.index)
    await session.flush()
    await audit.record_many(
        session,
        organization_id=batch.organization_id,
        actor=actor,
        changes=[
            audit.Change(
                action,
                "booking",
                booking_id,
                {"status": before},
                {"status": "confirmed" if target == "confirmed" else "cancelled"},
            )
            for booking_id, before in before_of.items()
        ],
    )
    await refresh_counts(session, batch)
    result.done.sort()
    result.failed.sort()
    return result


async def finish(
    session: AsyncSession,
    batch: BulkBooking,
    *,
    status: str,
    reason: str,
    now: datetime,
    actor: audit.Actor,
) -> None:
    """Settle the batch. Anything still held is released first (a last sweep by batch id),
    and an approval still pending (the batch was cancelled meanwhile) is closed."""
    if batch.status in FINAL_BATCH_STATUSES:
        return
    if status != "confirmed":
        leftovers = (
            (
                await session.execute(
                    update(Booking)
                    .where(Booking.batch_id == batch.id, Booking.status.in_(ACTIVE_HOLD))
                    .values(
                        status="cancelled",
                        hold_expires_at=None,
                        status_reason=reason[:500],
                        updated_at=now,
                    )
                    .returning(Booking.id)
                )
            )
            .scalars()
            .all()
        )
        if leftovers:
            log.warning("bulk booking %s: released %d leftover holds", batch.id, len(leftovers))
            await session.execute(
                update(BulkBookingItem)
                .where(
                    BulkBookingItem.batch_id == batch.id, BulkBookingItem.status.in_(ACTIVE_HOLD)
                )
                .values(status="released", updated_at=now)
            )
    await _close_approval(session, batch, reason=reason, now=now, actor=actor)
    before = batch.status
    batch.status, batch.reason, batch.finished_at = status, reason[:500], now
    await refresh_counts(session, batch)
    await audit.record(
        session,
        organization_id=batch.organization_id,
        actor=actor,
        action=f"bulk_booking.{status}",
        target_type="bulk_booking",
        target_id=batch.id,
        before={"status": before},
        after={"status": status, "reason": reason[:500], "counts": batch.counts},
    )


async def _close_approval(
    session: AsyncSession, batch: BulkBooking, *, reason: str, now: datetime, actor: audit.Actor
) -> None:
    if batch.approval_request_id is None:
        return
    request = await session.get(ApprovalRequest, batch.approval_request_id)
    if request is None or request.status != "pending":
        return
    request.status, request.reason, request.decided_at = "cancelled", reason[:500], now
    await session.execute(
        update(ApprovalAssignment)
        .where(ApprovalAssignment.request_id == request.id, ApprovalAssignment.status == "pending")
        .values(status="skipped")
    )
    await audit.record(
        session,
        organization_id=batch.organization_id,
        actor=actor,
        action="approval_request.cancelled",
        target_type="approval_request",
        target_id=request.id,
        before={"status": "pending"},
        after={"status": "cancelled", "reason": reason[:500]},
    )
