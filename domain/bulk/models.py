"""Models of bulk bookings: a batch (one saga, one idempotency key) and its items.

These tables are the saga's read model: the API lists batches and their per-item progress from
here, never from Temporal. Bookings made by a batch carry its id in ``bookings.batch_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow
from domain.bookings.models import Booking

BATCH_MODES = ("all_or_nothing", "best_effort")
# pending: accepted, workflow not started yet; then one state per saga phase; the last four
# are final.
BATCH_STATUSES = (
    "pending",
    "planning",
    "holding",
    "awaiting_approval",
    "confirming",
    "releasing",
    "confirmed",
    "failed",
    "rejected",
    "cancelled",
)
FINAL_BATCH_STATUSES = ("confirmed", "failed", "rejected", "cancelled")
ITEM_STATUSES = (
    "pending",
    "unplaced",
    "held",
    "conflict",
    "failed",
    "pending_approval",
    "confirmed",
    "released",
)


class BulkBooking(TenantMixin, TimestampMixin, Base):
    __tablename__ = "bulk_bookings"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "idempotency_key"),
        CheckConstraint(f"status IN {BATCH_STATUSES!r}", name="status"),
        CheckConstraint(f"mode IN {BATCH_MODES!r}", name="mode"),
        CheckConstraint("item_count > 0", name="item_count"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        Index(
            "ix_bulk_bookings_unstarted",
            "created_at",
            postgresql_where="workflow_started_at IS NULL",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    mode: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    # {"sessions": [SessionRequest…], "hold_minutes": n}: what the caller asked for.
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # The solver's summary (status, cost, objective, gap, solve time); placements are per item.
    plan: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    hold_minutes: Mapped[int] = mapped_column(Integer)
    item_count: Mapped[int] = mapped_column(Integer)
    # Items per status, refreshed by every step of the saga.
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    total_price_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    approval_request_id: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(80))
    workflow_id: Mapped[str] = mapped_column(String(200))
    workflow_started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class BulkBookingItem(TenantMixin, Base):
    """One requested session: where the plan put it, and what became of its hold."""

    __tablename__ = "bulk_booking_items"
    __table_args__ = (
        CheckConstraint(f"status IN {ITEM_STATUSES!r}", name="status"),
        ForeignKeyConstraint(
            ["organization_id", "batch_id"],
            ["bulk_bookings.organization_id", "bulk_bookings.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["organization_id", "booking_id"], ["bookings.organization_id", "bookings.id"]
        ),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    creator_id: Mapped[str | None] = mapped_column(String(40))
    room_id: Mapped[str | None] = mapped_column(String(40))
    start: Mapped[datetime | None]
    end: Mapped[datetime | None]
    price_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    booking_id: Mapped[str | None] = mapped_column(String(40))
    # {"code", "detail", …}: why it is unplaced, in conflict or failed.
    reason: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    suggestions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    updated_at: Mapped[datetime] = mapped_column(
        server_default=func.now(), default=utcnow, onupdate=utcnow
    )


# A batch's bookings are found by batch id (progress, compensation, the bookings list filter).
# Declared here, with the feature that needs it, rather than in the scheduling models.
Index(
    "ix_bookings_organization_id_batch_id",
    Booking.organization_id,
    Booking.batch_id,
    postgresql_where=text("batch_id IS NOT NULL"),
)
