"""Scheduling suggestions as pure functions over plain dataclasses (no database, no clock).

Time is discretised into 15-minute slots counted from ``origin`` (a UTC quarter hour). An open
session may start on any slot boundary where it fits inside one of its creator's (and room's)
free intervals and inside its window; its occupancy is rounded *up* to whole slots and buffers
are rounded up too, so a suggested plan never violates a rule the database checks exactly
(rounding can only waste a few minutes, never double-book). A fixed start is kept to the
minute and checked exactly against the free intervals.

The free intervals of each resource already exclude stored bookings (with buffers), time off,
time outside working hours and the minimum notice — see :func:`domain.availability.free_intervals`.
This module adds what only a plan knows: the sessions it places must not overlap each other
per creator and per room (buffers included), dependencies end before their dependents start,
budgets and skills decide who may take a session.

:func:`solve` runs the greedy plan first (the baseline, and the warm start), then the CP-SAT
model in :mod:`domain.scheduler_cpsat`; sessions left unplaced get the binding reason from
:func:`binding_reason`, which checks each constraint family in isolation.
"""

from __future__ import annotations

import bisect
import heapq
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.money import prorate
from domain.scheduling.availability import Interval, fits

SLOT_MINUTES = 15
SLOT = timedelta(minutes=SLOT_MINUTES)


@dataclass(frozen=True, slots=True)
class Resource:
    """A creator or a room as the solver sees it. ``free`` is sorted and disjoint."""

    id: str
    free: tuple[Interval, ...]
    rate_minor: int | None = None
    currency: str = "USD"
    buffer_before: int = 0
    buffer_after: int = 0
    skills: Mapping[str, int] = field(default_factory=dict)
    timezone: str = "UTC"
    active: bool = True


@dataclass(frozen=True, slots=True)
class Job:
    """One session to place. Exactly one of ``window`` and ``start`` is set."""

    index: int
    duration_minutes: int
    window: Interval | None = None
    start: datetime | None = None
    creator_id: str | None = None
    skills: tuple[tuple[str, int], ...] = ()
    room_id: str | None = None
    needs_room: bool = False
    max_rate_minor: int | None = None
    budget_currency: str | None = None
    timezones: tuple[str, ...] = ()
    depends_on: tuple[int, ...] = ()
    preferred: tuple[str, ...] = ()

    @property
    def wants_room(self) -> bool:
        return self.room_id is not None or self.needs_room

    @property
    def span(self) -> Interval:
        """Where the session may lie: its window, or its fixed interval."""
        if self.start is not None:
            return Interval(self.start, self.start + timedelta(minutes=self.duration_minutes))
        assert self.window is not None
        return self.window


@dataclass(frozen=True, slots=True)
class Problem:
    jobs: Sequence[Job]
    creators: Sequence[Resource]
    rooms: Sequence[Resource] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    index: int
    creator_id: str
    room_id: str | None
    start: datetime
    end: datetime
    price_minor: int
    currency: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class Unplaced:
    code: str
    detail: str


@dataclass(slots=True)
class Solution:
    assignments: dict[int, Assignment]
    unplaced: dict[int, Unplaced]
    status: str  # optimal | feasible | partial | infeasible
    cost: int
    optimality_gap: float | None
    solve_ms: int
    stages: list[str] = field(default_factory=list)

    @property
    def completion(self) -> datetime | None:
        return max((a.end for a in self.assignments.values()), default=None)


# --- preparation: who may take what, and when --------------------------------------------


@dataclass(slots=True)
class Candidate:
    """A resource that may take a job, its price and the slots where the job fits it alone."""

    resource: int
    cost: int
    starts: list[tuple[int, int]]  # inclusive slot ranges, sorted


@dataclass(slots=True)
class PreparedJob:
    job: Job
    slots: int  # occupancy in slots
    creators: list[Candidate]
    rooms: list[Candidate]


