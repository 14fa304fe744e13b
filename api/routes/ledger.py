"""Exchange rates and the reporting currency, ledger entries, budgets."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel, Field

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.finance import budgets, ledger
from domain.finance import rates as exchange_rates
from domain.finance.models import Budget, LedgerEntry
from domain.money import from_minor
from domain.tenancy.access import Principal

rates_router = APIRouter(prefix="/v1/exchange-rates", tags=["ledger"])
entries_router = APIRouter(prefix="/v1/ledger-entries", tags=["ledger"])
budgets_router = APIRouter(prefix="/v1/budgets", tags=["ledger"])


# --- exchange rates ---------------------------------------------------------------------------


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


@rates_router.get("", summary="The reporting currency and the stored exchange rates")
async def list_rates(
    principal: Annotated[Principal, Depends(Authorize("analytics:read"))],
    session: TenantSession,
    base: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
) -> RateTable:
    return RateTable(
        reporting_currency=await exchange_rates.reporting_currency(
            session, principal.organization_id
        ),
        data=await exchange_rates.list_rates(
            session, organization_id=principal.organization_id, base=base
        ),
    )


@rates_router.put(
    "",
    summary="Set the reporting currency and upsert exchange rates by (date, base, quote)",
    description=(
        "A rate applies from its date until the next rate of the same pair; an amount of "
        "month M uses the latest rate dated on or before M's last day (or 1/rate of the "
        "inverse pair). Rates already stored and not sent are kept."
    ),
)
async def put_rates(
    body: RateTableUpdate,
    principal: Annotated[Principal, Depends(Authorize("ledger:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> RateTable:
    if body.reporting_currency is not None:
        await exchange_rates.set_reporting_currency(
            session,
            organization_id=principal.organization_id,
            currency=body.reporting_currency.upper(),
            actor=actor,
        )
    await exchange_rates.put_rates(
        session, organization_id=principal.organization_id, rates=body.rates, actor=actor
    )
    return await list_rates(principal, session)


# --- ledger entries ---------------------------------------------------------------------------


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


@entries_router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Record an invoice, expense or revenue"
)
async def create_entry(
    body: LedgerEntryCreate,
    principal: Annotated[Principal, Depends(Authorize("ledger:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> LedgerEntryOut:
    entry = await ledger.create_entry(
        session, organization_id=principal.organization_id, data=body, actor=actor
    )
    return entry_out(entry)


@entries_router.get("", summary="List ledger entries")
async def list_entries(
    principal: Annotated[Principal, Depends(Authorize("analytics:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    kind: Literal["invoice", "expense", "revenue"] | None = None,
    artist_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[LedgerEntryOut]:
    page = await ledger.list_entries(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        kind=kind,
        artist_id=artist_id,
    )
    return ListResponse(data=[entry_out(e) for e in page.items], has_more=page.has_more)


@entries_router.get("/{id}", summary="A ledger entry")
async def get_entry(
    id: Annotated[str, id_path("led")],
    principal: Annotated[Principal, Depends(Authorize("analytics:read"))],
    session: TenantSession,
) -> LedgerEntryOut:
    return entry_out(await records.get_or_404(session, LedgerEntry, id, label="ledger entry"))


# --- budgets ----------------------------------------------------------------------------------


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
    starts_on: date | None = None
    ends_on: date | None = None
    warn_at_percent: int | None = Field(default=None, ge=1, le=100)


BudgetId = Annotated[str, id_path("bgt")]


@budgets_router.post("", status_code=status.HTTP_201_CREATED, summary="Create a budget")
async def create_budget(
    body: BudgetCreate,
    principal: Annotated[Principal, Depends(Authorize("ledger:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> BudgetOut:
    budget = await budgets.create_budget(
        session, organization_id=principal.organization_id, data=body, actor=actor
    )
    return budget_out(budget)


@budgets_router.get("", summary="List budgets")
async def list_budgets(
    principal: Annotated[Principal, Depends(Authorize("analytics:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    artist_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    project_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[BudgetOut]:
    page = await budgets.list_budgets(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        artist_id=artist_id,
        project_id=project_id,
    )
    return ListResponse(data=[budget_out(b) for b in page.items], has_more=page.has_more)


@budgets_router.get("/{id}", summary="A budget")
async def get_budget(
    id: BudgetId,
    principal: Annotated[Principal, Depends(Authorize("analytics:read"))],
    session: TenantSession,
) -> BudgetOut:
    return budget_out(await records.get_or_404(session, Budget, id, label="budget"))


@budgets_router.patch("/{id}", summary="Change a budget")
async def update_budget(
    id: BudgetId,
    body: BudgetUpdate,
    principal: Annotated[Principal, Depends(Authorize("ledger:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> BudgetOut:
    budget = await records.get_or_404(session, Budget, id, label="budget")
    changes = body.model_dump(exclude_unset=True)
    # Moving a budget to the other scope clears the one it had.
    if changes.get("artist_id"):
        changes.setdefault("project_id", None)
    if changes.get("project_id"):
        changes.setdefault("artist_id", None)
    return budget_out(await budgets.update_budget(session, budget, changes, actor=actor))


@budgets_router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a budget")
async def delete_budget(
    id: BudgetId,
    principal: Annotated[Principal, Depends(Authorize("ledger:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    budget = await records.get_or_404(session, Budget, id, label="budget")
    await records.delete(session, budget, actor=actor, kind="budget", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
