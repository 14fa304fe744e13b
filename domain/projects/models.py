"""Models of projects, their milestones and the sessions a milestone books."""

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
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

PROJECT_STATUSES = ("draft", "active", "completed", "cancelled")
MILESTONE_STATUSES = ("pending", "booked", "done", "cancelled")


class Project(TenantMixin, TimestampMixin, Base):
    __tablename__ = "projects"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(f"status IN {PROJECT_STATUSES!r}", name="status"),
        CheckConstraint("budget_minor IS NULL OR budget_minor >= 0", name="budget"),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        ForeignKeyConstraint(
            ["organization_id", "artist_id"], ["artists.organization_id", "artists.id"]
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    artist_id: Mapped[str | None] = mapped_column(String(40))
    budget_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    due_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_by: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    status_reason: Mapped[str] = mapped_column(String(500), default="")


class Milestone(TenantMixin, TimestampMixin, Base):
    """A step of a project. ``depends_on`` holds ids of milestones of the same project;
    ``shift_minutes`` is the slip applied to its planned sessions by re-planning."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "project_id", "key"),
        CheckConstraint(f"status IN {MILESTONE_STATUSES!r}", name="status"),
        CheckConstraint("shift_minutes >= 0", name="shift"),
        ForeignKeyConstraint(
            ["organization_id", "project_id"],
            ["projects.organization_id", "projects.id"],
            ondelete="CASCADE",
        ),
        Index("ix_milestones_organization_id_project_id", "organization_id", "project_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    depends_on: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    due_at: Mapped[datetime | None]
    # [{"id": "stems", "label": "Stems uploaded", "done": false, "done_at": null}]
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    shift_minutes: Mapped[int] = mapped_column(Integer, default=0)
    booked_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class MilestoneSession(TenantMixin, Base):
    """A session a milestone needs: a creator (and room) at a planned time, booked later.

    An open session (``open_request``: skills, window, budget, timezones) has no creator until
    the milestone is booked; then the planner's placement is written onto ``creator_id``,
    ``room_id`` and ``start`` (minus the milestone's shift, like a fixed session's) and
    ``planned_at`` is set, so a retry books the same creator. ``unplaced`` sessions carry the
    planner's binding reason in ``plan_reason``. Until placed, ``start`` is the window's start.
    """

    __tablename__ = "milestone_sessions"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint("duration_minutes > 0", name="duration"),
        CheckConstraint("status IN ('planned', 'booked', 'failed', 'unplaced')", name="status"),
        CheckConstraint("creator_id IS NOT NULL OR open_request IS NOT NULL", name="who"),
        ForeignKeyConstraint(
            ["organization_id", "milestone_id"],
            ["milestones.organization_id", "milestones.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["organization_id", "creator_id"], ["creators.organization_id", "creators.id"]
        ),
        ForeignKeyConstraint(["organization_id", "room_id"], ["rooms.organization_id", "rooms.id"]),
        Index("ix_milestone_sessions_milestone", "organization_id", "milestone_id"),
        Index("ix_milestone_sessions_booking", "organization_id", "booking_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[str] = mapped_column(String(40))
    milestone_id: Mapped[str] = mapped_column(String(40))
    creator_id: Mapped[str | None] = mapped_column(String(40))
    room_id: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer)
    allow_outside_working_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    booking_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    error: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The open request as given (planning.SessionRequest, window not shifted); NULL if fixed.
    open_request: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    planned_at: Mapped[datetime | None]
    plan_reason: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # {"code", "detail"}
