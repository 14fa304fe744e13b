"""Model of stored responses to requests sent with an ``Idempotency-Key``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow
from domain.keys.fields import SEALED_COLUMN


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
    # A body that names nobody's sealed field. One that does (it was answered from a person's
    # sealed fields, opened or sealed by the request) is kept in ``response_sealed`` instead,
    # under a key of its own wrapped under every such person's key (``response_key``;
    # ``response_subjects`` says whose: organization, kind, id), so that any one person's
    # erasure makes it unreadable, in backups too (ADR 0034, revision 0045).
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    response_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    response_key: Mapped[bytes | None] = mapped_column(LargeBinary, info=SEALED_COLUMN)
    response_subjects: Mapped[list[list[str]] | None] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
