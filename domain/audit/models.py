"""Models of the audit log: append-only events, hash-chained per organization."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from domain.base import Base, TenantMixin


class Xid8(UserDefinedType[str]):
    """PostgreSQL's 64-bit transaction id (``xid8``), read as its decimal text."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "XID8"


# Reflection (the schema check of the migrations) knows the type by this name.
ischema_names.setdefault("xid8", Xid8)


class AuditEvent(TenantMixin, Base):
    """One append-only, hash-chained record of a mutation."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("organization_id", "seq"),
        Index(
            "ix_audit_events_organization_id_target", "organization_id", "target_type", "target_id"
        ),
        Index("ix_audit_events_organization_id_action", "organization_id", "action"),
        # What the sealer reads: the few records not yet in the chain, in sealing order.
        Index(
            "ix_audit_events_unsealed",
            "organization_id",
            "xid",
            "id",
            postgresql_where=text("hash IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    # The chain columns are empty until the sealer links the record (sealer.py).
    seq: Mapped[int | None] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime]
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(80))
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(80))
    ip_hmac: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # The writing transaction's id, stamped by a trigger on insert and never changed: the
    # sealer links records in (xid, id) order (migration 0017, ADR 19).
    xid: Mapped[str] = mapped_column(Xid8(), server_default=text("pg_current_xact_id()"))
    # The commitment to ``changes`` the hash covers instead of ``changes`` itself (records
    # written since migration 0036): SHA-256 over a random salt and the canonical changes.
    # An erasure redacts ``changes`` and forgets the salt, so no one can confirm a guess of
    # what was there, while the chain still verifies (ADR 0034). Older records have neither.
    changes_salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    changes_digest: Mapped[str | None] = mapped_column(String(64))
    # Set when an erasure replaced a person's values in ``changes`` with a tombstone
    # (``audit_redact``, migration 0036), naming the erasure.
    redacted_at: Mapped[datetime | None]
    redacted_by: Mapped[str | None] = mapped_column(String(40))


class AuditChainHead(TenantMixin, Base):
    """The last link of an organization's audit chain; its row lock lets one sealer at a time
    extend the chain (never the transactions that write records)."""

    __tablename__ = "audit_chain_heads"

    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))