@dataclass(slots=True)
class Prepared:
    problem: Problem
    origin: datetime
    horizon: int  # slots
    jobs: list[PreparedJob]
    creator_pad: list[tuple[int, int]]  # (before, after) buffer slots per creator
    room_pad: list[tuple[int, int]]
    # (job index, creator index, room index) pairs whose currencies cannot be priced together
    incompatible: set[tuple[int, int, int]]


def _slot_floor(moment: datetime, origin: datetime) -> int:
    return math.floor((moment - origin) / SLOT)


def _slot_ceil(moment: datetime, origin: datetime) -> int:
    return math.ceil((moment - origin) / SLOT)


def _pad(minutes: int) -> int:
    return math.ceil(minutes / SLOT_MINUTES)


def start_ranges(free: Sequence[Interval], job: Job, origin: datetime) -> list[tuple[int, int]]:
    """Slot ranges where ``job`` fits in ``free`` on its own (its window and length respected)."""
    duration = timedelta(minutes=job.duration_minutes)
    if job.start is not None:
        if fits(Interval(job.start, job.start + duration), free):
            slot = _slot_floor(job.start, origin)
            return [(slot, slot)]
        return []
    assert job.window is not None
    window = job.window
    out: list[tuple[int, int]] = []
    first = max(0, bisect.bisect_right([f.end for f in free], window.start))
    for interval in free[first:]:
        if interval.start >= window.end:
            break
        lo = max(interval.start, window.start)
        hi = min(interval.end, window.end) - duration
        if lo > hi:
            continue
        lo_slot, hi_slot = _slot_ceil(lo, origin), _slot_floor(hi, origin)
        if lo_slot <= hi_slot:
            out.append((lo_slot, hi_slot))
    return out


def skill_fits(resource: Resource, job: Job) -> bool:
    return all(int(resource.skills.get(skill, 0)) >= level for skill, level in job.skills)


def zone_matches(zone_name: str, patterns: Sequence[str]) -> bool:
    """True when ``zone_name`` is one of ``patterns`` or inside one of their regions."""
    return any(
        zone_name.startswith(p[:-1]) if p.endswith("/*") else zone_name == p for p in patterns
    )


def zone_fits(resource: Resource, job: Job) -> bool:
    return not job.timezones or zone_matches(resource.timezone, job.timezones)


def budget_fits(resource: Resource, job: Job) -> bool:
    if job.max_rate_minor is None:
        return True
    return resource.currency == job.budget_currency and (resource.rate_minor or 0) <= (
        job.max_rate_minor
    )


def _who_may(resource: Resource, job: Job) -> bool:
    if not resource.active:
        return False
    if job.creator_id is not None:
        return resource.id == job.creator_id and budget_fits(resource, job)
    return skill_fits(resource, job) and budget_fits(resource, job) and zone_fits(resource, job)


def _occupancy(job: Job, origin: datetime) -> int:
    if job.start is None:
        return _pad(job.duration_minutes)
    end = job.start + timedelta(minutes=job.duration_minutes)
    return _slot_ceil(end, origin) - _slot_floor(job.start, origin)


def plan_origin(problem: Problem) -> datetime:
    earliest = min(job.span.start for job in problem.jobs)
    return earliest - (earliest - datetime.min.replace(tzinfo=earliest.tzinfo)) % SLOT


