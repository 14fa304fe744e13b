"""Conflict check without writing: many proposed sessions against stored bookings, against
each other and against each resource's availability rules, with a reason code per finding.

Cost is kept per resource and per local day, not per proposal: stored bookings are one
set-based query per resource kind (the proposals ``unnest`` joined to ``bookings``); each
resource's working time is converted to UTC once for the local days its proposals touch (a
day's conversion is shared by every resource with the same zone and rules that day) and merged,
so a proposal is a binary search in it; time off is merged once per resource likewise.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import Field
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.rules import ID, SessionTimes
from domain.resources.models import Creator, Room, TimeOff
from domain.scheduling import availability

MAX_PROPOSALS = 5000


class ProposedSession(SessionTimes):
    creator_id: str = Field(pattern=ID)
    room_id: str | None = Field(default=None, pattern=ID)


@dataclass(slots=True)
class ItemReport:
    index: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


# The proposals travel as three array literals (one text parameter each): building them is a
# join of ISO strings, where binding Python lists converts element by element. Their blocks
# arrive as ranges, so the join filter does not build a range for every pair it compares.
_STORED_SQL = """
    SELECT p.idx, b.id, b.status, lower(b.period) AS start, upper(b.period) AS end
    FROM unnest(CAST(:idx AS integer[]), CAST(:rid AS text[]), CAST(:block AS tstzrange[]))
         AS p(idx, rid, block)
    JOIN bookings b
      ON b.organization_id = :org
     AND b.{column}_id = p.rid
     AND b.{column}_block && p.block
     AND b.status IN ('held', 'pending_approval', 'confirmed', 'completed')
     AND NOT (b.status = 'held' AND b.hold_expires_at <= :now)
"""
_STORED = {column: text(_STORED_SQL.replace("{column}", column)) for column in ("creator", "room")}


def _array_literal(values: Iterable[str]) -> str:
    """A PostgreSQL array literal of ``values``, each quoted."""
    return (
        "{"
        + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
        + "}"
    )


Span = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class Rules:
    """What the check needs of a creator or a room."""

    id: str
    timezone: str
    working_hours: Mapping[str, Sequence[Sequence[str]]]
    date_overrides: Mapping[str, Sequence[Sequence[str]]]
    min_notice_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    status: str


# (index of the proposal, the resource, the proposal's blocked range: period plus buffers)
Entry = tuple[int, Rules, Span]


async def _load_rules(
    session: AsyncSession, model: type[Creator] | type[Room], ids: set[str]
) -> dict[str, Rules]:
    if not ids:
        return {}
    rows = await session.execute(
        select(
            model.id,
            model.timezone,
            model.working_hours,
            model.date_overrides,
            model.min_notice_minutes,
            model.buffer_before_minutes,
            model.buffer_after_minutes,
            model.status,
        ).where(model.id.in_(ids))
    )
    return {row[0]: Rules(*row) for row in rows}


def _block(item: ProposedSession, resource: Rules) -> Span:
    return (
        item.start - timedelta(minutes=resource.buffer_before_minutes),
        item.end + timedelta(minutes=resource.buffer_after_minutes),
    )


async def check_conflicts(
    session: AsyncSession, *, organization_id: str, items: list[ProposedSession], now: datetime
) -> list[ItemReport]:
    reports = [ItemReport(i) for i in range(len(items))]
    creators = await _load_rules(session, Creator, {i.creator_id for i in items})
    rooms = await _load_rules(session, Room, {i.room_id for i in items if i.room_id})

    per_kind: dict[str, list[Entry]] = {"creator": [], "room": []}
    for index, item in enumerate(items):
        creator = creators.get(item.creator_id)
        if creator is None:
            reports[index].conflicts.append(
                {"reason": "unknown_creator", "creator_id": item.creator_id}
            )
        else:
            per_kind["creator"].append((index, creator, _block(item, creator)))
        if item.room_id:
            room = rooms.get(item.room_id)
            if room is None:
                reports[index].conflicts.append({"reason": "unknown_room", "room_id": item.room_id})
            else:
                per_kind["room"].append((index, room, _block(item, room)))

    days = DayCache()
    for kind, entries in per_kind.items():
        if not entries:
            continue
        # Stored bookings: one set-based query. Under row-level security PostgreSQL cannot
        # probe the exclusion constraint's GiST index with `&&` (range_overlaps is not
        # leakproof), so this is a hash join on the resource id over the organization's
        # active bookings.
        rows = await session.execute(
            _STORED[kind],
            {
                "idx": "{" + ",".join(str(e[0]) for e in entries) + "}",
                "rid": _array_literal(e[1].id for e in entries),
                "block": _array_literal(
                    f"[{e[2][0].isoformat()},{e[2][1].isoformat()})" for e in entries
                ),
                "org": organization_id,
                "now": now,
            },
        )
        for idx, booking_id, status, start, end in rows:
            reports[idx].conflicts.append(
                {
                    "reason": "booking_overlap",
                    "resource": kind,
                    "booking_id": booking_id,
                    "status": status,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                }
            )
        _batch_overlaps(kind, entries, reports)
        offs = await _time_off(session, kind, {e[1].id for e in entries})
        _rule_checks(kind, entries, items, reports, offs, days, now=now)
    return reports


def _batch_overlaps(kind: str, entries: list[Entry], reports: list[ItemReport]) -> None:
    """Proposals that collide with each other (same resource, overlapping blocks)."""
    by_resource: dict[str, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    for index, resource, (start, end) in entries:
        by_resource[resource.id].append((start, end, index))
    for blocks in by_resource.values():
        blocks.sort()
        for position, (_, end, index) in enumerate(blocks):
            # Walk on by position: slicing the rest copied it, quadratic for one busy resource.
            for other in range(position + 1, len(blocks)):
                other_start, _, other_index = blocks[other]
                if other_start >= end:
                    break
                reports[index].conflicts.append(
                    {"reason": "batch_overlap", "resource": kind, "with_index": other_index}
                )
                reports[other_index].conflicts.append(
                    {"reason": "batch_overlap", "resource": kind, "with_index": index}
                )


async def _time_off(
    session: AsyncSession, kind: str, resource_ids: set[str]
) -> dict[str, list[Span]]:
    """Each resource's time off, merged."""
    column = TimeOff.creator_id if kind == "creator" else TimeOff.room_id
    offs: dict[str, list[Span]] = defaultdict(list)
    rows = await session.execute(select(column, TimeOff.period).where(column.in_(resource_ids)))
    for owner, period in rows:
        assert owner is not None and period.lower is not None and period.upper is not None
        offs[owner].append((period.lower, period.upper))
    return {owner: merge_spans(spans) for owner, spans in offs.items()}


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted union of ``[start, end)`` pairs; touching pairs are joined, empty ones dropped."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


