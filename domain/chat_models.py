"""Chat messages we posted about approvals, remembered so they can be edited later (Slack's
``chat.update`` needs the channel and the message's ``ts``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
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
    channel_id: Mapped[str] = mapped_column(String(120))
    message_ts: Mapped[str] = mapped_column(String(40))
    closed_at: Mapped[datetime | None]
