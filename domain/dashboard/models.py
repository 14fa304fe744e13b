"""Models of the web dashboard: members' password credentials, server-side sign-in sessions,
failed sign-in attempts (for rate limiting) and organizations' custom domains.

Secrets are never stored: a session cookie and a password reset token are kept as SHA-256
hashes, a password as a salted scrypt hash.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, utcnow


class MemberCredential(TenantMixin, Base):
    """A member's dashboard password (scrypt, salted, parameters encoded in the value)."""

    __tablename__ = "member_credentials"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
        ),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    password_hash: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DashboardSession(TenantMixin, Base):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "dashboard_sessions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
        ),
        Index("ix_dashboard_sessions_organization_id_member_id", "organization_id", "member_id"),
        Index("ix_dashboard_sessions_expires_at", "expires_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    csrf_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip_hmac: Mapped[str | None] = mapped_column(String(64))


class PasswordToken(TenantMixin, Base):
    """A single-use, expiring invite or reset link for setting a dashboard password."""

    __tablename__ = "password_tokens"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "member_id"],
            ["members.organization_id", "members.id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class SignInFailure(Base):
    """One failed sign-in, keyed by an HMAC of the e-mail or the client IP (never in clear).

    Not a tenant table: a failure happens before anyone knows the organization.
    """

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_key_failed_at", "key", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustomDomain(TenantMixin, Base):
    """A host name on which the organization's dashboard is served (white-label)."""

    __tablename__ = "custom_domains"
    __table_args__ = (
        ForeignKeyConstraint(["organization_id"], ["organizations.id"]),
        Index("ix_custom_domains_organization_id", "organization_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    hostname: Mapped[str] = mapped_column(String(253), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    verified_at: Mapped[datetime | None]
