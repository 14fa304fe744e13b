"""Models of third-party connections: credentials encrypted at rest, and chat identities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, LargeBinary, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin

PROVIDERS = ("slack", "teams", "hubspot", "quickbooks", "smtp")


class IntegrationConnection(TenantMixin, TimestampMixin, Base):
    """One organization's connection to one provider. ``credentials`` is ciphertext
    (``core.crypto``); ``settings`` holds non-secret options such as a default channel."""

    __tablename__ = "integration_connections"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider"),
        CheckConstraint(f"provider IN {PROVIDERS!r}", name="provider"),
        CheckConstraint("status IN ('connected', 'error', 'disconnected')", name="status"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    external_account_id: Mapped[str | None] = mapped_column(String(120))
    credentials: Mapped[bytes | None] = mapped_column(LargeBinary)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="connected")
    last_error: Mapped[str | None] = mapped_column(String(1000))
    last_error_at: Mapped[datetime | None]


class ChatIdentity(TenantMixin, Base):
    """Who a member is in a chat workspace (a Slack user id, a Teams AAD object id)."""

    __tablename__ = "chat_identities"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "external_user_id"),
        ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    external_user_id: Mapped[str] = mapped_column(String(120))
