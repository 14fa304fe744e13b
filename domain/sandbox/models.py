"""Models of the sandbox: the e-mail a sandbox organization would have sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow


class CapturedEmail(TenantMixin, Base):
    """One message of a sandbox organization, stored instead of delivered over SMTP.

    ``template`` names what produced it (a built-in template or notice kind such as
    ``booking_reminder`` or ``approval_request``), so a test can find the one it expects.
    """

    __tablename__ = "sandbox_emails"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        Index("ix_sandbox_emails_organization_id_id", "organization_id", "id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    recipients: Mapped[list[str]] = mapped_column(ARRAY(String(320)))
    subject: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str | None] = mapped_column(String(320))
    template: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
