"""The caller's organization (``/v1/organization``) and its sub-organizations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, status
from pydantic import Field

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, ResponseBody, StartingAfter, id_path
from core.db import widened_scope
from domain.tenancy import organizations as service
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1", tags=["organizations"])

Plan = Literal["studio_pro", "label_enterprise", "white_label", "api"]
Region = Literal["eu", "us", "uk", "apac"]


class OrganizationOut(ResponseBody):
    object: Literal["organization"] = "organization"
    id: str
    name: str
    plan: str
    region: str
    parent_id: str | None
    sandbox: bool = False
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def _out(org: Any) -> OrganizationOut:
    return OrganizationOut(
        id=org.id,
        name=org.name,
        plan=org.plan,
        region=org.region,
        parent_id=org.parent_id,
        sandbox=org.sandbox_of is not None,
        settings=org.settings,
        created_at=org.created_at,
        updated_at=org.updated_at,
    )


class OrganizationUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    region: Region | None = None
    settings: dict[str, Any] | None = None


class ChildCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    plan: Plan | None = None
    region: Region | None = None


@router.get("/organization", summary="The caller's organization")
async def get_own_organization(
    principal: Annotated[Principal, Depends(Authorize("organization:read"))],
    session: TenantSession,
) -> OrganizationOut:
    return _out(await service.get_organization(session, principal.organization_id))


@router.patch("/organization", summary="Change the caller's organization")
async def update_own_organization(
    body: OrganizationUpdate,
    principal: Annotated[Principal, Depends(Authorize("organization:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return _out(await service.update_organization(session, org, changes=changes, actor=actor))


@router.get("/organizations", summary="List sub-organizations (all depths)")
async def list_organizations(
    principal: Annotated[Principal, Depends(Authorize("organizations:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[OrganizationOut]:
    org = await service.get_organization(session, principal.organization_id)
    page = await service.list_descendants(session, org, limit=limit, starting_after=starting_after)
    return ListResponse(data=[_out(o) for o in page.items], has_more=page.has_more)


@router.post(
    "/organizations",
    status_code=status.HTTP_201_CREATED,
    summary="Create a sub-organization (imprint, sub-label)",
)
async def create_organization(
    body: ChildCreate,
    principal: Annotated[Principal, Depends(Authorize("organizations:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> OrganizationOut:
    parent = await service.get_organization(session, principal.organization_id)
    child = await service.create_child(
        session, parent, name=body.name, plan=body.plan, region=body.region, actor=actor
    )
    return _out(child)


@router.get("/organizations/{id}", summary="A sub-organization")
async def get_organization(
    id: Annotated[str, id_path("org")],
    principal: Annotated[Principal, Depends(Authorize("organizations:read"))],
    session: TenantSession,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    return _out(await service.get_descendant(session, org, id))


@router.patch("/organizations/{id}", summary="Change a sub-organization")
async def update_organization(
    id: Annotated[str, id_path("org")],
    body: OrganizationUpdate,
    principal: Annotated[Principal, Depends(Authorize("organizations:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> OrganizationOut:
    org = await service.get_organization(session, principal.organization_id)
    child = await service.get_descendant(session, org, id)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    # The change is recorded in the child's own audit chain.
    async with widened_scope(session, [org.id], [child.id]):
        updated = await service.update_organization(session, child, changes=changes, actor=actor)
    return _out(updated)
