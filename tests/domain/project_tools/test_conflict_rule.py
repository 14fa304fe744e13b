"""The milestone ↔ task conflict rule (docs/adr/0030-project-tool-sync.md), case by case:
each side against the completion both last agreed on; our own echo and stale read-backs are
no change of the tool's; done here is final, so completion wins over a reopened task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.project_tools.models import TaskLink
from domain.project_tools.sync import Decision, Seen, completion_here, decide
from domain.projects.models import Milestone

SEEN_AT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def _link(completed: bool, *, marker: str = "ours.open", seen_at: datetime | None = None):
    return TaskLink(marker=marker, completed=completed, provider_modified_at=seen_at)


def _seen(completed: bool, *, marker: str = "", at: datetime = SEEN_AT) -> Seen:
    return Seen(completed=completed, modified_at=at, marker=marker)


@pytest.mark.parametrize(
    ("here", "final", "seen", "link", "expected"),
    [
        # No task yet: ours is written as it is.
        (True, False, None, None, Decision(True, None, False)),
        # Completed in the tool, open here and unchanged since: ticked here.
        (False, False, _seen(True), _link(False), Decision(True, True, True)),
        # Reopened in the tool: unticked here.
        (True, False, _seen(False), _link(True), Decision(False, False, True)),
        # Ticked here, the tool unchanged: the task is completed.
        (True, False, _seen(False), _link(False), Decision(True, None, False)),
        # Both completed since they agreed: nothing to carry.
        (True, False, _seen(True), _link(False), Decision(True, None, False)),
        # Reopened in the tool, but done here is final: completion wins.
        (True, True, _seen(False), _link(True), Decision(True, None, False)),
        # Our own write coming back (its marker): not the tool's change.
        (False, False, _seen(True, marker="ours.open"), _link(False), Decision(False, None, False)),
        # A late or repeated delivery, not newer than the last acted on: ignored.
        (
            False,
            False,
            _seen(True, at=SEEN_AT - timedelta(seconds=1)),
            _link(False, seen_at=SEEN_AT),
            Decision(False, None, False),
        ),
        # No checklist (no say here): the tool's completion is taken, nothing to tick.
        (None, False, _seen(True), _link(False), Decision(True, None, True)),
    ],
)
def test_decide(here, final, seen, link, expected) -> None:
    assert decide(here=here, final_here=final, seen=seen, link=link) == expected


def test_completion_here() -> None:
    def milestone(status: str, *done: bool) -> Milestone:
        items = [{"id": f"i{n}", "label": "x", "done": d} for n, d in enumerate(done)]
        return Milestone(status=status, checklist=items)

    assert completion_here(milestone("done")) is True
    assert completion_here(milestone("cancelled", True)) is None
    assert completion_here(milestone("booked")) is None
    assert completion_here(milestone("booked", True, False)) is False
    assert completion_here(milestone("pending", True, True)) is True
