"""White-label settings in the dashboard: branding (name, colours, logo, reply-to), custom
domains, reminder offsets and module switches.

Each form goes the API's way: the fields are checked with the API's request schema
(``SettingsUpdate``, ``OrganizationUpdate``), the permission on the signed-in member's principal
(``organization:write``, as ``PATCH /v1/communication-settings`` and ``PATCH /v1/organization``
ask), and the change is made, and audited, by the service those routes call. A refusal that
names a field is shown beside it with the input kept.

Two admins saving the same form: the last save wins, field by field of that form (each save
is one transaction and one audit record, so the log shows who set what). Two *first* saves
of an organization's settings at the same instant are a 409 for one of them, never a 500.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.dashboard.forms import Errors, done, field_error, schema_errors
from api.dashboard.web import NAV, Current, DashboardRoute, PageContext, check_csrf, page
from api.schemas.communication import SettingsUpdate
from api.schemas.organizations import OrganizationUpdate
from domain.dashboard.branding import list_custom_domains
from domain.errors import DomainError
from domain.notices import settings as notice_settings
from domain.tenancy import organizations
from domain.tenancy.plans import MODULES

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
CSRF = Annotated[str, Form(max_length=100)]
PATH = "/dashboard/settings"
BRANDING_FIELDS = ("brand_name", "primary_color", "accent_color", "logo_url", "reply_to")
# WCAG AA for normal text: the dashboard's bar and buttons put white text on the primary colour.
AA_CONTRAST = 4.5
_OFFSET = re.compile(r"^(\d{1,5})\s*(d|h|m|min)?$")
UNIT_MINUTES = {"d": 24 * 60, "h": 60, "m": 1, "min": 1, None: 1}
FORM_NAMES = {"reminder_offsets_minutes": "offsets"}


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on ``colour`` (``#rrggbb``), 1 to 21."""
    return round(1.05 / (_luminance(colour) + 0.05), 2)


def offsets_text(minutes: list[int]) -> str:
    """``[1440, 60]`` as a person writes it: ``24h, 1h``."""
    words = []
    for value in minutes:
        if value % (24 * 60) == 0 and value >= 2 * 24 * 60:
            words.append(f"{value // (24 * 60)}d")
        elif value % 60 == 0:
            words.append(f"{value // 60}h")
        else:
            words.append(f"{value}m")
    return ", ".join(words)


def parse_offsets(text: str) -> tuple[list[int] | None, str]:
    """``"24h, 1h"`` → ``[1440, 60]``; a word that is no duration is named in the error.
    The rules on the minutes themselves (positive, distinct, at most 30 days, at most five)
    are the API's, applied after."""
    minutes: list[int] = []
    for word in (w.strip().lower() for w in text.split(",")):
        if not word:
            continue
        match = _OFFSET.match(word)
        if match is None:
            return None, (
                f"'{word[:20]}' is not a duration; write e.g. 24h, 1h or 30m, comma-separated"
            )
        minutes.append(int(match.group(1)) * UNIT_MINUTES[match.group(2)])
    return minutes, ""


def hidden_by(module: str) -> list[str]:
    """The navigation entries a module's switch hides (its pages answer 404 as well)."""
    return [label for _path, label, owner, _permission in NAV if owner == module]


