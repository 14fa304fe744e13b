"""People and access in the dashboard: members (invite by e-mail link, role, disable), custom
roles, a member's own API keys and their signed-in browsers.

Each form takes the API's path: the request is validated with the API's schema, the permission
is checked on the signed-in member's principal (``Principal.require``, as ``Authorize`` does),
and the change is made by the service the API route calls, which audits it. A refusal that
names a field (``param``) is shown beside that field with the input kept; any other refusal is
the dashboard's error page with the API's status.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.dashboard.forms import CSRF, Errors, posted
from api.dashboard.forms import checked as _checked
from api.dashboard.forms import done as _done
from api.dashboard.forms import field_error as _field_error
from api.dashboard.forms import schema_errors as _schema_errors
from api.dashboard.web import (
    Current,
    DashboardRoute,
    PageContext,
    check_csrf,
    page,
    session_cookie,
)
from api.deps import actor_is_owner
from api.schemas.api_keys import ApiKeyCreate
from api.schemas.members import MemberCreate, MemberUpdate
from api.schemas.roles import BUILTIN_ROLES, RoleCreate
from core.config import Environment
from core.db import tenant_session
from domain.dashboard import people
from domain.errors import DomainError
from domain.tenancy import access, key_invites, members, roles
from domain.tenancy.models import Role
from domain.tenancy.permissions import PERMISSIONS
from domain.usage import meter as usage
from integrations.errors import IntegrationError
from integrations.smtp import Mail, SmtpMailer

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
log = logging.getLogger(__name__)
MEMBER_ID = r"^mem_[0-9a-hjkmnp-tv-z]{26}$"
ROLE_ID = r"^rol_[0-9a-hjkmnp-tv-z]{26}$"
KEY_ID = r"^key_[0-9a-hjkmnp-tv-z]{26}$"


# --- members ---------------------------------------------------------------------------------


async def _role_choices(session: AsyncSession, ctx: PageContext) -> list[tuple[str, str]]:
    """(value, label) of every role: the built-in ones, then the organization's own."""
    custom = await roles.list_roles(
        session, organization_id=ctx.organization_id, limit=100, starting_after=None
    )
    return [(r.id, r.name) for r in BUILTIN_ROLES] + [(r.id, r.name) for r in custom.items]


async def _members_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        listed = await members.list_members(
            session, organization_id=ctx.organization_id, limit=100, starting_after=None
        )
        choices = await _role_choices(session, ctx)
    return page(
        "members.html",
        status=status,
        context=ctx,
        active="/dashboard/members",
        title="Members",
        members=listed.items,
        more=listed.has_more,
        role_names=dict(choices),
        choices=choices,
        can_write=ctx.principal.can("members:write"),
        errors=errors or {},
        values=values or {"role": "viewer"},
        notice=request.query_params.get("done", ""),
    )


async def _send_password_link(request: Request, ctx: PageContext, email: str, token: str) -> bool:
    """E-mail the link through the deployment's SMTP server; False when it could not go."""
    settings = request.app.state.settings
    mailer = SmtpMailer.from_settings(settings)
    if mailer is None:
        return False
    # Never the request's Host outside development: a forged one would send the new member a
    # link to another site, with the token in it.
    if settings.public_base_url:
        base = settings.public_base_url.rstrip("/")
    elif settings.environment in (Environment.DEV, Environment.TEST):
        base = str(request.base_url).rstrip("/")
    else:
        log.warning("password link not e-mailed: PUBLIC_BASE_URL is not set")
        return False
    link = f"{base}/dashboard/password/{token}"
    brand = ctx.branding.name
    try:
        await mailer.send(
            Mail(
                to=email,
                subject=f"{ctx.signed_in.member.name} invites you to {brand}",
                text=(
                    f"{ctx.signed_in.member.name} gave you access to {brand}.\n"
                    f"Choose your password here (valid 48 hours, works once):\n{link}\n"
                ),
                html=(
                    f"<p>{escape(ctx.signed_in.member.name)} gave you access to "
                    f"{escape(brand)}.</p><p>Choose your password (valid 48 hours, works once): "
                    f'<a href="{escape(link)}">{escape(link)}</a></p>'
                ),
            )
        )
    except IntegrationError as exc:
        log.warning("password link e-mail failed", extra={"error": str(exc)[:300]})
        return False
    usage.count(ctx.organization_id, usage.EMAILS_SENT, category="member_password_link")
    return True


