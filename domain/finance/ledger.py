"""The ledger: reporting currency, exchange rates and conversion, ledger entries and budgets.

Conversion happens inside PostgreSQL, in ``NUMERIC`` (exact), with the organization's own
stored rates: an amount dated in month *M* uses the latest rate of its pair dated on or before
the last day of *M* (the inverse pair is used when only that one is stored). Each figure the
analytics report is rounded once, half-even, to the reporting currency's minor unit, in
:func:`round_minor`. Nothing here reaches the network.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.bookings.models import Booking
from domain.errors import InvalidRequest
from domain.finance.models import Budget, ExchangeRate, LedgerEntry
from domain.money import CURRENCIES, check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.projects.models import Project
from domain.resources.models import Creator
from domain.roster.models import Artist
from domain.tenancy.models import Organization

DEFAULT_REPORTING_CURRENCY = "USD"
SETTINGS_KEY = "reporting_currency"
MAX_RATES_PER_PUT = 5000
ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"

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

    date: date
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


# --- ledger entries ---------------------------------------------------------------------------


class LedgerEntryInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["invoice", "expense", "revenue"]
    occurred_on: date
    amount: Decimal = Field(gt=0, max_digits=16)
    currency: str = Field(min_length=3, max_length=3)
    artist_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    creator_id: str | None = Field(default=None, pattern=ID)
    booking_id: str | None = Field(
        default=None,
        pattern=ID,
        description="An invoice for a booking replaces the booking's price as its actual cost",
    )
    description: str = Field(default="", max_length=2000)
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value.upper())


async def create_entry(
    session: AsyncSession, *, organization_id: str, data: LedgerEntryInput, actor: audit.Actor
) -> LedgerEntry:
    """Record an invoice, expense or revenue entry; references must be this organization's."""
    try:
        amount_minor = to_minor(data.amount, data.currency)
    except ValueError as exc:
        raise InvalidRequest(str(exc), param="amount") from None
    artist_id = data.artist_id
    if artist_id:
        await records.get_or_404(session, Artist, artist_id, label="artist", param="artist_id")
    if data.creator_id:
        await records.get_or_404(
            session, Creator, data.creator_id, label="creator", param="creator_id"
        )
    if data.booking_id:
        booking = await records.get_or_404(
            session, Booking, data.booking_id, label="booking", param="booking_id"
        )
        artist_id = artist_id or booking.artist_id
    if data.project_id:
        await project_or_404(session, data.project_id)
    entry = LedgerEntry(
        id=new_id("led"),
        organization_id=organization_id,
        kind=data.kind,
        occurred_on=data.occurred_on,
        amount_minor=amount_minor,
        currency=data.currency,
        artist_id=artist_id,
        project_id=data.project_id,
        creator_id=data.creator_id,
        booking_id=data.booking_id,
        description=data.description,
        external_ref=data.external_ref,
        created_by=actor.id,
    )
    return await records.create(
        session,
        entry,
        actor=actor,
        kind="ledger_entry",
        unique_messages={
            "uq_ledger_entries_organization_id_external_ref": (
                "a ledger entry with this external_ref exists",
                "external_ref",
            )
        },
    )


async def list_entries(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    kind: str | None = None,
    artist_id: str | None = None,
) -> Page[LedgerEntry]:
    stmt = select(LedgerEntry).where(LedgerEntry.organization_id == organization_id)
    if kind:
        stmt = stmt.where(LedgerEntry.kind == kind)
    if artist_id:
        stmt = stmt.where(LedgerEntry.artist_id == artist_id)
    return await paginate(session, stmt, LedgerEntry.id, limit=limit, starting_after=starting_after)


# --- budgets ----------------------------------------------------------------------------------


class BudgetInput(BaseModel):
    """A limit for one artist or one project (exactly one), optionally for a date range."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID)
    project_id: str | None = Field(default=None, pattern=ID)
    amount: Decimal = Field(gt=0, max_digits=16)
    currency: str = Field(min_length=3, max_length=3)
    starts_on: date | None = None
    ends_on: date | None = None
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
