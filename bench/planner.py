"""Scheduling suggestions: plan cost of the solver vs the greedy baseline vs the proven optimum
on small instances, and the time to plan 200 open sessions over 50 creators.

Instances are random but seeded: creators in three zones with office hours, skills at random
levels, rates 40-150 per hour, buffers 0-45 minutes; sessions of 50-180 minutes with one
skill need, a third needing one of a few rooms, some depending on earlier ones. Small
instances squeeze 12-20 sessions into two days so that choices interact; the proven optimum
is CP-SAT run until it reports OPTIMAL (60 s cap). The solver runs on the pure model
(``domain.scheduling.solver``); loading a tenant's calendars from PostgreSQL is three queries per
resource kind and is not included.
"""

from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

from domain.scheduling.availability import Interval, working_intervals
from domain.scheduling.greedy import solve_greedy
from domain.scheduling.problem import Job, Problem, Resource
from domain.scheduling.solver import solve

MONDAY = datetime(2031, 3, 3, tzinfo=UTC)
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
    print(
        "| 200 open sessions, 50 creators, 6 rooms, 2 weeks | wall ms | placed | cost "
        "| gap (cost stage) | stages |"
    )
    print("|---|---|---|---|---|---|")
    for seed in (1, 2, 3):
        problem = instance(100 + seed, jobs=200, creators=50, rooms=6, days=14)
        greedy = solve_greedy(problem)
        solved = solve(problem, time_limit_s=5)
        gap = "n/a" if solved.optimality_gap is None else f"{solved.optimality_gap:.1%}"
        print(
            f"| seed {seed}: greedy | {greedy.solve_ms} | {len(greedy.assignments)} "
            f"| {greedy.cost} | | |"
        )
        print(
            f"| seed {seed}: CP-SAT (5 s limit) | {solved.solve_ms} | {len(solved.assignments)} "
            f"| {solved.cost} | {gap} | {'; '.join(solved.stages)} |"
        )
    print()
