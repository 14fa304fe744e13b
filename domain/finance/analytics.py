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
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import TSTZRANGE, Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.finance import ledger

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
ACTIVE = "('held', 'pending_approval', 'confirmed', 'completed')"
EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 12, 31)
MEASURES = ("spend_committed", "spend_actual", "revenue")
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


@dataclass(frozen=True, slots=True)
class Period:
    """Inclusive dates; a booking belongs to the day (UTC) it starts, a statement line to its
    month (a month is in when any of its days is)."""

    start: date | None = None
    end: date | None = None

    def params(self) -> dict[str, date]:
        return {"from_d": self.start or EARLIEST, "to_d": self.end or LATEST}


# --- SQL building blocks -------------------------------------------------------------------

BOOKING_DAY = "(lower(b.period) AT TIME ZONE 'UTC')::date"
BOOKING_MONTH = f"date_trunc('month', {BOOKING_DAY})::date"
NOT_INVOICED = (
    "NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.organization_id = b.organization_id "
    "AND e.booking_id = b.id AND e.kind = 'invoice')"
)
_IN_PERIOD = f"{BOOKING_DAY} BETWEEN :from_d AND :to_d"


def artist_amounts_sql(artist_filter: str = "") -> str:
    """Rows (key = artist id, measure, currency, month, minor) of every money source."""
    return f"""
    booking_amounts AS (
        SELECT b.artist_id AS key,
               CASE WHEN b.status = 'completed' THEN 'spend_actual'
                    ELSE 'spend_committed' END AS measure,
               b.currency, {BOOKING_MONTH} AS month, sum(b.price_minor) AS minor
          FROM bookings b
         WHERE b.organization_id = :org AND b.status IN {ACTIVE} AND b.artist_id IS NOT NULL
           AND {_IN_PERIOD} AND {NOT_INVOICED} {artist_filter.format(col="b.artist_id")}
         GROUP BY 1, 2, 3, 4
    ),
    entry_amounts AS (
        SELECT e.artist_id AS key,
               CASE WHEN e.kind = 'revenue' THEN 'revenue' ELSE 'spend_actual' END AS measure,
               e.currency, date_trunc('month', e.occurred_on)::date AS month,
               sum(e.amount_minor) AS minor
          FROM ledger_entries e
         WHERE e.organization_id = :org AND e.artist_id IS NOT NULL
           AND e.occurred_on BETWEEN :from_d AND :to_d {artist_filter.format(col="e.artist_id")}
         GROUP BY 1, 2, 3, 4
    ),
    revenue_amounts AS (
        SELECT r.artist_id AS key, 'revenue' AS measure, r.currency, r.period AS month,
               sum(r.amount_minor) AS minor
          FROM revenue_monthly r
         WHERE r.organization_id = :org
           AND r.period BETWEEN date_trunc('month', CAST(:from_d AS date))::date AND :to_d
           {artist_filter.format(col="r.artist_id")}
         GROUP BY 1, 2, 3, 4
    ),
    amounts AS (
        SELECT * FROM booking_amounts UNION ALL SELECT * FROM entry_amounts
        UNION ALL SELECT * FROM revenue_amounts
    )"""  # noqa: S608


def converted_sql(amounts_ctes: str, *, by_month: bool) -> str:
    """Wrap CTEs that define ``amounts(key, measure, currency, month, minor)`` into a query of
    converted sums per (key, measure[, month]) plus the currencies that had no rate."""
    month = ", a.month" if by_month else ""
    return (
        f"WITH {amounts_ctes}, keys AS (SELECT DISTINCT currency, month FROM amounts), "  # noqa: S608
        + ledger.factors_cte("keys")
        + f"""
    SELECT a.key, a.measure{month}, sum(a.minor * f.factor) AS value,
           array_agg(DISTINCT a.currency) FILTER (WHERE f.factor IS NULL) AS missing
      FROM amounts a JOIN factors f ON f.currency = a.currency AND f.month = a.month
     GROUP BY a.key, a.measure{month}"""  # noqa: S608
    )


# Limits a query to the artists in ``:artists`` (the dashboard's artist page, comparisons).
ONLY_ARTISTS = "AND {col} = ANY(:artists)"


def roster_money_sql(artist_filter: str = "") -> str:
    return converted_sql(artist_amounts_sql(artist_filter), by_month=False)


