"""The CP-SAT model behind :func:`domain.scheduling.solver.solve`, solved lexicographically.

Variables per job ``j``: ``placed_j``; one boolean ``x[j, c]`` per candidate creator and
``y[j, r]`` per candidate room; a start ``s_j`` in slots. Constraints:

* ``sum_c x[j, c] = placed_j`` and, when the job needs a room, ``sum_r y[j, r] = placed_j``;
* ``x[j, c] ⇒ s_j ∈ starts(j, c)`` and ``y[j, r] ⇒ s_j ∈ starts(j, r)``: the job fits the
  resource's free time and its own window;
* per creator and per room one ``NoOverlap`` over optional intervals
  ``[s_j - buffer_before, s_j + length + buffer_after)`` — the same widened blocks the
  database's exclusion constraints compare;
* ``placed_j ⇒ placed_i`` and ``placed_j ⇒ s_j ≥ s_i + length_i`` for each dependency ``i``;
* a room priced in another currency than the creator is not paired with them;
* redundant: one capacity knapsack per busy creator and room (:func:`capacity_rows`). The
  no-overlaps imply them, but the LP relaxation does not see no-overlaps: without the
  knapsacks its cost bound is "every session with its cheapest candidate", far below the
  optimum once the cheap creators are fully booked. With them the bound is close to the
  optimum (what they leave out: whole days that cannot be filled exactly, rooms and
  creators free at different hours, dependencies), so the gap is mostly the plan's own.

Objectives, in order, each solved then frozen as a constraint (a weighted sum would need
coefficients large enough to hurt the LP relaxation): 1. most sessions placed; 2. least total
cost (creator plus room, minor units); 3. earliest completion (latest end); 4. most preferred
creators. The first hint is :func:`warm_start`, the best of a few greedy plans, some guided
by the LP relaxation's assignment (:func:`lp_assignments`); each stage hints the next with
its best solution.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping, Sequence

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from domain.scheduling.greedy import greedy, plan_cost
from domain.scheduling.problem import Candidate, Placement, Prepared, PreparedJob, topological_order

# Share of the remaining time each stage may use; what a stage leaves is carried over, and
# the last stage that runs takes all of it.
STAGE_SHARE = {"placed": 0.3, "cost": 0.5, "completion": 0.6, "preference": 1.0}

# (kind, resource, [(job, weight)], capacity), see :func:`capacity_rows`.
Knapsack = tuple[str, int, list[tuple[int, int]], int]


class _Model:
    def __init__(self, prep: Prepared, knapsacks: Sequence[Knapsack]) -> None:
        self.prep = prep
        self.model = cp_model.CpModel()
        m = self.model
        self.placed: dict[int, cp_model.IntVar] = {}
        self.start: dict[int, cp_model.IntVar] = {}
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        creator_intervals: dict[int, list[cp_model.IntervalVar]] = {}
        room_intervals: dict[int, list[cp_model.IntervalVar]] = {}
        for pj in prep.jobs:
            j = pj.job.index
            self.placed[j] = m.new_bool_var(f"placed_{j}")
            ranges = sorted({r for c in pj.creators for r in c.starts})
            domain = cp_model.Domain.from_intervals([list(r) for r in ranges] or [[0, 0]])
            self.start[j] = m.new_int_var_from_domain(domain, f"s_{j}")
            if not pj.creators or (pj.job.wants_room and not pj.rooms):
                m.add(self.placed[j] == 0)
            for cand in pj.creators:
                x = m.new_bool_var(f"x_{j}_{cand.resource}")
                self.x[j, cand.resource] = x
                allowed = cp_model.Domain.from_intervals([list(r) for r in cand.starts])
                m.add_linear_expression_in_domain(self.start[j], allowed).only_enforce_if(x)
                before, after = prep.creator_pad[cand.resource]
                creator_intervals.setdefault(cand.resource, []).append(
                    m.new_optional_fixed_size_interval_var(
                        self.start[j] - before, pj.slots + before + after, x, f"ci_{j}"
                    )
                )
            m.add(sum(self.x[j, c.resource] for c in pj.creators) == self.placed[j])
            if pj.job.wants_room:
                for room in pj.rooms:
                    y = m.new_bool_var(f"y_{j}_{room.resource}")
                    self.y[j, room.resource] = y
                    allowed = cp_model.Domain.from_intervals([list(r) for r in room.starts])
                    m.add_linear_expression_in_domain(self.start[j], allowed).only_enforce_if(y)
                    before, after = prep.room_pad[room.resource]
                    room_intervals.setdefault(room.resource, []).append(
                        m.new_optional_fixed_size_interval_var(
                            self.start[j] - before, pj.slots + before + after, y, f"ri_{j}"
                        )
                    )
                m.add(sum(self.y[j, r.resource] for r in pj.rooms) == self.placed[j])
        for j, c, r in prep.incompatible:
            if (j, c) in self.x and (j, r) in self.y:
                m.add_bool_or([self.x[j, c].Not(), self.y[j, r].Not()])
        for intervals in [*creator_intervals.values(), *room_intervals.values()]:
            if len(intervals) > 1:
                m.add_no_overlap(intervals)
        for kind, res, rows, capacity in knapsacks:
            table = self.x if kind == "creator" else self.y
            m.add(sum(w * table[j, res] for j, w in rows) <= capacity)
        by_index = {pj.job.index: pj for pj in prep.jobs}
        self.completion = m.new_int_var(0, prep.horizon + max(p.slots for p in prep.jobs), "end")
        for pj in prep.jobs:
            j = pj.job.index
            for dep in pj.job.depends_on:
                m.add_implication(self.placed[j], self.placed[dep])
                m.add(self.start[j] >= self.start[dep] + by_index[dep].slots).only_enforce_if(
                    self.placed[j]
                )
            m.add(self.completion >= self.start[j] + pj.slots).only_enforce_if(self.placed[j])
        self.placed_count = sum(self.placed.values())
        self.cost = sum(
            cand.cost * self.x[pj.job.index, cand.resource]
            for pj in prep.jobs
            for cand in pj.creators
            if cand.cost
        ) + sum(
            room.cost * self.y[pj.job.index, room.resource]
            for pj in prep.jobs
            for room in pj.rooms
            if room.cost
        )
        self.non_preferred = sum(
            self.x[pj.job.index, cand.resource]
            for pj in prep.jobs
            for cand in pj.creators
            if pj.job.preferred and prep.problem.creators[cand.resource].id not in pj.job.preferred
        )

    def hint(self, placements: Mapping[int, Placement]) -> None:
        """Every variable, so that CP-SAT takes the plan as its first solution at once."""
        m = self.model
        m.clear_hints()
        by_index = {pj.job.index: pj for pj in self.prep.jobs}
        m.add_hint(
            self.completion,
            max((p.start + by_index[j].slots for j, p in placements.items()), default=0),
        )
        for j, var in self.placed.items():
            p = placements.get(j)
            m.add_hint(var, p is not None)
            m.add_hint(self.start[j], p.start if p is not None else self.start[j].proto.domain[0])
        for (j, c), var in self.x.items():
            p = placements.get(j)
            m.add_hint(var, p is not None and p.creator == c)
        for (j, r), var in self.y.items():
            p = placements.get(j)
            m.add_hint(var, p is not None and p.room == r)

    def read(self, solver: cp_model.CpSolver) -> dict[int, Placement]:
        out: dict[int, Placement] = {}
        for j, var in self.placed.items():
            if not solver.boolean_value(var):
                continue
            creator = next(
                c for (jj, c), x in self.x.items() if jj == j and solver.boolean_value(x)
            )
            room = next(
                (r for (jj, r), y in self.y.items() if jj == j and solver.boolean_value(y)), None
            )
            out[j] = Placement(creator, room, int(solver.value(self.start[j])))
        return out


def capacity_rows(prep: Prepared) -> list[Knapsack]:
    """Per creator and room, a knapsack its sessions must fit: (kind, resource, [(job,
    weight)], capacity). A job lies inside one stretch of the union of its candidate
    ranges widened by its length; k jobs in a stretch of L slots need
    ``sum(length) + (k - 1) * (before + after) <= L``, so weighting each job by
    ``length + before + after`` and each stretch by ``L + before + after`` is valid. The
    no-overlap constraints imply it; the LP relaxation does not see them, and sees this."""
    out: list[Knapsack] = []
    for kind, pads in (("creator", prep.creator_pad), ("room", prep.room_pad)):
        users: dict[int, list[tuple[PreparedJob, Candidate]]] = {}
        for pj in prep.jobs:
            if kind == "room" and not pj.job.wants_room:
                continue
            for cand in pj.creators if kind == "creator" else pj.rooms:
                users.setdefault(cand.resource, []).append((pj, cand))
        for res, pairs in users.items():
            if len(pairs) < 2:
                continue
            before, after = pads[res]
            pad = before + after
            spans = sorted((lo, hi + pj.slots) for pj, cand in pairs for lo, hi in cand.starts)
            merged: list[list[int]] = []
            for lo, hi in spans:
                if merged and lo <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], hi)
                else:
                    merged.append([lo, hi])
            capacity = sum(hi - lo + pad for lo, hi in merged)
            rows = [(pj.job.index, pj.slots + pad) for pj, _ in pairs]
            if sum(w for _, w in rows) > capacity:
                out.append((kind, res, rows, capacity))
    return out


class Relaxation:
    """The LP relaxation of the model with time pooled per resource: the capacity knapsacks
    instead of calendars and no-overlaps, ``0 <= x, y, placed <= 1``. It is solved by GLOP,
    far faster than CP-SAT's root LP on the full model, and serves twice: its assignment
    guides the warm start, its cost is a proven lower bound for the cost stage."""

    def __init__(self, prep: Prepared, rows: Sequence[Knapsack]) -> None:
        self.prep = prep
        lp = self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.x: dict[tuple[int, int], pywraplp.Variable] = {}
        self.y: dict[tuple[int, int], pywraplp.Variable] = {}
        self.placed: dict[int, pywraplp.Variable] = {}
        self.cost = lp.Objective()
        for pj in prep.jobs:
            j = pj.job.index
            if not pj.creators or (pj.job.wants_room and not pj.rooms):
                continue
            self.placed[j] = lp.NumVar(0, 1, "")
            row = lp.Constraint(0, 0)
            row.SetCoefficient(self.placed[j], -1)
            for cand in pj.creators:
                self.x[j, cand.resource] = var = lp.NumVar(0, 1, "")
                row.SetCoefficient(var, 1)
                self.cost.SetCoefficient(var, cand.cost)
            if pj.job.wants_room:
                row = lp.Constraint(0, 0)
                row.SetCoefficient(self.placed[j], -1)
                for room in pj.rooms:
                    self.y[j, room.resource] = var = lp.NumVar(0, 1, "")
                    row.SetCoefficient(var, 1)
                    self.cost.SetCoefficient(var, room.cost)
        for pj in prep.jobs:
            if pj.job.index in self.placed:
                for dep in pj.job.depends_on:
                    row = lp.Constraint(-lp.infinity(), 0)
                    row.SetCoefficient(self.placed[pj.job.index], 1)
                    if dep in self.placed:
                        row.SetCoefficient(self.placed[dep], -1)
        self.knapsacks: list[tuple[pywraplp.Constraint, int]] = []
        for kind, res, items, capacity in rows:
            table = self.x if kind == "creator" else self.y
            row = lp.Constraint(-lp.infinity(), capacity)
            for j, w in items:
                if (j, res) in table:
                    row.SetCoefficient(table[j, res], w)
            self.knapsacks.append((row, capacity))
        self.count = lp.Constraint(0, lp.infinity())
        for var in self.placed.values():
            self.count.SetCoefficient(var, 1)
        self.cost.SetMinimization()

    def _solve(self, derate: float, time_limit_s: float | None) -> bool:
        for row, capacity in self.knapsacks:
            row.SetUb(capacity * derate)
        if time_limit_s is not None:
            self.lp.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        return bool(self.lp.Solve() == pywraplp.Solver.OPTIMAL)

    def assignments(
        self, derates: Sequence[float], *, deadline: float | None = None
    ) -> Iterator[dict[int, tuple[int, int | None]]]:
        """Who (creator, room) should take each job: the relaxation placing the most jobs
        and then at least cost, rounded to each job's largest share; once per capacity
        share in ``derates`` (re-solved warm), lazily. Only the first solve may run past
        ``deadline`` (``time.perf_counter()``)."""
        weight = 1 + sum(
            max(c.cost for c in pj.creators) + max((r.cost for r in pj.rooms), default=0)
            for pj in self.prep.jobs
            if pj.creators
        )
        for var in self.placed.values():
            self.cost.SetCoefficient(var, -weight)
        self.count.SetLb(0)
        for n, derate in enumerate(derates):
            limit = None if deadline is None else deadline - time.perf_counter()
            if limit is not None and limit <= 0 and n:
                return
            if not self._solve(derate, None if limit is None or not n else limit):
                continue
            chosen: dict[int, tuple[int, int | None]] = {}
            for pj in self.prep.jobs:
                j = pj.job.index
                if j not in self.placed or self.placed[j].solution_value() < 0.5:
                    continue
                in_room = _largest(self.y, j, pj.rooms) if pj.job.wants_room else None
                chosen[j] = (_largest(self.x, j, pj.creators), in_room)
            yield chosen

    def cost_bound(self, placed_at_least: int, *, time_limit_s: float) -> int | None:
        """A proven lower bound on the cost of any plan placing ``placed_at_least`` jobs
        (None when the LP does not finish in time): the relaxation's least cost, less a
        margin for the LP's floating-point tolerances."""
        for var in self.placed.values():
            self.cost.SetCoefficient(var, 0)
        self.count.SetLb(placed_at_least)
        if not self._solve(1.0, time_limit_s):
            return None
        value = self.cost.Value()
        return max(0, math.floor(value - 1e-6 * abs(value)) - 1)


