"""Scheduling suggestions as pure functions over plain dataclasses (no database, no clock).

Time is discretised into 15-minute slots counted from ``origin`` (a UTC quarter hour). An open
session may start on any slot boundary where it fits inside one of its creator's (and room's)
free intervals and inside its window; its occupancy is rounded *up* to whole slots and buffers
are rounded up too, so a suggested plan never violates a rule the database checks exactly
(rounding can only waste a few minutes, never double-book). A fixed start is kept to the
minute and checked exactly against the free intervals.

The free intervals of each resource already exclude stored bookings (with buffers), time off,
time outside working hours and the minimum notice — see
:func:`domain.scheduling.availability.free_intervals`.
This module adds what only a plan knows: the sessions it places must not overlap each other
per creator and per room (buffers included), dependencies end before their dependents start,
budgets and skills decide who may take a session.

:func:`solve` builds a warm start first, the best of the greedy plan (the baseline), a greedy
plan that keeps dependency chains placeable and greedy plans guided by the LP relaxation's
assignment (:func:`domain.scheduling.cpsat.warm_start`), then runs the CP-SAT model in
:mod:`domain.scheduling.cpsat`, which never returns a plan worse than its warm start;
sessions left unplaced get the binding reason from :func:`binding_reason`, which checks each
constraint family in isolation.
"""

from __future__ import annotations

import time

from domain.scheduling.cpsat import Relaxation, capacity_rows, solve_lexicographic, warm_start
from domain.scheduling.greedy import finish
from domain.scheduling.problem import Problem, Solution, prepare

WARM_SHARE = 0.3


def solve(problem: Problem, *, time_limit_s: float = 5.0, workers: int = 2) -> Solution:
    """The plan: most sessions placed, then least cost, then earliest completion, then most
    preferred creators — each stage solved to optimality or the time limit, then fixed."""
    started = time.perf_counter()
    if not problem.jobs:
        return Solution({}, {}, "optimal", 0, 0.0, 0, [])
    prep = prepare(problem)
    knapsacks = capacity_rows(prep)
    relaxation = Relaxation(prep, knapsacks)
    # The LP-guided warm starts may use a share of the limit (on large batches the LP and
    # each greedy pass take long); CP-SAT gets the rest.
    warm = warm_start(prep, relaxation, deadline=started + WARM_SHARE * time_limit_s)
    # CP-SAT overruns its limit a little, and explaining the unplaced sessions takes time.
    reserve = min(0.35, 0.07 * time_limit_s)
    placements, proven, gap, stages = solve_lexicographic(
        prep,
        warm,
        deadline=started + time_limit_s - reserve,
        workers=workers,
        knapsacks=knapsacks,
        relaxation=relaxation,
    )
    return finish(prep, placements, proven=proven, gap=gap, started=started, stages=stages)
