"""Contracts: drafted, sent through approval, signed."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, status

from api.chains import start_chain_after_commit
from api.deps import ActorDep, CanReadContracts, CanWriteContracts, TenantSession
from api.loaders import ContractDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.contracts import ContractCreate, ContractOut, ContractUpdate, contract_out
from domain import records
from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.contracts import service as contracts
from domain.errors import Conflict

router = APIRouter(prefix="/v1/contracts", tags=["contracts"])


@router.get("", summary="List contracts")
async def list_contracts(
    principal: CanReadContracts,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[
        Literal["draft", "pending_approval", "approved", "rejected", "signed"] | None,
        Query(alias="status"),
    ] = None,
) -> ListResponse[ContractOut]:
    page = await contracts.list_contracts(
        session,
        organization_id=principal.organization_id,
        status=status_,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[contract_out(c) for c in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Draft a contract")
async def create_contract(
    body: ContractCreate,
    principal: CanWriteContracts,
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
    principal: CanReadContracts,
    contract: ContractDep,
) -> ContractOut:
    return contract_out(contract)


@router.patch("/{id}", summary="Change a draft (or rejected) contract")
async def update_contract(
    body: ContractUpdate,
    principal: CanWriteContracts,
    contract: ContractDep,
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    return contract_out(
        await contracts.update_contract(
            session, contract, body.model_dump(exclude_unset=True), actor=actor
        )
    )


@router.post(
    "/{id}/submit", summary="Send a draft for approval (approved at once when no policy governs it)"
)
async def submit_contract(
    request: Request,
    principal: CanWriteContracts,
    contract: ContractDep,
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
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
    out = contract_out(contract)
    await start_chain_after_commit(session, request.app.state, chain)
    return out


@router.post("/{id}/sign", summary="Record the signature of an approved contract")
async def sign_contract(
    principal: CanWriteContracts,
    contract: ContractDep,
    session: TenantSession,
    actor: ActorDep,
) -> ContractOut:
    return contract_out(await contracts.sign_contract(session, contract, actor=actor))
