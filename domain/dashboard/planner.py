"""Read models of the dashboard's bulk planner: the calendar a manager picks sessions on and
sees a plan on, the key that makes one plan one batch, and a batch's progress by phase.

Nothing here plans or books: the plan comes from :mod:`domain.scheduling.planning` and the
batch from :mod:`domain.bulk.batches`, exactly as ``/v1/bulk-bookings`` gets them. This module
only lays their answers out on days and hours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.bulk.models import FINAL_BATCH_STATUSES, BulkBooking, BulkBookingItem
from domain.resources.models import Creator, Room
from domain.scheduling.requests import Plan, PlanItem, SessionRequest

# The working day the grid shows unless a session lies outside it.
DAY_HOURS = range(8, 20)
MAX_DAYS = 62


@dataclass(slots=True)
class Placed:
    """A session of the plan as the calendar shows it."""

    index: int
    label: str
    start: datetime
    end: datetime
    creator: str
    placed: bool
    reason: dict[str, Any] | None = None
    creator_id: str | None = None
    room_id: str | None = None


@dataclass(slots=True)
class Cell:
    at: datetime
    busy: list[str] = field(default_factory=list)
    sessions: list[Placed] = field(default_factory=list)

    @property
    def clash(self) -> bool:
        return any(not s.placed for s in self.sessions)


@dataclass(slots=True)
class Day:
    day: date
    cells: list[Cell]


async def bookable_choices(
    session: AsyncSession, organization_id: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(id, name) of the organization's active creators and rooms, by name."""

    async def active(model: type[Creator] | type[Room]) -> list[tuple[str, str]]:
        rows = await session.execute(
            select(model.id, model.name)
            .where(model.organization_id == organization_id, model.status == "active")
            .order_by(model.name, model.id)
            .limit(500)
        )
        return [(i, n) for i, n in rows]

    return await active(Creator), await active(Room)


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(max(1, min(count, MAX_DAYS)))]


def _label(booking: Booking, creator: str) -> str:
    lower = booking.period.lower
    upper = booking.period.upper
    when = f"{lower:%H:%M} to {upper:%H:%M}" if lower and upper else ""
    return f"{when} {booking.title or 'Booked'} ({creator})".strip()


def calendar(
    days: Sequence[date],
    bookings: Sequence[tuple[Booking, str, str | None]],
    sessions: Sequence[Placed] = (),
) -> tuple[list[int], list[Day]]:
    """The hours shown and one row of hour cells per day: existing bookings in every hour they
    cover, each session of a plan in the hour it starts (UTC)."""
    hours = set(DAY_HOURS)
    for s in sessions:
        hours.add(s.start.hour)
    shown = sorted(hours)
    grid: list[Day] = []
    cells: dict[tuple[date, int], Cell] = {}
    for day in days:
        row = []
        for hour in shown:
            cell = Cell(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))
            cells[(day, hour)] = cell
            row.append(cell)
        grid.append(Day(day, row))
    for booking, creator, _artist in bookings:
        lower, upper = booking.period.lower, booking.period.upper
        if lower is None or upper is None:
            continue
        at = lower.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        while at < upper:
            hour_cell = cells.get((at.date(), at.hour))
            if hour_cell is not None:
                hour_cell.busy.append(_label(booking, creator))
            at += timedelta(hours=1)
    for s in sessions:
        start_cell = cells.get((s.start.astimezone(UTC).date(), s.start.astimezone(UTC).hour))
        if start_cell is not None:
            start_cell.sessions.append(s)
    return shown, grid


def placed_sessions(
    requests: Sequence[SessionRequest], plan: Plan, creators: dict[str, str]
) -> list[Placed]:
    """Each session of the plan where it goes, or (unplaced) where it was asked for."""
    out = []
    for item in plan.items:
        req = requests[item.index]
        label = req.ref or req.title or f"Session {item.index + 1}"
        start, end = _where(req, item)
        if start is None or end is None:
            continue
        out.append(
            Placed(
                index=item.index,
                label=label,
                start=start,
                end=end,
                creator=creators.get(item.creator_id or req.creator_id or "", ""),
                placed=item.placed,
                reason=item.reason.model_dump(exclude_none=True) if item.reason else None,
                creator_id=item.creator_id or req.creator_id,
                room_id=item.room_id or req.room_id,
            )
        )
    return out


def _where(req: SessionRequest, item: PlanItem) -> tuple[datetime | None, datetime | None]:
    if item.placed:
        return item.start, item.end
    if req.start is not None:
        return req.start, req.start + timedelta(minutes=req.duration_minutes)
    return None, None


def plan_key(sessions: Sequence[SessionRequest]) -> str:
    """The idempotency key of a plan: the same sessions confirmed twice (two managers on the
    same plan, a double click) are one batch, whichever mode each chose."""
    canonical = json.dumps(
        [s.model_dump(mode="json", exclude_defaults=True) for s in sessions],
        sort_keys=True,
        separators=(",", ":"),
    )
    return "dashboard-plan:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


# --- progress -------------------------------------------------------------------------------

PHASES = (
    ("planning", "Planning"),
    ("holding", "Holding"),
    ("approval", "Approval"),
    ("confirmed", "Confirmed"),
)
_PHASE_OF = {
    "pending": 0,
    "planning": 0,
    "holding": 1,
    "awaiting_approval": 2,
    "confirming": 3,
    "confirmed": 3,
}
# An item counts fully once its fate is known, half while it is held or awaiting approval.
SETTLED_ITEMS = ("confirmed", "released", "failed", "conflict", "unplaced")
HALFWAY_ITEMS = ("held", "pending_approval")


@dataclass(frozen=True, slots=True)
class Phase:
    key: str
    label: str
    state: str  # done | current | todo


@dataclass(frozen=True, slots=True)
class BatchProgress:
    status: str
    final: bool
    percent: int
    confirmed: int
    total: int
    phases: list[Phase]

    @property
    def summary(self) -> str:
        return f"{self.percent}%: {self.confirmed} of {self.total} sessions confirmed"


def progress_of(batch: BulkBooking) -> BatchProgress:
    """Where the saga is, from the batch's item counts (the read model the saga keeps)."""
    counts = {k: int(v) for k, v in (batch.counts or {}).items()}
    total = batch.item_count
    final = batch.status in FINAL_BATCH_STATUSES
    if final:
        percent = 100
    else:
        score = sum(counts.get(s, 0) for s in SETTLED_ITEMS) + 0.5 * sum(
            counts.get(s, 0) for s in HALFWAY_ITEMS
        )
        percent = min(99, int(100 * score / total)) if total else 0
    reached = _PHASE_OF.get(batch.status)
    phases = []
    for position, (key, label) in enumerate(PHASES):
        if batch.status == "confirmed" or (reached is not None and position < reached):
            state = "done"
        elif reached is not None and position == reached:
            state = "current"
        else:
            state = "todo"  # not reached, or a batch that ended without confirming
        phases.append(Phase(key, label, state))
    return BatchProgress(
        status=batch.status,
        final=final,
        percent=percent,
        confirmed=counts.get("confirmed", 0),
        total=total,
        phases=phases,
    )


def when(start: datetime | None) -> str:
    """A session's start as the progress page shows it (UTC)."""
    return f"{start.astimezone(UTC):%a %d %b %H:%M}" if start else ""


def item_fate(item: BulkBookingItem) -> str:
    """One line on what became of an item: its booking, or why not."""
    if item.reason and item.reason.get("detail"):
        return str(item.reason["detail"])
    if item.booking_id:
        return f"booking {item.booking_id}"
    return ""
