"""Sessions of a bulk booking read from a CSV file, one row per session.

Each row becomes the same ``SessionRequest`` a JSON body gives ``/v1/bulk-bookings``, so a
file is refused exactly where a body would be, named by its line. Columns (a header row; all
but ``duration_minutes`` optional)::

    ref,title,artist_id,creator_id,room_id,start,duration_minutes,skill,min_level,
    max_hourly_rate,currency,window_start,window_end,needs_room

A fixed session gives ``creator_id`` and ``start``; an open one ``skill`` and a window.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from domain.csv_files import CsvFile
from domain.errors import InvalidRequest
from domain.scheduling.requests import SessionRequest

MAX_CSV_BYTES = 512 * 1024
COLUMNS = (
    "ref",
    "title",
    "artist_id",
    "creator_id",
    "room_id",
    "start",
    "duration_minutes",
    "skill",
    "min_level",
    "max_hourly_rate",
    "currency",
    "window_start",
    "window_end",
    "needs_room",
)
# Columns copied as they are; the others are assembled into skills, a budget, a flag.
ASSEMBLED = ("skill", "min_level", "max_hourly_rate", "currency", "needs_room")
PLAIN = tuple(c for c in COLUMNS if c not in ASSEMBLED)


def _row_request(row: dict[str | None, Any]) -> dict[str, Any]:
    values = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
    data: dict[str, Any] = {k: values[k] for k in PLAIN if values.get(k)}
    if values.get("skill"):
        need: dict[str, Any] = {"skill": values["skill"]}
        if values.get("min_level"):
            need["min_level"] = values["min_level"]
        data["skills"] = [need]
    if values.get("max_hourly_rate"):
        data["max_hourly_rate"] = {
            "amount": values["max_hourly_rate"],
            "currency": values.get("currency", ""),
        }
    if values.get("needs_room"):
        data["needs_room"] = values["needs_room"].lower() in ("1", "true", "yes")
    return data


def sessions_from_csv(content: bytes, *, max_rows: int) -> list[SessionRequest]:
    """The file's sessions, or one 422 (``param`` ``file``) naming the line and field."""
    csv_file = CsvFile(content, normalize=lambda name: name.strip().lower())
    csv_file.check_header(required=("duration_minutes",), allowed=COLUMNS)
    out: list[SessionRequest] = []
    for line, row in csv_file.rows():
        if None in row:
            raise InvalidRequest(f"line {line}: more values than columns", param="file")
        if len(out) == max_rows:
            raise InvalidRequest(f"at most {max_rows} sessions in one file", param="file")
        try:
            out.append(SessionRequest.model_validate(_row_request(row)))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            raise InvalidRequest(
                f"line {line}: {where + ': ' if where else ''}{message}", param="file"
            ) from None
    if not out:
        raise InvalidRequest("the file has no sessions", param="file")
    return out
