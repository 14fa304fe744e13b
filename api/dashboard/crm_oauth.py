"""Connecting HubSpot through HubSpot's install (consent) page (OAuth 2.0 authorization code).

1. ``POST /dashboard/integrations/hubspot/authorize`` (CSRF, ``integrations:write``) takes the
   HubSpot app's client id and secret, keeps them sealed in the consent flow's ten-minute
   cookie with a random ``state``, and sends the browser to HubSpot's install URL asking for
   the scopes the syncs need (``integrations.hubspot.SCOPES``).
2. HubSpot sends the browser back to ``GET /dashboard/integrations/hubspot/callback`` with
   ``code`` and ``state`` (or ``error=access_denied``). The state must be the cookie's and the
   member the one who started; then the code is exchanged and the token tried by the very
   service ``PUT /v1/integrations/hubspot`` runs with an ``authorization_code``
   (``api.integration_connect.connect_hubspot``), which seals, saves (``settings.auth`` is
   ``oauth``) and audits.

The redirect URL to register in the HubSpot app is ``{PUBLIC_BASE_URL}/dashboard/integrations/
hubspot/callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from api import integration_connect as connect
from api.dashboard.forms import field_error, schema_errors
from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State, form_values
from api.dashboard.web import Current, DashboardRoute, check_csrf
from api.integration_deps import get_hubspot, get_hubspot_auth
from api.schemas.integrations import HubSpotConnectIn
from domain.connections.models import IntegrationConnection
from domain.errors import DomainError

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
FLOW = ConsentFlow(
    provider="hubspot",
    name="HubSpot",
    grantor="HubSpot",
    callback="/dashboard/integrations/hubspot/callback",
    cookie="ax_hubspot_oauth",
    prefix="hs",  # the form's fields and errors: hs.client_id, hs.client_secret
)


@router.post("/dashboard/integrations/hubspot/authorize")
async def authorize(request: Request, ctx: Current) -> Response:
    form = await request.form()
    check_csrf(request, ctx.csrf_token, str(form.get("csrf_token", "")))
    ctx.require("integrations:write")
    given, shown = form_values(form, ("client_id", "client_secret"), FLOW.prefix)
    try:
        redirect_uri = FLOW.redirect_uri(request)
        # The API's schema and rules, with a placeholder for the code HubSpot will send.
        body, errors = schema_errors(
            HubSpotConnectIn,
            {**given, "authorization_code": "pending", "redirect_uri": redirect_uri},
        )
        if body is None:
            errors = {f"{FLOW.prefix}.{k}": v for k, v in errors.items()}
            return await FLOW.refused(request, ctx, "", shown, 422, errors)
        app = connect.hubspot_app(body, with_code=True)
    except DomainError as exc:
        status, errors = field_error(exc, prefix=f"{FLOW.prefix}.", unnamed=FLOW.field)
        return await FLOW.refused(request, ctx, "", shown, status, errors)
    state = FLOW.new_state()
    url = get_hubspot_auth(request).authorization_url(app, state)
    pending = {
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "redirect_uri": redirect_uri,
    }
    return FLOW.start(request, ctx, url, state, pending)


@router.get(FLOW.callback)
async def callback(
    request: Request,
    ctx: Current,
    background: BackgroundTasks,
    state: State = "",
    code: Code = None,
    error: ProviderError = None,
) -> Response:
    """HubSpot's redirect back; nothing is connected unless ``state`` is the one this member's
    browser was given."""
    ctx.require("integrations:write")
    pending = FLOW.returned(request, ctx, state)
    if pending is None:
        return await FLOW.expired(request, ctx)
    shown = {FLOW.field: str(pending["client_id"])}
    if error or not code:
        return await FLOW.declined(request, ctx, error, shown)
    data = {
        "authorization_code": code,
        "client_id": pending["client_id"],
        "client_secret": pending["client_secret"],
        "redirect_uri": pending["redirect_uri"],
    }

    async def save(session: AsyncSession, body: HubSpotConnectIn) -> IntegrationConnection:
        return await connect.connect_hubspot(
            session,
            body,
            organization_id=ctx.organization_id,
            box=request.app.state.secret_box,
            hubspot=get_hubspot(request),
            auth=get_hubspot_auth(request),
            actor=ctx.actor(request),
        )

    return await FLOW.finish(request, ctx, background, shown, HubSpotConnectIn, data, save)
