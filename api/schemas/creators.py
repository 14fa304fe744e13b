"""Request and response models of ``api/routes/creators.py``."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody, money
from api.schemas.bookable import BookableOut, bookable_fields
from domain.resources import service
from domain.resources.models import Creator


class CreatorOut(BookableOut):
    object: Literal["creator"] = "creator"
    bio: str
    email: str | None
    roles: list[str]
    skills: dict[str, int]
    day_rate: str | None


def creator_out(creator: Creator) -> CreatorOut:
    return CreatorOut(
        **bookable_fields(creator),
        bio=creator.bio,
        email=creator.email,
        roles=creator.roles,
        skills=creator.skills,
        day_rate=money(creator.day_rate_minor, creator.currency),
    )


class CreatorCreate(service.CreatorInput, RequestBody):
    pass


class CreatorUpdate(RequestBody):
    """Any subset of the creator's fields; the result is validated as a whole."""

    name: str | None = None
    bio: str | None = None
    email: str | None = None
    roles: list[str] | None = None
    skills: dict[str, int] | None = None
    hourly_rate: Decimal | None = None
    day_rate: Decimal | None = None
    currency: str | None = None
    timezone: str | None = None
    city: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    working_hours: dict[str, list[list[str]]] | None = None
    date_overrides: dict[str, list[list[str]]] | None = None
    min_notice_minutes: int | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None
    tags: list[str] | None = None
    status: Literal["active", "inactive"] | None = None
    external_ref: str | None = Field(default=None, max_length=120)
