"""Roles: the built-in ones and the organization's custom roles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status
from pydantic import Field

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, ResponseBody, StartingAfter, id_path
from domain.tenancy import roles as service
from domain.tenancy.access import Principal
from domain.tenancy.permissions import (
    BUILTIN_ROLE_DESCRIPTIONS,
    BUILTIN_ROLE_PERMISSIONS,
    PERMISSIONS,
)

router = APIRouter(prefix="/v1", tags=["roles"])

PermissionName = Annotated[str, Field(min_length=3, max_length=60)]


class RoleOut(ResponseBody):
    object: Literal["role"] = "role"
    id: str
    name: str
    description: str
    permissions: list[str]
    builtin: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None


class RoleCreate(RequestBody):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_\- ]*$")
    description: str = Field(default="", max_length=500)
    permissions: list[PermissionName] = Field(max_length=100)


class RoleUpdate(RequestBody):
    name: str | None = Field(
        default=None, min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_\- ]*$"
    )
    description: str | None = Field(default=None, max_length=500)
    permissions: list[PermissionName] | None = Field(default=None, max_length=100)


class PermissionOut(ResponseBody):
    object: Literal["permission"] = "permission"
    name: str
    description: str


BUILTIN_ROLES = [
    RoleOut(
        id=role.value,
        name=role.value,
        description=BUILTIN_ROLE_DESCRIPTIONS[role],
        permissions=sorted(perms),
        builtin=True,
    )
    for role, perms in BUILTIN_ROLE_PERMISSIONS.items()
]


@router.get("/permissions", summary="The permission catalog")
async def list_permissions(
    _principal: Annotated[Principal, Depends(Authorize("roles:read"))],
) -> ListResponse[PermissionOut]:
    return ListResponse(
        data=[PermissionOut(name=n, description=d) for n, d in PERMISSIONS.items()], has_more=False
    )


@router.get("/roles", summary="List roles (built-in roles first, then custom roles)")
async def list_roles(
    principal: Annotated[Principal, Depends(Authorize("roles:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[RoleOut]:
    page = await service.list_roles(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    custom = [RoleOut.model_validate(r) for r in page.items]
    data = [*BUILTIN_ROLES, *custom] if starting_after is None else custom
    return ListResponse(data=data, has_more=page.has_more)


@router.post("/roles", status_code=status.HTTP_201_CREATED, summary="Create a custom role")
async def create_role(
    body: RoleCreate,
    principal: Annotated[Principal, Depends(Authorize("roles:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> RoleOut:
    role = await service.create_role(
        session,
        organization_id=principal.organization_id,
        name=body.name,
        description=body.description,
        permissions=body.permissions,
        granted_by=principal.permissions,
        actor=actor,
    )
    return RoleOut.model_validate(role)


@router.get("/roles/{id}", summary="A custom role")
async def get_role(
    id: Annotated[str, id_path("rol")],
    principal: Annotated[Principal, Depends(Authorize("roles:read"))],
    session: TenantSession,
) -> RoleOut:
    return RoleOut.model_validate(await service.get_role(session, id))


@router.patch("/roles/{id}", summary="Change a custom role")
async def update_role(
    id: Annotated[str, id_path("rol")],
    body: RoleUpdate,
    principal: Annotated[Principal, Depends(Authorize("roles:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> RoleOut:
    role = await service.get_role(session, id)
    updated = await service.update_role(
        session,
        role,
        changes=body.model_dump(exclude_unset=True, exclude_none=True),
        granted_by=principal.permissions,
        actor=actor,
    )
    return RoleOut.model_validate(updated)


@router.delete(
    "/roles/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a custom role no member holds",
)
async def delete_role(
    id: Annotated[str, id_path("rol")],
    principal: Annotated[Principal, Depends(Authorize("roles:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await service.delete_role(session, await service.get_role(session, id), actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
