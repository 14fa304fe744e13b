"""Availability arithmetic: pure functions over half-open UTC intervals.

A creator's (or room's) working time is a set of weekly rules in their own timezone
(``{"mon": [["09:00", "18:00"]], ...}``) plus date overrides (``{"2026-12-24": []}`` closes a
day, a list replaces that day's rules). Local rules are converted to UTC day by day with
``zoneinfo``, so a week across a DST change is right.

Buffers: a stored booking blocks ``[start - buffer_before, end + buffer_after]`` of its creator.
A new session fits when its own blocked range overlaps no stored block; equivalently the session
itself must avoid each stored block widened by the new session's buffers. Working hours apply
to the session, not to its buffers.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WeeklyHours = Mapping[str, Sequence[Sequence[str]]]
DateOverrides = Mapping[str, Sequence[Sequence[str]]]


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """``[start, end)`` in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("intervals need timezone-aware datetimes")

    @property
    def duration(self) -> timedelta:
        return self.end - self.start

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def widened(self, before: timedelta, after: timedelta) -> Interval:
        return Interval(self.start - before, self.end + after)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or ValueError (``"UTC+2"`` and friends are not zones)."""
    if name not in _known_zones():
        raise ValueError(f"unknown timezone '{name}'; use an IANA name such as Europe/Berlin")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - defensive
        raise ValueError(f"unknown timezone '{name}'") from exc


_ZONES: frozenset[str] | None = None


def _known_zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def parse_clock(value: str) -> time | None:
    """``"HH:MM"`` → time; ``"24:00"`` → ``None`` (end of day)."""
    if value == "24:00":
        return None
    try:
        hours, minutes = value.split(":")
        parsed = time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"'{value}' is not a time of day (HH:MM, 00:00 to 24:00)") from None
    if len(hours) != 2 or len(minutes) != 2:
        raise ValueError(f"'{value}' is not a time of day (HH:MM, 00:00 to 24:00)")
    return parsed


def validate_ranges(ranges: Sequence[Sequence[str]], where: str) -> None:
    """Each range is ``[start, end]`` with start < end; ranges of one day do not overlap."""
    spans = []
    for pair in ranges:
        if len(pair) != 2:
            raise ValueError(f"{where}: each range is [start, end]")
        start, end = parse_clock(pair[0]), parse_clock(pair[1])
        if start is None:
            raise ValueError(f"{where}: a range cannot start at 24:00")
        end_minutes = 24 * 60 if end is None else end.hour * 60 + end.minute
        start_minutes = start.hour * 60 + start.minute
        if end_minutes <= start_minutes:
            raise ValueError(f"{where}: {pair[0]} to {pair[1]} ends before it starts")
        spans.append((start_minutes, end_minutes))
    spans.sort()
    for (_, prev_end), (next_start, _) in itertools.pairwise(spans):
        if next_start < prev_end:
            raise ValueError(f"{where}: ranges overlap")


def validate_weekly(weekly: WeeklyHours) -> None:
    for day, ranges in weekly.items():
        if day not in WEEKDAYS:
            raise ValueError(f"'{day}' is not a weekday ({', '.join(WEEKDAYS)})")
        validate_ranges(ranges, day)


def validate_overrides(overrides: DateOverrides) -> None:
    for day, ranges in overrides.items():
        try:
            date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"'{day}' is not a date (YYYY-MM-DD)") from None
        validate_ranges(ranges, day)


def _local(day: date, clock: time | None, tz: ZoneInfo) -> datetime:
    if clock is None:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, clock, tzinfo=tz)


def _utc(day: date, clock: time | None, tz: ZoneInfo) -> datetime:
    """The first instant the local clock shows ``clock`` (or later) on ``day``, in UTC.

    A repeated time (fall-back) is its first occurrence. A time the clock skips (spring-forward)
    is the jump itself: ``zoneinfo`` would place 02:30 in a skipped hour half an hour past it,
    stretching a shift that ends at 02:30 to 03:30.
    """
    local = _local(day, clock, tz)
    moment = local.astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
        return moment
    # Skipped: find the jump (whole seconds) between a reading with the offset before it and
    # one with the offset after it.
    offset_after = moment.astimezone(tz).utcoffset()
    before = int(local.replace(fold=1).astimezone(UTC).timestamp())
    after = int(moment.timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def day_ranges(weekly: WeeklyHours, overrides: DateOverrides, day: date) -> Sequence[Sequence[str]]:
    """The local ``[start, end]`` ranges that apply on ``day``: its override, else its weekday's."""
    key = day.isoformat()
    return overrides[key] if key in overrides else weekly.get(WEEKDAYS[day.weekday()], ())


