"""The organization's e-mail templates in the dashboard: edit an override with a live preview,
save it, or go back to the built-in template.

The preview is ``POST /v1/email-templates/{name}/preview``'s: the draft rendered in the
sandbox on the template's sample data and the organization's branding; a syntax error, a
forbidden access or a template over its render budget comes back beside its field (and a
sandbox violation is audited, as from the API). With JavaScript the page asks for a preview
as you type (``Accept: application/json``); without it the Preview button shows the same page
with the preview filled in.

Concurrent edits: the form carries the version it was opened on; a save over a version
someone else stored since is refused (409) with the draft kept, so nobody overwrites another
admin's change without seeing it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from api.dashboard.forms import Errors, done, field_error, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, check_csrf, page
from api.schemas.communication import PreviewBody, TemplateBody, template_out
from domain.errors import DomainError, NotFound
from domain.notices import templates
from domain.notices.models import EmailTemplate

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
PATH = "/dashboard/settings/templates"
NAME = Annotated[str, Path(pattern=r"^[a-z_]{1,60}$")]
CSRF = Annotated[str, Form(max_length=100)]
Subject = Annotated[str, Form(max_length=600)]
Source = Annotated[str, Form(max_length=200_100)]


@router.get(PATH)
async def templates_list(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("organization:read")
    async with ctx.tenant(request) as session:
        overrides = {
            row.name: row
            for row in await templates.template_overrides(
                session, organization_id=ctx.organization_id
            )
        }
    return page(
        "mail_templates.html",
        context=ctx,
        active="/dashboard/settings",
        title="E-mail templates",
        items=[template_out(name, overrides.get(name)) for name in sorted(templates.TEMPLATES)],
        notice=request.query_params.get("done", ""),
    )


async def _editor(
    request: Request,
    ctx: PageContext,
    name: str,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
    preview: dict[str, str] | None = None,
) -> HTMLResponse:
    templates.default_sources(name)  # 404 for an unknown name
    async with ctx.tenant(request) as session:
        current = template_out(name, await session.get(EmailTemplate, (ctx.organization_id, name)))
    shown = values or {
        "subject": current.subject,
        "html": current.html,
        "text": current.text,
        "version": str(current.version or 0),
    }
    return page(
        "mail_template.html",
        status=status,
        context=ctx,
        active="/dashboard/settings",
        title=f"E-mail template {name}",
        template_name=name,
        current=current,
        values=shown,
        errors=errors or {},
        preview=preview,
        can_write=ctx.principal.can("organization:write"),
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH + "/{name}")
async def template_editor(request: Request, ctx: Current, name: NAME) -> HTMLResponse:
    ctx.require("organization:read")
    templates.default_sources(name)  # 404 for an unknown name
    async with ctx.tenant(request) as session:
        current = template_out(name, await session.get(EmailTemplate, (ctx.organization_id, name)))
    values = {f: getattr(current, f) for f in templates.FIELDS}
    # What the organization's mail looks like now, before any edit.
    rendered, _status, errors = await _render_preview(request, ctx, name, values)
    return await _editor(request, ctx, name, errors=errors, preview=rendered)


async def _render_preview(
    request: Request, ctx: PageContext, name: str, values: dict[str, str]
) -> tuple[dict[str, str] | None, int, Errors]:
    """(the rendered parts, 200, {}) or (None, status, {field: why})."""
    body, errors = schema_errors(PreviewBody, {f: values[f] for f in templates.FIELDS})
    if body is None:
        return None, 422, errors
    try:
        async with ctx.tenant(request) as session:
            rendered = await templates.check_template(
                session,
                organization_id=ctx.organization_id,
                name=name,
                sources={f: values[f] for f in templates.FIELDS},
                actor=ctx.actor(request),
            )
    except DomainError as exc:
        status, errors = field_error(exc)
        return None, status, errors
    return rendered, 200, {}


@router.post(PATH + "/{name}/preview")
async def template_preview(
    request: Request,
    ctx: Current,
    name: NAME,
    subject: Subject = "",
    html: Source = "",
    text: Source = "",
    version: Annotated[str, Form(max_length=12)] = "0",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require("organization:read")
    templates.default_sources(name)
    values = {"subject": subject, "html": html, "text": text, "version": version}
    rendered, status, errors = await _render_preview(request, ctx, name, values)
    if "application/json" in request.headers.get("accept", ""):
        # The page's script: the parts, or the errors it shows beside their fields.
        return JSONResponse({"preview": rendered, "errors": errors}, status_code=status)
    return await _editor(
        request, ctx, name, status=status, errors=errors, values=values, preview=rendered
    )


@router.post(PATH + "/{name}")
async def template_save(
    request: Request,
    ctx: Current,
    name: NAME,
    subject: Subject = "",
    html: Source = "",
    text: Source = "",
    version: Annotated[str, Form(max_length=12)] = "0",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require("organization:write")
    templates.default_sources(name)
    values = {"subject": subject, "html": html, "text": text, "version": version}
    body, errors = schema_errors(TemplateBody, {f: values[f] for f in templates.FIELDS})
    status = 422
    if not version.isdigit():
        errors = {"version": "Reload the page: the form lost the template's version."}
    if body is not None and not errors:
        try:
            async with ctx.tenant(request) as session:
                await templates.put_template(
                    session,
                    organization_id=ctx.organization_id,
                    name=name,
                    sources=body.model_dump(),
                    actor=ctx.actor(request),
                    expected_version=int(version),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        return await _editor(request, ctx, name, status=status, errors=errors, values=values)
    return done(f"{PATH}/{name}", "saved")


@router.post(PATH + "/{name}/reset")
async def template_reset(
    request: Request, ctx: Current, name: NAME, csrf_token: CSRF = ""
) -> Response:
    """``DELETE /v1/email-templates/{name}``: the built-in template again."""
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require("organization:write")
    templates.default_sources(name)  # 404 for an unknown name
    try:
        async with ctx.tenant(request) as session:
            await templates.delete_template(
                session, organization_id=ctx.organization_id, name=name, actor=ctx.actor(request)
            )
    except NotFound:
        # Someone reset it first: the page already shows what was asked for.
        return done(f"{PATH}/{name}", "already-default")
    return done(f"{PATH}/{name}", "reset")