def roster_counts_sql(artist_filter: str = "") -> str:
    return f"""
    WITH counts AS (
        SELECT b.artist_id,
               count(*) FILTER (WHERE b.status IN {ACTIVE}) AS booked,
               count(*) FILTER (WHERE b.status = 'completed') AS completed
          FROM bookings b
         WHERE b.organization_id = :org AND b.artist_id IS NOT NULL AND {_IN_PERIOD}
               {artist_filter.format(col="b.artist_id")}
         GROUP BY b.artist_id
    ),
    pending AS (
        SELECT coalesce(b.artist_id, c.artist_id) AS artist_id, count(*) AS pending
          FROM approval_requests r
          LEFT JOIN bookings b ON r.subject_type = 'booking'
               AND b.organization_id = r.organization_id AND b.id = r.subject_id
          LEFT JOIN contracts c ON r.subject_type = 'contract'
               AND c.organization_id = r.organization_id AND c.id = r.subject_id
         WHERE r.organization_id = :org AND r.status = 'pending'
         GROUP BY 1
    )
    SELECT a.id, a.name, a.status, coalesce(n.booked, 0) AS booked,
           coalesce(n.completed, 0) AS completed, coalesce(p.pending, 0) AS pending
      FROM artists a
      LEFT JOIN counts n ON n.artist_id = a.id
      LEFT JOIN pending p ON p.artist_id = a.id
     WHERE a.organization_id = :org AND (CAST(:q AS text) IS NULL OR a.name ILIKE :q)
           {artist_filter.format(col="a.id")}
"""  # noqa: S608


def missing_currencies(rows: Any) -> list[str]:
    found: set[str] = set()
    for row in rows:
        found.update(row.missing or ())
    return sorted(found)


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
    rc = await ledger.reporting_currency(session, organization_id)
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
                spend_committed=ledger.money(s.get("spend_committed"), rc),
                spend_actual=ledger.money(actual, rc),
                revenue=ledger.money(revenue, rc),
                margin=ledger.money(revenue - actual, rc),
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
        spend_committed=ledger.money(total("spend_committed"), rc),
        spend_actual=ledger.money(actual, rc),
        revenue=ledger.money(revenue, rc),
        margin=ledger.money(revenue - actual, rc),
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


