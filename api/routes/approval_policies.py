"""Approval policies: which subjects need approval, under which conditions, by whom."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, Field

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, StartingAfter, id_path
from domain import records
from domain.approvals import policies as service
from domain.approvals.chain_types import StepSpec
from domain.approvals.models import ApprovalPolicy
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/approval-policies", tags=["approvals"])


class PolicyOut(BaseModel):
    object: Literal["approval_policy"] = "approval_policy"
    id: str
    name: str
    subject_type: str
    conditions: dict[str, Any]
    steps: list[dict[str, Any]]
    priority: int
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


def policy_out(policy: ApprovalPolicy) -> PolicyOut:
    return PolicyOut(
        id=policy.id,
        name=policy.name,
        subject_type=policy.subject_type,
        conditions=policy.conditions,
        steps=policy.steps,
        priority=policy.priority,
        active=policy.active,
        version=policy.version,
        created_at=policy.created_at,
        updated_at=policy.updated_at,
    )


class PolicyCreate(service.PolicyInput, RequestBody):
    pass


class PolicyUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    conditions: service.PolicyConditions | None = None
    steps: list[StepSpec] | None = Field(default=None, min_length=1, max_length=20)
    priority: int | None = Field(default=None, ge=0, le=10000)
    active: bool | None = None


@router.get("", summary="List approval policies")
async def list_policies(
    principal: Annotated[Principal, Depends(Authorize("approvals:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[PolicyOut]:
    page = await service.list_policies(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[policy_out(p) for p in page.items], has_more=page.has_more)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an approval policy")
async def create_policy(
    body: PolicyCreate,
    principal: Annotated[Principal, Depends(Authorize("approval_policies:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> PolicyOut:
    return policy_out(
        await service.create_policy(
            session, organization_id=principal.organization_id, data=body, actor=actor
        )
    )


@router.get("/{id}", summary="An approval policy (current version)")
async def get_policy(
    id: Annotated[str, id_path("apol")],
    principal: Annotated[Principal, Depends(Authorize("approvals:read"))],
    session: TenantSession,
) -> PolicyOut:
    return policy_out(await records.get_or_404(session, ApprovalPolicy, id, label="policy"))


@router.patch("/{id}", summary="Change a policy (creates a new version)")
async def update_policy(
    id: Annotated[str, id_path("apol")],
    body: PolicyUpdate,
    principal: Annotated[Principal, Depends(Authorize("approval_policies:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> PolicyOut:
    policy = await records.get_or_404(session, ApprovalPolicy, id, label="policy")
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return policy_out(await service.update_policy(session, policy, changes, actor=actor))
