"""Connecting Xero through Xero's consent page (OAuth 2.0 authorization code), choosing the
organisation when the consent opened several.

1. ``POST /dashboard/integrations/xero/authorize`` (CSRF, ``integrations:write``) takes the
   Xero app's client id and secret and the sales account code, keeps them sealed in the
   consent flow's ten-minute cookie with a random ``state``, and sends the browser to Xero's
   consent page.
2. Xero sends the browser back to ``GET /dashboard/integrations/xero/callback`` with ``code``
   and ``state``. The code is exchanged and the organisations it opens listed
   (``api.xero_connect.opened_tenants``). One: it is connected at once. Several: the page
   asks which, and the tokens wait sealed in the flow's cookie under a new state.
3. ``POST /dashboard/integrations/xero/tenant`` (CSRF, ``integrations:write``, that state)
   connects the chosen organisation with those tokens through the very service
   ``PUT /v1/integrations/xero`` runs (``api.xero_connect.connect_xero``), which checks the
   organisation is one the tokens open, seals, saves and audits.

The redirect URI to register in the Xero app is ``{PUBLIC_BASE_URL}/dashboard/integrations/
xero/callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.dashboard.forms import field_error, posted, schema_errors
from api.dashboard.integrations import render_integrations
from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State, form_values
from api.dashboard.web import Current, DashboardRoute, PageContext
from api.integration_deps import get_xero
from api.schemas.integrations_xero import XeroConnectIn
from api.xero_connect import connect_xero, opened_tenants
from domain.connections.models import IntegrationConnection
from domain.errors import DomainError

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
FLOW = ConsentFlow(
    provider="xero",
    name="Xero",
    grantor="Xero",
    callback="/dashboard/integrations/xero/callback",
    cookie="ax_xero_oauth",
    prefix="xero",  # the form's fields and errors: xero.client_id, …
)
FIELDS = ("client_id", "client_secret", "account_code")
# What the chosen organisation is connected with, kept sealed between the callback and the choice.
KEPT = ("client_id", "client_secret", "account_code", "access_token", "refresh_token", "expires_at")


@router.post("/dashboard/integrations/xero/authorize")
async def authorize(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "integrations:write")
    given, shown = form_values(form, FIELDS, FLOW.prefix)
    try:
        redirect_uri = FLOW.redirect_uri(request)
    except DomainError as exc:
        status, errors = field_error(exc, prefix=f"{FLOW.prefix}.", unnamed=FLOW.field)
        return await FLOW.refused(request, ctx, "", shown, status, errors)
    # The API's schema and rules, with a placeholder for the code Xero will send.
    body, errors = schema_errors(
        XeroConnectIn, {**given, "authorization_code": "pending", "redirect_uri": redirect_uri}
    )
    if body is None:
        errors = {f"{FLOW.prefix}.{k}": v for k, v in errors.items()}
        return await FLOW.refused(request, ctx, "", shown, 422, errors)
    state = FLOW.new_state()
    url = get_xero(request).authorization_url(body.app(), state)
    pending = {
        "client_id": body.client_id,
        "client_secret": body.client_secret.get_secret_value(),
        "redirect_uri": redirect_uri,
        "account_code": body.account_code,
    }
    return FLOW.start(request, ctx, url, state, pending)


def _saver(request: Request, ctx: PageContext) -> Any:
    async def save(session: AsyncSession, body: XeroConnectIn) -> IntegrationConnection:
        return await connect_xero(
            session,
            body,
            organization_id=ctx.organization_id,
            box=request.app.state.secret_box,
            gateway=get_xero(request),
            actor=ctx.actor(request),
        )

    return save


@router.get(FLOW.callback)
async def callback(
    request: Request,
    ctx: Current,
    background: BackgroundTasks,
    state: State = "",
    code: Code = None,
    error: ProviderError = None,
) -> Response:
    """Xero's redirect back; nothing is connected unless ``state`` is the one this member's
    browser was given."""
    ctx.require("integrations:write")
    pending = FLOW.returned(request, ctx, state)
    if pending is None:
        return await FLOW.expired(request, ctx)
    shown = {FLOW.field: str(pending["client_id"])}
    if error or not code:
        return await FLOW.declined(request, ctx, error, shown)
    app = {k: pending[k] for k in ("client_id", "client_secret", "account_code")}
    body, errors = schema_errors(
        XeroConnectIn,
        {**app, "authorization_code": code, "redirect_uri": pending["redirect_uri"]},
    )
    if body is None:
        return await FLOW.refused(request, ctx, next(iter(errors.values())), shown, 422)
    try:
        tokens, tenants = await opened_tenants(get_xero(request), body)
    except DomainError as exc:
        return await FLOW.refused(request, ctx, exc.detail, shown, exc.status)
    data = {
        **app,
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at.isoformat(),
    }
    if len(tenants) == 1:
        data["tenant_id"] = tenants[0].tenant_id
        return await FLOW.finish(
            request, ctx, background, shown, XeroConnectIn, data, _saver(request, ctx)
        )
    # Several organisations: the member chooses; the tokens wait sealed in the cookie.
    choice = FLOW.new_state()
    response = await render_integrations(
        request,
        ctx,
        values={
            "xero.tenants": [(t.tenant_id, t.name) for t in tenants],
            "xero.state": choice,
        },
    )
    FLOW.keep(response, request, ctx, choice, data)
    return response


@router.post("/dashboard/integrations/xero/tenant")
async def choose_tenant(request: Request, ctx: Current, background: BackgroundTasks) -> Response:
    """The organisation chosen among those the consent opened, connected with the tokens
    kept since the callback."""
    form = await posted(request, ctx, "integrations:write")
    pending = FLOW.returned(request, ctx, str(form.get("state", ""))[:200])
    if pending is None or "access_token" not in pending:
        return await FLOW.expired(request, ctx)
    shown = {FLOW.field: str(pending["client_id"])}
    data = {k: pending[k] for k in KEPT}
    data["tenant_id"] = str(form.get("tenant_id", ""))[:40] or None
    return await FLOW.finish(
        request, ctx, background, shown, XeroConnectIn, data, _saver(request, ctx)
    )
