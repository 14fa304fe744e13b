"""The iCalendar renderer, checked by parsing its output with the independent `icalendar`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.bookings.ical import FeedEvent, render_calendar

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def parse(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def physical_lines(text: str) -> list[bytes]:
    assert text.endswith("\r\n")
    return text.encode().split(b"\r\n")[:-1]


@pytest.mark.parametrize(
    "summary",
    [
        "Tracking, day 1; drums",
        "Back\\slash and\nnew line",
        "🎧 Mix with Zoë — 'final' \"master\"",
        "Überarbeitung der Gesangsspuren " * 10,
    ],
)
def test_tricky_text_round_trips_and_lines_stay_within_75_octets(summary: str) -> None:
    text = render_calendar(
        name="Northstar, bookings",
        generated_at=NOW,
        events=[
            FeedEvent(
                uid="bkg_1",
                start=NOW,
                end=NOW + timedelta(hours=2),
                summary=summary,
                description=summary,
                location="Studio A; Berlin",
            )
        ],
    )
    (event,) = parse(text)
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == summary
    assert str(event["LOCATION"]) == "Studio A; Berlin"
    assert all(len(line) <= 75 for line in physical_lines(text))


def test_local_times_become_the_right_utc_instants_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)  # CET, before the change
    end = datetime(2026, 3, 29, 3, 30, tzinfo=berlin)  # CEST, after it
    (event,) = parse(
        render_calendar(
            name="x",
            generated_at=NOW,
            events=[FeedEvent(uid="bkg_dst", start=start, end=end, summary="s")],
        )
    )
    assert event["DTSTART"].dt == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert event["DTEND"].dt == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert str(event["UID"]) == "bkg_dst@auditoryx"


def test_calendar_headers_and_statuses() -> None:
    text = render_calendar(
        name="Feed",
        generated_at=NOW,
        refresh_minutes=30,
        events=[
            FeedEvent(
                uid="a",
                start=NOW,
                end=NOW + timedelta(hours=1),
                summary="s",
                status="CANCELLED",
                sequence=3,
                last_modified=NOW,
            )
        ],
    )
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Feed"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT30M" in text
    (event,) = parse(text)
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 3


def test_an_empty_calendar_is_valid() -> None:
    text = render_calendar(name="Empty", events=[], generated_at=NOW)
    assert parse(text) == [] and text.startswith("BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize(
    "event",
    [
        FeedEvent(uid="naive", start=datetime(2026, 1, 1), end=datetime(2026, 1, 2), summary="s"),
        FeedEvent(uid="backwards", start=NOW, end=NOW - timedelta(hours=1), summary="s"),
        FeedEvent(
            uid="status", start=NOW, end=NOW + timedelta(hours=1), summary="s", status="MAYBE"
        ),
    ],
)
def test_bad_events_are_refused_naming_the_event(event: FeedEvent) -> None:
    with pytest.raises(ValueError, match=event.uid):
        render_calendar(name="x", events=[event], generated_at=NOW)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=400).filter(lambda s: "\r" not in s and s.strip() == s))
def test_any_summary_round_trips(summary: str) -> None:
    text = render_calendar(
        name="p",
        generated_at=NOW,
        events=[FeedEvent(uid="p", start=NOW, end=NOW + timedelta(minutes=5), summary=summary)],
    )
    (event,) = parse(text)
    assert str(event["SUMMARY"]) == summary
    assert all(len(line) <= 75 for line in physical_lines(text))
