"""Reading usage: daily rows under filters, daily totals for a chart, the monthly statement.

Every reader runs in the caller's tenant session, so row-level security keeps each
organization to its own rows whatever the filters say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import DomainError
from domain.money import from_minor
from domain.usage.meter import API_REQUESTS, METRICS
from domain.usage.models import NO_KEY, UsageDaily
from domain.usage.pricing import CURRENCY, STATEMENT_UNITS, PlanPricing

MAX_DAYS = 366
DEFAULT_DAYS = 30
NO_KEY_FILTER = "none"
_KEY_ID = re.compile(r"^key_[0-9a-hjkmnp-tv-z]{26}$")
_GROUP = re.compile(r"^[a-z0-9_-]{1,60}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadFilter(DomainError):
    """A filter of a usage query that cannot be applied: 400 naming the parameter."""

    status, code, title = 400, "invalid_filter", "Bad request"


@dataclass(frozen=True, slots=True)
class UsageQuery:
    """Validated filters: days ``start``..``end`` inclusive (UTC), at most :data:`MAX_DAYS`."""

    start: date
    end: date
    metric: str | None = None
    api_key_id: str | None = None  # NO_KEY: work no key did
    group: str | None = None


@dataclass(frozen=True, slots=True)
class UsageRow:
    day: date
    metric: str
    group: str
    status_class: str
    api_key_id: str | None
    count: int


def wants_csv(format: str) -> bool:
    """``format=json|csv`` of a usage query: whether the answer is CSV."""
    if format not in ("json", "csv"):
        raise BadFilter("format is 'json' or 'csv'", param="format")
    return format == "csv"


def _day(value: str, param: str) -> date:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"'{param}' must be a date such as 2026-12-01", param=param) from None
    if len(value) != 10:
        raise BadFilter(f"'{param}' must be a date such as 2026-12-01", param=param)
    return parsed


def parse_query(
    *,
    start: str | None,
    end: str | None,
    metric: str | None,
    api_key_id: str | None,
    group: str | None,
    today: date,
) -> UsageQuery:
    """The filters of ``GET /v1/usage``, checked; any that cannot be applied is a 400.

    Without dates: the last :data:`DEFAULT_DAYS` days to today. ``api_key_id=none`` selects
    what no key did (dashboard sessions, the worker)."""
    last = _day(end, "to") if end is not None else today
    first = _day(start, "from") if start is not None else last - timedelta(days=DEFAULT_DAYS - 1)
    if last < first:
        raise BadFilter("'to' is before 'from'", param="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadFilter(f"a usage query spans at most {MAX_DAYS} days", param="from")
    if metric is not None and metric not in METRICS:
        raise BadFilter(f"metric is one of {', '.join(METRICS)}", param="metric")
    key: str | None = None
    if api_key_id is not None:
        if api_key_id == NO_KEY_FILTER:
            key = NO_KEY
        elif _KEY_ID.match(api_key_id):
            key = api_key_id
        else:
            raise BadFilter(
                f"api_key_id is a key id (key_…) or '{NO_KEY_FILTER}'", param="api_key_id"
            )
    if group is not None and not _GROUP.match(group):
        raise BadFilter(
            "group is a route group, a workflow kind or an outcome: lower-case letters, "
            "digits, '-' and '_'",
            param="group",
        )
    return UsageQuery(first, last, metric, key, group)


async def daily_usage(
    session: AsyncSession, *, organization_id: str, query: UsageQuery
) -> list[UsageRow]:
    """Every counter of the organization matching ``query``, by day, metric, group, status
    class and key."""
    stmt = select(UsageDaily).where(
        UsageDaily.organization_id == organization_id,
        UsageDaily.day.between(query.start, query.end),
    )
    if query.metric is not None:
        stmt = stmt.where(UsageDaily.metric == query.metric)
    if query.api_key_id is not None:
        stmt = stmt.where(UsageDaily.api_key_id == query.api_key_id)
    if query.group is not None:
        stmt = stmt.where(UsageDaily.category == query.group)
    stmt = stmt.order_by(
        UsageDaily.day,
        UsageDaily.metric,
        UsageDaily.category,
        UsageDaily.status_class,
        UsageDaily.api_key_id,
    )
    return [
        UsageRow(
            day=row.day,
            metric=row.metric,
            group=row.category,
            status_class=row.status_class,
            api_key_id=row.api_key_id or None,
            count=row.n,
        )
        for row in (await session.execute(stmt)).scalars()
    ]


async def daily_totals(
    session: AsyncSession, *, organization_id: str, metric: str, start: date, end: date
) -> list[tuple[date, int]]:
    """``metric`` per day from ``start`` to ``end`` (every day, zero where nothing was used)."""
    rows = await session.execute(
        select(UsageDaily.day, func.sum(UsageDaily.n))
        .where(
            UsageDaily.organization_id == organization_id,
            UsageDaily.metric == metric,
            UsageDaily.day.between(start, end),
        )
        .group_by(UsageDaily.day)
    )
    totals = {day: int(n) for day, n in rows}
    days = (end - start).days + 1
    return [
        (start + timedelta(days=i), totals.get(start + timedelta(days=i), 0)) for i in range(days)
    ]


# --- the monthly statement --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One unit of the month: used, included, beyond, and (API Access) what the excess costs."""

    metric: str
    used: int
    included: int | None
    overage: int
    unit_price: Decimal | None  # per ``per_units`` units, in the statement's currency
    per_units: int
    amount: Decimal
    billed: bool


