"""Label analytics, computed in PostgreSQL: roster overview, artist comparison, creator
utilisation and booking pipeline (budgets: ``domain.finance.budgets``).

Every money figure follows one path: amounts are summed per (key, measure, currency, month) in
SQL, each (currency, month) gets one conversion factor from the organization's stored rates
(:func:`domain.finance.ledger.factors_cte`), the converted sums stay exact ``NUMERIC`` and are
rounded
once, half-even, to the reporting currency's minor unit. Amounts in a currency without a rate
are left out and named in ``missing_rates``.

Where the money comes from:
- booking costs from ``bookings`` (held, pending approval, confirmed = committed; completed =
  actual), in the month (UTC) the session starts; a booking with an invoice in the ledger counts
  through the invoice instead of its price;
- ``ledger_entries``: invoices and expenses are actual spend, revenue entries are revenue;
- imported statements, in their statement month (from ``revenue_monthly``, the rollup of
  ``revenue_lines`` that every import and deletion keeps in step).

Margin is revenue minus actual spend. All functions take an RLS tenant session and return
pydantic models, so the API and the dashboard show the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.finance import rates
from domain.finance.amounts import (
    ONLY_ARTISTS,
    Period,
    artist_amounts_sql,
    converted_sql,
    missing_currencies,
    month_range,
    roster_counts_sql,
    roster_money_sql,
)

SORT_FIELDS = (
    "name",
    "sessions_booked",
    "sessions_completed",
    "spend_committed",
    "spend_actual",
    "revenue",
    "margin",
    "pending_approvals",
)


# --- roster overview -----------------------------------------------------------------------


class ArtistSummary(BaseModel):
    artist_id: str
    name: str
    status: str
    sessions_booked: int
    sessions_completed: int
    spend_committed: Decimal
    spend_actual: Decimal
    revenue: Decimal
    margin: Decimal
    pending_approvals: int


class RosterTotals(BaseModel):
    artists: int
    sessions_booked: int
    sessions_completed: int
    spend_committed: Decimal
    spend_actual: Decimal
    revenue: Decimal
    margin: Decimal
    pending_approvals: int


class RosterOverview(BaseModel):
    object: Literal["roster_overview"] = "roster_overview"
    currency: str
    period_start: date | None
    period_end: date | None
    artists: list[ArtistSummary]
    totals: RosterTotals
    missing_rates: list[str]


def _like(q: str | None) -> str | None:
    if not q:
        return None
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def roster_overview(
    session: AsyncSession,
    *,
    organization_id: str,
    period: Period = Period(),  # noqa: B008, RUF100
    q: str | None = None,
    sort: str = "name",
    artist_ids: list[str] | None = None,
) -> RosterOverview:
    """Per artist: sessions booked/completed, spend committed/actual, revenue, margin and
    pending approvals. ``sort`` is a field of :data:`SORT_FIELDS`, ``-`` in front for
    descending; ``q`` filters by name (case-insensitive substring); ``artist_ids`` limits the
    roster to those artists (one artist's figures without aggregating the whole label)."""
    rc = await rates.reporting_currency(session, organization_id)
    params: dict[str, Any] = {"org": organization_id, "rc": rc, **period.params()}
    only = ""
    if artist_ids is not None:
        only, params["artists"] = ONLY_ARTISTS, artist_ids
    counts = (await session.execute(text(roster_counts_sql(only)), {**params, "q": _like(q)})).all()
    money_rows = (await session.execute(text(roster_money_sql(only)), params)).all()
    sums: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in money_rows:
        sums[row.key][row.measure] = row.value
    artists = []
    for row in counts:
        s = sums.get(row.id, {})
        revenue, actual = s.get("revenue") or Decimal(0), s.get("spend_actual") or Decimal(0)
        artists.append(
            ArtistSummary(
                artist_id=row.id,
                name=row.name,
                status=row.status,
                sessions_booked=row.booked,
                sessions_completed=row.completed,
                spend_committed=rates.money(s.get("spend_committed"), rc),
                spend_actual=rates.money(actual, rc),
                revenue=rates.money(revenue, rc),
                margin=rates.money(revenue - actual, rc),
                pending_approvals=row.pending,
            )
        )
    _sort(artists, sort)
    return RosterOverview(
        currency=rc,
        period_start=period.start,
        period_end=period.end,
        artists=artists,
        totals=_totals(artists, sums, rc, {row.id for row in counts}),
        missing_rates=missing_currencies(money_rows),
    )


def _sort(artists: list[ArtistSummary], sort: str) -> None:
    field = sort.lstrip("-")
    if field not in SORT_FIELDS:
        raise ValueError(f"sort by one of {', '.join(SORT_FIELDS)} (prefix - for descending)")
    artists.sort(key=lambda a: a.name.casefold())
    if field != "name" or sort.startswith("-"):
        artists.sort(
            key=lambda a: getattr(a, field).casefold() if field == "name" else getattr(a, field),
            reverse=sort.startswith("-"),
        )


def _totals(
    artists: list[ArtistSummary],
    sums: dict[str, dict[str, Decimal]],
    rc: str,
    listed: set[str],
) -> RosterTotals:
    # Totals are rounded from the exact sums, not summed from rounded figures.
    def total(measure: str) -> Decimal:
        return sum(
            (v.get(measure) or Decimal(0) for k, v in sums.items() if k in listed), Decimal(0)
        )

    revenue, actual = total("revenue"), total("spend_actual")
    return RosterTotals(
        artists=len(artists),
        sessions_booked=sum(a.sessions_booked for a in artists),
        sessions_completed=sum(a.sessions_completed for a in artists),
        spend_committed=rates.money(total("spend_committed"), rc),
        spend_actual=rates.money(actual, rc),
        revenue=rates.money(revenue, rc),
        margin=rates.money(revenue - actual, rc),
        pending_approvals=sum(a.pending_approvals for a in artists),
    )


# --- artist comparison ---------------------------------------------------------------------


class MonthFigures(BaseModel):
    month: date
    spend_committed: Decimal
    spend_actual: Decimal
    revenue: Decimal
    margin: Decimal


class ArtistSeries(BaseModel):
    artist_id: str
    name: str
    totals: MonthFigures
    months: list[MonthFigures]


class ArtistComparison(BaseModel):
    object: Literal["artist_comparison"] = "artist_comparison"
    currency: str
    period_start: date
    period_end: date
    artists: list[ArtistSeries]
    missing_rates: list[str]


def comparison_sql() -> str:
    return converted_sql(artist_amounts_sql(ONLY_ARTISTS), by_month=True)


async def compare_artists(
    session: AsyncSession, *, organization_id: str, artist_ids: list[str], start: date, end: date
) -> ArtistComparison:
    """Month by month figures of the given artists (unknown ids are left out)."""
    rc = await rates.reporting_currency(session, organization_id)
    names: dict[str, str] = dict(
        (
            await session.execute(
                text("SELECT id, name FROM artists WHERE organization_id = :org AND id = ANY(:a)"),
                {"org": organization_id, "a": artist_ids},
            )
        ).all()
    )
    ids = [a for a in dict.fromkeys(artist_ids) if a in names]
    params = {"org": organization_id, "rc": rc, "from_d": start, "to_d": end, "artists": ids}
    rows = (await session.execute(text(comparison_sql()), params)).all()
    cells: dict[tuple[str, date], dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        cells[row.key, row.month][row.measure] = row.value
    months = month_range(start, end)
    series = []
    for artist_id in ids:
        per_month = [_figures(m, cells.get((artist_id, m), {}), rc) for m in months]
        overall: dict[str, Decimal] = defaultdict(Decimal)
        for m in months:
            for measure, value in cells.get((artist_id, m), {}).items():
                overall[measure] += value or Decimal(0)
        series.append(
            ArtistSeries(
                artist_id=artist_id,
                name=names[artist_id],
                totals=_figures(start.replace(day=1), overall, rc),
                months=per_month,
            )
        )
    return ArtistComparison(
        currency=rc,
        period_start=start,
        period_end=end,
        artists=series,
        missing_rates=missing_currencies(rows),
    )


def _figures(month: date, values: dict[str, Decimal], rc: str) -> MonthFigures:
    revenue = values.get("revenue") or Decimal(0)
    actual = values.get("spend_actual") or Decimal(0)
    return MonthFigures(
        month=month,
        spend_committed=rates.money(values.get("spend_committed"), rc),
        spend_actual=rates.money(actual, rc),
        revenue=rates.money(revenue, rc),
        margin=rates.money(revenue - actual, rc),
    )


# --- month by month, one artist or the whole roster -----------------------------------------


class MonthlyFigures(BaseModel):
    object: Literal["monthly_figures"] = "monthly_figures"
    currency: str
    artist_id: str | None
    months: list[MonthFigures]
    totals: MonthFigures
    missing_rates: list[str]


def monthly_sql() -> str:
    return converted_sql(
        artist_amounts_sql("AND (CAST(:artist AS text) IS NULL OR {col} = :artist)"),
        by_month=True,
    )


async def monthly_figures(
    session: AsyncSession,
    *,
    organization_id: str,
    start: date,
    end: date,
    artist_id: str | None = None,
) -> MonthlyFigures:
    """Spend and revenue per month of one artist, or of the whole roster (``artist_id`` None).

    Roster-wide months add every artist's exact converted sums before rounding once, so the
    figures are those of :func:`roster_overview`'s totals for the same period, month by month.
    """
    rc = await rates.reporting_currency(session, organization_id)
    params = {"org": organization_id, "rc": rc, "from_d": start, "to_d": end, "artist": artist_id}
    rows = (await session.execute(text(monthly_sql()), params)).all()
    cells: dict[date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    overall: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        cells[row.month][row.measure] += row.value or Decimal(0)
        overall[row.measure] += row.value or Decimal(0)
    return MonthlyFigures(
        currency=rc,
        artist_id=artist_id,
        months=[_figures(m, cells.get(m, {}), rc) for m in month_range(start, end)],
        totals=_figures(start.replace(day=1), overall, rc),
        missing_rates=missing_currencies(rows),
    )
