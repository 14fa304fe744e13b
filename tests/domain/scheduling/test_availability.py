"""Availability arithmetic as a booker sees it: when a creator can be booked, in UTC.

The examples pin the cases people get wrong (DST weeks, ``24:00``, overrides, buffers, notice);
the properties compare :func:`free_intervals` and :func:`fits` with a brute-force reference
that walks the window quarter-hour by quarter-hour and decides each one from the definition.
No database: ``pytest tests/unit/test_availability.py --noconftest`` runs it alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.scheduling.availability import (
    Interval,
    fits,
    free_intervals,
    nearest_slots,
    validate_overrides,
    validate_weekly,
    working_intervals,
    zone,
)

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NINE_TO_FIVE = {day: [["09:00", "17:00"]] for day in EVERY_DAY}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def spans(intervals: list[Interval]) -> list[tuple[str, str]]:
    """Intervals as readable ISO pairs, so a failure shows the times a user would see."""
    return [(i.start.strftime("%m-%d %H:%M"), i.end.strftime("%m-%d %H:%M")) for i in intervals]


# --- working time across DST ------------------------------------------------------------------


def test_berlin_working_day_starts_an_hour_earlier_in_utc_from_the_spring_forward_sunday() -> None:
    week = Interval(utc(2026, 3, 23), utc(2026, 3, 30))  # Mon..Sun, clocks go forward on the 29th

    free = free_intervals(weekly=NINE_TO_FIVE, overrides={}, tz_name="Europe/Berlin", window=week)

    assert spans(free) == [
        *[(f"03-{d} 08:00", f"03-{d} 16:00") for d in range(23, 29)],
        ("03-29 07:00", "03-29 15:00"),
    ]


def test_new_york_working_day_starts_an_hour_later_in_utc_from_the_fall_back_sunday() -> None:
    days = Interval(utc(2026, 10, 30), utc(2026, 11, 3))  # clocks go back on Sunday 1 November

    free = free_intervals(
        weekly=NINE_TO_FIVE, overrides={}, tz_name="America/New_York", window=days
    )

    assert spans(free) == [
        ("10-30 13:00", "10-30 21:00"),
        ("10-31 13:00", "10-31 21:00"),
        ("11-01 14:00", "11-01 22:00"),
        ("11-02 14:00", "11-02 22:00"),
    ]


def test_a_night_shift_ending_at_24_00_across_the_fall_back_lasts_an_extra_real_hour() -> None:
    weekly = {"sat": [["18:00", "24:00"]], "sun": [["00:00", "03:00"], ["18:00", "24:00"]]}
    days = Interval(utc(2026, 10, 31), utc(2026, 11, 3))

    work = working_intervals(weekly, {}, "America/New_York", days)

    # Saturday 18:00 EDT to Sunday 03:00 EST is one shift of ten real hours (nine on the clock),
    # and Sunday's 24:00 is Monday 00:00 EST.
    assert spans(work) == [("10-31 22:00", "11-01 08:00"), ("11-01 23:00", "11-02 05:00")]
    assert work[0].duration == timedelta(hours=10)


def test_hours_that_spring_forward_skips_are_not_worked_and_do_not_shift_the_shift() -> None:
    sunday = Interval(utc(2026, 3, 28), utc(2026, 3, 31))  # Berlin jumps 02:00 → 03:00 at 01:00Z

    ends_in_gap = working_intervals({"sun": [["01:00", "02:30"]]}, {}, "Europe/Berlin", sunday)
    starts_in_gap = working_intervals({"sun": [["02:30", "04:00"]]}, {}, "Europe/Berlin", sunday)
    only_gap = working_intervals({"sun": [["02:00", "03:00"]]}, {}, "Europe/Berlin", sunday)

    # "until 02:30" ends when the clock jumps past it (03:00 CEST = 01:00Z), not at 03:30 CEST;
    # "from 02:30" starts at that jump, not half an hour into the new hour.
    assert spans(ends_in_gap) == [("03-29 00:00", "03-29 01:00")]
    assert spans(starts_in_gap) == [("03-29 01:00", "03-29 02:00")]
    assert only_gap == []


def test_a_shift_ending_in_the_repeated_hour_ends_the_first_time_the_clock_shows_it() -> None:
    sunday = Interval(utc(2026, 10, 31), utc(2026, 11, 2))

    early = working_intervals({"sun": [["00:00", "01:30"]]}, {}, "America/New_York", sunday)
    late = working_intervals({"sun": [["01:30", "03:00"]]}, {}, "America/New_York", sunday)

    assert spans(early) == [("11-01 04:00", "11-01 05:30")]  # 00:00 EDT → first 01:30 (EDT)
    assert spans(late) == [("11-01 05:30", "11-01 08:00")]  # first 01:30 EDT → 03:00 EST


def test_a_session_across_midnight_fits_when_the_days_ranges_touch() -> None:
    weekly = {"fri": [["20:00", "24:00"]], "sat": [["00:00", "02:00"], ["02:00", "04:00"]]}
    weekend = Interval(utc(2026, 6, 5), utc(2026, 6, 7))

    free = free_intervals(weekly=weekly, overrides={}, tz_name="UTC", window=weekend)

    assert spans(free) == [("06-05 20:00", "06-06 04:00")]
    assert fits(Interval(utc(2026, 6, 5, 23), utc(2026, 6, 6, 3)), free)


# --- date overrides ---------------------------------------------------------------------------


def test_an_empty_override_closes_the_day_and_a_list_replaces_its_hours() -> None:
    week = Interval(utc(2026, 12, 21), utc(2026, 12, 28))
    overrides = {"2026-12-24": [["10:00", "12:00"], ["13:00", "14:00"]], "2026-12-25": []}

    free = free_intervals(weekly=NINE_TO_FIVE, overrides=overrides, tz_name="UTC", window=week)

    assert spans(free) == [
        ("12-21 09:00", "12-21 17:00"),
        ("12-22 09:00", "12-22 17:00"),
        ("12-23 09:00", "12-23 17:00"),
        ("12-24 10:00", "12-24 12:00"),
        ("12-24 13:00", "12-24 14:00"),
        ("12-26 09:00", "12-26 17:00"),
        ("12-27 09:00", "12-27 17:00"),
    ]


def test_an_override_opens_a_day_the_weekly_rules_leave_closed() -> None:
    weekend = Interval(utc(2026, 6, 6), utc(2026, 6, 8))  # Saturday and Sunday

    free = free_intervals(
        weekly={"mon": [["09:00", "17:00"]]},
        overrides={"2026-06-07": [["12:00", "15:00"]]},
        tz_name="Europe/Berlin",
        window=weekend,
    )

    assert spans(free) == [("06-07 10:00", "06-07 13:00")]


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({"funday": [["09:00", "17:00"]]}, "'funday' is not a weekday"),
        ({"mon": [["09:00", "25:00"]]}, "'25:00' is not a time of day"),
        ({"mon": [["9:00", "17:00"]]}, "'9:00' is not a time of day"),
        ({"mon": [["09:60", "17:00"]]}, "'09:60' is not a time of day"),
        ({"mon": [["nine", "17:00"]]}, "'nine' is not a time of day"),
        ({"mon": [["17:00", "09:00"]]}, "mon: 17:00 to 09:00 ends before it starts"),
        ({"mon": [["09:00", "09:00"]]}, "mon: 09:00 to 09:00 ends before it starts"),
        ({"mon": [["24:00", "24:00"]]}, "mon: a range cannot start at 24:00"),
        ({"tue": [["09:00", "13:00"], ["12:00", "18:00"]]}, "tue: ranges overlap"),
        ({"tue": [["09:00"]]}, "tue: each range is [start, end]"),
    ],
)
def test_invalid_weekly_rules_are_refused_with_a_reason(weekly: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        validate_weekly(weekly)


def test_valid_weekly_rules_pass_including_touching_ranges_and_24_00() -> None:
    validate_weekly({"mon": [["13:00", "24:00"], ["00:00", "13:00"]], "sun": []})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"24.12.2026": []}, "'24.12.2026' is not a date"),
        ({"2026-02-30": []}, "'2026-02-30' is not a date"),
        ({"2026-12-24": [["15:00", "10:00"]]}, "ends before it starts"),
    ],
)
def test_invalid_overrides_are_refused_with_a_reason(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_overrides(overrides)


@pytest.mark.parametrize("name", ["Mars/Base", "UTC+2", "CEST", "europe/berlin", ""])
def test_unknown_timezones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown timezone"):
        zone(name)
    with pytest.raises(ValueError, match="unknown timezone"):
        working_intervals(NINE_TO_FIVE, {}, name, Interval(utc(2026, 1, 1), utc(2026, 1, 2)))


def test_naive_datetimes_are_not_intervals() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Interval(datetime(2026, 1, 1), datetime(2026, 1, 2))


# --- buffers and notice -----------------------------------------------------------------------


def test_a_stored_block_is_widened_by_the_new_sessions_buffers() -> None:
    day = Interval(utc(2026, 6, 1), utc(2026, 6, 2))
    stored = Interval(utc(2026, 6, 1, 12), utc(2026, 6, 1, 13))  # its own buffers included

    free = free_intervals(
        weekly=NINE_TO_FIVE,
        overrides={},
        tz_name="UTC",
        window=day,
        blocks=[stored],
        buffer_before=timedelta(minutes=30),
        buffer_after=timedelta(minutes=15),
    )

    # A session ending at 11:45 has its 15-minute after-buffer end at 12:00; one starting at
    # 13:30 has its 30-minute before-buffer start at 13:00.
    assert spans(free) == [("06-01 09:00", "06-01 11:45"), ("06-01 13:30", "06-01 17:00")]
    assert fits(Interval(utc(2026, 6, 1, 11), utc(2026, 6, 1, 11, 45)), free)
    assert not fits(Interval(utc(2026, 6, 1, 11), utc(2026, 6, 1, 12)), free)
    assert fits(Interval(utc(2026, 6, 1, 13, 30), utc(2026, 6, 1, 14)), free)
    assert not fits(Interval(utc(2026, 6, 1, 13, 15), utc(2026, 6, 1, 14)), free)


def test_working_hours_bound_the_session_not_its_buffers() -> None:
    day = Interval(utc(2026, 6, 1), utc(2026, 6, 2))

    free = free_intervals(
        weekly=NINE_TO_FIVE,
        overrides={},
        tz_name="UTC",
        window=day,
        buffer_before=timedelta(hours=1),
        buffer_after=timedelta(hours=1),
    )

    assert spans(free) == [("06-01 09:00", "06-01 17:00")]


def test_time_off_is_cut_out_without_buffers() -> None:
    day = Interval(utc(2026, 6, 1), utc(2026, 6, 2))

    free = free_intervals(
        weekly=NINE_TO_FIVE,
        overrides={},
        tz_name="UTC",
        window=day,
        time_off=[Interval(utc(2026, 6, 1, 11), utc(2026, 6, 1, 14))],
        buffer_before=timedelta(minutes=30),
    )

    assert spans(free) == [("06-01 09:00", "06-01 11:00"), ("06-01 14:00", "06-01 17:00")]


def test_minimum_notice_removes_everything_before_the_earliest_start() -> None:
    days = Interval(utc(2026, 6, 1), utc(2026, 6, 3))

    free = free_intervals(
        weekly=NINE_TO_FIVE,
        overrides={},
        tz_name="UTC",
        window=days,
        earliest_start=utc(2026, 6, 1, 15, 20),
    )

    assert spans(free) == [("06-01 15:20", "06-01 17:00"), ("06-02 09:00", "06-02 17:00")]


# --- nearest slots ----------------------------------------------------------------------------


def test_nearest_slots_offer_the_closest_starts_that_fit_nearest_first() -> None:
    free = [
        Interval(utc(2026, 6, 1, 9), utc(2026, 6, 1, 11)),
        Interval(utc(2026, 6, 1, 14), utc(2026, 6, 1, 15)),  # too short for two hours
        Interval(utc(2026, 6, 2, 9), utc(2026, 6, 2, 17)),
    ]

    slots = nearest_slots(free, timedelta(hours=2), around=utc(2026, 6, 1, 14))

    assert spans(slots) == [
        ("06-01 09:00", "06-01 11:00"),
        ("06-02 09:00", "06-02 11:00"),
        ("06-02 11:00", "06-02 13:00"),  # nearer than the end of that day
    ]


def test_nearest_slots_fill_a_long_free_stretch_before_looking_further() -> None:
    """A 409 offered 12:00, 16:00 and the next morning while 14:00-16:00 was free too."""
    free = [
        Interval(utc(2026, 6, 1, 12), utc(2026, 6, 1, 18)),
        Interval(utc(2026, 6, 2, 9), utc(2026, 6, 2, 17)),
    ]

    slots = nearest_slots(free, timedelta(hours=2), around=utc(2026, 6, 1, 11))

    assert spans(slots) == [
        ("06-01 12:00", "06-01 14:00"),
        ("06-01 14:00", "06-01 16:00"),
        ("06-01 16:00", "06-01 18:00"),
    ]


def test_nearest_slots_offer_the_requested_time_when_it_is_free() -> None:
    free = [Interval(utc(2026, 6, 1, 9), utc(2026, 6, 1, 17))]

    slots = nearest_slots(free, timedelta(hours=1), around=utc(2026, 6, 1, 12, 10), count=2)

    # The step-aligned start at or before the requested time comes first, then the nearest
    # slot that does not overlap it.
    assert spans(slots) == [("06-01 12:00", "06-01 13:00"), ("06-01 13:00", "06-01 14:00")]


def test_nearest_slots_is_empty_when_nothing_is_long_enough() -> None:
    free = [Interval(utc(2026, 6, 1, 9), utc(2026, 6, 1, 10))]

    assert nearest_slots(free, timedelta(hours=2), around=utc(2026, 6, 1, 9)) == []


# --- properties against a brute-force reference -----------------------------------------------

GRID = timedelta(minutes=15)
# Each zone with the UTC instants of its 2026 DST changes: spring-forward and fall-back at
# 02:00/03:00 (Europe, US), at local midnight (Santiago), by half an hour (Lord Howe), and none
# (UTC, Kolkata at +05:30). Windows start near one of them, so most examples cross a change.
ZONES: dict[str, tuple[datetime, ...]] = {
    "UTC": (utc(2026, 6, 15),),
    "Europe/Berlin": (utc(2026, 3, 29, 1), utc(2026, 10, 25, 1)),
    "America/New_York": (utc(2026, 3, 8, 7), utc(2026, 11, 1, 6)),
    "America/Santiago": (utc(2026, 4, 5, 3), utc(2026, 9, 6, 4)),
    "Australia/Lord_Howe": (utc(2026, 4, 4, 15), utc(2026, 10, 3, 15, 30)),
    "Asia/Kolkata": (utc(2026, 6, 15),),
}


def clock(quarter: int) -> str:
    return f"{quarter // 4:02d}:{quarter % 4 * 15:02d}"  # 96 → "24:00"


def minutes(value: str) -> int:
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


# Ranges start anywhere but favour the quarter-hours DST skips or repeats (00:00-03:00); they
# are often short, often touch (gap 0) and often run to 24:00, so days and ranges join up.
range_starts = st.one_of(st.sampled_from([1, 2, 3, 8, 9, 10, 11]), st.integers(0, 95))
range_steps = st.tuples(
    st.one_of(st.integers(1, 4), st.integers(1, 40)), st.sampled_from([0, 0, 1, 4, 12, 30])
)


@st.composite
def working_day(draw: st.DrawFn) -> list[list[str]]:
    ranges: list[list[str]] = []
    begin = draw(range_starts)
    for length, gap in draw(st.lists(range_steps, min_size=1, max_size=3)):
        end = min(96 if draw(st.booleans()) and begin > 60 else begin + length, 96)
        ranges.append([clock(begin), clock(end)])
        begin = end + gap
        if begin >= 96:
            break
    return ranges


@dataclass(frozen=True)
class Calendar:
    tz: str
    weekly: dict[str, list[list[str]]]
    overrides: dict[str, list[list[str]]]
    window: Interval
    time_off: list[Interval]
    blocks: list[Interval]
    buffer_before: timedelta
    buffer_after: timedelta
    earliest_start: datetime | None

    def free(self) -> list[Interval]:
        return free_intervals(
            weekly=self.weekly,
            overrides=self.overrides,
            tz_name=self.tz,
            window=self.window,
            time_off=self.time_off,
            blocks=self.blocks,
            buffer_before=self.buffer_before,
            buffer_after=self.buffer_after,
            earliest_start=self.earliest_start,
        )


day_ranges = st.one_of(working_day(), st.just([]))
weekly_rules = st.one_of(
    day_ranges.map(lambda ranges: dict.fromkeys(EVERY_DAY, ranges)),
    st.dictionaries(st.sampled_from(EVERY_DAY), day_ranges, max_size=7),
)
override_days = st.lists(st.tuples(st.integers(-1, 4), day_ranges), max_size=3)
spans_near = st.lists(st.tuples(st.integers(-16, 4 * 24 * 3 + 16), st.integers(1, 32)), max_size=4)


@st.composite
def calendars(draw: st.DrawFn, *, across_dst_change: bool = False) -> Calendar:
    """A calendar whose window starts near a DST change of its zone (or always spans one)."""
    zones = [z for z, changes in ZONES.items() if not across_dst_change or len(changes) > 1]
    tz = draw(st.sampled_from(sorted(zones)))
    change = draw(st.sampled_from(ZONES[tz]))
    if across_dst_change:
        before, after = draw(st.integers(1, 4 * 26)), draw(st.integers(1, 4 * 26))
        start, length = change - before * GRID, before + after
    else:
        start = change + draw(st.integers(-4 * 30, 4 * 6)) * GRID
        length = draw(st.integers(4, 4 * 24 * 3))
    first_day = start.astimezone(ZoneInfo(tz)).date()

    def near_window(drawn: list[tuple[int, int]]) -> list[Interval]:
        return [
            Interval(start + q * GRID, start + (q + n) * GRID) for q, n in drawn if q <= length + 16
        ]

    earliest = draw(st.none() | st.integers(-8, 4 * 24 * 3 + 8))
    return Calendar(
        tz=tz,
        weekly=draw(weekly_rules),
        overrides={(first_day + timedelta(days=d)).isoformat(): r for d, r in draw(override_days)},
        window=Interval(start, start + length * GRID),
        time_off=near_window(draw(spans_near)[:2]),
        blocks=near_window(draw(spans_near)),
        buffer_before=draw(st.integers(0, 4)) * GRID,
        buffer_after=draw(st.integers(0, 4)) * GRID,
        earliest_start=None if earliest is None else start + min(earliest, length + 8) * GRID,
    )


def _overlap(a_start: datetime, a_end: datetime, b: Interval) -> bool:
    return a_start < b.end and b.start < a_end


def reference_free_quarters(cal: Calendar) -> set[datetime]:
    """Every quarter-hour of the window in which a quarter-hour session could be booked.

    Decided one quarter-hour at a time from the definition: the local clock time falls in that
    local day's ranges (an override replacing the weekly rule), no time off overlaps it, the
    session's own buffered block ``[s - before, e + after)`` overlaps no stored block, and it
    starts no earlier than ``earliest_start``. During the hour a fall-back repeats, the day is
    as late as the clock has already been: a range ends the first time the clock shows its end.
    """
    tz = ZoneInfo(cal.tz)
    free: set[datetime] = set()
    latest_clock: dict[date, int] = {}
    moment = cal.window.start - timedelta(hours=36)  # from the start of the local day
    while moment < cal.window.end:
        local = moment.astimezone(tz)
        day = local.date()
        now_clock = max(latest_clock.get(day, 0), local.hour * 60 + local.minute)
        latest_clock[day] = now_clock
        if moment >= cal.window.start:
            key = day.isoformat()
            ranges = (
                cal.overrides[key]
                if key in cal.overrides
                else cal.weekly.get(EVERY_DAY[day.weekday()], [])
            )
            end = moment + GRID
            working = any(minutes(s) <= now_clock < minutes(e) for s, e in ranges)
            on_time_off = any(_overlap(moment, end, off) for off in cal.time_off)
            blocked = any(
                _overlap(moment - cal.buffer_before, end + cal.buffer_after, block)
                for block in cal.blocks
            )
            noticed = cal.earliest_start is None or moment >= cal.earliest_start
            if working and not on_time_off and not blocked and noticed:
                free.add(moment)
        moment += GRID
    return free


def as_intervals(quarter_starts: set[datetime]) -> list[Interval]:
    out: list[Interval] = []
    for start in sorted(quarter_starts):
        if out and out[-1].end == start:
            out[-1] = Interval(out[-1].start, start + GRID)
        else:
            out.append(Interval(start, start + GRID))
    return out


@settings(max_examples=150, deadline=None)
@given(calendars())
def test_free_intervals_match_the_quarter_hour_reference(cal: Calendar) -> None:
    assert cal.free() == as_intervals(reference_free_quarters(cal))


@settings(max_examples=150, deadline=None)
@given(calendars(across_dst_change=True))
def test_working_time_across_dst_matches_the_quarter_hour_reference(cal: Calendar) -> None:
    rules_only = replace(cal, time_off=[], blocks=[], earliest_start=None)

    work = working_intervals(cal.weekly, cal.overrides, cal.tz, cal.window)

    assert work == as_intervals(reference_free_quarters(rules_only))


@settings(max_examples=150, deadline=None)
@given(calendars(), st.data())
def test_a_session_fits_exactly_when_each_of_its_quarter_hours_is_free(
    cal: Calendar, data: st.DataObject
) -> None:
    total = int(cal.window.duration / GRID)
    first = data.draw(st.integers(0, total - 1))
    count = data.draw(st.integers(1, min(16, total - first)))
    session = Interval(cal.window.start + first * GRID, cal.window.start + (first + count) * GRID)
    reference = reference_free_quarters(cal)

    expected = all(session.start + i * GRID in reference for i in range(count))

    assert fits(session, cal.free()) is expected


@settings(max_examples=100, deadline=None)
@given(calendars(), st.integers(1, 12), st.integers(0, 4 * 24 * 3))
def test_suggested_slots_fit_and_come_nearest_first(
    cal: Calendar, quarters_long: int, offset: int
) -> None:
    free = cal.free()
    duration = quarters_long * GRID
    around = cal.window.start + offset * GRID

    slots = nearest_slots(free, duration, around)

    assert all(fits(slot, free) and slot.duration == duration for slot in slots)
    distances = [abs(slot.start - around) for slot in slots]
    assert distances == sorted(distances)
    assert len({slot.start for slot in slots}) == len(slots)
    # Distinct offers: no two suggestions overlap.
    assert all(not a.overlaps(b) for i, a in enumerate(slots) for b in slots[i + 1 :])
    # Something is offered whenever anything long enough is free.
    assert bool(slots) == any(f.duration >= duration for f in free)