def _largest(
    share: Mapping[tuple[int, int], pywraplp.Variable], j: int, cands: Sequence[Candidate]
) -> int:
    """The candidate with the largest LP share of job ``j`` (the cheaper on a tie)."""
    return max((share[j, c.resource].solution_value(), -c.cost, c.resource) for c in cands)[2]


# Capacity shares the LP-guided warm starts leave unused per resource: the knapsacks pool a
# resource's time, its calendar loses some of it to days that cannot be filled exactly.
# The most useful first: the first always runs, the others while the time allows.
DERATES = (0.9, 1.0, 0.85, 0.95)


def warm_start(
    prep: Prepared, relaxation: Relaxation, *, deadline: float | None = None
) -> dict[int, Placement]:
    """The best of a few greedy plans (most placed, then least cost): the plain one, one
    that leaves dependents room, and ones guided by the relaxation's assignment (one
    always, more until ``deadline``). Never worse than the plain greedy plan."""
    plans = [greedy(prep), greedy(prep, lookahead=True)]
    for prefer in relaxation.assignments(DERATES, deadline=deadline):
        plans.append(greedy(prep, prefer=prefer, lookahead=True))
    return min(plans, key=lambda p: (-len(p), plan_cost(prep, p)))


def _reachable(prep: Prepared) -> set[int]:
    """Jobs placeable on their own whose dependencies are all placeable too."""
    alone = {
        pj.job.index for pj in prep.jobs if pj.creators and (pj.rooms or not pj.job.wants_room)
    }
    by_index = {pj.job.index: pj.job for pj in prep.jobs}
    out: set[int] = set()
    for index in topological_order(list(by_index.values())):
        if index in alone and all(d in out for d in by_index[index].depends_on):
            out.add(index)
    return out


