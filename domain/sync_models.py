"""Models of third-party sync state: which provider object is ours, and how the last push went.

``external_mappings`` is what makes pushes idempotent: a client is matched to its HubSpot
company through its mapping before any search, and an invoice for a booking is created only
when no mapping (and no invoice carrying the booking's deterministic document number) exists.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin

SYNC_PROVIDERS = ("hubspot", "quickbooks")
SYNC_STATUSES = ("pending", "synced", "failed")


class ExternalMapping(TenantMixin, TimestampMixin, Base):
    """Our entity (``client``/``booking``) ↔ a provider object (``company``, ``deal``…)."""

    __tablename__ = "external_mappings"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "entity_type", "entity_id", "object_type"),
        CheckConstraint(f"provider IN {SYNC_PROVIDERS!r}", name="provider"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(120))


class SyncState(TenantMixin, TimestampMixin, Base):
    """How the last push of one entity to one provider went; ``last_error`` is the provider's
    own message when it refused the data (a 4xx), so the user can fix the entity."""

    __tablename__ = "sync_states"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "entity_type", "entity_id"),
        CheckConstraint(f"provider IN {SYNC_PROVIDERS!r}", name="provider"),
        CheckConstraint(f"status IN {SYNC_STATUSES!r}", name="status"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    last_error: Mapped[str | None] = mapped_column(String(1000))
    last_attempt_at: Mapped[datetime | None]
    synced_at: Mapped[datetime | None]
