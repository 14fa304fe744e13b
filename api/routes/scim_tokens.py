"""SCIM provisioning settings: the organization's SCIM tokens (created, rotated and revoked
by an owner; shown once) and the mapping of SCIM groups to roles (changed by an owner).
Whoever may read members may list both: a listed token never carries its secret."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ActorDep, CanReadMembers, CanWriteMembers, TenantSession, actor_is_owner
from api.loaders import ScimMappingDep, ScimTokenDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.scim_tokens import (
    ScimGroupMappingCreate,
    ScimGroupMappingOut,
    ScimTokenCreate,
    ScimTokenCreated,
    ScimTokenOut,
)
from domain.errors import PermissionDenied
from domain.scim import groups, tokens
from domain.scim.models import ScimToken
from domain.tenancy import members
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1", tags=["scim"])


async def _require_owner(session: AsyncSession, principal: Principal) -> None:
    """SCIM acts with an owner's authority, so only an owner's live key manages it."""
    if principal.mode == "test" or not await actor_is_owner(session, principal):
        raise PermissionDenied(
            "only an owner's live key manages SCIM provisioning", code="owner_required"
        )


def _created(token: ScimToken, raw: str) -> ScimTokenCreated:
    return ScimTokenCreated.model_validate(
        {**ScimTokenOut.model_validate(token).model_dump(), "token": raw}
    )


@router.get("/scim-tokens", summary="List SCIM tokens")
async def list_scim_tokens(
    principal: CanReadMembers,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    include_revoked: Annotated[bool, Query()] = False,
) -> ListResponse[ScimTokenOut]:
    page = await tokens.list_tokens(
        session,
        organization_id=principal.organization_id,
        include_revoked=include_revoked,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[ScimTokenOut.model_validate(t) for t in page.items], has_more=page.has_more
    )


@router.post(
    "/scim-tokens", status_code=status.HTTP_201_CREATED, summary="Create a SCIM token (shown once)"
)
async def create_scim_token(
    body: ScimTokenCreate, principal: CanWriteMembers, session: TenantSession, actor: ActorDep
) -> ScimTokenCreated:
    await _require_owner(session, principal)
    token, raw = await tokens.create_token(
        session,
        organization_id=principal.organization_id,
        name=body.name,
        created_by=principal.member_id,
        actor=actor,
    )
    return _created(token, raw)


@router.post(
    "/scim-tokens/{id}/rotate",
    status_code=status.HTTP_201_CREATED,
    summary="Rotate a SCIM token: a new one (shown once) replaces it at once",
)
async def rotate_scim_token(
    principal: CanWriteMembers, token: ScimTokenDep, session: TenantSession, actor: ActorDep
) -> ScimTokenCreated:
    await _require_owner(session, principal)
    new, raw = await tokens.rotate_token(
        session, token, created_by=principal.member_id, actor=actor
    )
    return _created(new, raw)


@router.post("/scim-tokens/{id}/revoke", summary="Revoke a SCIM token (immediately, for good)")
async def revoke_scim_token(
    principal: CanWriteMembers, token: ScimTokenDep, session: TenantSession, actor: ActorDep
) -> ScimTokenOut:
    await _require_owner(session, principal)
    return ScimTokenOut.model_validate(await tokens.revoke_token(session, token, actor=actor))


@router.get("/scim-group-mappings", summary="List the mappings of SCIM groups to roles")
async def list_scim_group_mappings(
    principal: CanReadMembers,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[ScimGroupMappingOut]:
    page = await groups.list_mappings(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[ScimGroupMappingOut.model_validate(m) for m in page.items], has_more=page.has_more
    )


@router.post(
    "/scim-group-mappings",
    status_code=status.HTTP_201_CREATED,
    summary="Map a SCIM group to a role",
)
async def create_scim_group_mapping(
    body: ScimGroupMappingCreate,
    principal: CanWriteMembers,
    session: TenantSession,
    actor: ActorDep,
) -> ScimGroupMappingOut:
    # A role that is none of this organization's is a 422 naming it, whoever asks.
    await members.role_permissions(session, body.role)
    await _require_owner(session, principal)
    mapping = await groups.create_mapping(
        session,
        organization_id=principal.organization_id,
        group=body.group,
        role=body.role,
        actor=actor,
    )
    return ScimGroupMappingOut.model_validate(mapping)


@router.delete(
    "/scim-group-mappings/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a mapping of a SCIM group (members keep their roles)",
)
async def delete_scim_group_mapping(
    principal: CanWriteMembers, mapping: ScimMappingDep, session: TenantSession, actor: ActorDep
) -> Response:
    await _require_owner(session, principal)
    await groups.delete_mapping(session, mapping, actor=actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
