"""Models of the money side: ledger entries, revenue statements, exchange rates and budgets.

Amounts are integers in the minor unit of their ``currency`` (never floats). Booking costs are
not copied here: they are read from ``bookings`` itself (committed while held, pending or
confirmed; actual once completed), so the ledger can never disagree with the calendar (see
docs/adr/0012-ledger-and-forecasting.md).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from domain.base import Base, TenantMixin, TimestampMixin, utcnow

LEDGER_KINDS = ("invoice", "expense", "revenue")
IMPORT_MODES = ("partial", "all_or_nothing")
IMPORT_STATUSES = ("imported", "partial", "rejected")


def _org() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["organization_id"], ["organizations.id"])


def _artist() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["organization_id", "artist_id"], ["artists.organization_id", "artists.id"]
    )


class ExchangeRate(TenantMixin, Base):
    """One unit of ``base_currency`` is worth ``rate`` units of ``quote_currency`` from
    ``rate_date`` on (until a later rate of the same pair)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        CheckConstraint("rate > 0", name="positive"),
        CheckConstraint("base_currency <> quote_currency", name="pair"),
        _org(),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    base_currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    quote_currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric(24, 12))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RevenueImport(TenantMixin, Base):
    """One uploaded royalty/distributor statement and its per-row report."""

    __tablename__ = "revenue_imports"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(f"mode IN {IMPORT_MODES!r}", name="mode"),
        CheckConstraint(f"status IN {IMPORT_STATUSES!r}", name="status"),
        Index("ix_revenue_imports_organization_id_created_at", "organization_id", "created_at"),
        _org(),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    content_sha256: Mapped[str] = mapped_column(String(64))
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_imported: Mapped[int] = mapped_column(Integer)
    rows_unchanged: Mapped[int] = mapped_column(Integer)
    rows_failed: Mapped[int] = mapped_column(Integer)
    report: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RevenueLine(TenantMixin, Base):
    """One line of a statement: what an artist earned from a source in a territory in a month.

    ``line_key`` hashes the line's identity (period, artist, source, territory, currency,
    reference); it is unique per organization, which makes re-importing a file a no-op.
    """

    __tablename__ = "revenue_lines"
    __table_args__ = (
        UniqueConstraint("organization_id", "line_key"),
        CheckConstraint("period = date_trunc('month', period)::date", name="period_month"),
        ForeignKeyConstraint(
            ["organization_id", "import_id"],
            ["revenue_imports.organization_id", "revenue_imports.id"],
            ondelete="CASCADE",
        ),
        _artist(),
        # Covering index: the analytics aggregate revenue per artist and month from it alone.
        Index(
            "ix_revenue_lines_organization_id_artist_id_period",
            "organization_id",
            "artist_id",
            "period",
            postgresql_include=["currency", "amount_minor"],
        ),
        Index("ix_revenue_lines_organization_id_import_id", "organization_id", "import_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    import_id: Mapped[str] = mapped_column(String(40))
    artist_id: Mapped[str] = mapped_column(String(40))
    period: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(120))
    territory: Mapped[str] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(120), default="")
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    line_key: Mapped[str] = mapped_column(String(64))


class RevenueMonthly(TenantMixin, Base):
    """Statement revenue per artist, month and currency: a rollup of ``revenue_lines`` kept in
    the same transaction as each import (and its deletion), so the analytics aggregate a few
    thousand rows instead of every statement line."""

    __tablename__ = "revenue_monthly"
    __table_args__ = (
        _artist(),
        CheckConstraint("lines >= 0", name="lines"),
    )

    organization_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    artist_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[int] = mapped_column(Integer)


class LedgerEntry(TenantMixin, TimestampMixin, Base):
    """Money in or out that is not a booking's price nor a statement line: creator invoices,
    other expenses, one-off revenue. An invoice naming a booking is that booking's actual
    cost and replaces its price in the analytics."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        UniqueConstraint("organization_id", "external_ref"),
        CheckConstraint(f"kind IN {LEDGER_KINDS!r}", name="kind"),
        CheckConstraint("amount_minor > 0", name="positive"),
        _artist(),
        ForeignKeyConstraint(
            ["organization_id", "creator_id"], ["creators.organization_id", "creators.id"]
        ),
        ForeignKeyConstraint(
            ["organization_id", "booking_id"], ["bookings.organization_id", "bookings.id"]
        ),
        Index(
            "ix_ledger_entries_organization_id_artist_id_occurred_on",
            "organization_id",
            "artist_id",
            "occurred_on",
        ),
        Index(
            "ix_ledger_entries_organization_id_booking_id",
            "organization_id",
            "booking_id",
            postgresql_where="booking_id IS NOT NULL",
        ),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    artist_id: Mapped[str | None] = mapped_column(String(40))
    # Projects are another aggregate's table; referenced loosely (like bookings.project_id).
    project_id: Mapped[str | None] = mapped_column(String(40))
    creator_id: Mapped[str | None] = mapped_column(String(40))
    booking_id: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    external_ref: Mapped[str | None] = mapped_column(String(120))
    created_by: Mapped[str] = mapped_column(String(80))


class Budget(TenantMixin, TimestampMixin, Base):
    """A spending limit for one artist or one project, optionally for a date range."""

    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint("(artist_id IS NULL) <> (project_id IS NULL)", name="one_scope"),
        CheckConstraint("amount_minor > 0", name="positive"),
        CheckConstraint("warn_at_percent >= 1 AND warn_at_percent <= 100", name="warn_at_percent"),
        CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on", name="dates"
        ),
        _artist(),
        Index("ix_budgets_organization_id_artist_id", "organization_id", "artist_id"),
        Index("ix_budgets_organization_id_project_id", "organization_id", "project_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    artist_id: Mapped[str | None] = mapped_column(String(40))
    project_id: Mapped[str | None] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    warn_at_percent: Mapped[int] = mapped_column(Integer, default=80)
