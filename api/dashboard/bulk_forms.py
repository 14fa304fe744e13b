"""The bulk planner's forms read into the API's ``SessionRequest`` models: hours picked on the
calendar, a description of open requests, a CSV file, or the plan a page carries (with one
session moved to a suggested slot). A refusal is :class:`FormRefused`, its messages keyed by the
form field they are shown beside.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import FormData, UploadFile

from domain.bulk.session_csv import MAX_CSV_BYTES, sessions_from_csv
from domain.errors import InvalidRequest
from domain.scheduling.requests import SessionRequest

# A page carries its plan; a plan for the dashboard is at most this many sessions.
MAX_SESSIONS = 1000
SESSIONS = TypeAdapter(list[SessionRequest])
Errors = dict[str, str]

# Which form field shows the error of a SessionRequest field, per form.
CALENDAR_FIELDS = {
    "creator_id": "creator_id",
    "room_id": "room_id",
    "duration_minutes": "duration_minutes",
    "title": "title",
    "start": "slot",
}
OPEN_FIELDS = {
    "skills": "skill",
    "max_hourly_rate": "max_rate",
    "max_hourly_rate.currency": "currency",
    "duration_minutes": "open_duration",
    "window_start": "window_start",
    "window_end": "window_end",
    "title": "open_title",
}


class FormRefused(Exception):
    """The form's input cannot become a plan: ``errors`` by form field."""

    def __init__(self, errors: Errors) -> None:
        self.errors = errors


def text(form: FormData, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def session_errors(exc: ValidationError, fields: dict[str, str], index: int | None) -> Errors:
    errors: Errors = {}
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        if loc and loc[0].isdigit():  # a list of sessions: the index first
            index, loc = int(loc[0]), loc[1:]
        name = fields.get(".".join(loc[:2]), fields.get(loc[0], "form")) if loc else "form"
        prefix = f"session {index + 1}: " if index is not None and name == "form" else ""
        errors.setdefault(name, prefix + str(error["msg"]).removeprefix("Value error, "))
    return errors


def refusal_errors(exc: InvalidRequest, fields: dict[str, str]) -> Errors:
    """A refusal of ``validate_requests`` (``sessions.3.start``) beside its form field."""
    parts = (exc.param or "").split(".")
    if len(parts) >= 3 and parts[0] == "sessions" and parts[1].isdigit():
        name = fields.get(parts[2], "form")
        return {name: f"session {int(parts[1]) + 1}: {exc.detail}"}
    return {fields.get(parts[0], "form"): exc.detail}


def utc(value: str, name: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FormRefused({name: "not a date and time"}) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormRefused({name: "a date such as 2027-03-01"}) from None


def calendar_sessions(form: FormData) -> list[SessionRequest]:
    """One fixed session per picked cell: the chosen creator (and room) at the cell's hour."""
    slots = sorted({s for s in form.getlist("slot") if isinstance(s, str)})
    if not slots:
        raise FormRefused({"slot": "pick at least one hour on the calendar"})
    if len(slots) > MAX_SESSIONS:
        raise FormRefused({"slot": f"at most {MAX_SESSIONS} sessions at once"})
    title = text(form, "title")
    out = []
    for n, slot in enumerate(slots):
        data: dict[str, Any] = {
            "ref": f"{title or 'Session'} {n + 1}",
            "title": title or None,
            "creator_id": text(form, "creator_id", 40) or None,
            "room_id": text(form, "room_id", 40) or None,
            "start": utc(slot, "slot").isoformat(),
            "duration_minutes": text(form, "duration_minutes", 10) or None,
        }
        if data["creator_id"] is None:
            raise FormRefused({"creator_id": "choose who is booked"})
        try:
            out.append(SessionRequest.model_validate(data))
        except ValidationError as exc:
            raise FormRefused(session_errors(exc, CALENDAR_FIELDS, None)) from None
    return out


def open_sessions(form: FormData) -> list[SessionRequest]:
    """``count`` open requests: a skill, a price cap, a window, a duration."""
    count_text = text(form, "count", 10)
    if not count_text.isdigit() or not 1 <= int(count_text) <= MAX_SESSIONS:
        raise FormRefused({"count": f"a number of sessions from 1 to {MAX_SESSIONS}"})
    window_start = day(text(form, "window_start", 10), "window_start")
    window_end = day(text(form, "window_end", 10), "window_end")
    rate = text(form, "max_rate", 20)
    title = text(form, "open_title")
    data: dict[str, Any] = {
        "title": title or None,
        "skills": [{"skill": text(form, "skill", 60)}],
        "duration_minutes": text(form, "open_duration", 10) or None,
        "window_start": datetime.combine(window_start, time(), UTC).isoformat(),
        # The window's last day is included.
        "window_end": datetime.combine(window_end + timedelta(days=1), time(), UTC).isoformat(),
        "needs_room": form.get("needs_room") == "on",
    }
    if rate:
        data["max_hourly_rate"] = {"amount": rate, "currency": text(form, "currency", 10)}
    out = []
    for n in range(int(count_text)):
        try:
            out.append(
                SessionRequest.model_validate({**data, "ref": f"{title or 'Session'} {n + 1}"})
            )
        except ValidationError as exc:
            raise FormRefused(session_errors(exc, OPEN_FIELDS, None)) from None
    return out


async def csv_sessions(form: FormData) -> list[SessionRequest]:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise FormRefused({"file": "choose a CSV file"})
    content = await upload.read(MAX_CSV_BYTES + 1)
    if len(content) > MAX_CSV_BYTES:
        raise FormRefused({"file": f"the file is larger than {MAX_CSV_BYTES // 1024} KB"})
    try:
        return sessions_from_csv(content, max_rows=MAX_SESSIONS)
    except InvalidRequest as exc:
        raise FormRefused({"file": exc.detail}) from None


def carried(form: FormData) -> list[SessionRequest]:
    """The plan the page carried, checked again like any API body."""
    try:
        sessions = SESSIONS.validate_json(text(form, "sessions", 1_000_000) or "[]")
    except ValidationError as exc:
        raise FormRefused(session_errors(exc, {}, None)) from None
    if not 1 <= len(sessions) <= MAX_SESSIONS:
        raise FormRefused({"form": f"a plan has 1 to {MAX_SESSIONS} sessions"})
    return sessions


def moved(sessions: list[SessionRequest], move: str) -> list[SessionRequest]:
    """The plan with one session moved to a suggested start (``"index|start"``)."""
    index_text, _, start = move.partition("|")
    if not index_text.isdigit() or int(index_text) >= len(sessions):
        raise FormRefused({"form": "that session is not in the plan"})
    index = int(index_text)
    data = sessions[index].model_dump(mode="json", exclude_defaults=True)
    data["start"] = utc(start, "form").isoformat()
    try:
        moved = SessionRequest.model_validate(data)
    except ValidationError as exc:
        raise FormRefused(session_errors(exc, {}, index)) from None
    return [*sessions[:index], moved, *sessions[index + 1 :]]