@router.get("/dashboard/members")
async def members_list(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("members:read")
    return await _members_page(request, ctx)


@router.post("/dashboard/members")
async def invite(
    request: Request,
    ctx: Current,
    email: Annotated[str, Form(max_length=320)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    await posted(request, ctx, "members:write")
    values = {"email": email, "name": name, "role": role}
    body, errors = _schema_errors(MemberCreate, values)
    status = 422
    if body is not None:
        try:
            async with tenant_session(
                request.app.state.sessionmaker, [ctx.organization_id]
            ) as session:
                member, token = await people.invite_member(
                    session,
                    organization_id=ctx.organization_id,
                    email=str(body.email),
                    name=body.name,
                    role=body.role,
                    granted_by=ctx.principal.permissions,
                    actor_is_owner=await actor_is_owner(session, ctx.principal),
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = _field_error(exc)
    if errors:
        return await _members_page(request, ctx, status=status, errors=errors, values=values)
    sent = await _send_password_link(request, ctx, member.email, token)
    return _done("/dashboard/members", "invited" if sent else "invited-unsent")


async def _member_page(
    request: Request,
    ctx: PageContext,
    member_id: str,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, str] | None = None,
    key_token: str = "",
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        member = await members.get_member(session, member_id)
        choices = await _role_choices(session, ctx)
    return page(
        "member.html",
        status=status,
        context=ctx,
        active="/dashboard/members",
        title=member.name,
        subject=member,
        choices=choices,
        role_names=dict(choices),
        permissions=sorted(PERMISSIONS.items()),
        can_write=ctx.principal.can("members:write"),
        can_invite_key=ctx.principal.can("api_keys:write"),
        errors=errors or {},
        values=values or {"role": member.role},
        key_token=key_token,
        notice=request.query_params.get("done", ""),
    )


@router.get("/dashboard/members/{id}")
async def member_detail(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=MEMBER_ID)]
) -> HTMLResponse:
    ctx.require("members:read")
    return await _member_page(request, ctx, id)


@router.post("/dashboard/members/{id}")
async def member_update(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=MEMBER_ID)],
    role: Annotated[str | None, Form(max_length=40)] = None,
    status: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    await posted(request, ctx, "members:write")
    values = {k: v for k, v in {"role": role, "status": status}.items() if v is not None}
    body, errors = _schema_errors(MemberUpdate, values)
    if body is not None and not values:
        errors = {"role": "Choose a role."}
    code = 422
    if body is not None:
        try:
            async with tenant_session(
                request.app.state.sessionmaker, [ctx.organization_id]
            ) as session:
                member = await members.get_member(session, id)
                await members.update_member(
                    session,
                    member,
                    changes=body.model_dump(exclude_unset=True, exclude_none=True),
                    actor=ctx.actor(request),
                    granted_by=ctx.principal.permissions,
                    actor_is_owner=await actor_is_owner(session, ctx.principal),
                )
        except DomainError as exc:
            code, errors = _field_error(exc)
    if errors:
        return await _member_page(request, ctx, id, status=code, errors=errors, values=values)
    return _done(f"/dashboard/members/{id}", "saved")


@router.post("/dashboard/members/{id}/password-link")
async def member_password_link(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=MEMBER_ID)],
) -> Response:
    await posted(request, ctx, "members:write")
    async with ctx.tenant(request) as session:
        member = await members.get_member(session, id)
        token = await people.issue_password_link(session, member, actor=ctx.actor(request))
    sent = await _send_password_link(request, ctx, member.email, token)
    return _done(f"/dashboard/members/{id}", "link-sent" if sent else "link-unsent")


