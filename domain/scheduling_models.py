"""Models of the roster and the bookable world: artists, creators, rooms, clients, time off,
bookings and calendar feeds.

References between tenant rows are composite foreign keys ``(organization_id, x_id)`` so
PostgreSQL itself refuses a booking of one organization that points at another's creator.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    Date,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
    JSONB,
    TSTZRANGE,
    TSVECTOR,
    ExcludeConstraint,
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

ACTIVE_BOOKING_STATUSES = ("held", "pending_approval", "confirmed", "completed")
BOOKING_STATUSES = (*ACTIVE_BOOKING_STATUSES, "cancelled", "no_show", "expired")
_ACTIVE_SQL = "status IN ('held', 'pending_approval', 'confirmed', 'completed')"


def _org_fk(
    column: str, table: str, *, nullable_ondelete: str | None = None
) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["organization_id", column],
        [f"{table}.organization_id", f"{table}.id"],
        ondelete=nullable_ondelete,
    )


class Artist(TenantMixin, TimestampMixin, Base):
    __tablename__ = "artists"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        CheckConstraint("status IN ('active', 'paused', 'former')", name="status"),
        CheckConstraint(
            "contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start",
            name="contract_dates",
        ),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    genres: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    contract_start: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    links: Mapped[list[str]] = mapped_column(ARRAY(String(500)), default=list)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    external_ref: Mapped[str | None] = mapped_column(String(120))


class _Bookable:
    """Columns shared by creators and rooms: where they are and when they work."""

    timezone: Mapped[str] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    hourly_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    working_hours: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    date_overrides: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, default=0)
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, default=0)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    status: Mapped[str] = mapped_column(String(20), default="active")
    external_ref: Mapped[str | None] = mapped_column(String(120))


class Creator(_Bookable, TenantMixin, TimestampMixin, Base):
    __tablename__ = "creators"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        CheckConstraint("status IN ('active', 'inactive')", name="status"),
        CheckConstraint(
            "min_notice_minutes >= 0 AND buffer_before_minutes >= 0 AND buffer_after_minutes >= 0",
            name="non_negative_minutes",
        ),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        Index("ix_creators_search", "search", postgresql_using="gin"),
        Index("ix_creators_skills", "skills", postgresql_using="gin"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    bio: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    # {"mixing": 4, "guitar": 5}: skill name → level 1 (learning) to 5 (world class)
    skills: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    day_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    email: Mapped[str | None] = mapped_column(String(320))
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(bio, ''))", persisted=True
        ),
    )


class Room(_Bookable, TenantMixin, TimestampMixin, Base):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        CheckConstraint("kind IN ('studio', 'room', 'equipment')", name="kind"),
        CheckConstraint("status IN ('active', 'inactive')", name="status"),
        CheckConstraint(
            "min_notice_minutes >= 0 AND buffer_before_minutes >= 0 AND buffer_after_minutes >= 0",
            name="non_negative_minutes",
        ),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="room")
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer)


class Client(TenantMixin, TimestampMixin, Base):
    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    domain: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    external_ref: Mapped[str | None] = mapped_column(String(120))


class TimeOff(TenantMixin, Base):
    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("(creator_id IS NULL) <> (room_id IS NULL)", name="one_resource"),
        CheckConstraint(
            "NOT isempty(period) AND lower_inf(period) = false AND upper_inf(period) = false",
            name="bounded_period",
        ),
        _org_fk("creator_id", "creators", nullable_ondelete="CASCADE"),
        _org_fk("room_id", "rooms", nullable_ondelete="CASCADE"),
        Index(
            "ix_time_off_creator_period",
            "organization_id",
            "creator_id",
            "period",
            postgresql_using="gist",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    creator_id: Mapped[str | None] = mapped_column(String(40))
    room_id: Mapped[str | None] = mapped_column(String(40))
    period: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Booking(TenantMixin, TimestampMixin, Base):
    """A session. ``creator_block``/``room_block`` are the period widened by the buffers that
    applied when it was booked; the exclusion constraints on them are the no-double-booking
    guarantee."""

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(f"status IN {BOOKING_STATUSES!r}", name="status"),
        CheckConstraint(
            "lower(period) < upper(period) AND NOT lower_inf(period) AND NOT upper_inf(period)",
            name="period",
        ),
        CheckConstraint("creator_block @> period", name="creator_block"),
        CheckConstraint("(room_id IS NULL) = (room_block IS NULL)", name="room_block"),
        CheckConstraint("price_minor >= 0", name="price"),
        _org_fk("creator_id", "creators"),
        _org_fk("room_id", "rooms"),
        _org_fk("artist_id", "artists"),
        _org_fk("client_id", "clients"),
        ExcludeConstraint(
            ("organization_id", "="),
            ("creator_id", "="),
            ("creator_block", "&&"),
            name="no_double_booking_creator",
            using="gist",
            where=text(_ACTIVE_SQL),
        ),
        ExcludeConstraint(
            ("organization_id", "="),
            ("room_id", "="),
            ("room_block", "&&"),
            name="no_double_booking_room",
            using="gist",
            where=text(f"room_id IS NOT NULL AND {_ACTIVE_SQL}"),
        ),
        Index(
            "ix_bookings_organization_id_status_period",
            "organization_id",
            "status",
            "period",
            postgresql_using="gist",
        ),
        Index("ix_bookings_organization_id_artist_id", "organization_id", "artist_id"),
        Index(
            "ix_bookings_held_expiry", "hold_expires_at", postgresql_where=text("status = 'held'")
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    creator_id: Mapped[str] = mapped_column(String(40))
    room_id: Mapped[str | None] = mapped_column(String(40))
    artist_id: Mapped[str | None] = mapped_column(String(40))
    client_id: Mapped[str | None] = mapped_column(String(40))
    project_id: Mapped[str | None] = mapped_column(String(40))
    batch_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)
    creator_block: Mapped[Range[datetime]] = mapped_column(TSTZRANGE)
    room_block: Mapped[Range[datetime] | None] = mapped_column(TSTZRANGE)
    status: Mapped[str] = mapped_column(String(20), default="held")
    hold_expires_at: Mapped[datetime | None]
    price_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    created_by: Mapped[str] = mapped_column(String(80))
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class CalendarFeed(TenantMixin, Base):
    """A secret iCalendar URL for one creator, or for the whole organization."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        _org_fk("creator_id", "creators", nullable_ondelete="CASCADE"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    creator_id: Mapped[str | None] = mapped_column(String(40))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
