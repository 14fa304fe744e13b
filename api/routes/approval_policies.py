"""Approval policies: which subjects need approval, under which conditions, by whom."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import ActorDep, CanReadApprovals, CanWriteApprovalPolicies, TenantSession
from api.loaders import ApprovalPolicyDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.approval_policies import PolicyCreate, PolicyOut, PolicyUpdate, policy_out
from domain.approvals import policies as service

router = APIRouter(prefix="/v1/approval-policies", tags=["approvals"])


@router.get("", summary="List approval policies")
async def list_policies(
    principal: CanReadApprovals,
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
    principal: CanWriteApprovalPolicies,
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
    principal: CanReadApprovals,
    policy: ApprovalPolicyDep,
) -> PolicyOut:
    return policy_out(policy)


@router.patch("/{id}", summary="Change a policy (creates a new version)")
async def update_policy(
    body: PolicyUpdate,
    principal: CanWriteApprovalPolicies,
    policy: ApprovalPolicyDep,
    session: TenantSession,
    actor: ActorDep,
) -> PolicyOut:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return policy_out(await service.update_policy(session, policy, changes, actor=actor))
