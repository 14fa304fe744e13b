"""Models of data exports and retention (migration 0029)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow

EXPORT_SCOPES = ("organization", "person")
EXPORT_STATUSES = ("pending", "running", "ready", "failed")


class DataExport(TenantMixin, Base):
    """One export: what it covers (``scope``, and for a person ``subject_kind`` and
    ``subject_id``), how far it got, and once ``ready`` its manifest. Its files are
    :class:`DataExportFile` rows; a download is allowed once (``downloaded_at``)."""

    __tablename__ = "data_exports"
    __table_args__ = (
        CheckConstraint("scope IN ('organization', 'person')", name="scope"),
        CheckConstraint("status IN ('pending', 'running', 'ready', 'failed')", name="status"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        UniqueConstraint("organization_id", "id"),
        Index("ix_data_exports_organization_id_id", "organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(20))
    subject_kind: Mapped[str | None] = mapped_column(String(20))
    subject_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    entities_total: Mapped[int] = mapped_column(Integer, default=0)
    entities_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_exported: Mapped[int] = mapped_column(BigInteger, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    manifest: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(String(1000))
    requested_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    downloaded_at: Mapped[datetime | None]


class DataExportFile(TenantMixin, Base):
    """One chunk (``seq``) of one file (``name``) of an export, in the order it is written."""

    __tablename__ = "data_export_files"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "export_id"],
            ["data_exports.organization_id", "data_exports.id"],
            ondelete="CASCADE",
        ),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    export_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RetentionPolicy(Base):
    """How long an organization keeps each kind of record; ``None`` keeps it forever."""

    __tablename__ = "retention_policies"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    bookings_days: Mapped[int | None] = mapped_column(Integer)
    sent_emails_days: Mapped[int | None] = mapped_column(Integer)
    webhook_attempts_days: Mapped[int | None] = mapped_column(Integer)
    events_days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RetentionRun(TenantMixin, Base):
    """What one retention sweep removed, counted per entity."""

    __tablename__ = "retention_runs"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        Index("ix_retention_runs_organization_id_id", "organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


ERASURE_STATUSES = ("pending", "running", "completed", "failed")


class Erasure(TenantMixin, Base):
    """One erasure of one person (``subject_kind``, ``subject_id``): at most one per person,
    so a repeated or concurrent request finds the first. ``counts`` says what it changed."""

    __tablename__ = "erasures"
    __table_args__ = (
        CheckConstraint(
            "subject_kind IN ('artist', 'creator', 'member', 'client')", name="subject_kind"
        ),
        CheckConstraint("status IN ('pending', 'running', 'completed', 'failed')", name="status"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "subject_kind", "subject_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    error: Mapped[str | None] = mapped_column(String(1000))
    requested_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # The person's values to replace elsewhere, opened from their sealed fields before their
    # key is destroyed (which comes first); cleared when the erasure ends (ADR 0034).
    needles: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
