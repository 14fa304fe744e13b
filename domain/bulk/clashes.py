"""What blocks a fixed session of a batch: the answer a single booking of it would get.

The planner knows only that a fixed session (a creator at a start) has no free slot; a single
``POST /v1/bookings`` of it answers 409 with the bookings in the way and the nearest free
slots. :func:`explain_fixed_clashes` gives the batch's unplaced fixed sessions that answer,
for a dry run's plan and for the items the saga records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.conflicts import booking_conflict
from domain.bookings.rules import Resources, blocks_for
from domain.resources.models import Creator, Room
from domain.scheduling import availability
from domain.scheduling.requests import Plan, PlanReason, SessionRequest

# Explaining a clash costs a few queries; a batch of thousands explains its first ones.
MAX_EXPLAINED = 50
BLOCKED = ("no_free_slot_in_window", "creator_unavailable", "room_unavailable")


async def explain_fixed_clashes(
    session: AsyncSession, requests: Sequence[SessionRequest], plan: Plan, *, now: datetime
) -> Plan:
    """``plan`` with each unplaced fixed session that existing bookings block explained as a
    ``booking_conflict``: ``conflicting_bookings`` and ``suggested_slots``, as for one booking.
    Sessions blocked by something else (working hours, time off) keep the planner's reason."""
    blocked = [
        item
        for item in plan.items
        if not item.placed
        and item.reason is not None
        and item.reason.code in BLOCKED
        and requests[item.index].creator_id is not None
        and requests[item.index].start is not None
    ][:MAX_EXPLAINED]
    if not blocked:
        return plan
    wanted = [requests[item.index] for item in blocked]
    creators = {
        c.id: c
        for c in (
            await session.execute(
                select(Creator).where(Creator.id.in_({r.creator_id for r in wanted}))
            )
        ).scalars()
    }
    room_ids = {r.room_id for r in wanted if r.room_id}
    rooms = (
        {
            r.id: r
            for r in (await session.execute(select(Room).where(Room.id.in_(room_ids)))).scalars()
        }
        if room_ids
        else {}
    )
    for item in blocked:
        req = requests[item.index]
        creator = creators.get(req.creator_id or "")
        room = rooms.get(req.room_id) if req.room_id else None
        if creator is None or req.start is None or (req.room_id and room is None):
            continue
        resources = Resources(creator, room)
        interval = availability.Interval(
            req.start, req.start + timedelta(minutes=req.duration_minutes)
        )
        creator_block, room_block = blocks_for(interval, resources)
        refusal = await booking_conflict(
            session, resources, interval, creator_block, room_block, now=now, exclude_id=None
        )
        in_the_way = refusal.extra.get("conflicting_bookings") or []
        if not in_the_way:
            continue  # not a booking in the way: the planner's reason stands
        item.reason = PlanReason(
            code="booking_conflict",
            detail=refusal.detail,
            conflicting_bookings=list(in_the_way),
            suggested_slots=free_of_plan(
                item.index, list(refusal.extra.get("suggested_slots") or []), requests, plan
            ),
        )
    return plan


def free_of_plan(
    index: int, slots: Sequence[dict[str, str]], requests: Sequence[SessionRequest], plan: Plan
) -> list[dict[str, str]]:
    """The ``slots`` suggested for session ``index`` that no other session of the same plan
    takes (its creator, or its room): suggestions come from the calendar, which does not hold
    the plan's own sessions yet, and moving a clash there must not make the plan clash with
    itself. A placed session counts where it was placed, an unplaced fixed one where it asked."""
    req = requests[index]
    taken: list[tuple[datetime, datetime]] = []
    for other in plan.items:
        if other.index == index:
            continue
        asked = requests[other.index]
        if other.placed and other.start and other.end:
            start, end = other.start, other.end
            creator_id, room_id = other.creator_id, other.room_id
        elif asked.start is not None:
            start = asked.start
            end = asked.start + timedelta(minutes=asked.duration_minutes)
            creator_id, room_id = asked.creator_id, asked.room_id
        else:
            continue
        if creator_id == req.creator_id or (req.room_id is not None and room_id == req.room_id):
            taken.append((start, end))
    return [
        slot
        for slot in slots
        if not any(
            start < datetime.fromisoformat(slot["end"])
            and datetime.fromisoformat(slot["start"]) < end
            for start, end in taken
        )
    ]
