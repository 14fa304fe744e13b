"""Budgets against spend: per budget (artist or project) and per project with its own budget,
committed and actual spend converted like every analytics figure (see ``domain.finance.analytics``),
with alerts; and the check behind the ``exceeds_budget`` approval condition."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.dates import Day
from domain.errors import InvalidRequest
from domain.finance import amounts, rates
from domain.finance.models import Budget
from domain.money import check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.projects.models import Project
from domain.roster.models import Artist

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"


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
               b.currency, {amounts.BOOKING_MONTH} AS month, sum(b.price_minor) AS minor
          FROM chosen s
          JOIN bookings b ON b.organization_id = :org AND b.status IN {amounts.ACTIVE}
               AND (b.artist_id = s.artist_id OR b.project_id = s.project_id)
               AND {amounts.BOOKING_DAY} BETWEEN coalesce(s.starts_on, '1900-01-01')
                                      AND coalesce(s.ends_on, '9999-12-31')
               AND {amounts.NOT_INVOICED}
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
    return amounts.converted_sql(BUDGET_AMOUNTS, by_month=False)


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
    rc = await rates.reporting_currency(session, organization_id)
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
        missing_rates=amounts.missing_currencies(rows),
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
            f"commitments of {rates.money(used, rc)} {rc} exceed the budget of "
            f"{rates.money(budget, rc)} {rc} by {rates.money(used - budget, rc)} {rc}"
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
        budget=rates.money(budget, rc),
        committed=rates.money(committed, rc),
        actual=rates.money(actual, rc),
        remaining=rates.money(budget - used, rc),
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


# --- budgets ----------------------------------------------------------------------------------


class BudgetInput(BaseModel):
    """A limit for one artist or one project (exactly one), optionally for a date range."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    amount: Decimal = Field(gt=0, max_digits=16)
    currency: str = Field(min_length=3, max_length=3)
    starts_on: Day | None = None
    ends_on: Day | None = None
    warn_at_percent: int = Field(default=80, ge=1, le=100)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value.upper())

    @field_validator("project_id")
    @classmethod
    def _one_scope(cls, project_id: str | None, info: ValidationInfo) -> str | None:
        if (project_id is None) == (info.data.get("artist_id") is None):
            raise ValueError("give exactly one of artist_id and project_id")
        return project_id

    @field_validator("ends_on")
    @classmethod
    def _dates(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on < starts_on:
            raise ValueError("ends_on is before starts_on")
        return ends_on


def _budget_columns(data: BudgetInput) -> dict[str, Any]:
    try:
        amount_minor = to_minor(data.amount, data.currency)
    except ValueError as exc:
        raise InvalidRequest(str(exc), param="amount") from None
    columns = data.model_dump(exclude={"amount"})
    columns["amount_minor"] = amount_minor
    return columns


async def _check_scope(session: AsyncSession, data: BudgetInput) -> None:
    if data.artist_id:
        await records.get_or_404(session, Artist, data.artist_id, label="artist", param="artist_id")
    if data.project_id:
        await project_or_404(session, data.project_id)


async def project_or_404(session: AsyncSession, project_id: str) -> None:
    await records.get_or_404(session, Project, project_id, label="project", param="project_id")


async def create_budget(
    session: AsyncSession, *, organization_id: str, data: BudgetInput, actor: audit.Actor
) -> Budget:
    await _check_scope(session, data)
    budget = Budget(id=new_id("bgt"), organization_id=organization_id, **_budget_columns(data))
    return await records.create(session, budget, actor=actor, kind="budget")


def budget_input_of(budget: Budget) -> dict[str, Any]:
    return {
        "name": budget.name,
        "artist_id": budget.artist_id,
        "project_id": budget.project_id,
        "amount": from_minor(budget.amount_minor, budget.currency),
        "currency": budget.currency,
        "starts_on": budget.starts_on,
        "ends_on": budget.ends_on,
        "warn_at_percent": budget.warn_at_percent,
    }


async def update_budget(
    session: AsyncSession, budget: Budget, changes: dict[str, Any], *, actor: audit.Actor
) -> Budget:
    data = BudgetInput.model_validate({**budget_input_of(budget), **changes})
    await _check_scope(session, data)
    return await records.update(session, budget, _budget_columns(data), actor=actor, kind="budget")


async def list_budgets(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    artist_id: str | None = None,
    project_id: str | None = None,
) -> Page[Budget]:
    stmt = select(Budget).where(Budget.organization_id == organization_id)
    if artist_id:
        stmt = stmt.where(Budget.artist_id == artist_id)
    if project_id:
        stmt = stmt.where(Budget.project_id == project_id)
    return await paginate(session, stmt, Budget.id, limit=limit, starting_after=starting_after)
