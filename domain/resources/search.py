"""Searching creators by skill, rate, timezone, distance and free time, in one SQL statement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)
from sqlalchemy import Select, and_, func, literal, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import ACTIVE_BOOKING_STATUSES, Booking
from domain.dates import Timestamp
from domain.keys.sealed import Sealing
from domain.money import check_currency, to_minor
from domain.pagination import Page, paginate
from domain.resources.models import Creator, TimeOff

# --- search --------------------------------------------------------------------------------


def _utc_offset_hours(tz_column: Any) -> Any:
    now = func.now()
    return func.extract("epoch", func.timezone(tz_column, now) - func.timezone("UTC", now)) / 3600


def _distance_km(lat: Any, lon: Any, at_lat: float, at_lon: float) -> Any:
    """Great-circle distance (haversine) in SQL."""
    rad = func.radians
    a = func.power(func.sin((rad(lat) - rad(literal(at_lat))) / 2), 2) + func.cos(
        rad(literal(at_lat))
    ) * func.cos(rad(lat)) * func.power(func.sin((rad(lon) - rad(literal(at_lon))) / 2), 2)
    return 2 * 6371.0 * func.asin(func.sqrt(func.least(1.0, a)))


class CreatorSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(default=None, max_length=200)
    skill: str | None = Field(default=None, max_length=60)
    min_level: int | None = Field(default=None, ge=1, le=5)
    role: str | None = Field(default=None, max_length=60)
    status: Literal["active", "inactive"] | None = None
    utc_offset_min: float | None = Field(default=None, ge=-12, le=14)
    utc_offset_max: float | None = Field(default=None, ge=-12, le=14)
    max_rate: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    near_lat: float | None = Field(default=None, ge=-90, le=90)
    near_lon: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0, le=20000)
    free_from: Timestamp | None = None
    free_to: Timestamp | None = None

    @model_validator(mode="after")
    def _pairs(self) -> CreatorSearch:
        if self.min_level is not None and self.skill is None:
            raise ValueError("min_level needs skill")
        if self.max_rate is not None and self.currency is None:
            raise ValueError("max_rate needs currency")
        if self.currency is not None:
            check_currency(self.currency)
        if (self.radius_km is None) != (self.near_lat is None) or (self.near_lat is None) != (
            self.near_lon is None
        ):
            raise ValueError("near_lat, near_lon and radius_km go together")
        if (self.free_from is None) != (self.free_to is None):
            raise ValueError("free_from and free_to go together")
        if self.free_from and self.free_to and self.free_to <= self.free_from:
            raise ValueError("free_to must be after free_from")
        return self


def creator_search_statement(organization_id: str, search: CreatorSearch) -> Select[Any]:
    stmt = select(Creator).where(Creator.organization_id == organization_id)
    if search.q:
        stmt = stmt.where(Creator.search.op("@@")(func.websearch_to_tsquery("simple", search.q)))
    if search.skill:
        level = Creator.skills[search.skill].astext.cast(Creator.min_notice_minutes.type)
        stmt = stmt.where(Creator.skills.has_key(search.skill))
        if search.min_level:
            stmt = stmt.where(level >= search.min_level)
    if search.role:
        stmt = stmt.where(Creator.roles.contains([search.role]))
    if search.status:
        stmt = stmt.where(Creator.status == search.status)
    if search.utc_offset_min is not None:
        stmt = stmt.where(_utc_offset_hours(Creator.timezone) >= search.utc_offset_min)
    if search.utc_offset_max is not None:
        stmt = stmt.where(_utc_offset_hours(Creator.timezone) <= search.utc_offset_max)
    if search.max_rate is not None and search.currency is not None:
        # Rates in another currency are not comparable until exchange rates are configured.
        stmt = stmt.where(
            Creator.currency == search.currency,
            Creator.hourly_rate_minor <= to_minor(search.max_rate, search.currency),
        )
    if search.radius_km is not None and search.near_lat is not None and search.near_lon is not None:
        stmt = stmt.where(
            Creator.latitude.is_not(None),
            _distance_km(Creator.latitude, Creator.longitude, search.near_lat, search.near_lon)
            <= search.radius_km,
        )
    if search.free_from is not None and search.free_to is not None:
        wanted = Range(search.free_from, search.free_to)
        busy = select(literal(1)).where(
            Booking.organization_id == Creator.organization_id,
            Booking.creator_id == Creator.id,
            Booking.creator_block.op("&&")(wanted),
            active_booking_clause(),
        )
        off = select(literal(1)).where(
            TimeOff.organization_id == Creator.organization_id,
            TimeOff.creator_id == Creator.id,
            TimeOff.period.op("&&")(wanted),
        )
        stmt = stmt.where(~busy.exists(), ~off.exists())
    return stmt


def active_booking_clause() -> Any:
    """Active bookings, not counting holds that have already expired."""
    return and_(
        Booking.status.in_(ACTIVE_BOOKING_STATUSES),
        or_(
            Booking.status != "held",
            Booking.hold_expires_at.is_(None),
            Booking.hold_expires_at > func.now(),
        ),
    )


async def search_creators(
    session: AsyncSession,
    sealing: Sealing,
    *,
    organization_id: str,
    search: CreatorSearch,
    limit: int,
    starting_after: str | None,
    email: str | None = None,
) -> Page[Creator]:
    """A page of the search, the creators' e-mails opened (the page's keys in one batch);
    ``email``: exactly this e-mail (any case), through the blind index."""
    stmt = creator_search_statement(organization_id, search)
    if email is not None:
        stmt = stmt.where(await sealing.email_matches(session, organization_id, Creator, email))
    page = await paginate(session, stmt, Creator.id, limit=limit, starting_after=starting_after)
    await sealing.open(session, page.items)
    return page
