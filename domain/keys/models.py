"""An organization's data keys, one row per version.

The key itself is stored only wrapped (sealed under the master key derived from
``SECRET_KEY``). Destroying a version forgets the wrapped key and keeps the row as a
tombstone, so a payload sealed with it is reported as destroyed rather than unknown, and the
version number is never issued again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow


class OrganizationKey(TenantMixin, Base):
    """One version of an organization's data key (AES-256-GCM)."""

    __tablename__ = "organization_keys"
    __table_args__ = (
        UniqueConstraint("organization_id", "version"),
        UniqueConstraint("organization_id", "id"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("(wrapped_key IS NULL) = (destroyed_at IS NOT NULL)", name="tombstone"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    destroyed_at: Mapped[datetime | None]


class SubjectKey(TenantMixin, Base):
    """One person's data key (AES-256-GCM), wrapped under a version of their organization's key.

    A person (``subject_kind`` artist, creator, member or client, and their id) has at most one
    row. The key is stored only wrapped, and ``organization_key_id`` names the version that
    wrapped it (a rotation re-wraps under the new version; the person's key, and so what it
    sealed, stays the same). An erasure destroys it: the wrapped key is forgotten and the row
    stays as a tombstone, so a value sealed with it — in the database or in any backup — is
    reported as erased, and no new key is issued to the person.
    """

    __tablename__ = "subject_keys"
    __table_args__ = (
        UniqueConstraint("organization_id", "subject_kind", "subject_id"),
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(
            "subject_kind IN ('artist', 'creator', 'member', 'client')", name="subject_kind"
        ),
        CheckConstraint(
            "(wrapped_key IS NULL) = (destroyed_at IS NOT NULL) "
            "AND (wrapped_key IS NULL) = (organization_key_id IS NULL)",
            name="tombstone",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(40))
    organization_key_id: Mapped[str | None] = mapped_column(String(40))
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    destroyed_at: Mapped[datetime | None]
