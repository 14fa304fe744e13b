"""Planning many sessions at once: the request and plan types, their validation, and the bridge
from the tenant's stored world (creators, rooms, working hours, time off, bookings) to the pure
solver in :mod:`domain.scheduling.solver`.

The types here are the contract between the planner and its callers (``POST /v1/matches``,
the bulk-booking saga and its ``dry_run``). Error ``param`` values follow the API's dotted
convention, ``sessions.3.skills.0.skill``, the same path pydantic reports for a body, so a
client sees one format whichever check refused the request.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.resources.models import Creator, Room, TimeOff
from domain.resources.search import active_booking_clause
from domain.scheduling import availability, solver
from domain.scheduling.problem import Job, Problem, Resource, Solution
from domain.scheduling.requests import Plan, PlanItem, PlanReason, SessionRequest
from domain.scheduling.validation import _span

# --- planning -------------------------------------------------------------------------------

OBJECTIVE = (
    "lexicographic: most sessions placed, then least total cost (creator plus room, minor "
    "units), then earliest completion, then most preferred creators; 15-minute slots"
)


async def _blocks(
    session: AsyncSession, owner: Any, block: Any, ids: Sequence[str], probe: Range[datetime]
) -> dict[str, list[availability.Interval]]:
    out: dict[str, list[availability.Interval]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = await session.execute(
        select(owner, block).where(owner.in_(ids), block.op("&&")(probe), active_booking_clause())
    )
    for owner_id, value in rows:
        if value is not None and value.lower is not None and value.upper is not None:
            out[owner_id].append(availability.Interval(value.lower, value.upper))
    return out


async def _time_off(
    session: AsyncSession, owner: Any, ids: Sequence[str], probe: Range[datetime]
) -> dict[str, list[availability.Interval]]:
    out: dict[str, list[availability.Interval]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = await session.execute(
        select(owner, TimeOff.period).where(owner.in_(ids), TimeOff.period.op("&&")(probe))
    )
    for owner_id, value in rows:
        if value.lower is not None and value.upper is not None:
            out[owner_id].append(availability.Interval(value.lower, value.upper))
    return out


def _resource(
    row: Creator | Room,
    window: availability.Interval,
    blocks: list[availability.Interval],
    off: list[availability.Interval],
    now: datetime,
) -> Resource:
    free = availability.free_intervals(
        weekly=row.working_hours,
        overrides=row.date_overrides,
        tz_name=row.timezone,
        window=window,
        time_off=off,
        blocks=blocks,
        buffer_before=timedelta(minutes=row.buffer_before_minutes),
        buffer_after=timedelta(minutes=row.buffer_after_minutes),
        earliest_start=now + timedelta(minutes=row.min_notice_minutes),
    )
    return Resource(
        id=row.id,
        free=tuple(free),
        rate_minor=row.hourly_rate_minor,
        currency=row.currency,
        buffer_before=row.buffer_before_minutes,
        buffer_after=row.buffer_after_minutes,
        skills=dict(getattr(row, "skills", {}) or {}),
        timezone=row.timezone,
        active=row.status == "active",
    )


async def load_resources(
    session: AsyncSession,
    window: availability.Interval,
    *,
    now: datetime,
    with_rooms: bool,
) -> tuple[list[Resource], list[Resource]]:
    """The organization's creators (and rooms) with their free time in ``window``. Three
    queries per kind whatever the size: rows, booking blocks, time off."""
    probe = Range(window.start - timedelta(days=1), window.end + timedelta(days=1))
    creators = list((await session.execute(select(Creator).order_by(Creator.id))).scalars())
    rooms = (
        list((await session.execute(select(Room).order_by(Room.id))).scalars())
        if with_rooms
        else []
    )
    c_ids, r_ids = [c.id for c in creators], [r.id for r in rooms]
    c_blocks = await _blocks(session, Booking.creator_id, Booking.creator_block, c_ids, probe)
    r_blocks = await _blocks(session, Booking.room_id, Booking.room_block, r_ids, probe)
    c_off = await _time_off(session, TimeOff.creator_id, c_ids, probe)
    r_off = await _time_off(session, TimeOff.room_id, r_ids, probe)
    return (
        [_resource(c, window, c_blocks[c.id], c_off[c.id], now) for c in creators],
        [_resource(r, window, r_blocks[r.id], r_off[r.id], now) for r in rooms],
    )


def to_job(index: int, req: SessionRequest) -> Job:
    budget = req.max_hourly_rate
    window = (
        availability.Interval(req.window_start, req.window_end)
        if req.window_start is not None and req.window_end is not None
        else None
    )
    return Job(
        index=index,
        duration_minutes=req.duration_minutes,
        window=window,
        start=req.start,
        creator_id=req.creator_id,
        skills=tuple((s.skill, s.min_level) for s in req.skills),
        room_id=req.room_id,
        needs_room=req.needs_room,
        max_rate_minor=budget.minor if budget else None,
        budget_currency=budget.currency if budget else None,
        timezones=tuple(req.timezones),
        depends_on=tuple(req.depends_on),
        preferred=tuple(req.preferred_creator_ids),
    )


def to_plan(
    requests: Sequence[SessionRequest], solution: Solution, creators: Sequence[Resource]
) -> Plan:
    items: list[PlanItem] = []
    totals: Counter[str] = Counter()
    for index, req in enumerate(requests):
        placed = solution.assignments.get(index)
        if placed is None:
            reason = solution.unplaced[index]
            items.append(
                PlanItem(
                    index=index,
                    ref=req.ref,
                    placed=False,
                    reason=PlanReason(code=reason.code, detail=reason.detail),
                )
            )
            continue
        totals[placed.currency] += placed.price_minor
        items.append(
            PlanItem(
                index=index,
                ref=req.ref,
                placed=True,
                creator_id=placed.creator_id,
                room_id=placed.room_id,
                start=placed.start,
                end=placed.end,
                price_minor=placed.price_minor,
                currency=placed.currency,
                preference=int(placed.preferred),
            )
        )
    currency = (
        totals.most_common(1)[0][0]
        if totals
        else Counter(c.currency for c in creators).most_common(1)[0][0]
        if creators
        else "USD"
    )
    return Plan(
        status=solution.status,
        items=items,
        total_cost_minor=totals.get(currency, 0),
        currency=currency,
        totals_by_currency=dict(totals),
        objective=OBJECTIVE,
        optimality_gap=solution.optimality_gap,
        solve_ms=solution.solve_ms,
    )


async def plan_sessions(
    session: AsyncSession,
    requests: Sequence[SessionRequest],
    *,
    now: datetime,
    time_limit_s: float = 5.0,
    workers: int = 2,
) -> Plan:
    """A suggested plan for ``requests`` over the organization's creators and rooms (read
    through the RLS-scoped ``session``); nothing is held. Fixed sessions are checked and kept
    as given. Call :func:`validate_requests` first; the solver runs off the event loop."""
    spans = [_span(req) for req in requests]
    window = availability.Interval(min(s[0] for s in spans), max(s[1] for s in spans))
    creators, rooms = await load_resources(
        session, window, now=now, with_rooms=any(req.wants_room for req in requests)
    )
    problem = Problem([to_job(i, req) for i, req in enumerate(requests)], creators, rooms)
    solution = await asyncio.to_thread(
        solver.solve, problem, time_limit_s=time_limit_s, workers=workers
    )
    return to_plan(requests, solution, creators)
