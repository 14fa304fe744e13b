"""SCIM provisioning in the dashboard settings: the organization's SCIM tokens (created,
rotated and revoked by an owner, the token shown once) and the mapping of SCIM groups to roles.

Each form takes the API's path (``/v1/scim-tokens``, ``/v1/scim-group-mappings``): the
fields are checked with the API's request schema, the permission (``members:write``) and the
owner rule on the signed-in member's principal as the API checks them, and the change is made,
and audited, by the service those routes call. A refusal that names a field is shown beside it
with the input kept.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.dashboard.forms import CSRF, Errors, done, field_error, posted, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, check_csrf, page
from api.deps import actor_is_owner
from api.schemas.scim_tokens import ScimGroupMappingCreate, ScimTokenCreate
from domain import records
from domain.errors import DomainError, PermissionDenied
from domain.scim import groups, tokens
from domain.scim.models import ScimRoleMapping, ScimToken
from domain.tenancy import members

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
PATH = "/dashboard/settings/scim"
SCT_ID = r"^sct_[0-9a-hjkmnp-tv-z]{26}$"
MAPPING_ID = r"^srm_[0-9a-hjkmnp-tv-z]{26}$"
PAGE_SIZE = 100


async def _require_owner(session: AsyncSession, ctx: PageContext) -> None:
    ctx.require("members:write")
    if not await actor_is_owner(session, ctx.principal):
        raise PermissionDenied("only an owner manages SCIM provisioning", code="owner_required")


async def _page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
    token: str = "",
) -> HTMLResponse:
    ctx.require("members:read")
    async with ctx.tenant(request) as session:
        listed = await tokens.list_tokens(
            session,
            organization_id=ctx.organization_id,
            include_revoked=True,
            limit=PAGE_SIZE,
            starting_after=None,
        )
        mappings = await groups.list_mappings(
            session, organization_id=ctx.organization_id, limit=PAGE_SIZE, starting_after=None
        )
        owner = await actor_is_owner(session, ctx.principal)
    return page(
        "scim.html",
        status=status,
        context=ctx,
        active="/dashboard/settings",
        title="SCIM provisioning",
        tokens=listed.items,
        mappings=mappings.items,
        owner=owner,
        base_url=str(request.base_url).rstrip("/") + "/scim/v2",
        errors=errors or {},
        values=values or {"name": "", "group": "", "role": ""},
        token=token,
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH)
async def scim_settings(request: Request, ctx: Current) -> HTMLResponse:
    return await _page(request, ctx)


@router.post(f"{PATH}/tokens")
async def scim_token_create(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "members:write")
    values = {"name": str(form.get("name", ""))[:300], "group": "", "role": ""}
    body, errors = schema_errors(ScimTokenCreate, {"name": values["name"]})
    status = 422
    raw = ""
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await _require_owner(session, ctx)
                _token, raw = await tokens.create_token(
                    session,
                    organization_id=ctx.organization_id,
                    name=body.name,
                    created_by=ctx.signed_in.member.id,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _page(request, ctx, status=status, errors=errors, values=values)
    # Shown once, on this response; never stored in a form that could be re-sent.
    return await _page(request, ctx, status=201, token=raw)


async def _token(session: AsyncSession, token_id: str) -> ScimToken:
    return await records.get_or_404(session, ScimToken, token_id, label="SCIM token")


@router.post(f"{PATH}/tokens/{{id}}/rotate")
async def scim_token_rotate(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=SCT_ID)],
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    async with ctx.tenant(request) as session:
        token = await _token(session, id)
        await _require_owner(session, ctx)
        _new, raw = await tokens.rotate_token(
            session, token, created_by=ctx.signed_in.member.id, actor=ctx.actor(request)
        )
    return await _page(request, ctx, status=201, token=raw)


@router.post(f"{PATH}/tokens/{{id}}/revoke")
async def scim_token_revoke(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=SCT_ID)],
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    async with ctx.tenant(request) as session:
        token = await _token(session, id)
        await _require_owner(session, ctx)
        await tokens.revoke_token(session, token, actor=ctx.actor(request))
    return done(PATH, "revoked")


@router.post(f"{PATH}/mappings")
async def scim_mapping_create(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "members:write")
    values = {
        "name": "",
        "group": str(form.get("group", ""))[:300],
        "role": str(form.get("role", ""))[:60],
    }
    body, errors = schema_errors(
        ScimGroupMappingCreate, {"group": values["group"], "role": values["role"]}
    )
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await members.role_permissions(session, body.role)
                await _require_owner(session, ctx)
                await groups.create_mapping(
                    session,
                    organization_id=ctx.organization_id,
                    group=body.group,
                    role=body.role,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _page(request, ctx, status=status, errors=errors, values=values)
    return done(PATH, "mapped")


@router.post(f"{PATH}/mappings/{{id}}/delete")
async def scim_mapping_delete(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=MAPPING_ID)],
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    async with ctx.tenant(request) as session:
        mapping = await records.get_or_404(session, ScimRoleMapping, id, label="SCIM group mapping")
        await _require_owner(session, ctx)
        await groups.delete_mapping(session, mapping, actor=ctx.actor(request))
    return done(PATH, "unmapped")