def prepare(problem: Problem) -> Prepared:
    origin = plan_origin(problem)
    latest = max(job.span.end for job in problem.jobs)
    horizon = _slot_ceil(latest, origin) + 1
    jobs: list[PreparedJob] = []
    incompatible: set[tuple[int, int, int]] = set()
    for job in problem.jobs:
        minutes = job.duration_minutes
        creators = [
            Candidate(c, prorate(res.rate_minor or 0, minutes), start_ranges(res.free, job, origin))
            for c, res in enumerate(problem.creators)
            if _who_may(res, job)
        ]
        creators = [cand for cand in creators if cand.starts]
        rooms: list[Candidate] = []
        if job.wants_room:
            for r, room in enumerate(problem.rooms):
                if not room.active or (job.room_id is not None and room.id != job.room_id):
                    continue
                starts = start_ranges(room.free, job, origin)
                if starts:
                    rooms.append(Candidate(r, prorate(room.rate_minor or 0, minutes), starts))
            for cand in creators:
                for room_cand in rooms:
                    room = problem.rooms[room_cand.resource]
                    creator = problem.creators[cand.resource]
                    if room.rate_minor and room.currency != creator.currency:
                        incompatible.add((job.index, cand.resource, room_cand.resource))
        jobs.append(PreparedJob(job, _occupancy(job, origin), creators, rooms))
    return Prepared(
        problem=problem,
        origin=origin,
        horizon=horizon,
        jobs=jobs,
        creator_pad=[(_pad(c.buffer_before), _pad(c.buffer_after)) for c in problem.creators],
        room_pad=[(_pad(r.buffer_before), _pad(r.buffer_after)) for r in problem.rooms],
        incompatible=incompatible,
    )


def topological_order(jobs: Sequence[Job]) -> list[int]:
    """Dependencies first; among ready jobs the one whose window closes first (EDF)."""
    indegree = {job.index: len(job.depends_on) for job in jobs}
    dependents: dict[int, list[int]] = {job.index: [] for job in jobs}
    for job in jobs:
        for dep in job.depends_on:
            dependents[dep].append(job.index)
    by_index = {job.index: job for job in jobs}
    ready = [(by_index[i].span.end, i) for i, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, index = heapq.heappop(ready)
        order.append(index)
        for nxt in dependents[index]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, (by_index[nxt].span.end, nxt))
    if len(order) != len(jobs):
        raise ValueError("the dependencies form a cycle")
    return order


# --- greedy: the baseline and the warm start ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    creator: int
    room: int | None
    start: int  # slot


class Calendar:
    """Occupied slot ranges ``[lo, hi)`` of one resource, kept sorted."""

    __slots__ = ("his", "los")

    def __init__(self) -> None:
        self.los: list[int] = []
        self.his: list[int] = []

    def clash(self, lo: int, hi: int) -> int | None:
        """The end of a block overlapping ``[lo, hi)``, or None."""
        index = bisect.bisect_left(self.his, lo + 1)
        if index < len(self.los) and self.los[index] < hi:
            return self.his[index]
        return None

    def add(self, lo: int, hi: int) -> None:
        index = bisect.bisect_left(self.los, lo)
        self.los.insert(index, lo)
        self.his.insert(index, hi)


def _in_ranges(ranges: Sequence[tuple[int, int]], slot: int) -> bool:
    index = bisect.bisect_right([lo for lo, _ in ranges], slot) - 1
    return index >= 0 and ranges[index][1] >= slot


def _earliest(
    prep: Prepared,
    pj: PreparedJob,
    cand: Candidate,
    lower: int,
    creator_cals: list[Calendar],
    room_cals: list[Calendar],
) -> tuple[int, int | None, int] | None:
    """The earliest (start, room, room cost) for ``cand`` from ``lower`` on, or None."""
    before, after = prep.creator_pad[cand.resource]
    cal = creator_cals[cand.resource]
    rooms = sorted(pj.rooms, key=lambda r: (r.cost, r.resource))
    for lo, hi in cand.starts:
        slot = max(lo, lower)
        steps = 0
        while slot <= hi and steps < 5000:
            steps += 1
            blocked = cal.clash(slot - before, slot + pj.slots + after)
            if blocked is not None:
                slot = max(slot + 1, blocked + before)
                continue
            if not pj.job.wants_room:
                return slot, None, 0
            for room in rooms:
                if (pj.job.index, cand.resource, room.resource) in prep.incompatible:
                    continue
                r_before, r_after = prep.room_pad[room.resource]
                if _in_ranges(room.starts, slot) and (
                    room_cals[room.resource].clash(slot - r_before, slot + pj.slots + r_after)
                    is None
                ):
                    return slot, room.resource, room.cost
            slot += 1
    return None


