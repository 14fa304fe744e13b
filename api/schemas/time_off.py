"""Request and response models of ``api/routes/time_off.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ID_PATTERN, RequestBody
from domain.dates import Timestamp
from domain.resources.models import TimeOff


class TimeOffOut(BaseModel):
    object: Literal["time_off"] = "time_off"
    id: str
    creator_id: str | None
    room_id: str | None
    start: datetime
    end: datetime
    reason: str


def time_off_out(entry: TimeOff) -> TimeOffOut:
    assert entry.period.lower is not None and entry.period.upper is not None
    return TimeOffOut(
        id=entry.id,
        creator_id=entry.creator_id,
        room_id=entry.room_id,
        start=entry.period.lower,
        end=entry.period.upper,
        reason=entry.reason,
    )


class TimeOffCreate(RequestBody):
    creator_id: str | None = Field(default=None, pattern=ID_PATTERN)
    room_id: str | None = Field(default=None, pattern=ID_PATTERN)
    start: Timestamp
    end: Timestamp
    reason: str = Field(default="", max_length=200)
