"""Approval requests: the inbox, decisions and delegation (all channels end in one update)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api.deps import Authorize, TemporalDep, TenantSession
from api.routes.bookable import money
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.approvals import requests as service
from domain.approvals.chain_types import DecideInput, DelegateInput
from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from domain.tenancy.access import Principal
from domain.tenancy.models import Member
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.approval import approval_handle

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
        raise PermissionDenied(
            "this API key was not issued by a member, so it cannot decide "
            "approvals; use a member's key",
            code="not_a_member",
        )
    return principal.member_id


async def _pending(session: AsyncSession, approval_id: str) -> ApprovalRequest:
    request = await records.get_or_404(session, ApprovalRequest, approval_id, label="approval")
    if request.status != "pending":
        raise Conflict(
            f"the approval is already {request.status}",
            code="approval_closed",
            extra={"current_status": request.status},
        )
    return request


_UPDATE_ERRORS: dict[str, type[PermissionDenied] | type[Conflict] | type[InvalidRequest]] = {
    "NotEligible": PermissionDenied,
    "AlreadyDecided": Conflict,
    "ChainClosed": Conflict,
    "InvalidDelegate": InvalidRequest,
}
_UPDATE_CODES = {
    "NotEligible": "not_an_approver",
    "AlreadyDecided": "already_decided",
    "ChainClosed": "approval_closed",
    "InvalidDelegate": "invalid_delegate",
}


async def send_update(client: Client, request: ApprovalRequest, update: Any, arg: Any) -> Any:
    """Run an update on the request's chain, turning its refusals into problem documents."""
    handle = approval_handle(client, request.organization_id, request.id)
    try:
        return await handle.execute_update(update, arg)
    except WorkflowUpdateFailedError as exc:
        cause = exc.cause
        if isinstance(cause, ApplicationError) and cause.type in _UPDATE_ERRORS:
            raise _UPDATE_ERRORS[cause.type](
                cause.message, code=_UPDATE_CODES[cause.type]
            ) from None
        raise
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            raise Conflict(
                "the approval chain is starting; retry in a moment", code="approval_starting"
            ) from None
        raise


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
    temporal: TemporalDep,
) -> ApprovalOut:
    member_id = _acting_member(principal)
    request = await _pending(session, id)
    await send_update(
        temporal,
        request,
        ApprovalChainWorkflow.decide,
        DecideInput(
            member_id=member_id, decision=body.decision, comment=body.comment, channel="api"
        ),
    )
    await session.refresh(request)
    return await approval_out(session, request)


@router.post("/{id}/delegate", summary="Hand your place in the open step to another member")
async def delegate(
    id: ApprovalId,
    body: DelegateIn,
    principal: Annotated[Principal, Depends(Authorize("approvals:decide"))],
    session: TenantSession,
    temporal: TemporalDep,
) -> ApprovalOut:
    member_id = _acting_member(principal)
    request = await _pending(session, id)
    target = await session.get(Member, body.to_member_id)
    if target is None or target.status != "active":
        raise NotFound(f"no active member {body.to_member_id}", param="to_member_id")
    await send_update(
        temporal,
        request,
        ApprovalChainWorkflow.delegate,
        DelegateInput(member_id=member_id, to_member_id=body.to_member_id, comment=body.comment),
    )
    await session.refresh(request)
    return await approval_out(session, request)
