"""Models of the bookable world: creators, rooms, clients, and time off."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
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
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, tenant_fk, utcnow
from domain.keys.fields import SEALED_COLUMN, OpenedValue


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
    """A bookable person, whose e-mail is sealed with their own key."""

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
        # Lookups by e-mail, through its keyed digest.
        Index(
            "ix_creators_organization_id_email_index",
            "organization_id",
            "email_index",
            postgresql_where=text("email_index IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    bio: Mapped[str] = mapped_column(Text, default="")
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(60)), default=list)
    # {"mixing": 4, "guitar": 5}: skill name → level 1 (learning) to 5 (world class)
    skills: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    day_rate_minor: Mapped[int | None] = mapped_column(BigInteger)
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(bio, ''))", persisted=True
        ),
    )
    # The e-mail, sealed with the creator's own key (domain/keys/sealed.py, ADR 0034): ``email``
    # below holds the opened value and is never a column. Reminders read it opened.
    email_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    email_index: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    # The clear column of the release before sealing (expand/contract, ADR 0025): read only
    # where a row has no sealed value yet, cleared by every write of this code and by
    # `auditoryx privacy seal-backfill`; the contract step drops it.
    clear_email: Mapped[str | None] = mapped_column("email", String(320), info=SEALED_COLUMN)

    subject_kind: ClassVar[str] = "creator"
    sealed_fields: ClassVar[tuple[str, ...]] = ("email",)
    email = OpenedValue[str | None](None)


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
    """A client contact: a person, whose contact fields are sealed with their own key."""

    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        # Lookups by e-mail, through its keyed digest.
        Index(
            "ix_clients_organization_id_email_index",
            "organization_id",
            "email_index",
            postgresql_where=text("email_index IS NOT NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(255))
    external_ref: Mapped[str | None] = mapped_column(String(120))
    # The contact fields, sealed with the client's own key (domain/keys/sealed.py, ADR 0034):
    # ``email``, ``phone`` and ``notes`` below hold the opened values and are never columns.
    email_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    notes_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    email_index: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    # The clear columns of the release before sealing (expand/contract, ADR 0025): read only
    # where a row has no sealed value yet, cleared by every write of this code and by
    # `auditoryx privacy seal-backfill`; the contract step drops them.
    clear_email: Mapped[str | None] = mapped_column("email", String(320), info=SEALED_COLUMN)
    clear_phone: Mapped[str | None] = mapped_column("phone", String(40), info=SEALED_COLUMN)
    clear_notes: Mapped[str] = mapped_column("notes", Text, server_default="", info=SEALED_COLUMN)

    subject_kind: ClassVar[str] = "client"
    sealed_fields: ClassVar[tuple[str, ...]] = ("email", "phone", "notes")
    email = OpenedValue[str | None](None)
    phone = OpenedValue[str | None](None)
    notes = OpenedValue[str]("")


class TimeOff(TenantMixin, Base):
    __tablename__ = "time_off"
    __table_args__ = (
        CheckConstraint("(creator_id IS NULL) <> (room_id IS NULL)", name="one_resource"),
        CheckConstraint(
            "NOT isempty(period) AND lower_inf(period) = false AND upper_inf(period) = false",
            name="bounded_period",
        ),
        tenant_fk("creator_id", "creators", nullable_ondelete="CASCADE"),
        tenant_fk("room_id", "rooms", nullable_ondelete="CASCADE"),
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