def month_range(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


async def compare_artists(
    session: AsyncSession, *, organization_id: str, artist_ids: list[str], start: date, end: date
) -> ArtistComparison:
    """Month by month figures of the given artists (unknown ids are left out)."""
    rc = await ledger.reporting_currency(session, organization_id)
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
        spend_committed=ledger.money(values.get("spend_committed"), rc),
        spend_actual=ledger.money(actual, rc),
        revenue=ledger.money(revenue, rc),
        margin=ledger.money(revenue - actual, rc),
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
    rc = await ledger.reporting_currency(session, organization_id)
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


# --- creator utilisation -------------------------------------------------------------------


class CreatorUsage(BaseModel):
    creator_id: str
    name: str
    sessions: int
    booked_hours: Decimal
    completed_hours: Decimal
    capacity_hours: Decimal
    utilisation: Decimal | None


class CreatorUtilisation(BaseModel):
    object: Literal["creator_utilisation"] = "creator_utilisation"
    period_start: date
    period_end: date
    creators: list[CreatorUsage]


UTILISATION_SQL = f"""
    WITH weekly AS (
        SELECT c.id, c.name,
               coalesce(sum(
                   CASE WHEN iv->>1 = '24:00' THEN 1440
                        ELSE extract(epoch FROM CAST(iv->>1 AS time)) / 60 END
                   - extract(epoch FROM CAST(iv->>0 AS time)) / 60), 0) AS minutes
          FROM creators c
          LEFT JOIN LATERAL jsonb_each(c.working_hours) d(day, ranges) ON true
          LEFT JOIN LATERAL jsonb_array_elements(d.ranges) iv ON true
         WHERE c.organization_id = :org AND c.status = 'active'
         GROUP BY c.id, c.name
    ),
    booked AS (
        SELECT b.creator_id, count(*) AS sessions,
               sum(extract(epoch FROM upper(b.period * :window) - lower(b.period * :window)))
                   / 3600 AS hours,
               coalesce(sum(extract(epoch FROM upper(b.period * :window)
                                             - lower(b.period * :window)) / 3600)
                        FILTER (WHERE b.status = 'completed'), 0) AS completed_hours
          FROM bookings b
         WHERE b.organization_id = :org AND b.status IN {ACTIVE} AND b.period && :window
         GROUP BY b.creator_id
    )
    SELECT w.id, w.name, coalesce(k.sessions, 0) AS sessions, coalesce(k.hours, 0) AS hours,
           coalesce(k.completed_hours, 0) AS completed_hours,
           w.minutes / 60 * (CAST(:to_d AS date) - CAST(:from_d AS date) + 1) / 7.0 AS capacity
      FROM weekly w LEFT JOIN booked k ON k.creator_id = w.id
     ORDER BY w.name, w.id
"""  # noqa: S608


async def creator_utilisation(
    session: AsyncSession, *, organization_id: str, start: date, end: date
) -> CreatorUtilisation:
    """Booked hours of each active creator against their weekly working hours over the
    period (capacity ignores date overrides and time off: it is the contracted week)."""
    window = Range(
        datetime.combine(start, datetime.min.time(), UTC),
        datetime.combine(end, datetime.min.time(), UTC) + timedelta(days=1),
    )
    rows = await session.execute(
        text(UTILISATION_SQL).bindparams(bindparam("window", type_=TSTZRANGE)),
        {"org": organization_id, "window": window, "from_d": start, "to_d": end},
    )
    creators = []
    for row in rows:
        capacity = Decimal(row.capacity).quantize(Decimal("0.01"))
        booked = Decimal(row.hours).quantize(Decimal("0.01"))
        creators.append(
            CreatorUsage(
                creator_id=row.id,
                name=row.name,
                sessions=row.sessions,
                booked_hours=booked,
                completed_hours=Decimal(row.completed_hours).quantize(Decimal("0.01")),
                capacity_hours=capacity,
                utilisation=(
                    (Decimal(row.hours) / Decimal(row.capacity)).quantize(Decimal("0.0001"))
                    if row.capacity
                    else None
                ),
            )
        )
    return CreatorUtilisation(period_start=start, period_end=end, creators=creators)


# --- booking pipeline ----------------------------------------------------------------------


class PipelineStage(BaseModel):
    status: str
    bookings: int
    value: Decimal


class BookingPipeline(BaseModel):
    object: Literal["booking_pipeline"] = "booking_pipeline"
    currency: str
    period_start: date | None
    period_end: date | None
    stages: list[PipelineStage]
    missing_rates: list[str]


PIPELINE_STATUSES = (
    "held",
    "pending_approval",
    "confirmed",
    "completed",
    "cancelled",
    "no_show",
    "expired",
)


def pipeline_sql() -> str:
    amounts = f"""
    amounts AS (
        SELECT b.status AS key, 'value' AS measure, b.currency, {BOOKING_MONTH} AS month,
               sum(b.price_minor) AS minor, count(*) AS n
          FROM bookings b
         WHERE b.organization_id = :org AND {_IN_PERIOD}
         GROUP BY 1, 2, 3, 4
    )"""  # noqa: S608
    return (
        f"WITH {amounts}, keys AS (SELECT DISTINCT currency, month FROM amounts), "  # noqa: S608
        + ledger.factors_cte("keys")
        + """
    SELECT a.key, sum(a.n) AS bookings, sum(a.minor * f.factor) AS value,
           array_agg(DISTINCT a.currency) FILTER (WHERE f.factor IS NULL) AS missing
      FROM amounts a JOIN factors f ON f.currency = a.currency AND f.month = a.month
     GROUP BY a.key"""
    )


async def booking_pipeline(
    session: AsyncSession,
    *,
    organization_id: str,
    period: Period = Period(),  # noqa: B008, RUF100
) -> BookingPipeline:
    """Bookings and their value by status (every status, in lifecycle order)."""
    rc = await ledger.reporting_currency(session, organization_id)
    params = {"org": organization_id, "rc": rc, **period.params()}
    rows = (await session.execute(text(pipeline_sql()), params)).all()
    by_status = {row.key: row for row in rows}
    stages = [
        PipelineStage(
            status=status,
            bookings=int(by_status[status].bookings) if status in by_status else 0,
            value=ledger.money(by_status[status].value if status in by_status else None, rc),
        )
        for status in PIPELINE_STATUSES
    ]
    return BookingPipeline(
        currency=rc,
        period_start=period.start,
        period_end=period.end,
        stages=stages,
        missing_rates=missing_currencies(rows),
    )
