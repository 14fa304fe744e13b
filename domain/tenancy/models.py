"""Models of tenancy and access: organizations, members, roles, API keys and members'
absences (for delegation).

Every tenant-owned table carries ``organization_id`` and is under row-level security (see the
migrations); unique constraints and indexes lead with ``organization_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow
from domain.tenancy.plans import MODULES, QUOTAS


class MemberAbsence(TenantMixin, Base):
    """Out of office: while it lasts, the member's approvals go to ``delegate_member_id``."""

    __tablename__ = "member_absences"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="period"),
        CheckConstraint("delegate_member_id <> member_id", name="not_self"),
        ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
            name="fk_member_absences_member",
        ),
        ForeignKeyConstraint(
            ["organization_id", "delegate_member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
            name="fk_member_absences_delegate",
        ),
        Index("ix_member_absences_member", "organization_id", "member_id", "ends_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(40))
    delegate_member_id: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Organization(TimestampMixin, Base):
    """A tenant. ``path`` lists the ids from the root of its hierarchy down to itself."""

    __tablename__ = "organizations"
    __table_args__ = (Index("ix_organizations_path", "path", postgresql_using="gin"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"))
    path: Mapped[list[str]] = mapped_column(ARRAY(Text))
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    region: Mapped[str] = mapped_column(String(40), default="eu")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    sandbox_of: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), unique=True)


class Member(TenantMixin, TimestampMixin, Base):
    """A person's membership of one organization, with one role (built-in name or custom id)."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("organization_id", "email"),
        UniqueConstraint("organization_id", "id"),
        CheckConstraint("status IN ('active', 'disabled')", name="status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active")


class Role(TenantMixin, TimestampMixin, Base):
    """A custom role: a named set of permissions."""

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(60)))


class ApiKey(TenantMixin, Base):
    """An API key. Only a SHA-256 of its secret is stored; the key is shown once."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("mode IN ('live', 'test')", name="mode"),
        Index("ix_api_keys_organization_id_created_at", "organization_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    redacted: Mapped[str] = mapped_column(String(40))
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class ApiKeyInvite(TenantMixin, Base):
    """A single-use, expiring invitation for a member to claim an API key of their own. Only
    a SHA-256 of its token is stored; the token is shown once, to whoever invited."""

    __tablename__ = "api_key_invites"
    __table_args__ = (
        CheckConstraint("mode IN ('live', 'test')", name="mode"),
        UniqueConstraint("token_hash"),
        Index("ix_api_key_invites_organization_id_member_id", "organization_id", "member_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(10))
    permissions: Mapped[list[str]] = mapped_column(ARRAY(String(60)))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    api_key_id: Mapped[str | None] = mapped_column(String(40))


class RateLimitBucket(Base):
    """One GCRA bucket of the rate limiter: ``scope`` is ``key``, ``org`` or ``ip``.

    Not tenant data (no ``organization_id``, no row-level security): the limiter reads and
    writes it outside any tenant transaction. The table is UNLOGGED (see the migration).
    Times are seconds since the epoch on the database's clock, the one clock every API
    process shares.
    """

    __tablename__ = "rate_limit_buckets"

    scope: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    # The theoretical arrival time of the next request at the sustained rate.
    tat: Mapped[float] = mapped_column(Double)
    # The last request's time and verdict, and the rate it was measured against.
    seen_at: Mapped[float] = mapped_column(Double)
    allowed: Mapped[bool] = mapped_column(Boolean)
    emission_interval: Mapped[float] = mapped_column(Double)
    tolerance: Mapped[float] = mapped_column(Double)


class OrganizationQuota(TenantMixin, Base):
    """One quota of one organization: the row a quota check locks before it counts, and the
    operator's override of the plan's limit (``None``: the plan's)."""

    __tablename__ = "organization_quotas"
    __table_args__ = (
        CheckConstraint(f"quota IN {QUOTAS!r}", name="quota"),
        CheckConstraint("limit_override >= 0", name="limit_override"),
    )

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    quota: Mapped[str] = mapped_column(String(40), primary_key=True)
    limit_override: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class PlanRecord(Base):
    """A plan: what it grants (``domain/tenancy/plan_catalog.py`` reads it). Reference data
    shared by every tenant, managed by the operator API; ``rank`` orders the plans, lowest
    first."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("requests_per_minute > 0 AND requests_burst > 0", name="rate"),
        CheckConstraint(
            "support_tier IN ('standard', 'priority', 'dedicated')", name="support_tier"
        ),
        CheckConstraint("trial_days IS NULL OR trial_days > 0", name="trial"),
        UniqueConstraint("rank", name="uq_plans_rank"),
    )

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    requests_per_minute: Mapped[int] = mapped_column(Integer)
    requests_burst: Mapped[int] = mapped_column(Integer)
    artists: Mapped[int | None] = mapped_column(Integer)
    seats: Mapped[int | None] = mapped_column(Integer)
    webhook_endpoints: Mapped[int | None] = mapped_column(Integer)
    bulk_concurrent_batches: Mapped[int | None] = mapped_column(Integer)
    bulk_sessions_per_day: Mapped[int | None] = mapped_column(Integer)
    base_fee_minor: Mapped[int | None] = mapped_column(BigInteger)
    bills_overage: Mapped[bool] = mapped_column(Boolean, server_default="false", default=False)
    allowances: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}", default=dict)
    modules: Mapped[list[str]] = mapped_column(
        ARRAY(Text), server_default=text(f"ARRAY{list(MODULES)!r}::text[]")
    )
    support_tier: Mapped[str] = mapped_column(String(40), server_default="standard")
    trial_days: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class OrganizationPlanOverride(TenantMixin, Base):
    """An organization's custom pricing model over its plan; a ``None`` field (or a unit
    absent from ``allowances``) keeps the plan's. ``version`` detects concurrent edits."""

    __tablename__ = "organization_plan_overrides"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    base_fee_minor: Mapped[int | None] = mapped_column(BigInteger)
    allowances: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}", default=dict)
    modules: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    requests_per_minute: Mapped[int | None] = mapped_column(Integer)
    requests_burst: Mapped[int | None] = mapped_column(Integer)
    support_tier: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


class OrganizationTrial(TenantMixin, Base):
    """An organization's trial of ``plan``: active until ``ends_at``, then converted (to
    ``converted_plan``) or expired (the organization is read-only until converted)."""

    __tablename__ = "organization_trials"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'converted', 'expired')", name="status"),
    )

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    plan: Mapped[str] = mapped_column(ForeignKey("plans.name"))
    status: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    converted_plan: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)


DELETION_STATES = ("scheduled", "cancelled", "deleting", "deleted")


class OrganizationDeletion(TenantMixin, Base):
    """One request to delete an organization (with its sub-organizations and sandbox twins),
    and, once carried out, the record that it was: ids, times, who asked, row counts.

    It lives in the control database and is never part of a tenant's data (no tenant move
    carries it, no deletion or sandbox reset removes it: domain/placements/tables.py), so it
    outlives the organization it names. It holds no personal value: the requester is an id.
    """

    __tablename__ = "organization_deletions"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in DELETION_STATES) + ")", name="state"
        ),
        # One deletion of an organization at a time, and none after it was deleted.
        Index(
            "uq_organization_deletions_organization_id_open",
            "organization_id",
            unique=True,
            postgresql_where=text("state <> 'cancelled'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # No foreign key: the record stays after the organization's row is gone.
    organization_id: Mapped[str] = mapped_column(String(40))
    organization_ids: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    state: Mapped[str] = mapped_column(String(20))
    requested_by_type: Mapped[str] = mapped_column(String(20))
    requested_by_id: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
    delete_after: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[str | None] = mapped_column(String(80))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}", default=dict)
    workflow_id: Mapped[str] = mapped_column(String(200))
