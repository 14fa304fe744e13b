"""The reporting currency, exchange rates, and converting sums of minor units with them."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain import records
from domain.audit import service as audit
from domain.dates import Day
from domain.finance.models import ExchangeRate
from domain.money import CURRENCIES, check_currency, from_minor
from domain.tenancy.models import Organization

DEFAULT_REPORTING_CURRENCY = "USD"
SETTINGS_KEY = "reporting_currency"
MAX_RATES_PER_PUT = 5000

# Minor-unit digits per currency, as a SQL VALUES list built from our own constant table.
DIGITS_SQL = "(VALUES " + ", ".join(f"('{c}', {d})" for c, d in CURRENCIES.items()) + ")"


# --- reporting currency -----------------------------------------------------------------------


async def reporting_currency(session: AsyncSession, organization_id: str) -> str:
    """The organization's reporting currency (``settings.reporting_currency``, default USD)."""
    org = await session.get(Organization, organization_id)
    value = (org.settings or {}).get(SETTINGS_KEY) if org is not None else None
    return value if isinstance(value, str) and value in CURRENCIES else DEFAULT_REPORTING_CURRENCY


async def set_reporting_currency(
    session: AsyncSession, *, organization_id: str, currency: str, actor: audit.Actor
) -> None:
    org = await records.get_or_404(session, Organization, organization_id, label="organization")
    before = (org.settings or {}).get(SETTINGS_KEY)
    if before == currency:
        return
    org.settings = {**(org.settings or {}), SETTINGS_KEY: check_currency(currency)}
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.updated",
        target_type="organization",
        target_id=organization_id,
        before={"settings": {SETTINGS_KEY: before}},
        after={"settings": {SETTINGS_KEY: currency}},
    )


# --- exchange rates ---------------------------------------------------------------------------