def _gap(value: float, bound: float) -> float:
    return abs(value - bound) / max(1.0, abs(value))


def solve_lexicographic(
    prep: Prepared,
    warm: Mapping[int, Placement],
    *,
    deadline: float,
    workers: int = 2,
    knapsacks: Sequence[Knapsack] | None = None,
    relaxation: Relaxation | None = None,
) -> tuple[dict[int, Placement], bool, float | None, list[str]]:
    """(placements, every stage proven optimal, cost-stage gap, stage log). The result is
    never worse than ``warm``: a stage's answer replaces the plan only when it places at
    least as many sessions and costs no more. The cost stage's gap is against the better
    of CP-SAT's bound and the ``relaxation``'s (which a loaded machine still gets in time)."""
    model = _Model(prep, capacity_rows(prep) if knapsacks is None else knapsacks)
    best: dict[int, Placement] = dict(warm)
    lp_bound: int | None = None
    proven = True
    cost_gap: float | None = None
    log: list[str] = []
    reachable = len(_reachable(prep))
    # Stage 1 also minimises cost, weighted below one session, so stage 2 starts from a
    # cost-aware plan; only the placed count is frozen after it.
    weight = 1 + sum(
        max(c.cost for c in pj.creators) + max((r.cost for r in pj.rooms), default=0)
        for pj in prep.jobs
        if pj.creators
    )
    stages: Sequence[tuple[str, object, bool]] = (
        ("placed", model.placed_count * weight - model.cost, True),
        ("cost", model.cost, False),
        ("completion", model.completion, False),
        ("preference", model.non_preferred, False),
    )
    last = "completion" if isinstance(model.non_preferred, int) else "preference"
    for name, expr, maximise in stages:
        if name == "placed" and len(warm) == reachable:
            # Every session that could be placed on its own is placed: nothing to improve.
            model.model.add(model.placed_count >= len(warm))
            log.append(f"placed: {len(warm)} (warm start, proven)")
            continue
        if name == "preference" and isinstance(expr, int):
            log.append("preference: none requested")
            continue
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05:
            proven = False
            if name == "cost":
                cost_gap = None
            log.append(f"{name}: skipped (time limit)")
            break
        if isinstance(expr, int):  # constant objective (e.g. everything free)
            if name == "cost":
                cost_gap = 0.0
            log.append(f"{name}: constant")
            continue
        if name == "cost" and relaxation is not None:
            lp_bound = relaxation.cost_bound(len(best), time_limit_s=0.3 * remaining)
            remaining = deadline - time.perf_counter()
        model.hint(best)
        if maximise:
            model.model.maximize(expr)  # type: ignore[arg-type]
        else:
            model.model.minimize(expr)  # type: ignore[arg-type]
        solver = cp_model.CpSolver()
        share = 1.0 if name == last else STAGE_SHARE[name]
        solver.parameters.max_time_in_seconds = max(0.05, remaining * share)
        solver.parameters.num_workers = workers
        # A light presolve: the full one (probing, inclusion detection, symmetries, repeated
        # passes) costs a second or more per stage on models with thousands of optional
        # intervals, longer than the completion stage may get, and buys nothing here (the
        # model is tight, the hint complete). Without any presolve the root LP stalls.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.presolve_inclusion_work_limit = 0
        solver.parameters.symmetry_level = 0
        solver.parameters.max_presolve_iterations = 1
        status = solver.solve(model.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            proven = False
            log.append(f"{name}: no solution in time, kept previous")
            if name == "cost":
                cost_gap = None if lp_bound is None else _gap(plan_cost(prep, best), lp_bound)
            break
        found = model.read(solver)
        if (-len(found), plan_cost(prep, found)) <= (-len(best), plan_cost(prep, best)):
            best = found
        value = round(solver.objective_value)
        optimal = status == cp_model.OPTIMAL
        proven = proven and optimal
        if name == "cost":
            value = plan_cost(prep, best)
            bound = max(solver.best_objective_bound, lp_bound if lp_bound is not None else 0)
            cost_gap = 0.0 if optimal else _gap(value, bound)
        shown = len(best) if name == "placed" else value
        log.append(f"{name}: {shown} ({'optimal' if optimal else 'feasible'})")
        # Freeze the stage: later stages may not make it worse.
        if name == "placed":
            model.model.add(model.placed_count >= len(best))
        elif maximise:
            model.model.add(expr >= value)  # type: ignore[operator]
        else:
            model.model.add(expr <= value)  # type: ignore[operator]
    return best, proven, cost_gap, log