def greedy(prep: Prepared) -> dict[int, Placement]:
    """Jobs in dependency/deadline order, each to the cheapest creator (then room) that can
    take it earliest, given what is already placed. Fast and usually decent; no guarantee."""
    creator_cals = [Calendar() for _ in prep.problem.creators]
    room_cals = [Calendar() for _ in prep.problem.rooms]
    placed: dict[int, Placement] = {}
    by_index = {pj.job.index: pj for pj in prep.jobs}
    for index in topological_order([pj.job for pj in prep.jobs]):
        pj = by_index[index]
        if any(dep not in placed for dep in pj.job.depends_on):
            continue
        lower = max(
            (placed[d].start + by_index[d].slots for d in pj.job.depends_on),
            default=0,
        )
        best: tuple[int, int, Candidate, int | None] | None = None
        for cand in pj.creators:
            found = _earliest(prep, pj, cand, lower, creator_cals, room_cals)
            if found is None:
                continue
            slot, room, room_cost = found
            key = (cand.cost + room_cost, slot)
            if best is None or key < (best[0], best[1]):
                best = (key[0], slot, cand, room)
        if best is None:
            continue
        _, slot, cand, room = best
        before, after = prep.creator_pad[cand.resource]
        creator_cals[cand.resource].add(slot - before, slot + pj.slots + after)
        if room is not None:
            r_before, r_after = prep.room_pad[room]
            room_cals[room].add(slot - r_before, slot + pj.slots + r_after)
        placed[index] = Placement(cand.resource, room, slot)
    return placed


# --- results --------------------------------------------------------------------------------


def plan_cost(prep: Prepared, placements: Mapping[int, Placement]) -> int:
    by_index = {pj.job.index: pj for pj in prep.jobs}
    total = 0
    for index, p in placements.items():
        pj = by_index[index]
        total += next(c.cost for c in pj.creators if c.resource == p.creator)
        if p.room is not None:
            total += next(r.cost for r in pj.rooms if r.resource == p.room)
    return total


def to_assignments(prep: Prepared, placements: Mapping[int, Placement]) -> dict[int, Assignment]:
    by_index = {pj.job.index: pj for pj in prep.jobs}
    out: dict[int, Assignment] = {}
    for index, p in placements.items():
        job = by_index[index].job
        creator = prep.problem.creators[p.creator]
        start = job.start if job.start is not None else prep.origin + p.start * SLOT
        price = next(c.cost for c in by_index[index].creators if c.resource == p.creator)
        room_id = None
        if p.room is not None:
            room_id = prep.problem.rooms[p.room].id
            price += next(r.cost for r in by_index[index].rooms if r.resource == p.room)
        out[index] = Assignment(
            index=index,
            creator_id=creator.id,
            room_id=room_id,
            start=start,
            end=start + timedelta(minutes=job.duration_minutes),
            price_minor=price,
            currency=creator.currency,
            preferred=creator.id in job.preferred,
        )
    return out


