"""The SSO tab of the settings: the organization's identity provider, read by anyone who may
read the organization's settings, changed by whoever ``PUT /v1/sso`` lets change it.

The form is checked with the API's own schema and saved by the same service as the API
(``api.sso_settings``); a refusal is shown beside its field with what was typed kept (the
client secret excepted, which is never sent back to the browser).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.dashboard.forms import Errors, done, field_error, placed, posted, schema_errors
from api.dashboard.web import Current, DashboardRoute, PageContext, page
from api.schemas.sso import SsoBody
from api.sso_settings import redirect_uri, save_sso_settings
from domain.errors import DomainError
from domain.sso import configuration
from domain.tenancy.permissions import BuiltinRole

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
PATH = "/dashboard/settings/sso"
FIELDS = {
    "slug",
    "issuer",
    "client_id",
    "client_secret",
    "email_domains",
    "role_claim",
    "role_mapping",
    "default_role",
}
TEXT_FIELDS = ("slug", "issuer", "client_id", "email_domains", "role_claim", "role_mapping")


def _mapping_text(mapping: list[dict[str, str]]) -> str:
    return "\n".join(f"{m['value']} = {m['role']}" for m in mapping)


def _parse_mapping(text: str) -> tuple[list[dict[str, str]], str]:
    """``value = role`` per line; (the mappings, an error naming the first bad line)."""
    mappings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        value, separator, role = line.rpartition("=")
        if not separator or not value.strip() or not role.strip():
            return [], f"line {number}: write one 'claim value = role' per line"
        mappings.append({"value": value.strip(), "role": role.strip()})
    return mappings, ""


async def _page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        config = await configuration.find_configuration(session, ctx.organization_id)
    stored: dict[str, Any] = {"default_role": "viewer", "enabled": True, "sso_required": False}
    if config is not None:
        stored = {
            **configuration.snapshot(config),
            "email_domains": ", ".join(config.email_domains),
            "role_mapping": _mapping_text(config.role_mapping),
        }
    shown = {name: "" for name in TEXT_FIELDS} | stored | (values or {})
    return page(
        "sso_settings.html",
        status=status,
        context=ctx,
        active="/dashboard/settings",
        title="Single sign-on",
        values=shown,
        configured=config is not None,
        errors=placed(errors or {}, FIELDS) if errors else {},
        roles=[r.value for r in BuiltinRole],
        redirect_uri=redirect_uri(request),
        can_write=ctx.principal.can("organization:write") and ctx.principal.can("members:write"),
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH)
async def sso_settings_page(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("organization:read")
    return await _page(request, ctx)


@router.post(PATH)
async def sso_settings_save(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "organization:write")
    values: dict[str, Any] = {
        name: str(form.get(name, "")).strip()[:4000] for name in (*TEXT_FIELDS, "default_role")
    }
    values["sso_required"] = form.get("sso_required") == "on"
    values["enabled"] = form.get("enabled") == "on"
    mapping, mapping_error = _parse_mapping(values["role_mapping"])
    data = {
        **values,
        "email_domains": [
            d.strip() for d in values["email_domains"].replace("\n", ",").split(",") if d.strip()
        ],
        "role_mapping": mapping,
        "client_secret": str(form.get("client_secret", "")).strip() or None,
    }
    body, errors = schema_errors(SsoBody, data)
    status = 422
    if mapping_error:
        body, errors = None, {"role_mapping": mapping_error, **errors}
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await save_sso_settings(
                    request, session, ctx.principal, body.settings(), actor=ctx.actor(request)
                )
        except DomainError as exc:
            status, errors = field_error(exc, unnamed="form")
    if errors:
        return await _page(request, ctx, status=status, errors=errors, values=values)
    return done(PATH, "saved")
