"""Budget planning: "what if we book more sessions" month by month against committed spend and
the scope's budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.dates import Day
from domain.finance import amounts, budgets, rates
from domain.finance.forecasting import add_months
from domain.money import CURRENCIES, check_currency, to_minor

# --- budget planning -----------------------------------------------------------------------


class ScenarioInput(BaseModel):
    """ "What if we book ``sessions_per_month`` more sessions at ``price_per_session``"."""

    model_config = {"extra": "forbid"}

    artist_id: str | None = Field(default=None, pattern=amounts.ID)
    project_id: str | None = Field(default=None, pattern=amounts.ID)
    sessions_per_month: int = Field(ge=0, le=10_000)
    price_per_session: Decimal = Field(ge=0, max_digits=14)
    currency: str = Field(min_length=3, max_length=3)
    months: int = Field(default=12, ge=1, le=36)
    start_month: Day | None = Field(
        default=None, description="First month of the plan (default: the current month)"
    )

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value.upper())


class ScenarioMonth(BaseModel):
    month: date
    committed: Decimal
    planned: Decimal
    total: Decimal
    cumulative: Decimal
    over_budget: bool


class Scenario(BaseModel):
    object: Literal["budget_scenario"] = "budget_scenario"
    currency: str
    artist_id: str | None
    project_id: str | None
    budget: Decimal | None
    spent_before: Decimal
    months: list[ScenarioMonth]
    exceeds_budget_in: date | None
    missing_rates: list[str]


SCENARIO_BASELINE_SQL = amounts.converted_sql(
    f"""amounts AS (
        SELECT 'scope' AS key, 'committed' AS measure, b.currency,
               {amounts.BOOKING_MONTH} AS month, sum(b.price_minor) AS minor
          FROM bookings b
         WHERE b.organization_id = :org AND b.status IN {amounts.ACTIVE}
           AND (CAST(:artist AS text) IS NULL OR b.artist_id = :artist)
           AND (CAST(:project AS text) IS NULL OR b.project_id = :project)
           AND {amounts.NOT_INVOICED}
         GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT 'scope', 'committed', e.currency, date_trunc('month', e.occurred_on)::date,
               sum(e.amount_minor)
          FROM ledger_entries e
         WHERE e.organization_id = :org AND e.kind IN ('invoice', 'expense')
           AND (CAST(:artist AS text) IS NULL OR e.artist_id = :artist)
           AND (CAST(:project AS text) IS NULL OR e.project_id = :project)
         GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT 'plan', 'price', CAST(:plan_currency AS text), CAST(:plan_month AS date), 1
    )""",  # noqa: S608
    by_month=True,
)


async def plan_scenario(
    session: AsyncSession, *, organization_id: str, data: ScenarioInput, today: date
) -> Scenario:
    """Month by month spend: what is already committed or spent (the scope's active bookings
    by the month they start, invoices and expenses by their date, as in the budget report),
    plus the planned sessions, against the scope's budgets (their sum). Spend before the
    first month counts towards the budget. Planned sessions are converted with the current
    month's rate."""
    rc = await rates.reporting_currency(session, organization_id)
    first = (data.start_month or today).replace(day=1)
    months = amounts.month_range(first, add_months(first, data.months - 1))
    planned_minor = to_minor(data.price_per_session, data.currency) * data.sessions_per_month
    rows = (
        await session.execute(
            text(SCENARIO_BASELINE_SQL),
            {
                "org": organization_id,
                "rc": rc,
                "artist": data.artist_id,
                "project": data.project_id,
                "plan_currency": data.currency,
                "plan_month": today.replace(day=1),
            },
        )
    ).all()
    committed: dict[date, Decimal] = {}
    price_factor: Decimal | None = None
    for row in rows:
        if row.key == "plan":
            price_factor = row.value
        elif row.value is not None:
            committed[row.month] = row.value
    missing = amounts.missing_currencies(rows)
    planned = planned_minor * price_factor if price_factor is not None else Decimal(0)
    budget = await _scope_budget(session, organization_id, data)
    before = sum((v for m, v in committed.items() if m < first), Decimal(0))
    cumulative = before
    out, first_over = [], None
    for month in months:
        spend = committed.get(month, Decimal(0)) + planned
        cumulative += spend
        over = budget is not None and cumulative > budget
        if over and first_over is None:
            first_over = month
        out.append(
            ScenarioMonth(
                month=month,
                committed=rates.money(committed.get(month), rc),
                planned=rates.money(planned, rc),
                total=rates.money(spend, rc),
                cumulative=rates.money(cumulative, rc),
                over_budget=over,
            )
        )
    return Scenario(
        currency=rc,
        artist_id=data.artist_id,
        project_id=data.project_id,
        budget=rates.money(budget, rc) if budget is not None else None,
        spent_before=rates.money(before, rc),
        months=out,
        exceeds_budget_in=first_over,
        missing_rates=missing,
    )


async def _scope_budget(
    session: AsyncSession, organization_id: str, data: ScenarioInput
) -> Decimal | None:
    """The scope's budgets summed, in reporting minor units (None without a scope or budget)."""
    if data.artist_id is None and data.project_id is None:
        return None
    report = await budgets.budget_report(
        session,
        organization_id=organization_id,
        artist_id=data.artist_id,
        project_id=data.project_id,
    )
    if not report.budgets:
        return None
    digits = CURRENCIES[report.currency]
    return sum((b.budget.scaleb(digits) for b in report.budgets), Decimal(0))
