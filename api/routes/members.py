"""Members of the caller's organization."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import EmailStr, Field

from api.deps import ActorDep, Authorize, TenantSession, actor_is_owner
from api.schemas import Limit, ListResponse, RequestBody, ResponseBody, StartingAfter, id_path
from domain.tenancy import members as service
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/members", tags=["members"])

RoleRef = Annotated[
    str,
    Field(
        min_length=1, max_length=40, description="A built-in role name or a custom role id (rol_…)"
    ),
]


class MemberOut(ResponseBody):
    object: Literal["member"] = "member"
    id: str
    email: str
    name: str
    role: str
    status: str
    created_at: datetime
    updated_at: datetime


class MemberCreate(RequestBody):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: RoleRef


class MemberUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: RoleRef | None = None
    status: Literal["active", "disabled"] | None = None


@router.get("", summary="List members")
async def list_members(
    principal: Annotated[Principal, Depends(Authorize("members:read"))],
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
    principal: Annotated[Principal, Depends(Authorize("members:write"))],
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
    id: Annotated[str, id_path("mem")],
    principal: Annotated[Principal, Depends(Authorize("members:read"))],
    session: TenantSession,
) -> MemberOut:
    return MemberOut.model_validate(await service.get_member(session, id))


@router.patch("/{id}", summary="Change a member's name, role or status")
async def update_member(
    id: Annotated[str, id_path("mem")],
    body: MemberUpdate,
    principal: Annotated[Principal, Depends(Authorize("members:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> MemberOut:
    member = await service.get_member(session, id)
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
    id: Annotated[str, id_path("mem")],
    principal: Annotated[Principal, Depends(Authorize("members:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    member = await service.get_member(session, id)
    await service.remove_member(
        session, member, actor=actor, actor_is_owner=await actor_is_owner(session, principal)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
