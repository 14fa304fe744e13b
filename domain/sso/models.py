"""Single sign-on: one OpenID Connect identity provider per organization."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin


class SsoConfiguration(TenantMixin, TimestampMixin, Base):
    """An organization's identity provider. ``client_secret_sealed`` is the client secret
    sealed by :class:`core.crypto.SecretBox`; ``role_mapping`` maps values of the
    ``role_claim`` claim to roles, in the order they are tried."""

    __tablename__ = "sso_configurations"
    __table_args__ = (
        UniqueConstraint("slug"),
        Index("ix_sso_configurations_email_domains", "email_domains", postgresql_using="gin"),
    )

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(63))
    issuer: Mapped[str] = mapped_column(String(2000))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    email_domains: Mapped[list[str]] = mapped_column(ARRAY(Text))
    role_claim: Mapped[str] = mapped_column(String(100), default="")
    role_mapping: Mapped[list[dict[str, str]]] = mapped_column(JSONB, default=list)
    default_role: Mapped[str] = mapped_column(String(40))
    sso_required: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