async def _settings_page(
    request: Request,
    ctx: PageContext,
    *,
    status: int = 200,
    errors: Errors | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    async with ctx.tenant(request) as session:
        stored = await notice_settings.get_settings(session, ctx.organization_id)
        domains = await list_custom_domains(session, ctx.organization_id)
        org = await organizations.get_organization(session, ctx.organization_id)
    current = {name: getattr(stored, name) or "" for name in BRANDING_FIELDS}
    current["offsets"] = offsets_text(stored.reminder_offsets_minutes)
    shown = {**current, **(values or {})}
    primary = shown["primary_color"]
    contrast = contrast_with_white(primary) if re.fullmatch(r"#[0-9a-fA-F]{6}", primary) else None
    public = request.app.state.settings.public_base_url
    return page(
        "settings.html",
        status=status,
        context=ctx,
        active=PATH,
        title="Settings",
        values=shown,
        errors=errors or {},
        contrast=contrast,
        aa_contrast=AA_CONTRAST,
        default_name=org.name,
        domains=domains,
        dns_target=re.sub(r"^https?://", "", public or "").split("/")[0].split(":")[0],
        modules=[(m, m in ctx.modules, hidden_by(m)) for m in MODULES],
        can_write=ctx.principal.can("organization:write"),
        notice=request.query_params.get("done", ""),
    )


@router.get(PATH)
async def settings_page(request: Request, ctx: Current) -> HTMLResponse:
    ctx.require("organization:read")
    return await _settings_page(request, ctx)


async def _update(
    request: Request, ctx: PageContext, values: dict[str, Any], changes: dict[str, Any]
) -> Response:
    """``PATCH /v1/communication-settings`` with ``changes``; the page again on a refusal."""
    body, errors = schema_errors(SettingsUpdate, changes)
    status = 422
    if body is not None:
        try:
            async with ctx.tenant(request) as session:
                await notice_settings.update_settings(
                    session,
                    organization_id=ctx.organization_id,
                    changes=body.model_dump(include=body.model_fields_set),
                    actor=ctx.actor(request),
                )
        except DomainError as exc:
            status, errors = field_error(exc)
    if errors:
        # A list field's error names its item ("report_recipients.0"): show it on the field,
        # under the form's name for it.
        errors = {
            FORM_NAMES.get(key.split(".")[0], key.split(".")[0]): message
            for key, message in errors.items()
        }
        return await _settings_page(request, ctx, status=status, errors=errors, values=values)
    return done(PATH, "saved")


@router.post(f"{PATH}/branding")
async def branding_save(
    request: Request,
    ctx: Current,
    brand_name: Annotated[str, Form(max_length=300)] = "",
    primary_color: Annotated[str, Form(max_length=20)] = "",
    accent_color: Annotated[str, Form(max_length=20)] = "",
    logo_url: Annotated[str, Form(max_length=1100)] = "",
    reply_to: Annotated[str, Form(max_length=400)] = "",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require("organization:write")
    values = {
        "brand_name": brand_name.strip(),
        "primary_color": primary_color.strip(),
        "accent_color": accent_color.strip(),
        "logo_url": logo_url.strip(),
        "reply_to": reply_to.strip(),
    }
    # An empty name, logo or reply-to clears it (the organization's name, no logo, no
    # reply-to); the colours are required.
    changes = {name: value or None for name, value in values.items()}
    return await _update(request, ctx, values, changes)


@router.post(f"{PATH}/reminders")
async def reminders_save(
    request: Request,
    ctx: Current,
    offsets: Annotated[str, Form(max_length=200)] = "",
    csrf_token: CSRF = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    ctx.require("organization:write")
    values = {"offsets": offsets}
    minutes, problem = parse_offsets(offsets)
    if minutes is None:
        return await _settings_page(
            request, ctx, status=422, errors={"offsets": problem}, values=values
        )
    errors = {} if minutes else {"offsets": "Give at least one time, e.g. 24h, 1h."}
    if errors:
        return await _settings_page(request, ctx, status=422, errors=errors, values=values)
    return await _update(request, ctx, values, {"reminder_offsets_minutes": minutes})


@router.post(f"{PATH}/modules")
async def modules_save(request: Request, ctx: Current) -> Response:
    """``PATCH /v1/organization`` with ``settings.modules``: each module on or off."""
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require("organization:write")
    chosen = {str(m) for m in form.getlist("modules")}
    async with ctx.tenant(request) as session:
        org = await organizations.get_organization(session, ctx.organization_id)
        settings = {**(org.settings or {}), "modules": {m: m in chosen for m in MODULES}}
        body = OrganizationUpdate.model_validate({"settings": settings})
        await organizations.update_organization(
            session,
            org,
            changes=body.model_dump(exclude_unset=True, exclude_none=True),
            actor=ctx.actor(request),
        )
    return done(PATH, "modules-saved")
