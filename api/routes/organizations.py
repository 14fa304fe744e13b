"""The caller's organization (``/v1/organization``) and its sub-organizations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deps import (
    ActorDep,
    CanReadOrganization,
    CanReadOrganizations,
    CanWriteOrganization,
    CanWriteOrganizations,
    SessionmakerDep,
    TenantSession,
)
from api.schemas import Limit, ListResponse, StartingAfter, id_path
from api.schemas.organizations import (
    ChildCreate,
    OrganizationOut,
    OrganizationUpdate,
    organization_out,
)
from core.db import widened_scope
from core.ids import new_id
from domain.placements.router import PlacementRouter
from domain.tenancy import organizations as service

router = APIRouter(prefix="/v1", tags=["organizations"])


def residency(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    """Whether organizations' regions decide their databases in this deployment."""
    return isinstance(sessionmaker, PlacementRouter) and sessionmaker.placements.residency


@router.get("/organization", summary="The caller's organization")
async def get_own_organization(
    principal: CanReadOrganization,
    session: TenantSession,
) -> OrganizationOut:
    return organization_out(await service.get_organization(session, principal.organization_id))


@router.patch("/organization", summary="Change the caller's organization")
async def update_own_organization(
    body: OrganizationUpdate,
    principal: CanWriteOrganization,
    session: TenantSession,
    actor: ActorDep,
    sessionmaker: SessionmakerDep,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return organization_out(
        await service.update_organization(
            session, org, changes=changes, actor=actor, residency=residency(sessionmaker)
        )
    )


@router.get("/organizations", summary="List sub-organizations (all depths)")
async def list_organizations(
    principal: CanReadOrganizations,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[OrganizationOut]:
    org = await service.get_organization(session, principal.organization_id)
    page = await service.list_descendants(session, org, limit=limit, starting_after=starting_after)
    return ListResponse(data=[organization_out(o) for o in page.items], has_more=page.has_more)


@router.post(
    "/organizations",
    status_code=status.HTTP_201_CREATED,
    summary="Create a sub-organization (imprint, sub-label)",
)
async def create_organization(
    body: ChildCreate,
    principal: CanWriteOrganizations,
    session: TenantSession,
    actor: ActorDep,
    sessionmaker: SessionmakerDep,
) -> OrganizationOut:
    parent = await service.get_organization(session, principal.organization_id)
    child_id = new_id("org")
    if isinstance(sessionmaker, PlacementRouter):
        # The child lives in its parent's database: routed there before its row is written.
        await sessionmaker.place_beside(child_id, parent.id)
    child = await service.create_child(
        session,
        parent,
        name=body.name,
        plan=body.plan,
        region=body.region,
        actor=actor,
        child_id=child_id,
        residency=residency(sessionmaker),
    )
    return organization_out(child)


@router.get("/organizations/{id}", summary="A sub-organization")
async def get_organization(
    id: Annotated[str, id_path("org")],
    principal: CanReadOrganizations,
    session: TenantSession,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    return organization_out(await service.get_descendant(session, org, id))


@router.patch("/organizations/{id}", summary="Change a sub-organization")
async def update_organization(
    id: Annotated[str, id_path("org")],
    body: OrganizationUpdate,
    principal: CanWriteOrganizations,
    session: TenantSession,
    actor: ActorDep,
    sessionmaker: SessionmakerDep,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    child = await service.get_descendant(session, org, id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    # The change is recorded in the child's own audit chain.
    async with widened_scope(session, [org.id], [child.id]):
        updated = await service.update_organization(
            session, child, changes=changes, actor=actor, residency=residency(sessionmaker)
        )
    return organization_out(updated)
