"""Ledger, revenue imports, exchange rates and budgets (the analytics' own tables).

Booking costs are read from ``bookings``; these tables hold what the calendar does not know:
statements of revenue, invoices and other entries, the organization's exchange rates and
budgets. Every table is a tenant table under row-level security.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = (
    "exchange_rates",
    "revenue_imports",
    "revenue_lines",
    "revenue_monthly",
    "ledger_entries",
    "budgets",
)


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("base_currency", sa.String(length=3), nullable=False),
        sa.Column("quote_currency", sa.String(length=3), nullable=False),
        sa.Column("rate_date", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(precision=24, scale=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("base_currency <> quote_currency", name=op.f("ck_exchange_rates_pair")),
        sa.CheckConstraint("rate > 0", name=op.f("ck_exchange_rates_positive")),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_exchange_rates_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint(
            "organization_id",
            "base_currency",
            "quote_currency",
            "rate_date",
            name=op.f("pk_exchange_rates"),
        ),
    )
    op.create_table(
        "revenue_imports",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("rows_failed", sa.Integer(), nullable=False),
        sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "mode IN ('partial', 'all_or_nothing')", name=op.f("ck_revenue_imports_mode")
        ),
        sa.CheckConstraint(
            "status IN ('imported', 'partial', 'rejected')", name=op.f("ck_revenue_imports_status")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_revenue_imports_organization_id_organizations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revenue_imports")),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_revenue_imports_organization_id_id")
        ),
    )
    op.create_index(
        "ix_revenue_imports_organization_id_created_at",
        "revenue_imports",
        ["organization_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "budgets",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=True),
        sa.Column("project_id", sa.String(length=40), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("warn_at_percent", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(artist_id IS NULL) <> (project_id IS NULL)", name=op.f("ck_budgets_one_scope")
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_budgets_positive")),
        sa.CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_budgets_dates"),
        ),
        sa.CheckConstraint(
            "warn_at_percent >= 1 AND warn_at_percent <= 100",
            name=op.f("ck_budgets_warn_at_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_budgets_organization_id_artists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_budgets_organization_id_id")),
    )
    op.create_index(
        "ix_budgets_organization_id_artist_id",
        "budgets",
        ["organization_id", "artist_id"],
        unique=False,
    )
    op.create_index(
        "ix_budgets_organization_id_project_id",
        "budgets",
        ["organization_id", "project_id"],
        unique=False,
    )
    op.create_table(
        "revenue_lines",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("import_id", sa.String(length=40), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("territory", sa.String(length=2), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("line_key", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "period = date_trunc('month', period)::date", name=op.f("ck_revenue_lines_period_month")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_revenue_lines_organization_id_artists"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "import_id"],
            ["revenue_imports.organization_id", "revenue_imports.id"],
            name=op.f("fk_revenue_lines_organization_id_revenue_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revenue_lines")),
        sa.UniqueConstraint(
            "organization_id", "line_key", name=op.f("uq_revenue_lines_organization_id_line_key")
        ),
    )
    op.create_index(
        "ix_revenue_lines_organization_id_artist_id_period",
        "revenue_lines",
        ["organization_id", "artist_id", "period"],
        unique=False,
        postgresql_include=["currency", "amount_minor"],
    )
    op.create_index(
        "ix_revenue_lines_organization_id_import_id",
        "revenue_lines",
        ["organization_id", "import_id"],
        unique=False,
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=True),
        sa.Column("project_id", sa.String(length=40), nullable=True),
        sa.Column("creator_id", sa.String(length=40), nullable=True),
        sa.Column("booking_id", sa.String(length=40), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("external_ref", sa.String(length=120), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('invoice', 'expense', 'revenue')", name=op.f("ck_ledger_entries_kind")
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_ledger_entries_positive")),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_ledger_entries_organization_id_artists"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "booking_id"],
            ["bookings.organization_id", "bookings.id"],
            name=op.f("fk_ledger_entries_organization_id_bookings"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id", "creator_id"],
            ["creators.organization_id", "creators.id"],
            name=op.f("fk_ledger_entries_organization_id_creators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint(
            "organization_id",
            "external_ref",
            name=op.f("uq_ledger_entries_organization_id_external_ref"),
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_ledger_entries_organization_id_id")
        ),
    )
    op.create_index(
        "ix_ledger_entries_organization_id_artist_id_occurred_on",
        "ledger_entries",
        ["organization_id", "artist_id", "occurred_on"],
        unique=False,
    )
    op.create_index(
        "ix_ledger_entries_organization_id_booking_id",
        "ledger_entries",
        ["organization_id", "booking_id"],
        unique=False,
        postgresql_where="booking_id IS NOT NULL",
    )
    op.create_table(
        "revenue_monthly",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("artist_id", sa.String(length=40), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.CheckConstraint("lines >= 0", name=op.f("ck_revenue_monthly_lines")),
        sa.ForeignKeyConstraint(
            ["organization_id", "artist_id"],
            ["artists.organization_id", "artists.id"],
            name=op.f("fk_revenue_monthly_organization_id_artists"),
        ),
        sa.PrimaryKeyConstraint(
            "organization_id", "artist_id", "period", "currency", name=op.f("pk_revenue_monthly")
        ),
    )
    _secure()


def downgrade() -> None:
    op.drop_table("revenue_monthly")
    op.drop_index(
        "ix_ledger_entries_organization_id_booking_id",
        table_name="ledger_entries",
        postgresql_where="booking_id IS NOT NULL",
    )
    op.drop_index(
        "ix_ledger_entries_organization_id_artist_id_occurred_on", table_name="ledger_entries"
    )
    op.drop_table("ledger_entries")
    op.drop_index("ix_revenue_lines_organization_id_import_id", table_name="revenue_lines")
    op.drop_index(
        "ix_revenue_lines_organization_id_artist_id_period",
        table_name="revenue_lines",
        postgresql_include=["currency", "amount_minor"],
    )
    op.drop_table("revenue_lines")
    op.drop_index("ix_budgets_organization_id_project_id", table_name="budgets")
    op.drop_index("ix_budgets_organization_id_artist_id", table_name="budgets")
    op.drop_table("budgets")
    op.drop_index("ix_revenue_imports_organization_id_created_at", table_name="revenue_imports")
    op.drop_table("revenue_imports")
    op.drop_table("exchange_rates")


def _secure() -> None:
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        # The sub-select makes app_org_ids() an InitPlan, evaluated once per statement rather
        # than once per row: these tables are scanned in bulk by the analytics.
        op.execute(
            f"CREATE POLICY tenant_isolation ON {table} "
            "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
            "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
        )
        op.execute(
            f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
            "USING (current_setting('app.owner_maintenance', true) = 'on') "
            "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
        )
