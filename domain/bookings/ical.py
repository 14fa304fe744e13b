"""iCalendar (RFC 5545) rendering for booking feeds, without third-party dependencies.

Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character; TEXT
values are escaped per RFC 5545 §3.3.11; instants are written in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//AuditoryX//Enterprise Calendar//EN"
STATUSES = ("CONFIRMED", "TENTATIVE", "CANCELLED")
LINE_OCTETS = 75


@dataclass(frozen=True, slots=True)
class FeedEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    status: str = "CONFIRMED"
    sequence: int = 0
    last_modified: datetime | None = None


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _utc(value: datetime, uid: str) -> str:
    if value.tzinfo is None:
        raise ValueError(f"event {uid}: datetimes must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into CRLF-joined chunks of at most 75 octets."""
    encoded = line.encode()
    if len(encoded) <= LINE_OCTETS:
        return line + "\r\n"
    chunks: list[str] = []
    current = ""
    limit = LINE_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            chunks.append(current)
            current = char
            limit = LINE_OCTETS - 1  # continuation lines start with a space
        else:
            current += char
    chunks.append(current)
    return "\r\n ".join(chunks) + "\r\n"


def _event_lines(event: FeedEvent, stamp: str) -> list[str]:
    if event.status not in STATUSES:
        raise ValueError(f"event {event.uid}: status must be one of {', '.join(STATUSES)}")
    start, end = _utc(event.start, event.uid), _utc(event.end, event.uid)
    if event.end <= event.start:
        raise ValueError(f"event {event.uid}: end must be after start")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}@auditoryx",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    lines += [f"STATUS:{event.status}", f"SEQUENCE:{event.sequence}"]
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_utc(event.last_modified, event.uid)}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(
    *, name: str, events: list[FeedEvent], generated_at: datetime, refresh_minutes: int = 15
) -> str:
    """The VCALENDAR text of ``events``."""
    stamp = _utc(generated_at, "calendar")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:PT{refresh_minutes}M",
        f"X-PUBLISHED-TTL:PT{refresh_minutes}M",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
