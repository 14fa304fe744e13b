"""The placement tables: the directory (``organization_placements``: where an organization
lives when that is not the control database) and a tenant move's row (``tenant_moves``: where
an organization's tree goes, how far the move got, and what the verification found). Both are
read in the control database; every placement has the schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow

# The steps of a move, in order; ``failed`` ends a move that stopped before the switch.
STATES = ("copying", "catching_up", "frozen", "switched", "cleaning", "done", "failed")


class TenantMove(TenantMixin, Base):
    """One move of a root organization (and its tree) from ``source`` to ``target``.

    ``organization_ids`` is every organization that moves with the root (sub-organizations and
    sandbox twins present in the source); the write freeze applies to all of them.
    ``progress`` is the last checkpoint of the running step (table, last key, rows), and
    ``report`` the verification (per table: rows and checksums on both sides).
    """

    __tablename__ = "tenant_moves"
    __table_args__ = (
        CheckConstraint("state IN (" + ", ".join(f"'{s}'" for s in STATES) + ")", name="state"),
        # At most one move of an organization runs at a time.
        Index(
            "uq_tenant_moves_organization_id_active",
            "organization_id",
            unique=True,
            postgresql_where=text("state NOT IN ('done', 'failed')"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # No foreign key: the organization's row leaves this database when the move cleans up a
    # source that is the control database, and the move's record must stay.
    organization_id: Mapped[str] = mapped_column(String(40))
    organization_ids: Mapped[list[str]] = mapped_column(ARRAY(Text))
    source: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    progress: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}", default=dict)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    workflow_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
    frozen_at: Mapped[datetime | None]
    switched_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class TenantWriteBlock(TenantMixin, Base):
    """Writes of an organization refused in *this* database (each placement has the table).

    ``frozen``: a move is copying the last changes; ``moved``: the organization lives in
    another placement now, and a process that still routes it here (a stale cached route)
    must not write into the copy left behind. Read through ``tenant_write_hold()``.
    """

    __tablename__ = "tenant_write_blocks"
    __table_args__ = (CheckConstraint("reason IN ('frozen', 'moved')", name="reason"),)

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    move_id: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(20))
    retry_after_seconds: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class OrganizationPlacement(Base):
    """Where an organization lives when that is not the control database. Read and written
    through ``placement_of()`` and ``assign_placement()`` (domain/placements/directory.py)."""

    __tablename__ = "organization_placements"

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    placement: Mapped[str] = mapped_column(String(40))
    assigned_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class OrganizationClaim(Base):
    """A name an organization holds across every placement (an SSO sign-in name or e-mail
    domain, a custom domain); the control database's copy is the registry. Written through
    ``claim_names()`` (domain/placements/claims.py)."""

    __tablename__ = "organization_claims"
    __table_args__ = (Index("ix_organization_claims_organization_id", "organization_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(320), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
