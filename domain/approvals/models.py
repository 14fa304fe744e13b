"""Models of approvals: policies (versioned), requests and their assignments (the read model the
API lists), single-use e-mail links and the notifications sent about them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

SUBJECT_TYPES = ("booking", "bulk_booking", "contract", "budget_change")
REQUEST_STATUSES = ("pending", "approved", "rejected", "cancelled")


class ApprovalPolicy(TenantMixin, TimestampMixin, Base):
    __tablename__ = "approval_policies"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "name"),
        CheckConstraint(f"subject_type IN {SUBJECT_TYPES!r}", name="subject_type"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    subject_type: Mapped[str] = mapped_column(String(20))
    conditions: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ApprovalPolicyVersion(TenantMixin, Base):
    """An immutable copy of each version of a policy; running chains point at one."""

    __tablename__ = "approval_policy_versions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "policy_id"],
            ["approval_policies.organization_id", "approval_policies.id"],
            ondelete="CASCADE",
        ),
    )

    organization_id: Mapped[str] = mapped_column(String(40))
    policy_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApprovalRequest(TenantMixin, TimestampMixin, Base):
    __tablename__ = "approval_requests"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(f"status IN {REQUEST_STATUSES!r}", name="status"),
        CheckConstraint(f"subject_type IN {SUBJECT_TYPES!r}", name="subject_type"),
        Index(
            "ix_approval_requests_organization_id_subject",
            "organization_id",
            "subject_type",
            "subject_id",
        ),
        Index(
            "ix_approval_requests_unstarted",
            "created_at",
            postgresql_where="workflow_started_at IS NULL",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    policy_id: Mapped[str] = mapped_column(String(40))
    policy_version: Mapped[int] = mapped_column(Integer)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(500), default="")
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str] = mapped_column(String(500), default="")
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    requested_by: Mapped[str] = mapped_column(String(80))
    workflow_id: Mapped[str] = mapped_column(String(200))
    workflow_started_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]


class ApprovalAssignment(TenantMixin, Base):
    """One approver's place in one step: pending, then approved/rejected/delegated/skipped."""

    __tablename__ = "approval_assignments"
    __table_args__ = (
        UniqueConstraint("organization_id", "request_id", "step_index", "member_id"),
        CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'delegated', 'skipped')", name="status"
        ),
        ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            ondelete="CASCADE",
        ),
        Index("ix_approval_assignments_member", "organization_id", "member_id", "status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str] = mapped_column(String(40))
    step_index: Mapped[int] = mapped_column(Integer)
    step_name: Mapped[str] = mapped_column(String(120))
    member_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    on_behalf_of: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]


class ApprovalLink(TenantMixin, Base):
    """A signed, expiring, single-use link from an approval e-mail (only its hash is kept)."""

    __tablename__ = "approval_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(40))
    step_index: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    used_decision: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApprovalNotification(TenantMixin, Base):
    """Every request, reminder and escalation sent to an approver, per channel."""

    __tablename__ = "approval_notifications"
    __table_args__ = (
        CheckConstraint("kind IN ('request', 'reminder', 'escalation')", name="kind"),
        ForeignKeyConstraint(
            ["organization_id", "request_id"],
            ["approval_requests.organization_id", "approval_requests.id"],
            ondelete="CASCADE",
        ),
        Index("ix_approval_notifications_request", "organization_id", "request_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str] = mapped_column(String(40))
    step_index: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="sent")
    detail: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
