"""Roles: the built-in ones and the organization's custom roles."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import ActorDep, CanReadRoles, CanWriteRoles, TenantSession
from api.loaders import AnyRoleDep, RoleDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.roles import BUILTIN_ROLES, PermissionOut, RoleCreate, RoleOut, RoleUpdate
from domain.tenancy import roles as service
from domain.tenancy.permissions import PERMISSIONS

router = APIRouter(prefix="/v1", tags=["roles"])


@router.get("/permissions", summary="The permission catalog")
async def list_permissions(
    _principal: CanReadRoles,
) -> ListResponse[PermissionOut]:
    return ListResponse(
        data=[PermissionOut(name=n, description=d) for n, d in PERMISSIONS.items()], has_more=False
    )


@router.get("/roles", summary="List roles (built-in roles first, then custom roles)")
async def list_roles(
    principal: CanReadRoles,
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
    principal: CanWriteRoles,
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


@router.get("/roles/{id}", summary="A role: `rol_…` for a custom one, the name of a built-in one")
async def get_role(
    principal: CanReadRoles,
    role: AnyRoleDep,
) -> RoleOut:
    return role


@router.patch("/roles/{id}", summary="Change a custom role")
async def update_role(
    body: RoleUpdate,
    principal: CanWriteRoles,
    role: RoleDep,
    session: TenantSession,
    actor: ActorDep,
) -> RoleOut:
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
    principal: CanWriteRoles,
    role: RoleDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await service.delete_role(session, role, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
