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
from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.errors import InvalidRequest
from domain.money import check_currency, to_minor
from domain.resources.models import Client, Creator, Room, TimeOff
from domain.resources.service import active_booking_clause
from domain.roster.models import Artist
from domain.scheduling import availability, solver
from domain.scheduling.problem import Job, Problem, Resource, Solution

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
MAX_ITEMS = 5000
MAX_WINDOW = timedelta(days=62)
MAX_DURATION_MINUTES = 14 * 24 * 60
SKILL_PATTERN = r"^[a-z0-9][a-z0-9 _.+/&-]{0,59}$"

ReasonCode = Literal[
    "no_creator_with_skill",
    "over_budget",
    "currency_mismatch",
    "no_free_slot_in_window",
    "outside_timezones",
    "dependency_unplaceable",
    "dependency_order",
    "room_unavailable",
    "creator_unavailable",
    "capacity",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SkillNeed(_Strict):
    skill: str = Field(
        min_length=1, max_length=60, description="Lower-case skill name, e.g. `mixing`"
    )
    min_level: int = Field(default=1, ge=1, le=5, description="1 (learning) … 5 (world class)")

    @field_validator("skill")
    @classmethod
    def _lower(cls, value: str) -> str:
        if value != value.lower():
            raise ValueError("skills are lower-case names, e.g. 'mixing'")
        return value


class MoneyIn(_Strict):
    """An amount as a decimal string in an ISO 4217 currency (never a float)."""

    amount: Decimal = Field(ge=0, max_digits=14, description='Decimal string, e.g. "80.00"')
    currency: str = Field(min_length=3, max_length=3)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str, info: ValidationInfo) -> str:
        check_currency(value)
        amount = info.data.get("amount")
        if amount is not None:
            to_minor(amount, value)  # refuses more decimals than the currency has
        return value

    @property
    def minor(self) -> int:
        return to_minor(self.amount, self.currency)


def _check_zone_pattern(value: str) -> str:
    """An IANA zone (``Europe/Berlin``) or a region wildcard (``Europe/*``)."""
    if value.endswith("/*"):
        region = value[:-1]
        if not any(z.startswith(region) for z in availability._known_zones()):
            raise ValueError(f"no timezone starts with '{region}'")
        return value
    availability.zone(value)
    return value


class SessionRequest(_Strict):
    """One session to plan: fixed (``creator_id``, ``start``, ``room_id``) or open (``skills``,
    a window, ``needs_room``), in any mix. Field order matters: each validator sees the fields
    declared before it, so an error names the field that is wrong."""

    ref: str | None = Field(default=None, max_length=120, description="Your own label")
    title: str | None = Field(default=None, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID)
    client_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    creator_id: str | None = Field(default=None, pattern=ID, description="A fixed creator")
    # validate_default: the checks below must also run when the field is left out.
    skills: list[SkillNeed] = Field(
        default_factory=list,
        max_length=10,
        validate_default=True,
        description="For an open session: who is needed",
    )
    duration_minutes: int = Field(ge=5, le=MAX_DURATION_MINUTES)
    start: AwareDatetime | None = Field(default=None, description="A fixed start")
    window_start: AwareDatetime | None = None
    window_end: AwareDatetime | None = Field(default=None, validate_default=True)
    room_id: str | None = Field(default=None, pattern=ID, description="A fixed room")
    needs_room: bool = Field(default=False, description="Any active room will do")
    max_hourly_rate: MoneyIn | None = Field(
        default=None, description="Budget per hour for the creator (rooms are not counted)"
    )
    timezones: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Acceptable creator timezones: IANA names or regions such as `Europe/*`",
    )
    depends_on: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Indices of sessions in the same list that must end before this starts",
    )
    preferred_creator_ids: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("skills")
    @classmethod
    def _who(cls, skills: list[SkillNeed], info: ValidationInfo) -> list[SkillNeed]:
        has_creator = info.data.get("creator_id") is not None
        if has_creator and skills:
            raise ValueError("give creator_id or skills, not both")
        if not has_creator and not skills and "creator_id" in info.data:
            raise ValueError("an open session needs skills (or a fixed creator_id)")
        names = [s.skill for s in skills]
        if len(set(names)) != len(names):
            raise ValueError("each skill once")
        return skills

    @field_validator("window_end")
    @classmethod
    def _when(cls, window_end: datetime | None, info: ValidationInfo) -> datetime | None:
        start, window_start = info.data.get("start"), info.data.get("window_start")
        duration = info.data.get("duration_minutes")
        if start is not None:
            if window_start is not None or window_end is not None:
                raise ValueError("give start or window_start/window_end, not both")
            return window_end
        if "start" not in info.data or "window_start" not in info.data:
            return window_end  # already reported on that field
        if window_start is None or window_end is None:
            raise ValueError("an open session needs window_start and window_end (or a start)")
        if window_end <= window_start:
            raise ValueError("window_end must be after window_start")
        if window_end - window_start > MAX_WINDOW:
            raise ValueError("a window spans at most 62 days")
        if duration is not None and window_end - window_start < timedelta(minutes=duration):
            raise ValueError("the window is shorter than the session")
        return window_end

    @field_validator("timezones")
    @classmethod
    def _zones(cls, values: list[str]) -> list[str]:
        return [_check_zone_pattern(v) for v in values]

    @field_validator("depends_on")
    @classmethod
    def _deps(cls, values: list[int]) -> list[int]:
        if any(v < 0 for v in values):
            raise ValueError("indices are 0 or more")
        if len(set(values)) != len(values):
            raise ValueError("each dependency once")
        return values

    @field_validator("preferred_creator_ids")
    @classmethod
    def _preferred(cls, values: list[str]) -> list[str]:
        import re

        for value in values:
            if not re.match(ID, value):
                raise ValueError(f"'{value}' is not a creator id")
        return values

    @property
    def is_open(self) -> bool:
        return self.creator_id is None or self.start is None

    @property
    def wants_room(self) -> bool:
        return self.room_id is not None or self.needs_room


