"""Follow-ups after sessions and chasers for pending approvals and unsigned contracts: each
becomes due on its cycle and never after the thing it chases is settled."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.bookings.models import Booking
from domain.contracts.models import Contract
from domain.notices.models import CommunicationSettings, NotificationSent
from domain.notices.recipients import (
    Notice,
    Recipient,
    _member_of_actor,
    _preload,
    booking_context,
    managers,
)
from domain.notices.settings import duration_words
from domain.tenancy.models import Member

FOLLOW_UP_WINDOW = timedelta(days=7)
BATCH = 500


# --- what is due ------------------------------------------------------------------------------


async def _sent_keys(session: AsyncSession, subject_ids: list[str]) -> set[str]:
    if not subject_ids:
        return set()
    return set(
        (
            await session.execute(
                select(NotificationSent.key).where(NotificationSent.subject_id.in_(subject_ids))
            )
        ).scalars()
    )


async def _follow_ups(
    session: AsyncSession, settings: CommunicationSettings, now: datetime
) -> list[Notice]:
    after = timedelta(minutes=settings.follow_up_after_minutes)
    rows = list(
        (
            await session.execute(
                select(Booking)
                .where(
                    Booking.status.in_(("confirmed", "completed")),
                    func.upper(Booking.period) <= now - after,
                    func.upper(Booking.period) > now - after - FOLLOW_UP_WINDOW,
                )
                .limit(BATCH)
            )
        ).scalars()
    )
    sent = await _sent_keys(session, [b.id for b in rows])
    _loaded = await _preload(session, rows)  # held for the loop below (see _preload)
    notices = []
    for booking in rows:
        booker = await _member_of_actor(session, booking.created_by)
        if booker is None or booker.status != "active":
            continue
        rcpt = Recipient(booker.email, booker.name, settings.timezone)
        key = f"follow_up:{booking.id}:{rcpt.email}"
        if key in sent:
            continue
        assert booking.period.upper is not None
        notices.append(
            Notice(
                key,
                "follow_up",
                "follow_up",
                booking.id,
                rcpt,
                booking.period.upper + after,
                None,
                await booking_context(session, booking, rcpt, now),
            )
        )
    return notices


def _cycle(since: datetime, every: timedelta, now: datetime) -> int:
    return int((now - since) // every) if now > since else 0


async def _approval_chasers(
    session: AsyncSession, settings: CommunicationSettings, now: datetime
) -> list[Notice]:
    every = timedelta(hours=settings.chaser_every_hours)
    rows = (
        await session.execute(
            select(ApprovalRequest, Member)
            .join(ApprovalAssignment, ApprovalAssignment.request_id == ApprovalRequest.id)
            .join(Member, Member.id == ApprovalAssignment.member_id)
            .where(
                ApprovalRequest.status == "pending",
                ApprovalRequest.created_at <= now - every,
                ApprovalAssignment.status == "pending",
                Member.status == "active",
            )
            .limit(BATCH)
        )
    ).all()
    sent = await _sent_keys(session, list({r.id for r, _m in rows}))
    notices = []
    for request, member in rows:
        cycle = _cycle(request.created_at, every, now)
        key = f"chaser:approval:{request.id}:{cycle}:{member.email}"
        if cycle < 1 or key in sent:
            continue
        rcpt = Recipient(member.email, member.name, settings.timezone)
        notices.append(
            Notice(
                key,
                "chaser",
                "chaser",
                request.id,
                rcpt,
                request.created_at + cycle * every,
                None,
                {
                    "recipient_name": member.name,
                    "subject_type": "approval",
                    "summary": request.summary,
                    "cycle": cycle,
                    "waiting_for": duration_words(now - request.created_at),
                },
            )
        )
    return notices


async def _contract_chasers(
    session: AsyncSession, settings: CommunicationSettings, now: datetime
) -> list[Notice]:
    every = timedelta(hours=settings.chaser_every_hours)
    contracts = list(
        (
            await session.execute(
                select(Contract)
                .where(Contract.status == "approved", Contract.updated_at <= now - every)
                .limit(BATCH)
            )
        ).scalars()
    )
    if not contracts:
        return []
    sent = await _sent_keys(session, [c.id for c in contracts])
    people = await managers(session, settings)
    notices = []
    for contract in contracts:
        cycle = _cycle(contract.updated_at, every, now)
        for rcpt in people:
            key = f"chaser:contract:{contract.id}:{cycle}:{rcpt.email}"
            if cycle < 1 or key in sent:
                continue
            notices.append(
                Notice(
                    key,
                    "chaser",
                    "chaser",
                    contract.id,
                    rcpt,
                    contract.updated_at + cycle * every,
                    None,
                    {
                        "recipient_name": rcpt.name,
                        "subject_type": "contract",
                        "summary": contract.title,
                        "cycle": cycle,
                        "waiting_for": duration_words(now - contract.updated_at),
                    },
                )
            )
    return notices
