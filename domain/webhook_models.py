"""Models of events and outbound webhooks.

``events`` is both the public event log (``/v1/events``) and the outbox: a row is written in
the same transaction as the change it describes, and the worker's relay fans it out (webhook
deliveries, syncs, Slack notices) and stamps ``relayed_at``. Endpoint secrets are ciphertext
(``core.crypto``); deliveries and attempts are the read model of the delivery workflows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

DELIVERY_STATUSES = ("pending", "succeeded", "failed", "skipped")


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
