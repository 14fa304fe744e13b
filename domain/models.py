"""SQLAlchemy models of the tenancy and access core.

Every tenant-owned table carries ``organization_id`` and is under row-level security (see the
migrations); unique constraints and indexes lead with ``organization_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

PLANS = ("studio_pro", "label_enterprise", "white_label", "api")


class Organization(TimestampMixin, Base):
    """A tenant. ``path`` lists the ids from the root of its hierarchy down to itself."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(f"plan IN {PLANS!r}", name="plan"),
        Index("ix_organizations_path", "path", postgresql_using="gin"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"))
    path: Mapped[list[str]] = mapped_column(ARRAY(Text))
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(40), default="eu")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    sandbox_of: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), unique=True)


class Member(TenantMixin, TimestampMixin, Base):
    """A person's membership of one organization, with one role (built-in name or custom id)."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("organization_id", "email"),
        UniqueConstraint("organization_id", "id"),
        CheckConstraint("status IN ('active', 'disabled')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active")


class Role(TenantMixin, TimestampMixin, Base):
    """A custom role: a named set of permissions."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(60)))


class ApiKey(TenantMixin, Base):
    """An API key. Only a SHA-256 of its secret is stored; the key is shown once."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("mode IN ('live', 'test')", name="mode"),
        Index("ix_api_keys_organization_id_created_at", "organization_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    redacted: Mapped[str] = mapped_column(String(40))
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class AuditEvent(TenantMixin, Base):
    """One append-only, hash-chained record of a mutation."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("organization_id", "seq"),
        Index(
            "ix_audit_events_organization_id_target", "organization_id", "target_type", "target_id"
        ),
        Index("ix_audit_events_organization_id_action", "organization_id", "action"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime]
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(80))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(80))
    ip_hmac: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(TenantMixin, Base):
    """The last link of an organization's audit chain; its row lock serialises appends."""

    __tablename__ = "audit_chain_heads"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class IdempotencyRecord(TenantMixin, Base):
    """A POST's idempotency key, its request fingerprint and (once finished) its response."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (Index("ix_idempotency_keys_expires_at", "expires_at"),)

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class HealthProbe(Base):
    """Written by the health-probe workflow's activity: proof that the worker reaches the DB."""

    __tablename__ = "health_probes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    worker_identity: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
