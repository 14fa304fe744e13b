"""The one path every money figure follows, as SQL building blocks: amounts per (key, measure,
currency, month) in minor units, converted into the reporting currency with the month's rate
(:func:`domain.finance.rates.factors_cte`), summed exactly as ``NUMERIC``; and the period a
figure covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.finance import rates

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
ACTIVE = "('held', 'pending_approval', 'confirmed', 'completed')"
EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 12, 31)
MEASURES = ("spend_committed", "spend_actual", "revenue")


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
        + rates.factors_cte("keys")
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


def month_range(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months
