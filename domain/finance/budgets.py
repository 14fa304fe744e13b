"""Budgets against spend: per budget (artist or project) and per project with its own budget,
committed and actual spend converted like every analytics figure (see ``domain.finance.analytics``),
with alerts; and the check behind the ``exceeds_budget`` approval condition."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.finance import analytics, ledger


class BudgetLine(BaseModel):
    budget_id: str
    name: str
    source: Literal["budget", "project"]
    artist_id: str | None
    project_id: str | None
    starts_on: date | None
    ends_on: date | None
    budget: Decimal
    committed: Decimal
    actual: Decimal
    remaining: Decimal
    used_percent: Decimal
    alert: Literal["exceeded", "warning"] | None
    message: str | None


class BudgetReport(BaseModel):
    object: Literal["budget_report"] = "budget_report"
    currency: str
    budgets: list[BudgetLine]
    alerts: int
    missing_rates: list[str]


# Budgets of the ledger and the budgets projects carry themselves, as one list of scopes; the
# spend of a scope is its bookings (by artist or project, inside the dates) and its invoices.
BUDGET_SCOPES = """
    scopes AS (
        SELECT g.id, g.name, 'budget' AS source, g.artist_id, g.project_id, g.amount_minor,
               g.currency, g.starts_on, g.ends_on, g.warn_at_percent
          FROM budgets g WHERE g.organization_id = :org
        UNION ALL
        SELECT p.id, p.name, 'project', NULL, p.id, p.budget_minor, p.currency, NULL, NULL, 80
          FROM projects p WHERE p.organization_id = :org AND p.budget_minor IS NOT NULL
    ),
    chosen AS (
        SELECT * FROM scopes
         WHERE (CAST(:artist AS text) IS NULL OR artist_id = :artist)
           AND (CAST(:project AS text) IS NULL OR project_id = :project)
           AND (CAST(:ids AS text[]) IS NULL OR id = ANY(:ids))
    )"""

SCOPES_SQL = f"WITH {BUDGET_SCOPES} SELECT * FROM chosen ORDER BY name, id"  # noqa: S608

BUDGET_AMOUNTS = f"""
    {BUDGET_SCOPES},
    amounts AS (
        SELECT s.id AS key,
               CASE WHEN b.status = 'completed' THEN 'actual' ELSE 'committed' END AS measure,
               b.currency, {analytics.BOOKING_MONTH} AS month, sum(b.price_minor) AS minor
          FROM chosen s
          JOIN bookings b ON b.organization_id = :org AND b.status IN {analytics.ACTIVE}
               AND (b.artist_id = s.artist_id OR b.project_id = s.project_id)
               AND {analytics.BOOKING_DAY} BETWEEN coalesce(s.starts_on, '1900-01-01')
                                      AND coalesce(s.ends_on, '9999-12-31')
               AND {analytics.NOT_INVOICED}
         GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT s.id, 'actual', e.currency, date_trunc('month', e.occurred_on)::date,
               sum(e.amount_minor)
          FROM chosen s
          JOIN ledger_entries e ON e.organization_id = :org AND e.kind IN ('invoice', 'expense')
               AND (e.artist_id = s.artist_id OR e.project_id = s.project_id)
               AND e.occurred_on BETWEEN coalesce(s.starts_on, '1900-01-01')
                                     AND coalesce(s.ends_on, '9999-12-31')
         GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT s.id, 'budget', s.currency, date_trunc('month', CAST(:today AS date))::date,
               s.amount_minor
          FROM chosen s
    )"""  # noqa: S608


def budget_sql() -> str:
    return analytics.converted_sql(BUDGET_AMOUNTS, by_month=False)


async def budget_report(
    session: AsyncSession,
    *,
    organization_id: str,
    artist_id: str | None = None,
    project_id: str | None = None,
    budget_ids: list[str] | None = None,
    today: date | None = None,
) -> BudgetReport:
    """Budget vs committed vs actual, per budget (artist or project) and per project that has
    its own budget, with an alert when commitments reach the warning level or exceed it.

    Budgets in another currency are converted with the rate of the current month."""
    rc = await ledger.reporting_currency(session, organization_id)
    today = today or datetime.now(UTC).date()
    params = {
        "org": organization_id,
        "rc": rc,
        "artist": artist_id,
        "project": project_id,
        "ids": budget_ids,
        "today": today,
    }
    rows = (await session.execute(text(budget_sql()), params)).all()
    sums: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        sums[row.key][row.measure] = row.value or Decimal(0)
    scopes = (
        await session.execute(
            text(SCOPES_SQL),
            params,
        )
    ).all()
    lines = [_budget_line(scope, sums.get(scope.id, {}), rc) for scope in scopes]
    return BudgetReport(
        currency=rc,
        budgets=lines,
        alerts=sum(1 for line in lines if line.alert),
        missing_rates=analytics.missing_currencies(rows),
    )


def _budget_line(scope: Any, values: dict[str, Decimal], rc: str) -> BudgetLine:
    budget = values.get("budget") or Decimal(0)
    committed = values.get("committed") or Decimal(0)
    actual = values.get("actual") or Decimal(0)
    used = committed + actual
    percent = (used * 100 / budget).quantize(Decimal("0.1")) if budget else Decimal(0)
    alert: Literal["exceeded", "warning"] | None = None
    message = None
    if budget and used > budget:
        alert = "exceeded"
        message = (
            f"commitments of {ledger.money(used, rc)} {rc} exceed the budget of "
            f"{ledger.money(budget, rc)} {rc} by {ledger.money(used - budget, rc)} {rc}"
        )
    elif budget and used * 100 >= budget * scope.warn_at_percent:
        alert = "warning"
        message = f"{percent}% of the budget is committed or spent"
    return BudgetLine(
        budget_id=scope.id,
        name=scope.name,
        source=scope.source,
        artist_id=scope.artist_id,
        project_id=scope.project_id,
        starts_on=scope.starts_on,
        ends_on=scope.ends_on,
        budget=ledger.money(budget, rc),
        committed=ledger.money(committed, rc),
        actual=ledger.money(actual, rc),
        remaining=ledger.money(budget - used, rc),
        used_percent=percent,
        alert=alert,
        message=message,
    )


async def budgets_exceeded_by(
    session: AsyncSession, *, organization_id: str, artist_id: str | None, project_id: str | None
) -> list[BudgetLine]:
    """The budgets of this artist or project whose commitments exceed them (a held or pending
    booking already counts as committed, so this answers "would this booking exceed…")."""
    lines: list[BudgetLine] = []
    if artist_id is not None:
        report = await budget_report(session, organization_id=organization_id, artist_id=artist_id)
        lines.extend(line for line in report.budgets if line.alert == "exceeded")
    if project_id is not None:
        report = await budget_report(
            session, organization_id=organization_id, project_id=project_id
        )
        lines.extend(line for line in report.budgets if line.alert == "exceeded")
    return lines