@router.post("/dashboard/members/{id}/api-key-invite")
async def member_key_invite(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=MEMBER_ID)],
    name: Annotated[str, Form(max_length=200)] = "",
    mode: Annotated[Literal["live", "test"], Form()] = "live",
) -> Response:
    """``POST /v1/members/{id}/api-key-invites``: the token is shown on this page, once."""
    await posted(request, ctx, "api_keys:write")
    values = {"key_name": name, "key_mode": mode}
    errors: Errors = {} if name.strip() else {"key_name": "Give the key a name."}
    token, code = "", 422
    if not errors:
        try:
            async with tenant_session(
                request.app.state.sessionmaker, [ctx.organization_id]
            ) as session:
                member = await members.get_member(session, id)
                _invite, token = await key_invites.create_invite(
                    session,
                    member=member,
                    name=name.strip(),
                    mode=mode,
                    permissions=None,
                    granted_by=ctx.principal.permissions,
                    created_by=ctx.signed_in.member.id,
                    ttl=key_invites.DEFAULT_TTL,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            if exc.status == 404:
                raise
            # The invite form has one field; every refusal (an inactive member, say) goes there.
            code, errors = exc.status, {"key_name": exc.detail}
    if errors:
        return await _member_page(request, ctx, id, status=code, errors=errors, values=values)
    return await _member_page(request, ctx, id, key_token=token)


# --- roles -----------------------------------------------------------------------------------


async def _roles_page(
    request: Request,
    ctx: PageContext,
    *,
    editing: Role | None = None,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        custom = await roles.list_roles(
            session, organization_id=ctx.organization_id, limit=100, starting_after=None
        )
    if values is None:
        values = (
            {
                "name": editing.name,
                "description": editing.description,
                "permissions": list(editing.permissions),
            }
            if editing
            else {"name": "", "description": "", "permissions": []}
        )
    return page(
        "roles.html",
        status=status,
        context=ctx,
        active="/dashboard/roles",
        title=f"Role {editing.name}" if editing else "Roles",
        builtin=BUILTIN_ROLES,
        custom=custom.items,
        editing=editing,
        # Only what the acting member holds can be granted: the others are shown, disabled.
        permissions=[
            (name, text, ctx.principal.can(name)) for name, text in sorted(PERMISSIONS.items())
        ],
        can_write=ctx.principal.can("roles:write"),
        errors=errors or {},
        values=values,
        notice=request.query_params.get("done", ""),
    )


@router.get("/dashboard/roles")
async def roles_list(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("roles:read")
    return await _roles_page(request, ctx)


@router.post("/dashboard/roles")
async def role_create(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "roles:write")
    values = {
        "name": str(form.get("name", ""))[:200],
        "description": str(form.get("description", ""))[:1000],
        "permissions": _checked(form)[:200],
    }
    body, errors = _schema_errors(RoleCreate, values)
    status = 422
    if body is not None:
        try:
            async with tenant_session(
                request.app.state.sessionmaker, [ctx.organization_id]
            ) as session:
                await roles.create_role(
                    session,
                    organization_id=ctx.organization_id,
                    name=body.name,
                    description=body.description,
                    permissions=body.permissions,
                    granted_by=ctx.principal.permissions,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = _field_error(exc)
    if errors:
        return await _roles_page(request, ctx, status=status, errors=errors, values=values)
    return _done("/dashboard/roles", "created")


@router.get("/dashboard/roles/{id}")
async def role_detail(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ROLE_ID)]
) -> HTMLResponse:
    ctx.require("roles:read")
    async with ctx.tenant(request) as session:
        role = await roles.get_role(session, id)
    return await _roles_page(request, ctx, editing=role)


@router.post("/dashboard/roles/{id}")
async def role_update(
    request: Request, ctx: Current, id: Annotated[str, Path(pattern=ROLE_ID)]
) -> Response:
    form = await posted(request, ctx, "roles:write")
    values = {
        "name": str(form.get("name", ""))[:200],
        "description": str(form.get("description", ""))[:1000],
        "permissions": _checked(form)[:200],
    }
    body, errors = _schema_errors(RoleCreate, values)
    status = 422
    sessionmaker = request.app.state.sessionmaker
    async with tenant_session(sessionmaker, [ctx.organization_id]) as session:
        role = await roles.get_role(session, id)
    if body is not None:
        try:
            async with tenant_session(sessionmaker, [ctx.organization_id]) as session:
                await roles.update_role(
                    session,
                    await roles.get_role(session, id),
                    changes=body.model_dump(),
                    granted_by=ctx.principal.permissions,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = _field_error(exc)
    if errors:
        return await _roles_page(
            request, ctx, editing=role, status=status, errors=errors, values=values
        )
    return _done("/dashboard/roles", "saved")


@router.post("/dashboard/roles/{id}/delete")
async def role_delete(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=ROLE_ID)],
) -> Response:
    await posted(request, ctx, "roles:write")
    async with ctx.tenant(request) as session:
        role = await roles.get_role(session, id)
        await roles.delete_role(session, role, actor=ctx.actor(request))
    return _done("/dashboard/roles", "deleted")


# --- your API keys and sessions -----------------------------------------------------------------


async def _access_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
    secret: str = "",
) -> HTMLResponse:
    member_id = ctx.signed_in.member.id
    async with ctx.tenant(request) as session:
        keys = await people.own_keys(session, member_id)
        browsers = await people.signed_in_browsers(session, member_id)
    return page(
        "access.html",
        status=status,
        context=ctx,
        active="/dashboard/access",
        title="Your API keys and sessions",
        keys=keys,
        browsers=browsers,
        this_session=ctx.signed_in.session_id,
        permissions=[
            (name, text) for name, text in sorted(PERMISSIONS.items()) if ctx.principal.can(name)
        ],
        errors=errors or {},
        values=values or {"name": "", "mode": "live", "permissions": []},
        secret=secret,
        notice=request.query_params.get("done", ""),
    )


