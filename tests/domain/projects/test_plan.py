"""The milestone DAG as pure functions: cycles, slips by whole days, critical path, progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.notices.lifecycle import reminder_due
from domain.projects.plan import (
    CycleError,
    PlanMilestone,
    PlanSession,
    critical_path,
    progress,
    required_shifts,
    schedule,
    topological_order,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _m(
    mid: str, deps: list[str], day: int, hours: int = 4, status: str = "pending"
) -> PlanMilestone:
    start = NOW.replace(hour=10) + timedelta(days=day)
    return PlanMilestone(
        id=mid,
        key=mid,
        name=mid,
        status=status,
        depends_on=deps,
        sessions=[PlanSession(id=f"s-{mid}", start=start, duration=timedelta(hours=hours))],
    )


def test_order_puts_dependencies_first_and_names_a_cycle():
    assert topological_order({"c": ["b"], "b": ["a"], "a": []}) == ["a", "b", "c"]
    with pytest.raises(CycleError) as caught:
        topological_order({"a": ["c"], "b": ["a"], "c": ["b"]})
    assert caught.value.path[0] == caught.value.path[-1] and len(caught.value.path) == 4


def test_a_slip_pushes_dependents_by_whole_days_and_cascades():
    tracking = _m("tracking", [], 1)
    mix = _m("mix", ["tracking"], 2)
    master = _m("master", ["mix"], 3)
    tracking.status = "booked"
    # Tracking's session was moved two days later.
    moved = NOW.replace(hour=10) + timedelta(days=3)
    tracking.sessions = [
        PlanSession(
            id="s",
            start=moved - timedelta(days=2),
            duration=timedelta(hours=4),
            booking_start=moved,
            booking_end=moved + timedelta(hours=4),
            booking_status="confirmed",
            status="booked",
        )
    ]
    shifts = required_shifts([tracking, mix, master], NOW)
    assert shifts == {"mix": 2 * 24 * 60, "master": 2 * 24 * 60}
    dates = schedule([tracking, mix, master], NOW)
    assert dates["mix"][0].hour == 10  # the planned time of day is kept
    assert critical_path([tracking, mix, master], dates) == ["tracking", "mix", "master"]


def test_slack_absorbs_a_small_slip():
    tracking = _m("tracking", [], 1)
    mix = _m("mix", ["tracking"], 5)
    tracking.shift_minutes = 24 * 60
    assert required_shifts([tracking, mix], NOW) == {}


def test_a_late_milestone_is_projected_to_now_and_reported_late():
    late = _m("tracking", [], -3, status="booked")
    late.due_at = NOW - timedelta(days=1)
    report = progress(project_id="prj", status="active", due_at=None, milestones=[late], now=NOW)
    (item,) = report.milestones
    assert item.projected_finish == NOW and item.late


def test_reminder_windows_send_only_the_reminder_that_is_due():
    start = NOW + timedelta(hours=30)
    assert reminder_due(start, [1440, 60], NOW) is None
    assert reminder_due(start, [1440, 60], start - timedelta(hours=23)) == 1440
    assert reminder_due(start, [1440, 60], start - timedelta(minutes=30)) == 60
    assert reminder_due(start, [1440, 60], start) is None
    assert reminder_due(start, [1440, 60], start + timedelta(minutes=1)) is None
