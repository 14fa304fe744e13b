"""Ranking creators (or whole crews) for a session request, with the score broken down.

Hard filters first — a creator who fails one is not a candidate: active, every required skill
at its minimum level, the hourly rate within the budget *in the budget's currency* (rates are
not converted), the timezone inside the requested zones. Each remaining creator gets
components in [0, 1], combined as a weighted mean over the components that apply::

    skill_fit     0.30  mean over required skills of level / 5
    price         0.25  1 - 0.5 * rate / budget (at the budget: 0.5); without a budget the
                        most expensive candidate is the reference; unpriced creators: 0.5
    availability  0.20  min(1, fitting sessions in the window / 3): free time (working hours,
                        time off, bookings with buffers, minimum notice) of the duration
    timezone      0.10  share of the artist's working hours in the window that fall in the
                        creator's working hours (only when artist_hours is given)
    distance      0.10  max(0, 1 - km / max_km) (only when near is given; no coordinates: 0)
    history       0.05  min(1, past confirmed/completed sessions with this organization / 5)

A crew ("1 producer + 1 engineer + 2 session musicians") is built role by role with a beam
search; nobody appears twice; crews with a common free slot for all members rank first, then
by the mean member score.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.dates import Timestamp
from domain.errors import InvalidRequest
from domain.resources.models import Creator
from domain.scheduling import availability
from domain.scheduling.planning import load_resources
from domain.scheduling.problem import Resource, zone_matches
from domain.scheduling.requests import (
    MAX_DURATION_MINUTES,
    MAX_WINDOW,
    MoneyIn,
    SkillNeed,
    _check_zone_pattern,
    _Strict,
)
from domain.scheduling.validation import known_skills

WEIGHTS = {
    "skill_fit": 0.30,
    "price": 0.25,
    "availability": 0.20,
    "timezone": 0.10,
    "distance": 0.10,
    "history": 0.05,
}
BEAM = 50


class CrewRole(_Strict):
    role: str | None = Field(default=None, max_length=60, description="Matches creator roles")
    count: int = Field(default=1, ge=1, le=10)
    skills: list[SkillNeed] = Field(default_factory=list, max_length=10)

    @field_validator("skills")
    @classmethod
    def _something(cls, skills: list[SkillNeed], info: ValidationInfo) -> list[SkillNeed]:
        if not skills and not info.data.get("role"):
            raise ValueError("a crew role needs a role or skills")
        return skills


class ArtistHours(_Strict):
    timezone: str = Field(max_length=64)
    working_hours: dict[str, list[list[str]]]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        availability.zone(value)
        return value

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: dict[str, list[list[str]]]) -> dict[str, list[list[str]]]:
        availability.validate_weekly(value)
        return value


class Near(_Strict):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    max_km: float = Field(default=500, gt=0, le=20000)


class MatchRequest(_Strict):
    skills: list[SkillNeed] = Field(default_factory=list, max_length=10)
    crew: list[CrewRole] = Field(default_factory=list, max_length=10)
    duration_minutes: int = Field(ge=5, le=MAX_DURATION_MINUTES)
    window_start: Timestamp
    window_end: Timestamp
    max_hourly_rate: MoneyIn | None = None
    timezones: list[str] = Field(default_factory=list, max_length=20)
    artist_hours: ArtistHours | None = None
    near: Near | None = None
    limit: int = Field(default=10, ge=1, le=50)

    @field_validator("crew")
    @classmethod
    def _one_of(cls, crew: list[CrewRole], info: ValidationInfo) -> list[CrewRole]:
        if "skills" in info.data and bool(info.data["skills"]) == bool(crew):
            raise ValueError("give skills (one creator) or crew (several), not both or neither")
        return crew

    @field_validator("window_end")
    @classmethod
    def _window(cls, end: datetime, info: ValidationInfo) -> datetime:
        start, duration = info.data.get("window_start"), info.data.get("duration_minutes")
        if start is None:
            return end
        if end <= start:
            raise ValueError("window_end must be after window_start")
        if end - start > MAX_WINDOW:
            raise ValueError("a window spans at most 62 days")
        if duration is not None and end - start < timedelta(minutes=duration):
            raise ValueError("the window is shorter than the session")
        return end

    @field_validator("timezones")
    @classmethod
    def _zones(cls, values: list[str]) -> list[str]:
        return [_check_zone_pattern(v) for v in values]


@dataclass(frozen=True, slots=True)
class Component:
    value: float
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Candidate:
    creator: Creator
    score: float
    breakdown: dict[str, Component]
    earliest_start: datetime | None
    free: tuple[availability.Interval, ...]


@dataclass(frozen=True, slots=True)
class Crew:
    members: list[tuple[int, Candidate]]  # (role index, candidate)
    score: float
    common_start: datetime | None


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _fitting(free: Sequence[availability.Interval], minutes: int) -> int:
    length = timedelta(minutes=minutes)
    return sum(int(f.duration // length) for f in free)


def _hours(intervals: Sequence[availability.Interval]) -> float:
    return sum(i.duration.total_seconds() for i in intervals) / 3600


def _eligible(creator: Creator, skills: Sequence[SkillNeed], req: MatchRequest) -> bool:
    if creator.status != "active":
        return False
    if any(int(creator.skills.get(s.skill, 0)) < s.min_level for s in skills):
        return False
    budget = req.max_hourly_rate
    if budget is not None and (
        creator.currency != budget.currency or (creator.hourly_rate_minor or 0) > budget.minor
    ):
        return False
    return not req.timezones or zone_matches(creator.timezone, req.timezones)


def _components(
    creator: Creator,
    skills: Sequence[SkillNeed],
    req: MatchRequest,
    free: Sequence[availability.Interval],
    history: int,
    reference_rate: int,
) -> dict[str, Component]:
    out: dict[str, Component] = {}
    levels = [int(creator.skills.get(s.skill, 0)) for s in skills]
    out["skill_fit"] = Component(
        sum(levels) / (5 * len(levels)) if levels else 1.0,
        WEIGHTS["skill_fit"],
        ", ".join(f"{s.skill} {lvl}/5" for s, lvl in zip(skills, levels, strict=True))
        or "role match",
    )
    rate = creator.hourly_rate_minor
    budget = req.max_hourly_rate
    if rate is None:
        price = Component(0.5, WEIGHTS["price"], "no hourly rate on file")
    else:
        ref = budget.minor if budget is not None else reference_rate
        value = 1 - 0.5 * rate / ref if ref else 1.0
        basis = "the budget" if budget is not None else "the most expensive candidate"
        price = Component(round(value, 4), WEIGHTS["price"], f"{rate} minor/h vs {basis} {ref}")
    out["price"] = price
    slots = _fitting(free, req.duration_minutes)
    out["availability"] = Component(
        min(1.0, slots / 3), WEIGHTS["availability"], f"{slots} free session slots in the window"
    )
    window = availability.Interval(req.window_start, req.window_end)
    if req.artist_hours is not None:
        artist = availability.working_intervals(
            req.artist_hours.working_hours, {}, req.artist_hours.timezone, window
        )
        own = availability.working_intervals(
            creator.working_hours, creator.date_overrides, creator.timezone, window
        )
        total = _hours(artist)
        # artist ∩ own, as artist minus (artist minus own)
        overlap = _hours(availability.subtract(artist, availability.subtract(artist, own)))
        out["timezone"] = Component(
            round(overlap / total, 4) if total else 0.0,
            WEIGHTS["timezone"],
            f"{overlap:.1f} of the artist's {total:.1f} working hours ({creator.timezone})",
        )
    if req.near is not None:
        if creator.latitude is None or creator.longitude is None:
            out["distance"] = Component(0.0, WEIGHTS["distance"], "no location on file")
        else:
            km = _haversine_km(
                req.near.latitude, req.near.longitude, creator.latitude, creator.longitude
            )
            out["distance"] = Component(
                round(max(0.0, 1 - km / req.near.max_km), 4), WEIGHTS["distance"], f"{km:.0f} km"
            )
    out["history"] = Component(
        min(1.0, history / 5), WEIGHTS["history"], f"{history} past sessions with you"
    )
    return out


def _score(breakdown: dict[str, Component]) -> float:
    weight = sum(c.weight for c in breakdown.values())
    return round(sum(c.value * c.weight for c in breakdown.values()) / weight, 4)


async def _history(session: AsyncSession, now: datetime) -> dict[str, int]:
    rows = await session.execute(
        select(Booking.creator_id, func.count())
        .where(
            Booking.status.in_(("confirmed", "completed")),
            func.upper(Booking.period) <= now,
        )
        .group_by(Booking.creator_id)
    )
    return {creator_id: int(count) for creator_id, count in rows.all()}


async def _validate(session: AsyncSession, req: MatchRequest, now: datetime) -> None:
    if req.window_end - timedelta(minutes=req.duration_minutes) < now:
        raise InvalidRequest("the window has passed", param="window_end", code="impossible_window")
    skills = await known_skills(session)
    needs: list[tuple[str, SkillNeed]] = [(f"skills.{k}", s) for k, s in enumerate(req.skills)]
    for r, role in enumerate(req.crew):
        needs += [(f"crew.{r}.skills.{k}", s) for k, s in enumerate(role.skills)]
    for path, need in needs:
        if need.skill not in skills:
            raise InvalidRequest(
                f"unknown skill '{need.skill}': no active creator of the organization lists it",
                param=f"{path}.skill",
                code="unknown_skill",
            )


def rank(
    creators: Sequence[Creator],
    free: dict[str, Resource],
    skills: Sequence[SkillNeed],
    req: MatchRequest,
    history: dict[str, int],
    role: str | None = None,
) -> list[Candidate]:
    """Candidates for one need, best first (ties: cheaper, then id)."""
    eligible = [
        c
        for c in creators
        if _eligible(c, skills, req) and (role is None or role in (c.roles or []))
    ]
    reference = max((c.hourly_rate_minor or 0 for c in eligible), default=0)
    out: list[Candidate] = []
    for creator in eligible:
        intervals = free[creator.id].free
        breakdown = _components(
            creator, skills, req, intervals, history.get(creator.id, 0), reference
        )
        earliest = next(
            (f.start for f in intervals if f.duration >= timedelta(minutes=req.duration_minutes)),
            None,
        )
        out.append(Candidate(creator, _score(breakdown), breakdown, earliest, tuple(intervals)))
    out.sort(key=lambda c: (-c.score, c.creator.hourly_rate_minor or 0, c.creator.id))
    return out


def _common_start(members: Sequence[Candidate], minutes: int) -> datetime | None:
    common: list[availability.Interval] = list(members[0].free)
    for member in members[1:]:
        common = availability.subtract(common, availability.subtract(common, member.free))
    length = timedelta(minutes=minutes)
    return next((f.start for f in common if f.duration >= length), None)


def crews(per_role: Sequence[list[Candidate]], req: MatchRequest) -> list[Crew]:
    """Best crews, nobody twice: a beam search over the role seats."""
    seats = [r for r, role in enumerate(req.crew) for _ in range(role.count)]
    beam: list[tuple[float, list[tuple[int, Candidate]]]] = [(0.0, [])]
    for seat in seats:
        grown = []
        for total, members in beam:
            taken = {m.creator.id for _, m in members}
            last = max((m.creator.id for r, m in members if r == seat), default="")
            for cand in per_role[seat][:BEAM]:
                # Seats of one role are filled in id order so a crew is not listed twice.
                if cand.creator.id in taken or cand.creator.id <= last:
                    continue
                grown.append((total + cand.score, [*members, (seat, cand)]))
        grown.sort(key=lambda t: -t[0])
        beam = grown[:BEAM]
    out = []
    for total, members in beam:
        start = _common_start([m for _, m in members], req.duration_minutes)
        out.append(Crew(members, round(total / len(members), 4), start))
    out.sort(key=lambda c: (c.common_start is None, -c.score))
    return out[: req.limit]


async def match(
    session: AsyncSession, req: MatchRequest, *, now: datetime
) -> tuple[list[Candidate], list[Crew]]:
    """Ranked candidates for ``req.skills``, or ranked crews for ``req.crew``."""
    await _validate(session, req, now)
    window = availability.Interval(req.window_start, req.window_end)
    creators = list((await session.execute(select(Creator).order_by(Creator.id))).scalars())
    resources, _ = await load_resources(session, window, now=now, with_rooms=False)
    free = {r.id: r for r in resources}
    history = await _history(session, now)
    if not req.crew:
        return rank(creators, free, req.skills, req, history)[: req.limit], []
    per_role = [rank(creators, free, role.skills, req, history, role.role) for role in req.crew]
    return [], crews(per_role, req)


def breakdown_json(breakdown: dict[str, Component]) -> dict[str, Any]:
    return {
        name: {"value": c.value, "weight": c.weight, "detail": c.detail}
        for name, c in breakdown.items()
    }
