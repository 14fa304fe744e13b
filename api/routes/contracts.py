"""Contracts: drafted, sent through approval, signed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.chains import start_chain
from api.deps import ActorDep, Authorize, TenantSession
from api.routes.bookable import money
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.contracts import service as contracts
from domain.contracts.models import Contract
from domain.errors import Conflict
from domain.pagination import paginate
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/contracts", tags=["contracts"])
ContractId = Annotated[str, id_path("ctr")]


class ContractOut(BaseModel):
    object: Literal["contract"] = "contract"
    id: str
    title: str
    terms: str
    artist_id: str | None
    booking_id: str | None
    amount: str
    currency: str
    document_url: str | None
    status: str
    approval_request_id: str | None
    signed_at: datetime | None
    created_at: datetime
    updated_at: datetime


def contract_out(contract: Contract) -> ContractOut:
    return ContractOut(
        id=contract.id,
        title=contract.title,
        terms=contract.terms,
        artist_id=contract.artist_id,
        booking_id=contract.booking_id,
        amount=money(contract.amount_minor, contract.currency) or "0",
        currency=contract.currency,
        document_url=contract.document_url,
        status=contract.status,
        approval_request_id=contract.approval_request_id,
        signed_at=contract.signed_at,
        created_at=contract.created_at,
        updated_at=contract.updated_at,
    )


class ContractCreate(contracts.ContractInput, RequestBody):
    pass


class ContractUpdate(RequestBody):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    terms: str | None = Field(default=None, max_length=100_000)
    artist_id: str | None = Field(default=None, pattern=ID_PATTERN)
    booking_id: str | None = Field(default=None, pattern=ID_PATTERN)
    amount: str | None = None
    currency: str | None = None
    document_url: str | None = None


@router.get("", summary="List contracts")
async def list_contracts(
    principal: Annotated[Principal, Depends(Authorize("contracts:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[
        Literal["draft", "pending_approval", "approved", "rejected", "signed"] | None,
        Query(alias="status"),
    ] = None,
) -> ListResponse[ContractOut]:
    stmt = select(Contract).where(Contract.organization_id == principal.organization_id)
    if status_:
        stmt = stmt.where(Contract.status == status_)
    page = await paginate(session, stmt, Contract.id, limit=limit, starting_after=starting_after)
    return ListResponse(data=[contract_out(c) for c in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Draft a contract")
async def create_contract(
    body: ContractCreate,
    principal: Annotated[Principal, Depends(Authorize("contracts:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    return contract_out(
        await contracts.create_contract(
            session, organization_id=principal.organization_id, data=body, actor=actor
        )
    )


@router.get("/{id}", summary="A contract")
async def get_contract(
    id: ContractId,
    principal: Annotated[Principal, Depends(Authorize("contracts:read"))],
    session: TenantSession,
) -> ContractOut:
    return contract_out(await records.get_or_404(session, Contract, id, label="contract"))


@router.patch("/{id}", summary="Change a draft (or rejected) contract")
async def update_contract(
    id: ContractId,
    body: ContractUpdate,
    principal: Annotated[Principal, Depends(Authorize("contracts:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    contract = await records.get_or_404(session, Contract, id, label="contract")
    return contract_out(
        await contracts.update_contract(
            session, contract, body.model_dump(exclude_unset=True), actor=actor
        )
    )


@router.post(
    "/{id}/submit", summary="Send a draft for approval (approved at once when no policy governs it)"
)
async def submit_contract(
    id: ContractId,
    request: Request,
    background: BackgroundTasks,
    principal: Annotated[Principal, Depends(Authorize("contracts:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    contract = await records.get_or_404(session, Contract, id, label="contract")
    if contract.status != "draft":
        raise Conflict(
            f"only a draft can be submitted; this one is {contract.status}",
            code="invalid_status_transition",
            extra={"current_status": contract.status},
        )
    subject = matching.Subject(
        type="contract",
        id=contract.id,
        amount_minor=contract.amount_minor,
        currency=contract.currency,
        summary=contract.title,
    )
    policy = await matching.matching_policy(
        session, organization_id=contract.organization_id, subject=subject
    )
    if policy is None:
        await records.update(
            session, contract, {"status": "approved"}, actor=actor, kind="contract"
        )
        return contract_out(contract)
    chain = await approvals.open_request(
        session,
        organization_id=contract.organization_id,
        policy=policy,
        subject=subject,
        actor=actor,
    )
    await records.update(
        session,
        contract,
        {"status": "pending_approval", "approval_request_id": chain.request_id},
        actor=actor,
        kind="contract",
    )
    background.add_task(start_chain, request.app.state, chain)
    return contract_out(contract)


@router.post("/{id}/sign", summary="Record the signature of an approved contract")
async def sign_contract(
    id: ContractId,
    principal: Annotated[Principal, Depends(Authorize("contracts:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    contract = await records.get_or_404(session, Contract, id, label="contract")
    return contract_out(await contracts.sign_contract(session, contract, actor=actor))