@router.get("/dashboard/access")
async def access_page(request: Request, ctx: Current) -> HTMLResponse:
    return await _access_page(request, ctx)


@router.post("/dashboard/access/keys")
async def key_create(request: Request, ctx: Current) -> Response:
    """A key acting as the signed-in member, no wider than their role (``granted_by``): the
    same service and rule as ``POST /v1/api-keys`` and a claimed key invite."""
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    values = {
        "name": str(form.get("name", ""))[:300],
        "mode": str(form.get("mode", "live"))[:10],
        "permissions": _checked(form)[:200],
    }
    body, errors = _schema_errors(ApiKeyCreate, values)
    status = 422
    if body is not None and not body.permissions:
        errors = {"permissions": "Choose at least one permission."}
    if body is not None and not errors:
        try:
            async with tenant_session(
                request.app.state.sessionmaker, [ctx.organization_id]
            ) as session:
                _key, raw = await access.create_api_key(
                    session,
                    organization_id=ctx.organization_id,
                    name=body.name,
                    mode=body.mode,
                    permissions=body.permissions,
                    granted_by=ctx.principal.permissions,
                    created_by=ctx.signed_in.member.id,
                    expires_at=None,
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = _field_error(exc)
    if errors:
        return await _access_page(request, ctx, status=status, errors=errors, values=values)
    # Shown once, on this response; never stored in a form that could be re-sent.
    return await _access_page(request, ctx, status=201, secret=raw)


@router.post("/dashboard/access/keys/{id}/revoke")
async def key_revoke(
    request: Request,
    ctx: Current,
    id: Annotated[str, Path(pattern=KEY_ID)],
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    async with ctx.tenant(request) as session:
        key = await people.own_key(session, ctx.signed_in.member.id, id)
        await access.revoke_api_key(
            session,
            key,
            granted_by=ctx.principal.permissions,
            actor=ctx.actor(request),
        )
    return _done("/dashboard/access", "revoked")


@router.post("/dashboard/access/sign-out-everywhere")
async def sign_out_everywhere(request: Request, ctx: Current, csrf_token: CSRF = "") -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    async with ctx.tenant(request) as session:
        member = await members.get_member(session, ctx.signed_in.member.id)
        await people.sign_out_everywhere(session, member, actor=ctx.actor(request))
    response = RedirectResponse("/dashboard/sign-in", status_code=303)
    response.delete_cookie(session_cookie(request), path="/")
    return response
