"""Models of the milestone ↔ task sync with project tools (Asana, Monday.com): which tool
project (board) holds an AuditoryX project's tasks, with the webhook that reports their
changes, and which task is a milestone's, with the state both sides last agreed on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin

PROJECT_TOOL_PROVIDERS = ("asana", "monday")
# ``webhook_id`` while a worker is subscribing: the tool's handshake is accepted only then.
PENDING = "pending:"


class TaskContainer(TenantMixin, TimestampMixin, Base):
    """An AuditoryX project's project (Asana) or board (Monday) in a tool. ``webhook_secret``
    is the signing secret the tool handed over in its webhook handshake, sealed
    (``core.crypto``); the webhook's URL names this row's id."""

    __tablename__ = "project_tool_containers"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "project_id"),
        CheckConstraint(f"provider IN {PROJECT_TOOL_PROVIDERS!r}", name="provider"),
        ForeignKeyConstraint(
            ["organization_id", "project_id"],
            ["projects.organization_id", "projects.id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    project_id: Mapped[str] = mapped_column(String(40))
    container_id: Mapped[str | None] = mapped_column(String(120))
    webhook_id: Mapped[str | None] = mapped_column(String(120))
    webhook_secret: Mapped[bytes | None] = mapped_column(LargeBinary)


class TaskLink(TenantMixin, TimestampMixin, Base):
    """A milestone ↔ its task in a tool. ``completed`` is the completion both sides last
    agreed on (the base the conflict rule compares each side with, docs/adr/0030);
    ``marker`` the origin marker of our last write; ``provider_modified_at`` the tool's
    modification time of the newest read-back we acted on (an older one is stale)."""

    __tablename__ = "project_task_links"
    __table_args__ = (
        UniqueConstraint("organization_id", "provider", "milestone_id"),
        CheckConstraint(f"provider IN {PROJECT_TOOL_PROVIDERS!r}", name="provider"),
        ForeignKeyConstraint(
            ["organization_id", "milestone_id"],
            ["milestones.organization_id", "milestones.id"],
            ondelete="CASCADE",
        ),
        Index("ix_project_task_links_task", "organization_id", "provider", "task_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(20))
    milestone_id: Mapped[str] = mapped_column(String(40))
    container_id: Mapped[str] = mapped_column(String(120))
    task_id: Mapped[str] = mapped_column(String(120))
    marker: Mapped[str] = mapped_column(String(120), default="")
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    provider_modified_at: Mapped[datetime | None]
