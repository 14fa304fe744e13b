"""The bulk planner's pure parts: where a plan's sessions land on the grid, the key that makes
one plan one batch, and progress by phase."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.bulk.models import BulkBooking
from domain.dashboard import planner
from domain.scheduling.requests import SessionRequest

CREATOR = "cre_" + "0" * 26
AT = datetime(2031, 3, 3, 10, tzinfo=UTC)


def _session(index: int, hour: int, placed: bool = True, **extra) -> planner.Placed:
    start = AT.replace(hour=hour)
    return planner.Placed(
        index=index,
        label=f"Take {index + 1}",
        start=start,
        end=start + timedelta(hours=1),
        creator="Pat",
        placed=placed,
        creator_id=CREATOR,
        **extra,
    )


def test_sessions_land_in_the_hour_they_start_and_early_hours_are_added():
    early = _session(0, 6)
    hours, grid = planner.calendar([AT.date(), AT.date() + timedelta(days=1)], [], [early])
    assert hours[0] == 6 and hours[1:] == list(planner.DAY_HOURS)
    assert [len(c.sessions) for c in grid[0].cells].count(1) == 1
    assert grid[0].cells[0].sessions == [early] and not grid[0].cells[0].clash
    assert all(not c.sessions for c in grid[1].cells)


def test_the_same_sessions_make_the_same_key_whatever_their_mode():
    one = [SessionRequest(creator_id=CREATOR, start=AT, duration_minutes=60)]
    same = [
        SessionRequest.model_validate(
            {"creator_id": CREATOR, "start": AT.isoformat(), "duration_minutes": 60}
        )
    ]
    other = [SessionRequest(creator_id=CREATOR, start=AT, duration_minutes=90)]
    assert planner.plan_key(one) == planner.plan_key(same) != planner.plan_key(other)


def _batch(status: str, counts: dict[str, int], total: int = 4) -> BulkBooking:
    return BulkBooking(status=status, counts=counts, item_count=total)


def test_progress_counts_held_sessions_half_and_a_final_batch_whole():
    holding = planner.progress_of(_batch("holding", {"held": 2, "pending": 2}))
    assert holding.percent == 25 and not holding.final
    assert [p.state for p in holding.phases] == ["done", "current", "todo", "todo"]
    waiting = planner.progress_of(_batch("awaiting_approval", {"pending_approval": 4}))
    assert waiting.percent == 50
    assert [p.state for p in waiting.phases] == ["done", "done", "current", "todo"]
    done = planner.progress_of(_batch("confirmed", {"confirmed": 4}))
    assert done.percent == 100 and done.final and done.summary.endswith("4 of 4 sessions confirmed")
    assert {p.state for p in done.phases} == {"done"}
    failed = planner.progress_of(_batch("failed", {"conflict": 1, "released": 3}))
    assert failed.percent == 100 and failed.confirmed == 0
    assert {p.state for p in failed.phases} == {"todo"}
