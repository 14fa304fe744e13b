"""Approval requests: the inbox, decisions and delegation.

Decisions and delegations go through ``domain.approvals.decisions``, the service every channel
(API, Slack, signed links, dashboard) calls; its refusals are the problem codes listed in
``domain.approvals.refusals``. A decision's response carries its outcome (``status`` is
``approved`` when this decision settled the request) and is sent once the read model shows the
decision, so a GET right after never contradicts it (docs/adr/0020-approval-latency.md).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from api.chains import ChainGatewayDep
from api.deps import CanDecideApprovals, CanReadApprovals, SessionmakerDep, TenantSession
from api.loaders import ApprovalDep
from api.schemas import ID_PATTERN, Limit, ListResponse, StartingAfter, id_path
from api.schemas.approvals import ApprovalOut, DecisionIn, DelegateIn, approval_out
from core.db import tenant_session
from domain import records
from domain.approvals import decisions
from domain.approvals import requests as service
from domain.approvals.models import ApprovalRequest
from domain.approvals.refusals import NotAMember
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/approvals", tags=["approvals"])
ApprovalId = Annotated[str, id_path("apr")]


def _acting_member(principal: Principal) -> str:
    if principal.member_id is None:
        raise NotAMember(
            "this API key was not issued by a member, so it cannot decide "
            "approvals; use a member's key"
        )
    return principal.member_id


async def _out(
    session: AsyncSession, request: ApprovalRequest, status: str | None = None
) -> ApprovalOut:
    assignments = await service.assignments_of(session, request_ids=[request.id])
    return approval_out(request, assignments[request.id], status=status)


@router.get("", summary="List approval requests (the inbox with approver=me)")
async def list_approvals(
    principal: CanReadApprovals,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[
        Literal["pending", "approved", "rejected", "cancelled"] | None, Query(alias="status")
    ] = None,
    approver: Annotated[
        str | None,
        Query(pattern=r"^(me|mem_[0-9a-hjkmnp-tv-z]{26})$", description="`me` or a member id"),
    ] = None,
    subject_type: Annotated[
        Literal["booking", "bulk_booking", "contract", "budget_change"] | None, Query()
    ] = None,
    subject_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[ApprovalOut]:
    member = _acting_member(principal) if approver == "me" else approver
    page = await service.list_requests(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        status=status_,
        approver=member,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    assignments = await service.assignments_of(session, request_ids=[r.id for r in page.items])
    return ListResponse(
        data=[approval_out(r, assignments[r.id]) for r in page.items], has_more=page.has_more
    )


@router.get("/{id}", summary="An approval request with every step's assignments")
async def get_approval(
    principal: CanReadApprovals,
    approval: ApprovalDep,
    session: TenantSession,
) -> ApprovalOut:
    return await _out(session, approval)


@router.post("/{id}/decisions", summary="Approve or reject as the member behind the key")
async def decide(
    id: ApprovalId,
    body: DecisionIn,
    principal: CanDecideApprovals,
    sessionmaker: SessionmakerDep,
    chain: ChainGatewayDep,
) -> ApprovalOut:
    # Short transactions of its own: no connection waits idle in a transaction while the
    # chain decides.
    def transaction() -> AbstractAsyncContextManager[AsyncSession]:
        return tenant_session(sessionmaker, [principal.organization_id])

    outcome = await decisions.decide_in(
        transaction,
        chain,
        decisions.Ballot(
            request_id=id,
            decider=decisions.ByMemberId(_acting_member(principal)),
            decision=body.decision,
            comment=body.comment,
            channel="api",
        ),
    )
    # Read-your-writes: the response, and any read after it, show the decision written.
    async with transaction() as session:
        request, assignments = await decisions.await_projection(session, outcome)
        return approval_out(request, assignments, status=outcome.status)


@router.post("/{id}/delegate", summary="Hand your place in the open step to another member")
async def delegate(
    id: ApprovalId,
    body: DelegateIn,
    principal: CanDecideApprovals,
    sessionmaker: SessionmakerDep,
    chain: ChainGatewayDep,
) -> ApprovalOut:
    # Short transactions of their own: the comment commits before the chain reads it.
    def transaction() -> AbstractAsyncContextManager[AsyncSession]:
        return tenant_session(sessionmaker, [principal.organization_id])

    request = await decisions.delegate(
        transaction,
        chain,
        request_id=id,
        member_id=_acting_member(principal),
        to_member_id=body.to_member_id,
        comment=body.comment,
    )
    async with transaction() as session:
        fresh = await records.get_or_404(session, ApprovalRequest, request.id, label="approval")
        return await _out(session, fresh)
