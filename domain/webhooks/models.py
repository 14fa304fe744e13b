"""Models of outbound webhooks: endpoints, deliveries and their attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin

DELIVERY_STATUSES = ("pending", "succeeded", "failed", "skipped")


class WebhookEndpoint(TenantMixin, TimestampMixin, Base):
    """A receiver URL and the event types it wants. ``secrets`` is sealed JSON:
    ``{"current": "whsec_…", "previous": "whsec_…" | null, "previous_expires_at": iso | null}``.
    ``failing_since`` is the first failed attempt after the last success."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        CheckConstraint("cardinality(event_types) > 0", name="event_types"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(500), default="")
    event_types: Mapped[list[str]] = mapped_column(ARRAY(String(80)))
    secrets: Mapped[bytes] = mapped_column(LargeBinary)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500))
    failing_since: Mapped[datetime | None]


class WebhookDelivery(TenantMixin, TimestampMixin, Base):
    """One event to one endpoint: the state of its delivery workflow (one row per pair;
    a resend runs the workflow again and updates the row)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("organization_id", "endpoint_id", "event_id"),
        CheckConstraint(f"status IN {DELIVERY_STATUSES!r}", name="status"),
        ForeignKeyConstraint(
            ["organization_id", "endpoint_id"],
            ["webhook_endpoints.organization_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["organization_id", "event_id"], ["events.organization_id", "events.id"]
        ),
        Index(
            "ix_webhook_deliveries_organization_id_status",
            "organization_id",
            "status",
            "created_at",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    endpoint_id: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class WebhookAttempt(TenantMixin, Base):
    """One HTTP request to a receiver and what came back (an excerpt, never the full body)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        CheckConstraint("outcome IN ('succeeded', 'failed')", name="outcome"),
        ForeignKeyConstraint(
            ["organization_id", "endpoint_id"],
            ["webhook_endpoints.organization_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_webhook_attempts_organization_id_endpoint_id",
            "organization_id",
            "endpoint_id",
            "attempted_at",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    endpoint_id: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(40))
    delivery_id: Mapped[str] = mapped_column(String(40))
    attempt: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    response_excerpt: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    attempted_at: Mapped[datetime]
