"""Models of third-party connections: credentials encrypted at rest, chat identities, the chat
messages we posted (to edit them later), and sync state (which provider object is ours, and
how the last push went)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin

CHAT_PROVIDERS = ("slack", "teams")


class ChatMessage(TenantMixin, TimestampMixin, Base):
    """One approval message in a chat workspace. ``closed_at`` is set once its buttons were
    replaced by the outcome."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "channel_id", "message_ts"),
        CheckConstraint(f"provider IN {CHAT_PROVIDERS!r}", name="provider"),
        ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            ondelete="CASCADE",
        ),
        Index("ix_chat_messages_request", "organization_id", "request_id", "step_index"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str] = mapped_column(String(40))
    step_index: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str | None] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    # A Slack channel id and ``ts``, or a Teams conversation id and activity id (often longer).
    channel_id: Mapped[str] = mapped_column(String(400))
    message_ts: Mapped[str] = mapped_column(String(200))
    closed_at: Mapped[datetime | None]


PROVIDERS = (
    "slack",
    "teams",
    "hubspot",
    "quickbooks",
    "smtp",
    "xero",
    "salesforce",
    "asana",
    "monday",
)


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


SYNC_PROVIDERS = ("hubspot", "quickbooks", "xero", "salesforce", "asana", "monday")
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
