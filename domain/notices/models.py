"""Models of an organization's e-mail and notices: lifecycle settings, template overrides, the
outbox, and the notices already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow

OUTBOX_STATUSES = ("queued", "sent", "failed", "dropped")
DEFAULT_REMINDER_OFFSETS = [24 * 60, 60]


class CommunicationSettings(TenantMixin, Base):
    """One row per organization: branding of its e-mail and when lifecycle notices go out.

    Kept out of ``organizations.settings`` so every field is typed and checked by the
    database, and so it sits under row-level security like the rest of the tenant's data.
    """

    __tablename__ = "communication_settings"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        CheckConstraint("follow_up_after_minutes > 0", name="follow_up"),
        CheckConstraint("chaser_every_hours > 0", name="chaser"),
        CheckConstraint("0 < ALL (reminder_offsets_minutes)", name="offsets_before"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    brand_name: Mapped[str | None] = mapped_column(String(200))
    primary_color: Mapped[str] = mapped_column(String(7), default="#1f2937")
    accent_color: Mapped[str] = mapped_column(String(7), default="#6d28d9")
    logo_url: Mapped[str | None] = mapped_column(String(1000))
    reply_to: Mapped[str | None] = mapped_column(String(320))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    reminder_offsets_minutes: Mapped[list[int]] = mapped_column(
        ARRAY(Integer), default=lambda: list(DEFAULT_REMINDER_OFFSETS)
    )
    follow_up_after_minutes: Mapped[int] = mapped_column(Integer, default=120)
    chaser_every_hours: Mapped[int] = mapped_column(Integer, default=24)
    report_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    report_cron: Mapped[str] = mapped_column(String(100), default="0 8 * * MON")
    report_recipients: Mapped[list[str]] = mapped_column(ARRAY(String(320)), default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EmailTemplate(TenantMixin, Base):
    """An organization's override of one built-in template (subject, HTML and text)."""

    __tablename__ = "email_templates"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    subject: Mapped[str] = mapped_column(String(500))
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EmailOutboxItem(TenantMixin, Base):
    """A rendered e-mail waiting for (or done with) delivery. ``not_after`` drops a notice
    that could no longer be true (a reminder for a session that has started)."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        CheckConstraint(f"status IN {OUTBOX_STATUSES!r}", name="status"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        Index(
            "ix_email_outbox_queued",
            "organization_id",
            "created_at",
            postgresql_where=text("status = 'queued'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str | None] = mapped_column(String(320))
    subject_id: Mapped[str | None] = mapped_column(String(40))
    not_after: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class NotificationSent(TenantMixin, Base):
    """The ledger: one row per notice ever queued. Its key names the notice (booking, kind,
    offset, session start, recipient), so the same reminder cannot be queued twice."""

    __tablename__ = "notifications_sent"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        Index("ix_notifications_sent_subject", "organization_id", "subject_id"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(320))
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime]
    outbox_id: Mapped[str | None] = mapped_column(String(40))
