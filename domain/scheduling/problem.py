"""The scheduling problem as plain dataclasses (no database, no clock): resources, jobs, the
solution's shape, and the preparation every solver starts from (start ranges on a 15-minute
grid, who may do which job, the order dependencies impose)."""

from __future__ import annotations

import bisect
import heapq
import math
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
