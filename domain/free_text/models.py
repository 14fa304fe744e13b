"""The one model of free text carried by reference (migration 0040)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow

PURPOSES = ("approval_comment", "delegation_comment", "cancel_reason", "replan_reason")


class FreeText(TenantMixin, Base):
    """One text a person typed for a running workflow: who wrote it (``author_type``,
    ``author_id``), when, what it belongs to (``subject_type``, ``subject_id``) and what it is
    (``purpose``). The workflow's message names the row's id instead of carrying the text, so
    the text lives only here, where an erasure reaches it (it scrubs ``body`` like every other
    text column of the organization). Rows are never updated by the application."""

    __tablename__ = "free_texts"
    __table_args__ = (
        CheckConstraint(
            "purpose IN ('approval_comment', 'delegation_comment', 'cancel_reason', "
            "'replan_reason')",
            name="purpose",
        ),
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        UniqueConstraint("organization_id", "id"),
        Index("ix_free_texts_organization_id_subject", "organization_id", "subject_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    author_type: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[str] = mapped_column(String(120))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(40))
    purpose: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
