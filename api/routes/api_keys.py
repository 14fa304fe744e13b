"""API keys: created with a one-time secret, listed without it, revoked for good."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status
from pydantic import AwareDatetime, Field
from sqlalchemy import select

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, ResponseBody, StartingAfter, id_path
from domain.errors import NotFound, PermissionDenied
from domain.pagination import paginate
from domain.tenancy.access import Principal, create_api_key, revoke_api_key
from domain.tenancy.models import ApiKey

router = APIRouter(prefix="/v1/api-keys", tags=["api keys"])


class ApiKeyOut(ResponseBody):
    object: Literal["api_key"] = "api_key"
    id: str
    name: str
    mode: str
    redacted: str
    permissions: list[str]
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    secret: str = Field(description="The key itself. Shown once; store it now.")


class ApiKeyCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    mode: Literal["live", "test"] = "live"
    permissions: list[Annotated[str, Field(max_length=60)]] | None = Field(
        default=None, max_length=100, description="Defaults to every permission of the creating key"
    )
    expires_at: AwareDatetime | None = None


@router.get("", summary="List API keys")
async def list_api_keys(
    principal: Annotated[Principal, Depends(Authorize("api_keys:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    include_revoked: Annotated[bool, Query()] = False,
) -> ListResponse[ApiKeyOut]:
    stmt = select(ApiKey).where(ApiKey.organization_id == principal.organization_id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    page = await paginate(session, stmt, ApiKey.id, limit=limit, starting_after=starting_after)
    return ListResponse(
        data=[ApiKeyOut.model_validate(k) for k in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an API key")
async def create_key(
    body: ApiKeyCreate,
    principal: Annotated[Principal, Depends(Authorize("api_keys:write"))],
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
    key, raw = await create_api_key(
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
async def get_key(
    id: Annotated[str, id_path("key")],
    principal: Annotated[Principal, Depends(Authorize("api_keys:read"))],
    session: TenantSession,
) -> ApiKeyOut:
    key = await session.get(ApiKey, id)
    if key is None:
        raise NotFound(f"no API key {id}", param="id")
    return ApiKeyOut.model_validate(key)


@router.post("/{id}/revoke", summary="Revoke an API key (immediately, for good)")
async def revoke_key(
    id: Annotated[str, id_path("key")],
    principal: Annotated[Principal, Depends(Authorize("api_keys:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ApiKeyOut:
    return ApiKeyOut.model_validate(await revoke_api_key(session, id, actor=actor))