class RateInput(BaseModel):
    """One unit of ``base`` is worth ``rate`` units of ``quote`` from ``date`` on."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: Day
    base: str = Field(min_length=3, max_length=3)
    quote: str = Field(min_length=3, max_length=3)
    rate: Decimal = Field(gt=0, max_digits=24, decimal_places=12)

    @field_validator("base", "quote")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value.upper())

    @field_validator("quote")
    @classmethod
    def _pair(cls, quote: str, info: ValidationInfo) -> str:
        if info.data.get("base") == quote:
            raise ValueError("base and quote must differ")
        return quote


class RateOut(BaseModel):
    date: date
    base: str
    quote: str
    rate: Decimal


async def put_rates(
    session: AsyncSession, *, organization_id: str, rates: list[RateInput], actor: audit.Actor
) -> int:
    """Insert or overwrite rates by (pair, date); returns how many rows were written."""
    if not rates:
        return 0
    values = [
        {
            "organization_id": organization_id,
            "base_currency": r.base,
            "quote_currency": r.quote,
            "rate_date": r.date,
            "rate": r.rate,
        }
        for r in rates
    ]
    stmt = insert(ExchangeRate).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["organization_id", "base_currency", "quote_currency", "rate_date"],
        set_={"rate": stmt.excluded.rate, "updated_at": text("now()")},
        where=ExchangeRate.rate.is_distinct_from(stmt.excluded.rate),
    )
    result = await session.execute(stmt)
    written = getattr(result, "rowcount", 0) or 0
    if written:
        await audit.record(
            session,
            organization_id=organization_id,
            actor=actor,
            action="exchange_rates.updated",
            target_type="exchange_rates",
            target_id=organization_id,
            after={"rates": [r.model_dump(mode="json") for r in rates][:100], "count": written},
        )
    return int(written)


async def list_rates(
    session: AsyncSession, *, organization_id: str, base: str | None = None
) -> list[RateOut]:
    stmt = select(ExchangeRate).where(ExchangeRate.organization_id == organization_id)
    if base:
        stmt = stmt.where(ExchangeRate.base_currency == base)
    stmt = stmt.order_by(
        ExchangeRate.base_currency, ExchangeRate.quote_currency, ExchangeRate.rate_date
    )
    return [
        RateOut(date=r.rate_date, base=r.base_currency, quote=r.quote_currency, rate=r.rate)
        for r in (await session.execute(stmt)).scalars()
    ]


async def conversion_rate(
    session: AsyncSession, *, organization_id: str, base: str, quote: str, on: date
) -> Decimal | None:
    """How many ``quote`` one ``base`` is worth on ``on``: the organization's latest rate on
    or before that day, stored either way round; ``None`` when it has none."""
    if base == quote:
        return Decimal(1)
    row = (
        await session.execute(
            text(
                "SELECT rate, base_currency = :base AS direct FROM exchange_rates "
                "WHERE organization_id = :org AND rate_date <= :on AND rate > 0 "
                "AND ((base_currency = :base AND quote_currency = :quote) "
                "  OR (base_currency = :quote AND quote_currency = :base)) "
                "ORDER BY rate_date DESC, (base_currency = :base) DESC LIMIT 1"
            ),
            {"org": organization_id, "base": base, "quote": quote, "on": on},
        )
    ).first()
    if row is None:
        return None
    rate = Decimal(row.rate)
    return rate if row.direct else 1 / rate


def factors_cte(keys_cte: str) -> str:
    """SQL CTEs turning ``keys_cte`` rows ``(currency, month)`` into ``factors`` rows
    ``(currency, month, factor)``: multiply a minor amount of ``currency`` by ``factor`` to get
    minor units of the reporting currency (``:rc``). ``factor`` is NULL when no rate exists.

    Needs the bind parameters ``:org`` and ``:rc``.
    """
    return f"""
    digits AS (SELECT * FROM {DIGITS_SQL} AS d(code, digits)),
    factors AS (
        SELECT k.currency, k.month,
               CASE WHEN k.currency = :rc THEN 1::numeric
                    ELSE coalesce(
                        (SELECT r.rate FROM exchange_rates r
                          WHERE r.organization_id = :org AND r.base_currency = k.currency
                            AND r.quote_currency = :rc
                            AND r.rate_date < (k.month + interval '1 month')::date
                          ORDER BY r.rate_date DESC LIMIT 1),
                        (SELECT 1 / r.rate FROM exchange_rates r
                          WHERE r.organization_id = :org AND r.base_currency = :rc
                            AND r.quote_currency = k.currency
                            AND r.rate_date < (k.month + interval '1 month')::date
                          ORDER BY r.rate_date DESC LIMIT 1))
               END * power(10::numeric, rd.digits - cd.digits) AS factor
          FROM {keys_cte} k
          JOIN digits cd ON cd.code = k.currency
          JOIN digits rd ON rd.code = :rc
    )"""  # noqa: S608


async def missing_rates(
    session: AsyncSession,
    *,
    organization_id: str,
    reporting: str,
    needed: set[tuple[str, date]],
) -> set[tuple[str, date]]:
    """Which (currency, month) pairs have no usable rate into ``reporting``."""
    pairs = sorted((c, m) for c, m in needed if c != reporting)
    if not pairs:
        return set()
    rows = await session.execute(
        text(
            "WITH keys AS (SELECT * FROM unnest(CAST(:cur AS text[]), CAST(:mon AS date[])) "  # noqa: S608
            "AS k(currency, month)), "
            + factors_cte("keys")
            + " SELECT currency, month FROM factors WHERE factor IS NULL"
        ),
        {
            "org": organization_id,
            "rc": reporting,
            "cur": [c for c, _ in pairs],
            "mon": [m for _, m in pairs],
        },
    )
    return {(r.currency, r.month) for r in rows}


def round_minor(value: Decimal | None) -> int:
    """One exact NUMERIC sum of converted minor units → an integer, rounded half-even."""
    if value is None:
        return 0
    return int(Decimal(value).quantize(Decimal(1), ROUND_HALF_EVEN))


def money(value: Decimal | None, currency: str) -> Decimal:
    """A converted NUMERIC sum of minor units as a major-unit Decimal (``"1234.56"``)."""
    return from_minor(round_minor(value), currency)