RangesKey = tuple[tuple[str, ...], ...]


def _ranges_key(ranges: Sequence[Sequence[str]]) -> RangesKey:
    return tuple(tuple(pair) for pair in ranges)


class DayCache:
    """Local days converted to UTC spans, shared by every resource with the same zone and the
    same ranges that day: the conversion is what costs, and calendars share templates."""

    def __init__(self) -> None:
        self._spans: dict[tuple[str, int, RangesKey], list[Span]] = {}

    def spans(
        self,
        tz: ZoneInfo,
        ordinal: int,
        ranges: Sequence[Sequence[str]],
        key: RangesKey,
    ) -> list[Span]:
        cache_key = (tz.key, ordinal, key)
        found = self._spans.get(cache_key)
        if found is None:
            found = self._spans[cache_key] = availability.day_spans(
                ranges, tz, date.fromordinal(ordinal)
            )
        return found


def working_time(resource: Rules, sessions: Iterable[Span], days: DayCache) -> list[Span]:
    """The resource's working time on every local day that can reach into one of ``sessions``
    (``availability.local_days`` of each), merged. A session lies in working time iff it lies
    inside one of the returned spans: the answer :func:`availability.fits` gives against
    ``working_intervals`` around that session alone."""
    tz = availability.zone(resource.timezone)
    needed: set[int] = set()
    for start, end in sessions:
        first, last = availability.local_days(start, end, tz)
        needed.update(range(first.toordinal(), last.toordinal() + 1))
    weekly = [resource.working_hours.get(name, ()) for name in availability.WEEKDAYS]
    weekly_keys = [_ranges_key(ranges) for ranges in weekly]
    overrides = resource.date_overrides
    found: list[Span] = []
    for ordinal in sorted(needed):
        # As availability.day_ranges: the date's override, else its weekday's rules.
        day = date.fromordinal(ordinal)
        override = overrides.get(day.isoformat()) if overrides else None
        if override is not None:
            found.extend(days.spans(tz, ordinal, override, _ranges_key(override)))
        else:
            weekday = day.weekday()
            found.extend(days.spans(tz, ordinal, weekly[weekday], weekly_keys[weekday]))
    return merge_spans(found)


def lies_within(start: datetime, end: datetime, spans: list[Span], starts: list[datetime]) -> bool:
    """``[start, end)`` inside one of ``spans`` (merged; ``starts`` are their starts)."""
    position = bisect.bisect_right(starts, start) - 1
    return position >= 0 and spans[position][0] <= start and end <= spans[position][1]


def overlaps_any(start: datetime, end: datetime, spans: list[Span], ends: list[datetime]) -> bool:
    """``[start, end)`` overlaps one of ``spans`` (merged; ``ends`` are their ends)."""
    position = bisect.bisect_right(ends, start)
    return position < len(spans) and spans[position][0] < end


def _rule_checks(
    kind: str,
    entries: list[Entry],
    items: list[ProposedSession],
    reports: list[ItemReport],
    offs: dict[str, list[Span]],
    days: DayCache,
    *,
    now: datetime,
) -> None:
    """Minimum notice, working hours and time off, each resource's rules expanded once."""
    grouped: dict[str, list[int]] = defaultdict(list)
    resources: dict[str, Rules] = {}
    for index, resource, _ in entries:
        grouped[resource.id].append(index)
        resources[resource.id] = resource
    for resource_id, indexes in grouped.items():
        resource = resources[resource_id]
        work = working_time(resource, ((items[i].start, items[i].end) for i in indexes), days)
        work_starts = [span[0] for span in work]
        off = offs.get(resource_id, [])
        off_ends = [span[1] for span in off]
        earliest = now + timedelta(minutes=resource.min_notice_minutes)
        inactive = resource.status != "active"
        for index in indexes:
            start, end = items[index].start, items[index].end
            conflicts = reports[index].conflicts
            if start < earliest:
                conflicts.append(
                    {
                        "reason": "min_notice",
                        "resource": kind,
                        "earliest_start": earliest.isoformat(),
                    }
                )
            if not lies_within(start, end, work, work_starts):
                conflicts.append(
                    {
                        "reason": "outside_working_hours",
                        "resource": kind,
                        "timezone": resource.timezone,
                    }
                )
            if overlaps_any(start, end, off, off_ends):
                conflicts.append({"reason": "time_off", "resource": kind})
            if inactive:
                conflicts.append({"reason": "resource_inactive", "resource": kind})
