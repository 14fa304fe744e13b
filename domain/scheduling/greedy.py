"""The greedy planner (the warm start of CP-SAT, and a solver of its own), the cost of a plan,
and why a job stayed unplaced."""

from __future__ import annotations

import bisect
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta

from domain.scheduling.problem import (
    SLOT,
    Assignment,
    Candidate,
    Placement,
    Prepared,
    PreparedJob,
    Problem,
    Solution,
    Unplaced,
    budget_fits,
    prepare,
    skill_fits,
    topological_order,
    zone_fits,
)


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
    upper: int | None = None,
    only_room: int | None = None,
) -> tuple[int, int | None, int] | None:
    """The earliest (start, room, room cost) for ``cand`` in ``[lower, upper]``, or None.
    Rooms are tried cheapest first; with ``only_room`` given, only that one."""
    before, after = prep.creator_pad[cand.resource]
    cal = creator_cals[cand.resource]
    rooms = sorted(pj.rooms, key=lambda r: (r.cost, r.resource))
    if only_room is not None:
        rooms = [r for r in rooms if r.resource == only_room]
    for lo, top in cand.starts:
        slot = max(lo, lower)
        hi = top if upper is None else min(top, upper)
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


def latest_starts(prep: Prepared) -> dict[int, int]:
    """The last slot each job may start at and still leave its dependents (and theirs) a
    start in their own ranges: dependents backwards, each bounded by its latest possible
    start over all candidates (resources are ignored, so it is a bound, not a promise)."""
    by_index = {pj.job.index: pj for pj in prep.jobs}
    dependents: dict[int, list[int]] = {index: [] for index in by_index}
    for pj in prep.jobs:
        for dep in pj.job.depends_on:
            dependents[dep].append(pj.job.index)
    latest: dict[int, int] = {}
    for index in reversed(topological_order([pj.job for pj in prep.jobs])):
        pj = by_index[index]
        own = max((hi for cand in pj.creators for _, hi in cand.starts), default=-1)
        for nxt in dependents[index]:
            own = min(own, latest[nxt] - pj.slots)
        latest[index] = own
    return latest


def greedy(
    prep: Prepared,
    *,
    prefer: Mapping[int, tuple[int, int | None]] | None = None,
    lookahead: bool = False,
) -> dict[int, Placement]:
    """Jobs in dependency/deadline order, each to the cheapest creator (then room) that can
    take it earliest, given what is already placed. Fast and usually decent; no guarantee.

    ``prefer`` maps a job to the (creator, room) to try first, an assignment chosen with the
    whole plan in view (see :func:`domain.scheduling.cpsat.lp_assignments`): that pair, then
    that creator with any room, then the cheapest option. With ``lookahead`` a job that
    others depend on starts early enough to leave them room (see :func:`latest_starts`)
    when any candidate allows it."""
    creator_cals = [Calendar() for _ in prep.problem.creators]
    room_cals = [Calendar() for _ in prep.problem.rooms]
    placed: dict[int, Placement] = {}
    by_index = {pj.job.index: pj for pj in prep.jobs}
    latest = latest_starts(prep) if lookahead else {}
    for index in topological_order([pj.job for pj in prep.jobs]):
        pj = by_index[index]
        if any(dep not in placed for dep in pj.job.depends_on):
            continue
        lower = max(
            (placed[d].start + by_index[d].slots for d in pj.job.depends_on),
            default=0,
        )
        wish = prefer.get(index) if prefer else None
        found = None
        if wish is not None:
            cand = next((c for c in pj.creators if c.resource == wish[0]), None)
            if cand is not None and wish[1] is not None:
                found = _best(prep, pj, [cand], lower, creator_cals, room_cals, latest, wish[1])
            if cand is not None and found is None:
                found = _best(prep, pj, [cand], lower, creator_cals, room_cals, latest, None)
        if found is None:
            found = _best(prep, pj, pj.creators, lower, creator_cals, room_cals, latest, None)
        if found is None:
            continue
        slot, cand, room = found
        before, after = prep.creator_pad[cand.resource]
        creator_cals[cand.resource].add(slot - before, slot + pj.slots + after)
        if room is not None:
            r_before, r_after = prep.room_pad[room]
            room_cals[room].add(slot - r_before, slot + pj.slots + r_after)
        placed[index] = Placement(cand.resource, room, slot)
    return placed


def _best(
    prep: Prepared,
    pj: PreparedJob,
    cands: Sequence[Candidate],
    lower: int,
    creator_cals: list[Calendar],
    room_cals: list[Calendar],
    latest: Mapping[int, int],
    only_room: int | None,
) -> tuple[int, Candidate, int | None] | None:
    """The cheapest, then earliest (start, creator, room) among ``cands``: within the job's
    latest start (see :func:`latest_starts`) when one is given and any candidate fits it,
    else anywhere."""
    bounds = [latest.get(pj.job.index), None] if pj.job.index in latest else [None]
    for upper in bounds:
        best: tuple[int, int, Candidate, int | None] | None = None
        for cand in cands:
            found = _earliest(prep, pj, cand, lower, creator_cals, room_cals, upper, only_room)
            if found is None:
                continue
            slot, room, room_cost = found
            key = (cand.cost + room_cost, slot)
            if best is None or key < (best[0], best[1]):
                best = (key[0], slot, cand, room)
        if best is not None:
            return best[1], best[2], best[3]
    return None


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
