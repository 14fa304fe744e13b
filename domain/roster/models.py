"""Model of the roster: an organization's artists."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin


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