class PlanReason(BaseModel):
    """Why a session could not be placed: the constraint family that alone rules it out."""

    code: ReasonCode
    detail: str


class PlanItem(BaseModel):
    index: int
    ref: str | None = None
    placed: bool
    creator_id: str | None = None
    room_id: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    price_minor: int | None = Field(default=None, description="Creator plus room, minor units")
    currency: str | None = None
    reason: PlanReason | None = None
    score: float | None = Field(default=None, description="Match score of the chosen creator")
    preference: int | None = Field(
        default=None, description="1 when a preferred creator was chosen, else 0"
    )


class Plan(BaseModel):
    status: Literal["optimal", "feasible", "partial", "infeasible"]
    items: list[PlanItem]
    total_cost_minor: int
    currency: str
    totals_by_currency: dict[str, int] = Field(default_factory=dict)
    objective: str
    optimality_gap: float | None = None
    solve_ms: int


# --- validation against the tenant's data ---------------------------------------------------

MAX_PLAN_SPAN = timedelta(days=180)


def _param(field: str, index: int, *rest: str | int) -> str:
    return ".".join(str(p) for p in (field, index, *rest))


def _check_dependencies(requests: Sequence[SessionRequest], field: str) -> None:
    """Indices exist and are not the item itself; the graph has no cycle."""
    count = len(requests)
    for i, req in enumerate(requests):
        for k, dep in enumerate(req.depends_on):
            if dep >= count:
                raise InvalidRequest(
                    f"depends on session {dep}, but the list has {count}",
                    param=_param(field, i, "depends_on", k),
                    code="unknown_dependency",
                )
            if dep == i:
                raise InvalidRequest(
                    "a session cannot depend on itself",
                    param=_param(field, i, "depends_on", k),
                    code="dependency_cycle",
                )
    state = [0] * count  # 0 new, 1 on the current path, 2 done
    for root in range(count):
        if state[root]:
            continue
        stack: list[tuple[int, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, k = stack.pop()
            deps = requests[node].depends_on
            if k == len(deps):
                state[node] = 2
                continue
            stack.append((node, k + 1))
            nxt = deps[k]
            if state[nxt] == 1:
                raise InvalidRequest(
                    f"the dependencies form a cycle through session {nxt}",
                    param=_param(field, node, "depends_on", k),
                    code="dependency_cycle",
                )
            if state[nxt] == 0:
                state[nxt] = 1
                stack.append((nxt, 0))


def _check_times(requests: Sequence[SessionRequest], field: str, now: datetime) -> None:
    for i, req in enumerate(requests):
        if req.start is not None and req.start < now:
            raise InvalidRequest(
                "the start has passed", param=_param(field, i, "start"), code="impossible_window"
            )
        if (
            req.window_end is not None
            and req.window_end - timedelta(minutes=req.duration_minutes) < now
        ):
            raise InvalidRequest(
                "the window has passed (or leaves no time for the session from now on)",
                param=_param(field, i, "window_end"),
                code="impossible_window",
            )
    spans = [_span(req) for req in requests]
    first = min(s[0] for s in spans)
    for i, (_, end) in enumerate(spans):
        if end - first > MAX_PLAN_SPAN:
            raise InvalidRequest(
                "one plan spans at most 180 days from its earliest session",
                param=_param(field, i, "window_end" if requests[i].start is None else "start"),
                code="impossible_window",
            )


def _span(req: SessionRequest) -> tuple[datetime, datetime]:
    if req.start is not None:
        return req.start, req.start + timedelta(minutes=req.duration_minutes)
    assert req.window_start is not None and req.window_end is not None
    return req.window_start, req.window_end


async def _existing(
    session: AsyncSession, model: type[Artist | Client | Creator | Room], ids: set[str]
) -> set[str]:
    if not ids:
        return set()
    rows = await session.execute(select(model.id).where(model.id.in_(ids)))
    return set(rows.scalars())


async def known_skills(session: AsyncSession) -> set[str]:
    """Skills any active creator of the organization lists: the vocabulary requests use."""
    rows = await session.execute(
        select(func.jsonb_object_keys(Creator.skills)).where(Creator.status == "active").distinct()
    )
    return set(rows.scalars())


async def _check_references(
    session: AsyncSession, requests: Sequence[SessionRequest], field: str
) -> None:
    wanted: dict[str, tuple[type[Artist | Client | Creator | Room], set[str]]] = {
        "artist_id": (Artist, set()),
        "client_id": (Client, set()),
        "creator_id": (Creator, set()),
        "room_id": (Room, set()),
    }
    for req in requests:
        for name, (_, ids) in wanted.items():
            value = getattr(req, name)
            if value is not None:
                ids.add(value)
        wanted["creator_id"][1].update(req.preferred_creator_ids)
    found = {name: await _existing(session, model, ids) for name, (model, ids) in wanted.items()}
    for i, req in enumerate(requests):
        for name in wanted:
            value = getattr(req, name)
            if value is not None and value not in found[name]:
                raise InvalidRequest(
                    f"no {name.removesuffix('_id')} {value}",
                    param=_param(field, i, name),
                    code="resource_missing",
                )
        for k, creator_id in enumerate(req.preferred_creator_ids):
            if creator_id not in found["creator_id"]:
                raise InvalidRequest(
                    f"no creator {creator_id}",
                    param=_param(field, i, "preferred_creator_ids", k),
                    code="resource_missing",
                )
    if any(req.skills for req in requests):
        skills = await known_skills(session)
        for i, req in enumerate(requests):
            for k, need in enumerate(req.skills):
                if need.skill not in skills:
                    raise InvalidRequest(
                        f"unknown skill '{need.skill}': no active creator of the organization "
                        "lists it",
                        param=_param(field, i, "skills", k, "skill"),
                        code="unknown_skill",
                    )


async def validate_requests(
    session: AsyncSession,
    requests: Sequence[SessionRequest],
    *,
    now: datetime,
    max_items: int = MAX_ITEMS,
    field: str = "sessions",
) -> None:
    """Refuse a batch the planner cannot take, as a 422 naming ``{field}.{index}.{field}``:
    too many items, unknown dependencies or a cycle, times in the past, a plan longer than
    180 days, unknown creators/rooms/artists/clients, skills no creator of the organization
    has. Shape errors (currency, window order, ...) are refused by the models themselves."""
    if not requests:
        raise InvalidRequest("give at least one session", param=field, code="empty_batch")
    if len(requests) > max_items:
        raise InvalidRequest(
            f"at most {max_items} sessions per batch, got {len(requests)}",
            param=field,
            code="batch_too_large",
        )
    _check_dependencies(requests, field)
    _check_times(requests, field, now)
    await _check_references(session, requests, field)


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
