"""Who a lifecycle notice goes to, in which timezone, with which booking context."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.keys.sealed import Sealing
from domain.notices.models import CommunicationSettings
from domain.notices.settings import duration_words, local_time
from domain.projects.models import Project
from domain.resources.models import Creator, Room
from domain.tenancy.models import ApiKey, Member


@dataclass(frozen=True, slots=True)
class Recipient:
    email: str
    name: str
    timezone: str


@dataclass(slots=True)
class Notice:
    key: str
    kind: str  # reminder, follow_up, booking_confirmed/_rescheduled/_cancelled, chaser
    template: str
    subject_id: str
    recipient: Recipient
    due_at: datetime
    not_after: datetime | None = None
    context: dict[str, Any] = field(default_factory=dict)


# --- recipients -----------------------------------------------------------------------------


async def _member_of_actor(session: AsyncSession, actor_id: str) -> Member | None:
    """The member behind an actor id: a member, the member who issued an API key, or the
    person who created the project a workflow booked for."""
    if actor_id.startswith("mem_"):
        return await session.get(Member, actor_id)
    if actor_id.startswith("key_"):
        key = await session.get(ApiKey, actor_id)
        return await session.get(Member, key.created_by) if key and key.created_by else None
    if ":project:" in actor_id:
        project = await session.get(Project, actor_id.rsplit(":", 1)[-1])
        if project is not None and project.created_by != actor_id:
            return await _member_of_actor(session, project.created_by)
    return None


async def booking_recipients(
    session: AsyncSession, booking: Booking, settings: CommunicationSettings, sealing: Sealing
) -> list[Recipient]:
    """The creator (in their timezone; their e-mail opened with their key, unless
    :func:`_preload` opened it) and the person who booked (in the organization's)."""
    out: list[Recipient] = []
    creator = await session.get(Creator, booking.creator_id)
    if creator is not None:
        await sealing.open_unopened(session, [creator])
    if creator is not None and creator.email:
        out.append(Recipient(creator.email, creator.name, creator.timezone))
    booker = await _member_of_actor(session, booking.created_by)
    if (
        booker is not None
        and booker.status == "active"
        and all(r.email != booker.email for r in out)
    ):
        out.append(Recipient(booker.email, booker.name, settings.timezone))
    return out


async def managers(session: AsyncSession, settings: CommunicationSettings) -> list[Recipient]:
    rows = (
        await session.execute(
            select(Member)
            .where(Member.status == "active", Member.role.in_(("owner", "admin")))
            .order_by(Member.id)
        )
    ).scalars()
    return [Recipient(m.email, m.name, settings.timezone) for m in rows]


async def booking_context(
    session: AsyncSession, booking: Booking, recipient: Recipient, now: datetime
) -> dict[str, Any]:
    assert booking.period.lower is not None and booking.period.upper is not None
    creator = await session.get(Creator, booking.creator_id)
    room = await session.get(Room, booking.room_id) if booking.room_id else None
    tz = recipient.timezone
    return {
        "recipient_name": recipient.name,
        "title": booking.title or "Session",
        "creator_name": creator.name if creator else booking.creator_id,
        "room_name": room.name if room else "",
        "start_local": local_time(booking.period.lower, tz),
        "end_local": local_time(booking.period.upper, tz, "%H:%M"),
        "timezone": tz,
        "until_start": duration_words(booking.period.lower - now),
        "booking_id": booking.id,
        "previous_start_local": "",
        "reason": booking.status_reason,
        "status": booking.status,
    }


async def _preload(
    session: AsyncSession, bookings: list[Booking], sealing: Sealing | None = None
) -> list[Any]:
    """Load the bookings' creators, rooms and booking members in one query each, so the
    per-booking ``session.get`` calls of :func:`booking_recipients` and
    :func:`booking_context` find them in the identity map instead of querying one by one;
    with ``sealing``, the creators' e-mails are opened too (their keys in one batch).

    The identity map holds objects weakly: the caller keeps the returned rows referenced
    for as long as it looks them up."""
    wanted: tuple[tuple[Any, set[str]], ...] = (
        (Creator, {b.creator_id for b in bookings}),
        (Room, {b.room_id for b in bookings if b.room_id}),
        (Member, {b.created_by for b in bookings if b.created_by.startswith("mem_")}),
    )
    rows: list[Any] = []
    for model, ids in wanted:
        if ids:
            loaded = list((await session.execute(select(model).where(model.id.in_(ids)))).scalars())
            if model is Creator and sealing is not None:
                await sealing.open(session, loaded)
            rows += loaded
    return rows