def day_spans(
    ranges: Sequence[Sequence[str]], tz: ZoneInfo, day: date
) -> list[tuple[datetime, datetime]]:
    """``ranges`` on the local ``day`` as UTC ``(start, end)`` pairs, unclipped and unmerged;
    a range the clock skips entirely comes out empty (start == end)."""
    return [
        (_utc(day, parse_clock(start_s), tz), _utc(day, parse_clock(end_s), tz))
        for start_s, end_s in ranges
    ]


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[date, date]:
    """First and last local day whose working time can reach into ``[start, end)`` (a day
    either side: around a DST change at midnight a local date is not the whole story)."""
    return (
        start.astimezone(tz).date() - timedelta(days=1),
        end.astimezone(tz).date() + timedelta(days=1),
    )


def working_intervals(
    weekly: WeeklyHours, overrides: DateOverrides, tz_name: str, window: Interval
) -> list[Interval]:
    """Working time inside ``window``, in UTC, merged and sorted."""
    tz = zone(tz_name)
    day, last = local_days(window.start, window.end, tz)
    out: list[Interval] = []
    while day <= last:
        for start, end in day_spans(day_ranges(weekly, overrides, day), tz, day):
            start, end = max(start, window.start), min(end, window.end)
            if start < end:
                out.append(Interval(start, end))
        day += timedelta(days=1)
    return merge(out)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union; touching intervals are joined."""
    result: list[Interval] = []
    for interval in sorted(intervals):
        if result and interval.start <= result[-1].end:
            if interval.end > result[-1].end:
                result[-1] = Interval(result[-1].start, interval.end)
        else:
            result.append(interval)
    return result


def subtract(base: Sequence[Interval], remove: Iterable[Interval]) -> list[Interval]:
    """``base`` minus the union of ``remove`` (both may be unsorted)."""
    cuts = merge(remove)
    result: list[Interval] = []
    for interval in merge(base):
        start = interval.start
        # First cut that ends after `start`; cuts are sorted and disjoint.
        index = bisect.bisect_right([c.end for c in cuts], start)
        while index < len(cuts) and cuts[index].start < interval.end:
            cut = cuts[index]
            if cut.start > start:
                result.append(Interval(start, cut.start))
            start = max(start, cut.end)
            index += 1
        if start < interval.end:
            result.append(Interval(start, interval.end))
    return result


def free_intervals(
    *,
    weekly: WeeklyHours,
    overrides: DateOverrides,
    tz_name: str,
    window: Interval,
    time_off: Iterable[Interval] = (),
    blocks: Iterable[Interval] = (),
    buffer_before: timedelta = timedelta(0),
    buffer_after: timedelta = timedelta(0),
    earliest_start: datetime | None = None,
) -> list[Interval]:
    """Intervals in which a session (with the given buffers) can be placed.

    ``blocks`` are stored bookings' blocked ranges (their own buffers included). A session
    ``[s, e)`` fits inside a returned interval iff its block ``[s - before, e + after)``
    overlaps none of them, it lies in working time, avoids time off and starts no earlier
    than ``earliest_start`` (now plus minimum notice).
    """
    work = working_intervals(weekly, overrides, tz_name, window)
    # The new session's block [s - before, e + after) misses a stored block B iff the session
    # itself misses [B.start - after, B.end + before).
    widened = [b.widened(buffer_after, buffer_before) for b in blocks]
    free = subtract(work, [*time_off, *widened])
    if earliest_start is not None:
        free = subtract(free, [Interval(datetime.min.replace(tzinfo=UTC), earliest_start)])
    return free


def fits(session: Interval, free: Sequence[Interval]) -> bool:
    index = bisect.bisect_right([f.start for f in free], session.start) - 1
    return index >= 0 and free[index].contains(session)


def nearest_slots(
    free: Sequence[Interval],
    duration: timedelta,
    around: datetime,
    count: int = 3,
    step: timedelta = timedelta(minutes=15),
) -> list[Interval]:
    """Up to ``count`` session slots of ``duration`` in ``free``, nearest to ``around`` first.

    Candidate starts are the start and end-aligned positions of each free interval and the
    ``step``-aligned position nearest to ``around``; the result is sorted by distance.
    """
    candidates: set[datetime] = set()
    for interval in free:
        if interval.duration < duration:
            continue
        latest = interval.end - duration
        candidates.add(interval.start)
        candidates.add(latest)
        if interval.start <= around <= latest:
            offset = (around - interval.start) // step * step
            candidates.add(interval.start + offset)
    ranked = sorted(candidates, key=lambda s: (abs(s - around), s))
    return [Interval(s, s + duration) for s in ranked[:count]]
