"""Models of SCIM provisioning: the organization's bearer tokens, the identity provider's view
of a member (``externalId`` and name parts), its groups with their members, and the mapping
from a group to the role its members get.

A SCIM user *is* a member (``members``); ``scim_users`` holds only what SCIM knows beyond the
member, so every channel (API, dashboard, SCIM) changes one row of truth.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, tenant_fk, utcnow


class ScimToken(TenantMixin, Base):
    """A bearer token an identity provider provisions with. Only a SHA-256 is stored; the
    token is shown once."""

    __tablename__ = "scim_tokens"
    __table_args__ = (
        UniqueConstraint("token_hash"),
        Index("ix_scim_tokens_organization_id_created_at", "organization_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    redacted: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    # The token this one replaced (a rotation), for the audit trail.
    rotated_from: Mapped[str | None] = mapped_column(String(40))


class ScimUser(TenantMixin, Base):
    """What the identity provider knows of a member beyond the member itself."""

    __tablename__ = "scim_users"
    __table_args__ = (
        tenant_fk("member_id", "members", nullable_ondelete="CASCADE"),
        UniqueConstraint("organization_id", "external_id"),
    )

    member_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(255))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))


class ScimGroup(TenantMixin, TimestampMixin, Base):
    """A group pushed by the identity provider. Its members get the role the organization's
    mapping names for it (:class:`ScimRoleMapping`)."""

    __tablename__ = "scim_groups"
    __table_args__ = (
        UniqueConstraint("organization_id", "display_name"),
        UniqueConstraint("organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    display_name: Mapped[str] = mapped_column(String(255))
    external_id: Mapped[str | None] = mapped_column(String(255))


class ScimGroupMember(TenantMixin, Base):
    """A member's membership of a SCIM group."""

    __tablename__ = "scim_group_members"
    __table_args__ = (
        tenant_fk("group_id", "scim_groups", nullable_ondelete="CASCADE"),
        tenant_fk("member_id", "members", nullable_ondelete="CASCADE"),
        Index("ix_scim_group_members_member", "organization_id", "member_id"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    group_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScimRoleMapping(TenantMixin, Base):
    """The organization's rule "members of the group named ``group`` (its displayName or its
    externalId) have ``role``" (a built-in role name or a custom role id)."""

    __tablename__ = "scim_role_mappings"
    __table_args__ = (UniqueConstraint("organization_id", "group"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    group: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
