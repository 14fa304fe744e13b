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
