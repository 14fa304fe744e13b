"""Operations analytics: creator utilisation against working hours, and the booking pipeline
by status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import TSTZRANGE, Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.finance import rates
from domain.finance.amounts import _IN_PERIOD, ACTIVE, BOOKING_MONTH, Period, missing_currencies

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
        + rates.factors_cte("keys")
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
    rc = await rates.reporting_currency(session, organization_id)
    params = {"org": organization_id, "rc": rc, **period.params()}
    rows = (await session.execute(text(pipeline_sql()), params)).all()
    by_status = {row.key: row for row in rows}
    stages = [
        PipelineStage(
            status=status,
            bookings=int(by_status[status].bookings) if status in by_status else 0,
            value=rates.money(by_status[status].value if status in by_status else None, rc),
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