@dataclass(frozen=True, slots=True)
class Statement:
    month: str
    start: date
    end: date
    plan: str
    currency: str
    base_fee: Decimal | None
    lines: list[StatementLine]
    overage_total: Decimal
    total: Decimal


def parse_month(value: str) -> tuple[date, date]:
    """``YYYY-MM`` → the first and the last day of that month."""
    match = _MONTH.match(value)
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise BadFilter("the month is YYYY-MM, such as 2026-12", param="month")
    first = date(int(match.group(1)), int(match.group(2)), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def overage_amount_minor(overage: int, price_minor: int, per: int) -> int:
    """``overage`` units at ``price_minor`` per ``per`` units, rounded half-even to the minor
    unit (exact decimal arithmetic)."""
    return int((Decimal(overage) * price_minor / per).quantize(Decimal(1), ROUND_HALF_EVEN))


async def monthly_totals(
    session: AsyncSession, *, organization_id: str, start: date, end: date
) -> dict[str, int]:
    """Each metric's total over the days; API requests that failed on our side (5xx) are
    not billed and not counted here."""
    rows = await session.execute(
        select(UsageDaily.metric, func.sum(UsageDaily.n))
        .where(
            UsageDaily.organization_id == organization_id,
            UsageDaily.day.between(start, end),
            (UsageDaily.metric != API_REQUESTS) | (UsageDaily.status_class != "5xx"),
        )
        .group_by(UsageDaily.metric)
    )
    return {metric: int(n) for metric, n in rows}


async def monthly_statement(
    session: AsyncSession, *, organization_id: str, plan: str, pricing: PlanPricing, month: str
) -> Statement:
    """The month's usage against ``plan`` priced by ``pricing`` (the plan's, with the
    organization's own terms over it): per unit used, included, overage and (when the
    plan bills usage) its amount; the total is the plan's fee plus those amounts."""
    start, end = parse_month(month)
    used = await monthly_totals(session, organization_id=organization_id, start=start, end=end)
    lines = []
    charged = 0
    for metric in STATEMENT_UNITS:
        allowance = pricing.allowances.get(metric)
        included = allowance.included if allowance else None
        n = used.get(metric, 0)
        overage = max(0, n - included) if included is not None else 0
        billed = bool(
            pricing.bills_overage and allowance is not None and allowance.price_minor is not None
        )
        amount_minor = 0
        if billed and allowance is not None and allowance.price_minor is not None:
            amount_minor = overage_amount_minor(overage, allowance.price_minor, allowance.per)
        charged += amount_minor
        lines.append(
            StatementLine(
                metric=metric,
                used=n,
                included=included,
                overage=overage,
                unit_price=from_minor(allowance.price_minor, CURRENCY)
                if billed and allowance is not None and allowance.price_minor is not None
                else None,
                per_units=allowance.per if allowance else 1,
                amount=from_minor(amount_minor, CURRENCY),
                billed=billed,
            )
        )
    base = pricing.base_fee_minor
    return Statement(
        month=month,
        start=start,
        end=end,
        plan=plan,
        currency=CURRENCY,
        base_fee=from_minor(base, CURRENCY) if base is not None else None,
        lines=lines,
        overage_total=from_minor(charged, CURRENCY),
        total=from_minor((base or 0) + charged, CURRENCY),
    )