def binding_reason(prep: Prepared, index: int, placements: Mapping[int, Placement]) -> Unplaced:
    """Why job ``index`` is not in the plan: the first constraint family that on its own
    leaves no option (skills, budget, timezones, free time, rooms, dependencies), else
    ``capacity`` — the session competes with others of this plan for the same people/rooms."""
    problem = prep.problem
    pj = next(p for p in prep.jobs if p.job.index == index)
    job = pj.job
    active = [c for c in problem.creators if c.active]
    if job.creator_id is not None:
        fixed = next((c for c in problem.creators if c.id == job.creator_id), None)
        if fixed is None or not fixed.active:
            return Unplaced("creator_unavailable", f"creator {job.creator_id} is not active")
        skilled = [fixed]
    else:
        skilled = [c for c in active if skill_fits(c, job)]
        if not skilled:
            needs = ", ".join(f"{s} ≥ {lvl}" for s, lvl in job.skills)
            return Unplaced("no_creator_with_skill", f"no active creator has {needs}")
    if job.max_rate_minor is not None:
        same_currency = [c for c in skilled if c.currency == job.budget_currency]
        if not same_currency:
            return Unplaced(
                "currency_mismatch",
                f"no matching creator is priced in {job.budget_currency} "
                "(rates in other currencies are not converted)",
            )
        if not [c for c in same_currency if budget_fits(c, job)]:
            cheapest = min((c.rate_minor or 0) for c in same_currency)
            return Unplaced(
                "over_budget",
                f"the cheapest matching creator charges {cheapest} minor units per hour, "
                f"over the budget of {job.max_rate_minor}",
            )
    if job.creator_id is None and not [c for c in skilled if zone_fits(c, job)]:
        return Unplaced(
            "outside_timezones", f"no matching creator works in {', '.join(job.timezones)}"
        )
    if not pj.creators:
        return Unplaced(
            "no_free_slot_in_window",
            "no matching creator has a free slot of "
            f"{job.duration_minutes} minutes in the window (working hours, time off, "
            "existing bookings and minimum notice applied)",
        )
    if job.wants_room:
        if not pj.rooms:
            return Unplaced("room_unavailable", "no room is free for the session in the window")
        if not any(
            _in_ranges(room.starts, lo)
            for cand in pj.creators
            for room in pj.rooms
            for lo in _range_slots(cand.starts)
        ):
            return Unplaced("room_unavailable", "no room is free while a matching creator is free")
    missing = [d for d in job.depends_on if d not in placements]
    if missing:
        return Unplaced(
            "dependency_unplaceable", f"session {missing[0]} it depends on could not be placed"
        )
    if job.depends_on:
        by_index = {p.job.index: p for p in prep.jobs}
        ready = max(placements[d].start + by_index[d].slots for d in job.depends_on)
        if not any(hi >= ready for cand in pj.creators for _, hi in cand.starts):
            return Unplaced(
                "dependency_order",
                "the sessions it depends on end too late for its window",
            )
    return Unplaced(
        "capacity",
        "every matching creator or room is taken by other sessions of this plan in the window",
    )


def _range_slots(ranges: Sequence[tuple[int, int]], limit: int = 20000) -> list[int]:
    out: list[int] = []
    for lo, hi in ranges:
        out.extend(range(lo, hi + 1))
        if len(out) > limit:
            break
    return out


def finish(
    prep: Prepared,
    placements: Mapping[int, Placement],
    *,
    proven: bool,
    gap: float | None,
    started: float,
    stages: list[str],
) -> Solution:
    unplaced = {
        pj.job.index: binding_reason(prep, pj.job.index, placements)
        for pj in prep.jobs
        if pj.job.index not in placements
    }
    if not placements and prep.jobs:
        status = "infeasible"
    elif unplaced:
        status = "partial"
    else:
        status = "optimal" if proven else "feasible"
    return Solution(
        assignments=to_assignments(prep, placements),
        unplaced=unplaced,
        status=status,
        cost=plan_cost(prep, placements),
        optimality_gap=gap,
        solve_ms=int((time.perf_counter() - started) * 1000),
        stages=stages,
    )


def solve_greedy(problem: Problem) -> Solution:
    started = time.perf_counter()
    prep = prepare(problem)
    return finish(prep, greedy(prep), proven=False, gap=None, started=started, stages=["greedy"])


def solve(problem: Problem, *, time_limit_s: float = 5.0, workers: int = 2) -> Solution:
    """The plan: most sessions placed, then least cost, then earliest completion, then most
    preferred creators — each stage solved to optimality or the time limit, then fixed."""
    from domain.scheduling.cpsat import solve_lexicographic

    started = time.perf_counter()
    if not problem.jobs:
        return Solution({}, {}, "optimal", 0, 0.0, 0, [])
    prep = prepare(problem)
    warm = greedy(prep)
    placements, proven, gap, stages = solve_lexicographic(
        prep, warm, deadline=started + time_limit_s, workers=workers
    )
    return finish(prep, placements, proven=proven, gap=gap, started=started, stages=stages)
