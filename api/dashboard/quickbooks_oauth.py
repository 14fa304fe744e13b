"""Connecting QuickBooks through Intuit's consent page (OAuth 2.0 authorization code).

1. ``POST /dashboard/integrations/quickbooks/authorize`` (CSRF, ``integrations:write``) takes
   the Intuit app's client id and secret, the environment and the invoice item. It keeps them,
   with a random ``state``, the member and the organization, in a sealed cookie that lives ten
   minutes, and sends the browser to Intuit's consent page (from Intuit's discovery document).
2. Intuit sends the browser back to ``GET /dashboard/integrations/quickbooks/callback`` with
   ``code``, ``realmId`` and ``state``. The state must match the cookie's, and the member be
   the one who started; then the code is exchanged and the company checked by the very service
   ``PUT /v1/integrations/quickbooks`` runs with an ``authorization_code``
   (``api.integration_connect.connect_quickbooks``), which saves and audits.

The redirect URI (register it in the Intuit app) is ``{PUBLIC_BASE_URL}/dashboard/integrations/
quickbooks/callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import RedirectResponse, Response

from api import integration_connect as connect
from api.after_commit import sync_reconcile_schedule
from api.dashboard.forms import Errors, done, schema_errors
from api.dashboard.integrations import PATH, render_integrations
from api.dashboard.web import (
    Current,
    DashboardRoute,
    PageContext,
    check_csrf,
    clear_cookie,
    cookie_name,
    set_cookie,
)
from api.integration_deps import get_quickbooks
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from core.config import Environment
from core.crypto import SecretBox
from domain.errors import DomainError, InvalidRequest
from integrations.errors import IntegrationError
from integrations.quickbooks import IntuitApp
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
CALLBACK = "/dashboard/integrations/quickbooks/callback"
COOKIE = "ax_qbo_oauth"
LIFETIME_SECONDS = 600
PREFIX = "qbo"  # the form's fields and errors: qbo.client_id, …


def _redirect_uri(request: Request) -> str:
    settings = request.app.state.settings
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + CALLBACK
    if settings.environment in (Environment.DEV, Environment.TEST):
        return str(request.base_url).rstrip("/") + CALLBACK
    # Never the request's Host in production: a forged one would send the code elsewhere.
    raise InvalidRequest("set PUBLIC_BASE_URL so Intuit can send you back here", param="client_id")


def _seal(box: SecretBox, values: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(box.seal(values)).decode()


def _opened(box: SecretBox, cookie: str | None) -> dict[str, Any] | None:
    if not cookie:
        return None
    try:
        return dict(box.open(base64.urlsafe_b64decode(cookie.encode())))
    except Exception:  # tampered, or sealed under a key no longer held: as if absent
        return None


async def _refused(
    request: Request, ctx: PageContext, errors: Errors, values: dict[str, str], status: int
) -> Response:
    response = await render_integrations(request, ctx, status=status, errors=errors, values=values)
    clear_cookie(response, request, COOKIE)
    return response


@router.post("/dashboard/integrations/quickbooks/authorize")
async def authorize(request: Request, ctx: Current) -> Response:
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require("integrations:write")
    given = {
        name: str(form.get(name, "")).strip()[:200]
        for name in ("environment", "client_id", "client_secret", "item_id")
        if str(form.get(name, "")).strip()
    }
    shown = {f"{PREFIX}.{k}": v for k, v in given.items() if k != "client_secret"}
    # The API's schema, with placeholders for what Intuit will send back.
    body, errors = schema_errors(
        QuickBooksConnectIn, {**given, "realm_id": "0", "authorization_code": "pending"}
    )
    errors = {f"{PREFIX}.{k}": v for k, v in errors.items()}
    if body is None:
        return await _refused(request, ctx, errors, shown, 422)
    state = secrets.token_urlsafe(32)
    try:
        redirect_uri = _redirect_uri(request)
        app = IntuitApp(body.client_id, body.client_secret.get_secret_value(), redirect_uri)
        url = await get_quickbooks(request).authorization_url(body.environment, app, state)
    except (DomainError, IntegrationError) as exc:
        return await _refused(request, ctx, {f"{PREFIX}.client_id": str(exc)}, shown, 503)
    response = RedirectResponse(url, status_code=303)
    pending = {
        "state": state,
        "organization_id": ctx.organization_id,
        "member_id": ctx.signed_in.member.id,
        "expires": int(time.time()) + LIFETIME_SECONDS,
        "environment": body.environment,
        "client_id": body.client_id,
        "client_secret": body.client_secret.get_secret_value(),
        "item_id": body.item_id,
        "redirect_uri": redirect_uri,
    }
    set_cookie(
        response, request, COOKIE, _seal(request.app.state.secret_box, pending), LIFETIME_SECONDS
    )
    return response


@router.get(CALLBACK)
async def callback(
    request: Request,
    ctx: Current,
    background: BackgroundTasks,
    state: Annotated[str, Query(max_length=200)] = "",
    code: Annotated[str | None, Query(max_length=2000)] = None,
    realm_id: Annotated[str | None, Query(alias="realmId", max_length=40)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """Intuit's redirect back; nothing is connected unless ``state`` is the one this member's
    browser was given."""
    ctx.require("integrations:write")
    pending = _opened(
        request.app.state.secret_box,
        request.cookies.get(cookie_name(request.app.state.settings, COOKIE)),
    )
    valid = (
        pending is not None
        and pending.get("organization_id") == ctx.organization_id
        and pending.get("member_id") == ctx.signed_in.member.id
        and int(pending.get("expires", 0)) > time.time()
        and hmac.compare_digest(str(pending.get("state", "")), state)
    )
    if not valid or pending is None:
        return await _refused(
            request,
            ctx,
            {f"{PREFIX}.client_id": "This QuickBooks sign-in expired or was not started here."},
            {},
            400,
        )
    shown = {f"{PREFIX}.{k}": str(pending[k]) for k in ("environment", "client_id", "item_id")}
    if error or not code or not realm_id:
        reason = "access was not granted" if error == "access_denied" else (error or "no code")
        return await _refused(
            request, ctx, {f"{PREFIX}.client_id": f"Intuit: {reason}."}, shown, 400
        )
    body, errors = schema_errors(
        QuickBooksConnectIn,
        {
            "environment": pending["environment"],
            "realm_id": realm_id,
            "client_id": pending["client_id"],
            "client_secret": pending["client_secret"],
            "authorization_code": code,
            "redirect_uri": pending["redirect_uri"],
            "item_id": pending["item_id"],
        },
    )
    if body is None:
        return await _refused(
            request, ctx, {f"{PREFIX}.client_id": next(iter(errors.values()))}, shown, 422
        )
    try:
        async with ctx.tenant(request) as session:
            connection = await connect.connect_quickbooks(
                session,
                body,
                organization_id=ctx.organization_id,
                box=request.app.state.secret_box,
                gateway=get_quickbooks(request),
                actor=ctx.actor(request),
            )
    except DomainError as exc:
        return await _refused(request, ctx, {f"{PREFIX}.client_id": exc.detail}, shown, exc.status)
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        ctx.organization_id,
        "quickbooks",
        reconcile_every_hours(connection.settings),
    )
    response = done(PATH, "connected-quickbooks")
    clear_cookie(response, request, COOKIE)
    return response
