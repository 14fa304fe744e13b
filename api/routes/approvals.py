"""Approval requests: the inbox, decisions and delegation.

Decisions and delegations go through ``domain.approvals.decisions``, the service every channel
(API, Slack, signed links, dashboard) calls; its refusals are the problem codes listed in
``domain.approvals.refusals``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.chains import ChainGatewayDep
from api.deps import Authorize, TenantSession
from api.routes.bookable import money
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.approvals import decisions
from domain.approvals import requests as service
from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.approvals.refusals import NotAMember
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/approvals", tags=["approvals"])
ApprovalId = Annotated[str, id_path("apr")]


class AssignmentOut(BaseModel):
    member_id: str
    status: str
    on_behalf_of: str | None
    channel: str | None
    comment: str
    decided_at: datetime | None


class StepOut(BaseModel):
    index: int
    name: str
    assignments: list[AssignmentOut]


class ApprovalOut(BaseModel):
    object: Literal["approval"] = "approval"
    id: str
    status: str
    reason: str
    subject_type: str
    subject_id: str
    summary: str
    amount: str | None
    currency: str | None
    policy_id: str
    policy_version: int
    steps: list[StepOut] = Field(default_factory=list)
    created_at: datetime
    decided_at: datetime | None


async def approval_out(
    session: AsyncSession, request: ApprovalRequest, with_steps: bool = True
) -> ApprovalOut:
    steps: list[StepOut] = []
    if with_steps:
        rows = (
            (
                await session.execute(
                    select(ApprovalAssignment)
                    .where(ApprovalAssignment.request_id == request.id)
                    .order_by(ApprovalAssignment.step_index, ApprovalAssignment.created_at)
                )
            )
            .scalars()
            .all()
        )
        for index, spec in enumerate(request.steps):
            steps.append(
                StepOut(
                    index=index,
                    name=spec["name"],
                    assignments=[
                        AssignmentOut(
                            member_id=a.member_id,
                            status=a.status,
                            on_behalf_of=a.on_behalf_of,
                            channel=a.channel,
                            comment=a.comment,
                            decided_at=a.decided_at,
                        )
                        for a in rows
                        if a.step_index == index
                    ],
                )
            )
    return ApprovalOut(
        id=request.id,
        status=request.status,
        reason=request.reason,
        subject_type=request.subject_type,
        subject_id=request.subject_id,
        summary=request.summary,
        amount=money(request.amount_minor, request.currency) if request.currency else None,
        currency=request.currency,
        policy_id=request.policy_id,
        policy_version=request.policy_version,
        steps=steps,
        created_at=request.created_at,
        decided_at=request.decided_at,
    )


class DecisionIn(RequestBody):
    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=2000)


class DelegateIn(RequestBody):
    to_member_id: str = Field(pattern=ID_PATTERN)
    comment: str = Field(default="", max_length=2000)


def _acting_member(principal: Principal) -> str:
    if principal.member_id is None:
        raise NotAMember(
            "this API key was not issued by a member, so it cannot decide "
            "approvals; use a member's key"
        )
    return principal.member_id


@router.get("", summary="List approval requests (the inbox with approver=me)")
async def list_approvals(
    principal: Annotated[Principal, Depends(Authorize("approvals:read"))],
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
    return ListResponse(
        data=[await approval_out(session, r) for r in page.items], has_more=page.has_more
    )


@router.get("/{id}", summary="An approval request with every step's assignments")
async def get_approval(
    id: ApprovalId,
    principal: Annotated[Principal, Depends(Authorize("approvals:read"))],
    session: TenantSession,
) -> ApprovalOut:
    request = await records.get_or_404(session, ApprovalRequest, id, label="approval")
    return await approval_out(session, request)


@router.post("/{id}/decisions", summary="Approve or reject as the member behind the key")
async def decide(
    id: ApprovalId,
    body: DecisionIn,
    principal: Annotated[Principal, Depends(Authorize("approvals:decide"))],
    session: TenantSession,
    chain: ChainGatewayDep,
) -> ApprovalOut:
    outcome = await decisions.decide(
        session,
        chain,
        decisions.Ballot(
            request_id=id,
            decider=decisions.ByMemberId(_acting_member(principal)),
            decision=body.decision,
            comment=body.comment,
            channel="api",
        ),
    )
    await session.refresh(outcome.request)
    return await approval_out(session, outcome.request)


@router.post("/{id}/delegate", summary="Hand your place in the open step to another member")
async def delegate(
    id: ApprovalId,
    body: DelegateIn,
    principal: Annotated[Principal, Depends(Authorize("approvals:decide"))],
    session: TenantSession,
    chain: ChainGatewayDep,
) -> ApprovalOut:
    request = await decisions.delegate(
        session,
        chain,
        request_id=id,
        member_id=_acting_member(principal),
        to_member_id=body.to_member_id,
        comment=body.comment,
    )
    await session.refresh(request)
    return await approval_out(session, request)
