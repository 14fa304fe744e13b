"""API keys: created with a one-time secret, listed without it, revoked for good."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.deps import ActorDep, CanReadApiKeys, CanWriteApiKeys, TenantSession
from api.loaders import ApiKeyDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.api_keys import ApiKeyCreate, ApiKeyCreated, ApiKeyOut
from domain.errors import PermissionDenied
from domain.tenancy import access

router = APIRouter(prefix="/v1/api-keys", tags=["api keys"])


@router.get("", summary="List API keys")
async def list_api_keys(
    principal: CanReadApiKeys,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    include_revoked: Annotated[bool, Query()] = False,
) -> ListResponse[ApiKeyOut]:
    page = await access.list_api_keys(
        session,
        organization_id=principal.organization_id,
        include_revoked=include_revoked,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[ApiKeyOut.model_validate(k) for k in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an API key")
async def create_key(
    body: ApiKeyCreate,
    principal: CanWriteApiKeys,
    session: TenantSession,
    actor: ActorDep,
) -> ApiKeyCreated:
    if principal.mode == "test":
        # A key minted in the sandbox would be a live-looking key for test data (or a sandbox
        # of the sandbox); keys are managed with live keys only.
        raise PermissionDenied(
            "test-mode keys cannot create API keys; create them (test keys too) with a live key",
            code="live_key_required",
        )
    key, raw = await access.create_api_key(
        session,
        organization_id=principal.organization_id,
        name=body.name,
        mode=body.mode,
        permissions=body.permissions,
        granted_by=principal.permissions,
        created_by=principal.member_id,
        expires_at=body.expires_at,
        actor=actor,
    )
    return ApiKeyCreated.model_validate(
        {**ApiKeyOut.model_validate(key).model_dump(), "secret": raw}
    )


@router.get("/{id}", summary="An API key (never its secret)")
async def get_key(principal: CanReadApiKeys, key: ApiKeyDep) -> ApiKeyOut:
    return ApiKeyOut.model_validate(key)


@router.post("/{id}/revoke", summary="Revoke an API key (immediately, for good)")
async def revoke_key(
    principal: CanWriteApiKeys,
    key: ApiKeyDep,
    session: TenantSession,
    actor: ActorDep,
) -> ApiKeyOut:
    revoked = await access.revoke_api_key(
        session, key, granted_by=principal.permissions, actor=actor
    )
    return ApiKeyOut.model_validate(revoked)
