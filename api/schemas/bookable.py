"""What creator and room routes share: money and working-time fields, availability."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.schemas import ResponseBody, money
from domain.dates import Timestamp
from domain.resources.models import Creator, Room


class BookableOut(ResponseBody):
    id: str
    name: str
    timezone: str
    city: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    hourly_rate: str | None = Field(description="Decimal string in `currency`")
    currency: str
    working_hours: dict[str, list[list[str]]]
    date_overrides: dict[str, list[list[str]]]
    min_notice_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    tags: list[str]
    status: str
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


def bookable_fields(obj: Creator | Room) -> dict[str, Any]:
    fields = {
        name: getattr(obj, name)
        for name in BookableOut.model_fields
        if name not in ("hourly_rate",)
    }
    fields["hourly_rate"] = money(obj.hourly_rate_minor, obj.currency)
    return fields


class Slot(BaseModel):
    start: datetime
    end: datetime


class AvailabilityOut(BaseModel):
    object: str = "availability"
    resource_id: str
    timezone: str
    start: Timestamp = Field(serialization_alias="from")
    end: Timestamp = Field(serialization_alias="to")
    buffer_before_minutes: int
    buffer_after_minutes: int
    free: list[Slot]
