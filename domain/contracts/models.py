"""Models of contracts attached to an artist or a booking."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin


class Contract(TenantMixin, TimestampMixin, Base):
    __tablename__ = "contracts"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(
            "status IN ('draft', 'pending_approval', 'approved', 'rejected', 'signed')",
            name="status",
        ),
        CheckConstraint("artist_id IS NOT NULL OR booking_id IS NOT NULL", name="attached"),
        CheckConstraint("amount_minor >= 0", name="amount"),
        ForeignKeyConstraint(
            ["organization_id", "artist_id"], ["artists.organization_id", "artists.id"]
        ),
        ForeignKeyConstraint(
            ["organization_id", "booking_id"], ["bookings.organization_id", "bookings.id"]
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    artist_id: Mapped[str | None] = mapped_column(String(40))
    booking_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    terms: Mapped[str] = mapped_column(Text, default="")
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    document_url: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    approval_request_id: Mapped[str | None] = mapped_column(String(40))
    signed_at: Mapped[datetime | None]
