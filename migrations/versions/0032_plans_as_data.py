"""Plans as data: ``plans``, per-organization plan overrides, and trials.

``plans`` holds what each plan grants (request rate, quotas, monthly fee and allowances,
modules, support tier, trial length), seeded with the figures the code carried until now, so
behaviour is unchanged; ``organizations.plan`` names one of its rows (a foreign key replaces
the CHECK that listed the plans by name). The ``pilot`` plan is new: a 30-day trial with the
figures of Studio Pro. ``plans`` is reference data shared by every tenant: no row-level
security; the operator API writes it.

``organization_plan_overrides`` holds an organization's custom pricing model (fee, allowances
and overage prices, modules, request rate, support tier) over its plan; quotas (artists,
seats, …) keep their overrides in ``organization_quotas``. ``version`` makes concurrent
edits detectable (the second writer of one version is told, 409).

``organization_trials`` records a trial: its end, and whether it was converted or expired.
An expired trial leaves the organization read-only until it is converted.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-02 18:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_SCOPE = "organization_id = ANY ((SELECT app_org_ids())::text[])"
PLANS = ("studio_pro", "label_enterprise", "white_label", "api")
MODULES = ["roster", "analytics", "calendar", "approvals", "projects", "audit", "usage"]
UNITS = (
    "api_requests",
    "workflow_starts",
    "webhook_deliveries",
    "emails_sent",
    "bookings_created",
    "bulk_sessions",
)


def _included(*amounts: int | None) -> dict[str, dict[str, int | None]]:
    return {unit: {"included": n} for unit, n in zip(UNITS, amounts, strict=True)}


_STUDIO = _included(100_000, 10_000, 25_000, 5_000, 5_000, 2_000)
# name, rank, rate, burst, artists, seats, webhooks, batches, bulk/day, fee, overage, allowances,
# support, trial days: the figures of domain/tenancy/plans.py and domain/usage/pricing.py.
SEED = (
    ("pilot", 0, 600, 100, 25, 10, 5, 3, 2_000, 0, False, _STUDIO, "standard", 30),
    ("studio_pro", 1, 600, 100, 25, 10, 5, 3, 2_000, 29_900, False, _STUDIO, "standard", None),
    (
        "label_enterprise",
        2,
        1200,
        200,
        100,
        50,
        20,
        10,
        20_000,
        79_900,
        False,
        _included(500_000, 50_000, 100_000, 25_000, 25_000, 10_000),
        "priority",
        None,
    ),
    (
        "api",
        3,
        3000,
        500,
        None,
        100,
        50,
        25,
        100_000,
        19_900,
        True,
        {
            "api_requests": {"included": 250_000, "price_minor": 40, "per": 1_000},
            "workflow_starts": {"included": 25_000, "price_minor": 100, "per": 1_000},
            "webhook_deliveries": {"included": 100_000, "price_minor": 20, "per": 1_000},
            "emails_sent": {"included": 10_000, "price_minor": 80, "per": 1_000},
            "bookings_created": {"included": 10_000, "price_minor": 2, "per": 1},
            "bulk_sessions": {"included": 5_000, "price_minor": 1, "per": 1},
        },
        "priority",
        None,
    ),
    (
        "white_label",
        4,
        6000,
        1000,
        None,
        None,
        100,
        50,
        250_000,
        None,
        False,
        _included(None, None, None, None, None, None),
        "dedicated",
        None,
    ),
)
COLUMNS = (
    "name",
    "rank",
    "requests_per_minute",
    "requests_burst",
    "artists",
    "seats",
    "webhook_endpoints",
    "bulk_concurrent_batches",
    "bulk_sessions_per_day",
    "base_fee_minor",
    "bills_overage",
    "allowances",
    "support_tier",
    "trial_days",
)


def _tenant_table(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        f"USING ({TENANT_SCOPE}) WITH CHECK ({TENANT_SCOPE})"
    )


def upgrade() -> None:
    plans = op.create_table(
        "plans",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("requests_per_minute", sa.Integer(), nullable=False),
        sa.Column("requests_burst", sa.Integer(), nullable=False),
        sa.Column("artists", sa.Integer(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("webhook_endpoints", sa.Integer(), nullable=True),
        sa.Column("bulk_concurrent_batches", sa.Integer(), nullable=True),
        sa.Column("bulk_sessions_per_day", sa.Integer(), nullable=True),
        sa.Column("base_fee_minor", sa.BigInteger(), nullable=True),
        sa.Column("bills_overage", sa.Boolean(), server_default="false", nullable=False),
        sa.Column(
            "allowances",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "modules",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text(f"ARRAY{MODULES!r}::text[]"),
            nullable=False,
        ),
        sa.Column("support_tier", sa.String(length=40), server_default="standard", nullable=False),
        sa.Column("trial_days", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "requests_per_minute > 0 AND requests_burst > 0", name=op.f("ck_plans_rate")
        ),
        sa.CheckConstraint(
            "support_tier IN ('standard', 'priority', 'dedicated')",
            name=op.f("ck_plans_support_tier"),
        ),
        sa.CheckConstraint("trial_days IS NULL OR trial_days > 0", name=op.f("ck_plans_trial")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plans")),
        sa.UniqueConstraint("rank", name=op.f("uq_plans_rank")),
    )
    op.bulk_insert(plans, [dict(zip(COLUMNS, row, strict=True)) for row in SEED])
    op.drop_constraint(op.f("ck_organizations_plan"), "organizations", type_="check")
    op.create_foreign_key(
        op.f("fk_organizations_plan_plans"), "organizations", "plans", ["plan"], ["name"]
    )

    op.create_table(
        "organization_plan_overrides",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("base_fee_minor", sa.BigInteger(), nullable=True),
        sa.Column(
            "allowances",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("modules", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("requests_per_minute", sa.Integer(), nullable=True),
        sa.Column("requests_burst", sa.Integer(), nullable=True),
        sa.Column("support_tier", sa.String(length=40), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_plan_overrides_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_organization_plan_overrides")),
    )
    _tenant_table("organization_plan_overrides")

    op.create_table(
        "organization_trials",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("plan", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("converted_plan", sa.String(length=40), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('active', 'converted', 'expired')",
            name=op.f("ck_organization_trials_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_trials_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan"], ["plans.name"], name=op.f("fk_organization_trials_plan_plans")
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_organization_trials")),
    )
    _tenant_table("organization_trials")


def downgrade() -> None:
    op.drop_table("organization_trials")
    op.drop_table("organization_plan_overrides")
    op.drop_constraint(op.f("fk_organizations_plan_plans"), "organizations", type_="foreignkey")
    # The older schema knows four plans by name: pilots fall back to Studio Pro.
    op.execute(f"UPDATE organizations SET plan = 'studio_pro' WHERE plan NOT IN {PLANS!r}")  # noqa: S608 (constant)
    op.create_check_constraint(op.f("ck_organizations_plan"), "organizations", f"plan IN {PLANS!r}")
    op.drop_table("plans")
