"""Members of the caller's organization."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadMembers, CanWriteMembers, TenantSession, actor_is_owner
from api.loaders import MemberDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.members import MemberCreate, MemberOut, MemberUpdate
from domain.tenancy import members as service

router = APIRouter(prefix="/v1/members", tags=["members"])


@router.get("", summary="List members")
async def list_members(
    principal: CanReadMembers,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    role: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Search name or e-mail")] = None,
) -> ListResponse[MemberOut]:
    page = await service.list_members(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        role=role,
        q=q,
    )
    return ListResponse(
        data=[MemberOut.model_validate(m) for m in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a member")
async def create_member(
    body: MemberCreate,
    principal: CanWriteMembers,
    session: TenantSession,
    actor: ActorDep,
) -> MemberOut:
    member = await service.add_member(
        session,
        organization_id=principal.organization_id,
        email=str(body.email),
        name=body.name,
        role=body.role,
        actor=actor,
        granted_by=principal.permissions,
        actor_is_owner=await actor_is_owner(session, principal),
    )
    return MemberOut.model_validate(member)


@router.get("/{id}", summary="A member")
async def get_member(
    principal: CanReadMembers,
    member: MemberDep,
) -> MemberOut:
    return MemberOut.model_validate(member)


@router.patch("/{id}", summary="Change a member's name, role or status")
async def update_member(
    body: MemberUpdate,
    principal: CanWriteMembers,
    member: MemberDep,
    session: TenantSession,
    actor: ActorDep,
) -> MemberOut:
    updated = await service.update_member(
        session,
        member,
        changes=body.model_dump(exclude_unset=True, exclude_none=True),
        actor=actor,
        granted_by=principal.permissions,
        actor_is_owner=await actor_is_owner(session, principal),
    )
    return MemberOut.model_validate(updated)


@router.delete("/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a member")
async def delete_member(
    principal: CanWriteMembers,
    member: MemberDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await service.remove_member(
        session, member, actor=actor, actor_is_owner=await actor_is_owner(session, principal)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
