"""Model of events: what happened in an organization, written in the transaction of the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow


class Event(TenantMixin, Base):
    """Something that happened, in the shape webhook receivers get (``type`` + ``data``)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        Index("ix_events_organization_id_type", "organization_id", "type"),
        Index("ix_events_unrelayed", "created_at", postgresql_where=text("relayed_at IS NULL")),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    relayed_at: Mapped[datetime | None]
