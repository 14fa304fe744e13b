"""The milestone DAG as pure functions: order, cycles, projected dates, slips, progress.

Nothing here touches the database or the clock; callers pass ``now``. The same functions
serve the API (validation, progress read from PostgreSQL) and the ProjectWorkflow's
activities (re-planning), so both always agree on what "late" means.

Scheduling is finish-to-start: a milestone's sessions may not begin before every milestone it
depends on is projected to finish. A slip moves dependents by whole days, which keeps each
session at the time of day it was planned for (inside the people's working hours).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.projects.progress_types import MilestoneProgress, ProjectProgress, UnplacedSession

DAY = timedelta(days=1)
# A session is never booked closer to now than this. A fixed session of a milestone that
# depends on nothing must start at least this long after the project starts (refused at
# start otherwise); one whose dependencies finish late is moved by whole days (audited).
MIN_LEAD = timedelta(hours=1)
SETTLED_BOOKINGS = frozenset({"completed", "cancelled", "no_show", "expired"})


class CycleError(ValueError):
    """The dependencies form a cycle; ``path`` lists it, first node repeated at the end."""

    def __init__(self, path: list[str]) -> None:
        super().__init__("dependency cycle: " + " → ".join(path))
        self.path = path


@dataclass(frozen=True, slots=True)
class PlanSession:
    id: str
    start: datetime
    duration: timedelta
    booking_start: datetime | None = None
    booking_end: datetime | None = None
    booking_status: str | None = None
    status: str = "planned"
    unplaced_code: str | None = None  # the planner's reason when status is "unplaced"
    unplaced_detail: str = ""


@dataclass(slots=True)
class PlanMilestone:
    id: str
    key: str
    name: str
    status: str
    depends_on: list[str]
    due_at: datetime | None = None
    shift_minutes: int = 0
    checklist_total: int = 0
    checklist_done: int = 0
    completed_at: datetime | None = None
    sessions: list[PlanSession] = field(default_factory=list)

    def window(self) -> tuple[datetime, datetime] | None:
        """Where its sessions are: booked ones where booked, planned ones shifted."""
        spans = []
        shift = timedelta(minutes=self.shift_minutes)
        for s in self.sessions:
            if s.booking_start is not None and s.booking_end is not None:
                if s.booking_status in ("cancelled", "expired"):
                    continue
                spans.append((s.booking_start, s.booking_end))
            else:
                spans.append((s.start + shift, s.start + shift + s.duration))
        if not spans:
            return None
        return min(a for a, _ in spans), max(b for _, b in spans)


def topological_order(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """Node ids, each after everything it depends on; raises :class:`CycleError`."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in edges:
        if state.get(root) == 2:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterable[str]]] = [(root, iter(edges.get(root, ())))]
        state[root] = 1
        path.append(root)
        while stack:
            node, children = stack[-1]
            child = next(iter(children), None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                order.append(node)
                continue
            if child not in edges:
                continue  # unknown ids are reported by the caller, with their field
            if state.get(child) == 1:
                raise CycleError([*path[path.index(child) :], child])
            if state.get(child) != 2:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return order


def _whole_days(gap: timedelta) -> timedelta:
    return DAY * math.ceil(gap / DAY) if gap > timedelta(0) else timedelta(0)


def schedule(
    milestones: Sequence[PlanMilestone], now: datetime
) -> dict[str, tuple[datetime, datetime]]:
    """Planned start and projected finish of every milestone, in dependency order.

    A milestone that is not done cannot finish in the past: its projection is at least
    ``now``, which is how lateness pushes what depends on it.
    """
    by_id = {m.id: m for m in milestones}
    out: dict[str, tuple[datetime, datetime]] = {}
    for mid in topological_order({m.id: m.depends_on for m in milestones}):
        m = by_id[mid]
        deps_finish = max((out[d][1] for d in m.depends_on if d in out), default=None)
        window = m.window()
        if m.status == "done" and m.completed_at is not None:
            start = window[0] if window else (deps_finish or m.completed_at)
            out[mid] = (min(start, m.completed_at), m.completed_at)
            continue
        if window is None:
            start = deps_finish or now
            out[mid] = (start, max(start, now))
            continue
        start, finish = window
        out[mid] = (start, max(finish, now) if m.status != "cancelled" else finish)
    return out


def required_shifts(milestones: Sequence[PlanMilestone], now: datetime) -> dict[str, int]:
    """New ``shift_minutes`` for milestones not booked yet whose plan a slip invalidated.

    Walks the DAG in order, so a slip cascades: each dependent moves by whole days until its
    first session starts after every dependency's projected finish (and not in the past).
    """
    by_id = {m.id: m for m in milestones}
    changes: dict[str, int] = {}
    finish: dict[str, datetime] = {}
    projected = schedule(milestones, now)
    for mid in topological_order({m.id: m.depends_on for m in milestones}):
        m = by_id[mid]
        window = m.window()
        if m.status == "pending" and window is not None:
            not_before = max([finish[d] for d in m.depends_on if d in finish] + [now])
            extra = _whole_days(not_before - window[0])
            if extra:
                m.shift_minutes += int(extra.total_seconds() // 60)
                changes[mid] = m.shift_minutes
                window = m.window()
        if window is not None and m.status != "done":
            finish[mid] = max(window[1], now)
        else:
            finish[mid] = projected[mid][1]
    return changes


def _percent(m: PlanMilestone) -> tuple[float, int, int]:
    sessions_done = sum(
        1 for s in m.sessions if s.booking_status is not None and s.booking_status == "completed"
    )
    units = len(m.sessions) + m.checklist_total
    if m.status == "done":
        return 100.0, sessions_done, units
    if units == 0:
        return 0.0, sessions_done, units
    return round(100.0 * (sessions_done + m.checklist_done) / units, 1), sessions_done, units


def critical_path(
    milestones: Sequence[PlanMilestone], dates: dict[str, tuple[datetime, datetime]]
) -> list[str]:
    """The chain of dependencies that ends last: delaying any of them delays the project."""
    if not dates:
        return []
    by_id = {m.id: m for m in milestones}
    current: str | None = max(dates, key=lambda mid: (dates[mid][1], mid))
    path: list[str] = []
    while current is not None:
        path.append(current)
        deps = [d for d in by_id[current].depends_on if d in dates]
        current = max(deps, key=lambda d: (dates[d][1], d)) if deps else None
    return list(reversed(path))


def ready(m: PlanMilestone, by_id: dict[str, PlanMilestone]) -> bool:
    return m.status == "pending" and all(
        by_id[d].status == "done" for d in m.depends_on if d in by_id
    )


def progress(
    *,
    project_id: str,
    status: str,
    due_at: datetime | None,
    milestones: Sequence[PlanMilestone],
    now: datetime,
) -> ProjectProgress:
    dates = schedule(milestones, now)
    by_id = {m.id: m for m in milestones}
    items: list[MilestoneProgress] = []
    for m in sorted(milestones, key=lambda x: dates[x.id][0]):
        percent, sessions_done, _units = _percent(m)
        start, finish = dates[m.id]
        items.append(
            MilestoneProgress(
                id=m.id,
                key=m.key,
                name=m.name,
                status=m.status,
                depends_on=list(m.depends_on),
                percent=percent,
                sessions_total=len(m.sessions),
                sessions_completed=sessions_done,
                checklist_total=m.checklist_total,
                checklist_done=m.checklist_done,
                planned_start=start,
                projected_finish=finish,
                due_at=m.due_at,
                late=m.due_at is not None and finish > m.due_at,
                shift_minutes=m.shift_minutes,
                failed_sessions=[s.id for s in m.sessions if s.status == "failed"],
                unplaced_sessions=[
                    UnplacedSession(
                        session_id=s.id, code=s.unplaced_code or "", detail=s.unplaced_detail
                    )
                    for s in m.sessions
                    if s.status == "unplaced"
                ],
                ready=ready(m, by_id),
            )
        )
    projected = max((f for _s, f in dates.values()), default=None)
    overall = round(sum(i.percent for i in items) / len(items), 1) if items else 0.0
    return ProjectProgress(
        project_id=project_id,
        status=status,
        percent=overall,
        milestones=items,
        critical_path=critical_path(milestones, dates),
        projected_finish=projected,
        due_at=due_at,
        on_track=due_at is None or projected is None or projected <= due_at,
        computed_at=now,
    )
