"""Request and response models of ``api/routes/events.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from domain.events.models import Event


class EventOut(BaseModel):
    object: Literal["event"] = "event"
    id: str
    type: str
    data: dict[str, Any]
    created_at: datetime


class EventTypeOut(BaseModel):
    object: Literal["event_type"] = "event_type"
    type: str
    description: str
    example: dict[str, Any]


def event_out(event: Event) -> EventOut:
    return EventOut(id=event.id, type=event.type, data=event.data, created_at=event.created_at)
