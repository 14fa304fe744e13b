"""Models of bookings (the no-double-booking exclusion constraints live here) and calendar feeds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
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
    TSTZRANGE,
    ExcludeConstraint,
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, tenant_fk, utcnow

ACTIVE_BOOKING_STATUSES = ("held", "pending_approval", "confirmed", "completed")
BOOKING_STATUSES = (*ACTIVE_BOOKING_STATUSES, "cancelled", "no_show", "expired")
_ACTIVE_SQL = "status IN ('held', 'pending_approval', 'confirmed', 'completed')"


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
        tenant_fk("creator_id", "creators"),
        tenant_fk("room_id", "rooms"),
        tenant_fk("artist_id", "artists"),
        tenant_fk("client_id", "clients"),
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
        tenant_fk("creator_id", "creators", nullable_ondelete="CASCADE"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    creator_id: Mapped[str | None] = mapped_column(String(40))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    # The key that made the feed: the feed serves only while that key could act (not revoked
    # nor expired, its member active). NULL for feeds made before feeds belonged to keys.
    api_key_id: Mapped[str | None] = mapped_column(ForeignKey("api_keys.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
