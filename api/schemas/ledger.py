"""Request and response models of ``api/routes/ledger.py``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from api.schemas import ID_PATTERN, RequestBody
from domain.dates import Day
from domain.finance import budgets, ledger

# Not imported as ``rates``: RateTableUpdate has a field of that name, which would shadow the
# module when its annotation is evaluated.
from domain.finance import rates as exchange_rates
from domain.finance.models import Budget, LedgerEntry
from domain.money import check_currency, from_minor


class RateTable(BaseModel):
    object: Literal["exchange_rates"] = "exchange_rates"
    reporting_currency: str
    data: list[exchange_rates.RateOut]


class RateTableUpdate(RequestBody):
    reporting_currency: str | None = Field(
        default=None,
        min_length=3,
        max_length=3,
        description="The organization's reporting currency",
    )
    rates: list[exchange_rates.RateInput] = Field(
        default_factory=list, max_length=exchange_rates.MAX_RATES_PER_PUT
    )

    @field_validator("reporting_currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else check_currency(value.upper())


class LedgerEntryOut(BaseModel):
    object: Literal["ledger_entry"] = "ledger_entry"
    id: str
    kind: str
    occurred_on: date
    amount: Decimal
    currency: str
    artist_id: str | None
    project_id: str | None
    creator_id: str | None
    booking_id: str | None
    description: str
    external_ref: str | None
    created_at: datetime


def entry_out(entry: LedgerEntry) -> LedgerEntryOut:
    return LedgerEntryOut(
        id=entry.id,
        kind=entry.kind,
        occurred_on=entry.occurred_on,
        amount=from_minor(entry.amount_minor, entry.currency),
        currency=entry.currency,
        artist_id=entry.artist_id,
        project_id=entry.project_id,
        creator_id=entry.creator_id,
        booking_id=entry.booking_id,
        description=entry.description,
        external_ref=entry.external_ref,
        created_at=entry.created_at,
    )


class LedgerEntryCreate(ledger.LedgerEntryInput, RequestBody):
    pass


class BudgetOut(BaseModel):
    object: Literal["budget"] = "budget"
    id: str
    name: str
    artist_id: str | None
    project_id: str | None
    amount: Decimal
    currency: str
    starts_on: date | None
    ends_on: date | None
    warn_at_percent: int
    created_at: datetime
    updated_at: datetime


def budget_out(budget: Budget) -> BudgetOut:
    return BudgetOut(
        id=budget.id,
        created_at=budget.created_at,
        updated_at=budget.updated_at,
        **budgets.budget_input_of(budget),
    )


class BudgetCreate(budgets.BudgetInput, RequestBody):
    pass


class BudgetUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID_PATTERN)
    project_id: str | None = Field(default=None, pattern=ID_PATTERN)
    amount: Decimal | None = Field(default=None, gt=0, max_digits=16)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    starts_on: Day | None = None
    ends_on: Day | None = None
    warn_at_percent: int | None = Field(default=None, ge=1, le=100)
