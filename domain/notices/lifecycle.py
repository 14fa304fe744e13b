"""Booking lifecycle notices derived from PostgreSQL: reminders, follow-ups, confirmation,
reschedule and cancellation notices, and chasers for approvals and unsigned contracts.

Nothing is scheduled per booking. What is due is computed from the rows as they are *now*
(a booking's start, its status, the organization's offsets) and from the ledger of what was
already sent, so a reschedule moves every reminder and a cancel stops them without anyone
having to find and move a timer. ``is_still_true`` re-checks a queued notice at send time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from domain.approvals.models import ApprovalRequest
from domain.bookings.models import Booking
from domain.contracts.models import Contract
from domain.keys.sealed import Sealing
from domain.notices.chasers import (
    BATCH,
    _approval_chasers,
    _contract_chasers,
    _follow_ups,
    _sent_keys,
)
from domain.notices.models import CommunicationSettings, EmailOutboxItem, NotificationSent
from domain.notices.recipients import Notice, _preload, booking_context, booking_recipients
from domain.notices.settings import local_time

RECENT = timedelta(days=14)  # older changes never produce a notice (first start, long outage)


async def _announced_starts(session: AsyncSession, booking_ids: list[str]) -> dict[str, datetime]:
    """The session start the last confirmed/rescheduled notice of each booking announced."""
    if not booking_ids:
        return {}
    rows = (
        await session.execute(
            select(NotificationSent.subject_id, NotificationSent.due_at, NotificationSent.sent_at)
            .join(EmailOutboxItem, EmailOutboxItem.id == NotificationSent.outbox_id)
            .where(
                NotificationSent.subject_id.in_(booking_ids),
                NotificationSent.kind.in_(("booking_confirmed", "booking_rescheduled")),
                # A notice dropped at send time (cancelled first) announced nothing.
                EmailOutboxItem.status != "dropped",
            )
            .order_by(NotificationSent.sent_at)
        )
    ).all()
    return {subject: due for subject, due, _sent in rows}


def reminder_due(start: datetime, offsets: list[int], now: datetime) -> int | None:
    """The offset (minutes) whose reminder is due now, if any.

    An offset's window runs from ``start - offset`` until the next smaller offset's time (or
    the start): a booking made at short notice, or a dispatcher that overslept, sends only the
    reminder whose window ``now`` is in, never a stale "24 hours" one. Nothing is due once the
    session has started.
    """
    if now >= start:
        return None
    ordered = sorted(set(offsets), reverse=True)
    for i, offset in enumerate(ordered):
        opens = start - timedelta(minutes=offset)
        closes = start - timedelta(minutes=ordered[i + 1]) if i + 1 < len(ordered) else start
        if opens <= now < closes:
            return offset
    return None


async def due_notices(
    session: AsyncSession, settings: CommunicationSettings, now: datetime, sealing: Sealing
) -> list[Notice]:
    """Every notice due at ``now`` and not in the ledger yet (``sealing`` opens the
    creators' e-mails, sealed with their keys)."""
    notices: list[Notice] = []
    notices += await _booking_notices(session, settings, now, sealing)
    notices += await _follow_ups(session, settings, now)
    notices += await _approval_chasers(session, settings, now)
    notices += await _contract_chasers(session, settings, now)
    return notices


async def _booking_notices(
    session: AsyncSession, settings: CommunicationSettings, now: datetime, sealing: Sealing
) -> list[Notice]:
    """Pages through every candidate booking (a bulk booking can bring thousands at once)."""
    notices: list[Notice] = []
    after: tuple[datetime, str] | None = None
    while True:
        page = await _candidate_bookings(session, settings, now, after)
        notices += await _notices_for(session, settings, now, page, sealing)
        if len(page) < BATCH:
            return _first_per_recipient_and_booking(notices)
        last = page[-1]
        assert last.period.lower is not None
        after = (last.period.lower, last.id)


async def _candidate_bookings(
    session: AsyncSession,
    settings: CommunicationSettings,
    now: datetime,
    after: tuple[datetime, str] | None,
) -> list[Booking]:
    horizon = now + timedelta(minutes=max(settings.reminder_offsets_minutes or [0]))
    stmt = (
        select(Booking)
        .where(
            or_(
                and_(
                    Booking.status == "confirmed",
                    func.lower(Booking.period) > now,
                ),
                and_(Booking.status == "cancelled", Booking.updated_at > now - RECENT),
            ),
            or_(Booking.updated_at > now - RECENT, func.lower(Booking.period) <= horizon),
        )
        .order_by(func.lower(Booking.period), Booking.id)
        .limit(BATCH)
    )
    if after is not None:
        stmt = stmt.where(tuple_(func.lower(Booking.period), Booking.id) > tuple_(*after))
    return list((await session.execute(stmt)).scalars())


async def _notices_for(
    session: AsyncSession,
    settings: CommunicationSettings,
    now: datetime,
    bookings: list[Booking],
    sealing: Sealing,
) -> list[Notice]:
    ids = [b.id for b in bookings]
    sent = await _sent_keys(session, ids)
    announced = await _announced_starts(session, ids)
    # Held while the loops below look the rows up (see _preload).
    _loaded = await _preload(session, bookings, sealing)
    notices: list[Notice] = []
    owners: list[Booking] = []
    for booking in bookings:
        start = booking.period.lower
        assert start is not None
        start_key = start.isoformat()
        for rcpt in await booking_recipients(session, booking, settings, sealing):
            if booking.status == "cancelled":
                key = f"booking_cancelled:{booking.id}:{rcpt.email}"
                if booking.id in announced and key not in sent:
                    owners.append(booking)
                    notices.append(
                        Notice(
                            key,
                            "booking_cancelled",
                            "booking_cancelled",
                            booking.id,
                            rcpt,
                            now,
                            None,
                            {},
                        )
                    )
                continue
            if booking.id not in announced:
                key = f"booking_confirmed:{booking.id}:{rcpt.email}"
                if key not in sent and booking.updated_at > now - RECENT:
                    owners.append(booking)
                    notices.append(
                        Notice(
                            key,
                            "booking_confirmed",
                            "booking_confirmed",
                            booking.id,
                            rcpt,
                            start,
                            start,
                            {},
                        )
                    )
            elif announced[booking.id] != start:
                key = f"booking_rescheduled:{booking.id}:{start_key}:{rcpt.email}"
                if key not in sent:
                    previous = local_time(announced[booking.id], rcpt.timezone)
                    owners.append(booking)
                    notices.append(
                        Notice(
                            key,
                            "booking_rescheduled",
                            "booking_rescheduled",
                            booking.id,
                            rcpt,
                            start,
                            start,
                            {"previous_start_local": previous},
                        )
                    )
            offset = reminder_due(start, settings.reminder_offsets_minutes, now)
            if offset is not None:
                key = f"reminder:{booking.id}:{offset}:{start_key}:{rcpt.email}"
                if key not in sent:
                    owners.append(booking)
                    notices.append(
                        Notice(
                            key,
                            "reminder",
                            "reminder",
                            booking.id,
                            rcpt,
                            start - timedelta(minutes=offset),
                            start,
                            {},
                        )
                    )
    # Rendering context only for what is due: a quiet turn over thousands of bookings stays cheap.
    for notice, booking in zip(notices, owners, strict=True):
        base = await booking_context(session, booking, notice.recipient, now)
        notice.context = {**base, **notice.context}
    return notices


def _first_per_recipient_and_booking(notices: list[Notice]) -> list[Notice]:
    """Announcements go before reminders; both may go in one pass (booked an hour ahead)."""
    order = {"booking_confirmed": 0, "booking_rescheduled": 0, "booking_cancelled": 0}
    return sorted(notices, key=lambda n: order.get(n.kind, 1))


def _next_chaser(
    since: InstrumentedAttribute[datetime],
    waiting: ColumnElement[bool],
    every: timedelta,
    now: datetime,
) -> Select[datetime]:
    """``min(since + (cycle + 1) * every)`` over the waiting rows, as the chasers count cycles
    (whole ``every`` periods since ``since``, none before it)."""
    period = every.total_seconds()
    cycles = case(
        (
            since < now,
            func.floor(func.extract("epoch", literal(now) - since) / period),
        ),
        else_=0,
    )
    return select(func.min(since + (cycles + 1) * literal(every))).where(waiting)


async def next_due(
    session: AsyncSession, settings: CommunicationSettings, now: datetime
) -> datetime | None:
    """The earliest moment after ``now`` at which something may become due."""
    candidates: list[datetime] = []
    offsets = sorted(set(settings.reminder_offsets_minutes))
    starts = (
        await session.execute(
            select(func.lower(Booking.period))
            .where(Booking.status == "confirmed", func.lower(Booking.period) > now)
            .order_by(func.lower(Booking.period))
            .limit(BATCH)
        )
    ).scalars()
    for start in starts:
        times = [start - timedelta(minutes=o) for o in offsets]
        future = [t for t in times if t > now]
        if future:
            candidates.append(min(future))
    after = timedelta(minutes=settings.follow_up_after_minutes)
    end = (
        await session.execute(
            select(func.min(func.upper(Booking.period))).where(
                Booking.status.in_(("confirmed", "completed")),
                func.upper(Booking.period) > now - after,
            )
        )
    ).scalar_one_or_none()
    if end is not None:
        candidates.append(end + after)
    every = timedelta(hours=settings.chaser_every_hours)
    # The next chaser of each waiting approval and signature, computed in the database: the
    # earliest one only, however many are waiting.
    for stmt in (
        _next_chaser(ApprovalRequest.created_at, ApprovalRequest.status == "pending", every, now),
        _next_chaser(Contract.updated_at, Contract.status == "approved", every, now),
    ):
        due: datetime | None = (await session.execute(stmt)).scalar_one_or_none()
        if due is not None:
            candidates.append(due)
    future = [c for c in candidates if c > now]
    return min(future) if future else None


async def is_still_true(
    session: AsyncSession,
    *,
    kind: str,
    subject_id: str | None,
    not_after: datetime | None,
    now: datetime,
) -> str | None:
    """Why a queued notice must not go out any more, or ``None`` when it still holds."""
    if (
        not_after is not None
        and now >= not_after
        and kind in ("reminder", "booking_confirmed", "booking_rescheduled")
    ):
        return "the session has started"
    if kind in ("reminder", "booking_confirmed", "booking_rescheduled"):
        booking = await session.get(Booking, subject_id or "")
        if booking is None or booking.status != "confirmed":
            return f"the booking is {booking.status if booking else 'gone'}"
        if not_after is not None and booking.period.lower != not_after:
            return "the booking was moved; the notice for its new time replaces this one"
        if booking.period.lower is not None and booking.period.lower <= now:
            return "the session has started"
    if kind == "chaser":
        request = await session.get(ApprovalRequest, subject_id or "")
        if request is not None and request.status != "pending":
            return f"the approval is {request.status}"
        contract = await session.get(Contract, subject_id or "") if request is None else None
        if request is None and (contract is None or contract.status != "approved"):
            return f"the contract is {contract.status if contract else 'gone'}"
    return None
