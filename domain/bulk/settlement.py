"""The last steps of the bulk-booking saga: confirm every hold, or release every hold.

Set-based ``UPDATE``s per chunk, audited row by row in one insert; both are idempotent (a
retried chunk changes nothing twice). Release finds holds by their derived booking ids, so a
hold whose item row was never updated is released too, and :func:`finish` sweeps the whole
batch once more before settling it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.bulk.batches import booking_id_for, chunk_range
from domain.bulk.models import FINAL_BATCH_STATUSES, BulkBooking, BulkBookingItem
from domain.bulk.saga import ACTIVE_HOLD, StepResult, refresh_counts, set_status

log = logging.getLogger("auditoryx.bulk")


def _chunk_ids(batch: BulkBooking, chunk: int) -> list[str]:
    return [booking_id_for(batch.id, i) for i in chunk_range(chunk) if i < batch.item_count]


async def confirm_chunk(
    session: AsyncSession, batch: BulkBooking, chunk: int, *, now: datetime, actor: audit.Actor
) -> StepResult:
    """Confirm the chunk's holds in one ``UPDATE``; a hold lost meanwhile (expired, cancelled
    on its own) is reported as failed."""
    await set_status(session, batch, "confirming")
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
    await set_status(session, batch, "releasing")
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
