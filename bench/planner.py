"""Scheduling suggestions: plan cost of the solver vs the greedy baseline vs the proven optimum
on small instances; and on 200 open sessions over 50 creators (5 s limit), placed sessions,
cost against greedy and the warm start, and the cost stage's proven gap, each seed run
``BENCH_PLANNER_ROUNDS`` times (default 3) to show the spread on a shared machine.

Instances are random but seeded: creators in three zones with office hours, skills at random
levels, rates 40-150 per hour, buffers 0-45 minutes; sessions of 50-180 minutes with one
skill need, a third needing one of a few rooms, some depending on earlier ones. Small
instances squeeze 12-20 sessions into two days so that choices interact; the proven optimum
is CP-SAT run until it reports OPTIMAL (60 s cap). The solver runs on the pure model
(``domain.scheduling.solver``); loading a tenant's calendars from PostgreSQL is three queries per
resource kind and is not included.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from domain.scheduling.availability import Interval, working_intervals
from domain.scheduling.cpsat import Relaxation, capacity_rows, warm_start
from domain.scheduling.greedy import plan_cost, solve_greedy
from domain.scheduling.problem import Job, Problem, Resource, prepare
from domain.scheduling.solver import WARM_SHARE, solve

MONDAY = datetime(2031, 3, 3, tzinfo=UTC)
ROUNDS = int(os.environ.get("BENCH_PLANNER_ROUNDS", "3"))
OFFICE = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
SKILLS = ["mixing", "mastering", "drums", "vocals"]


def instance(seed: int, *, jobs: int, creators: int, rooms: int, days: int) -> Problem:
    rng = random.Random(seed)
    window = Interval(MONDAY, MONDAY + timedelta(days=days))
    people = [
        Resource(
            id=f"c{i}",
            free=tuple(
                working_intervals(
                    OFFICE, {}, rng.choice(["UTC", "Europe/Berlin", "Europe/London"]), window
                )
            ),
            rate_minor=rng.randint(40, 150) * 100,
            buffer_before=rng.choice([0, 15]),
            buffer_after=rng.choice([0, 15, 45]),
            skills={s: rng.randint(1, 5) for s in rng.sample(SKILLS, 2)},
        )
        for i in range(creators)
    ]
    studios = [
        Resource(
            id=f"r{i}",
            free=tuple(working_intervals(OFFICE, {}, "UTC", window)),
            rate_minor=rng.choice([0, 2000, 4000]),
            buffer_after=15,
        )
        for i in range(rooms)
    ]
    work = [
        Job(
            index=j,
            duration_minutes=rng.choice([50, 60, 90, 120, 180]),
            window=window,
            skills=((rng.choice(SKILLS), rng.randint(1, 3)),),
            needs_room=rng.random() < 0.3,
            depends_on=(rng.randrange(j),) if j and rng.random() < 0.3 else (),
        )
        for j in range(jobs)
    ]
    return Problem(work, people, studios)


async def run() -> None:
    print("## Scheduling suggestions (planner)\n")
    print(
        "| instance | sessions | greedy placed / cost | solver (2 s) placed / cost "
        "| proven optimum | solver / optimum | greedy / optimum |"
    )
    print("|---|---|---|---|---|---|---|")
    ratios_solver, ratios_greedy = [], []
    for seed in range(8):
        size = 12 + seed
        problem = instance(seed, jobs=size, creators=6, rooms=1, days=2)
        greedy = solve_greedy(problem)
        quick = solve(problem, time_limit_s=2)
        proven = solve(problem, time_limit_s=60)
        exact = proven.status in ("optimal", "partial") and proven.optimality_gap == 0.0
        same = len(greedy.assignments) == len(proven.assignments)
        r_s = quick.cost / proven.cost if proven.cost else 1.0
        r_g = greedy.cost / proven.cost if proven.cost and same else float("nan")
        ratios_solver.append(r_s)
        if same:
            ratios_greedy.append(r_g)
        print(
            f"| small #{seed} | {size} | {len(greedy.assignments)} / {greedy.cost} "
            f"| {len(quick.assignments)} / {quick.cost} "
            f"| {len(proven.assignments)} / {proven.cost}{'' if exact else ' (not proven)'} "
            f"| {r_s:.3f} | {'fewer placed' if not same else f'{r_g:.3f}'} |"
        )
    print(
        f"\nMean cost ratio to the optimum: solver {statistics.mean(ratios_solver):.3f}, "
        f"greedy {statistics.mean(ratios_greedy) if ratios_greedy else float('nan'):.3f} "
        "(greedy only where it placed as many sessions).\n"
    )
    await _large()


def _load() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "n/a"


async def _large() -> None:
    """200 open sessions: greedy, the warm start alone, then the whole solver (5 s limit),
    ``ROUNDS`` times per seed; the machine's load average is printed with each run, since
    CP-SAT under load finds less within the same limit."""
    print(
        "| 200 sessions, 50 creators, 6 rooms, 2 weeks | round | load | greedy placed / cost "
        "| warm start placed / cost (ms) | solver placed / cost (wall ms) | solver / greedy "
        "| gap (cost stage) | stages |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    gaps: dict[int, list[float]] = {}
    for seed in (1, 2, 3):
        problem = instance(100 + seed, jobs=200, creators=50, rooms=6, days=14)
        for round_ in range(1, ROUNDS + 1):
            greedy = solve_greedy(problem)
            started = time.perf_counter()
            prep = prepare(problem)
            warm = warm_start(
                prep, Relaxation(prep, capacity_rows(prep)), deadline=started + WARM_SHARE * 5
            )
            warm_ms = int((time.perf_counter() - started) * 1000)
            load = _load()
            solved = solve(problem, time_limit_s=5)
            gap = "n/a" if solved.optimality_gap is None else f"{solved.optimality_gap:.1%}"
            if solved.optimality_gap is not None:
                gaps.setdefault(seed, []).append(solved.optimality_gap)
            same = len(solved.assignments) == len(greedy.assignments)
            ratio = f"{solved.cost / greedy.cost:.3f}" if same else "more placed"
            print(
                f"| seed {seed} | {round_} | {load} | {len(greedy.assignments)} / {greedy.cost} "
                f"| {len(warm)} / {plan_cost(prep, warm)} ({warm_ms}) "
                f"| {len(solved.assignments)} / {solved.cost} ({solved.solve_ms}) | {ratio} "
                f"| {gap} | {'; '.join(solved.stages)} |"
            )
    print()
    for seed, values in gaps.items():
        print(
            f"- seed {seed}: gap min {min(values):.1%}, median {statistics.median(values):.1%}, "
            f"max {max(values):.1%} over {len(values)} runs"
        )
    print()
