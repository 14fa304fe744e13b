"""Exchange rates and the reporting currency, ledger entries, budgets."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadAnalytics, CanWriteLedger, TenantSession
from api.loaders import BudgetDep, LedgerEntryDep
from api.schemas import ID_PATTERN, Limit, ListResponse, StartingAfter
from api.schemas.ledger import (
    BudgetCreate,
    BudgetOut,
    BudgetUpdate,
    LedgerEntryCreate,
    LedgerEntryOut,
    RateTable,
    RateTableUpdate,
    budget_out,
    entry_out,
)
from domain import records
from domain.finance import budgets, ledger
from domain.finance import rates as exchange_rates

rates_router = APIRouter(prefix="/v1/exchange-rates", tags=["ledger"])
entries_router = APIRouter(prefix="/v1/ledger-entries", tags=["ledger"])
budgets_router = APIRouter(prefix="/v1/budgets", tags=["ledger"])


# --- exchange rates ---------------------------------------------------------------------------


@rates_router.get("", summary="The reporting currency and the stored exchange rates")
async def list_rates(
    principal: CanReadAnalytics,
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
    principal: CanWriteLedger,
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


@entries_router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Record an invoice, expense or revenue"
)
async def create_entry(
    body: LedgerEntryCreate,
    principal: CanWriteLedger,
    session: TenantSession,
    actor: ActorDep,
) -> LedgerEntryOut:
    entry = await ledger.create_entry(
        session, organization_id=principal.organization_id, data=body, actor=actor
    )
    return entry_out(entry)


@entries_router.get("", summary="List ledger entries")
async def list_entries(
    principal: CanReadAnalytics,
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
    principal: CanReadAnalytics,
    entry: LedgerEntryDep,
) -> LedgerEntryOut:
    return entry_out(entry)


# --- budgets ----------------------------------------------------------------------------------


@budgets_router.post("", status_code=status.HTTP_201_CREATED, summary="Create a budget")
async def create_budget(
    body: BudgetCreate,
    principal: CanWriteLedger,
    session: TenantSession,
    actor: ActorDep,
) -> BudgetOut:
    budget = await budgets.create_budget(
        session, organization_id=principal.organization_id, data=body, actor=actor
    )
    return budget_out(budget)


@budgets_router.get("", summary="List budgets")
async def list_budgets(
    principal: CanReadAnalytics,
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
    principal: CanReadAnalytics,
    budget: BudgetDep,
) -> BudgetOut:
    return budget_out(budget)


@budgets_router.patch("/{id}", summary="Change a budget")
async def update_budget(
    body: BudgetUpdate,
    principal: CanWriteLedger,
    budget: BudgetDep,
    session: TenantSession,
    actor: ActorDep,
) -> BudgetOut:
    changes = body.model_dump(exclude_unset=True)
    # Moving a budget to the other scope clears the one it had.
    if changes.get("artist_id"):
        changes.setdefault("project_id", None)
    if changes.get("project_id"):
        changes.setdefault("artist_id", None)
    return budget_out(await budgets.update_budget(session, budget, changes, actor=actor))


@budgets_router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a budget")
async def delete_budget(
    principal: CanWriteLedger,
    budget: BudgetDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(session, budget, actor=actor, kind="budget", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
