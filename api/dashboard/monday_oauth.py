"""Connecting Monday.com through Monday's consent page (OAuth 2.0 authorization code).

1. ``POST /dashboard/integrations/monday/authorize`` (CSRF, ``integrations:write``) takes the
   Monday app's client id and secret (and, optionally, the workspace new boards go in), keeps
   them sealed in the consent flow's ten-minute cookie with a random ``state`` bound to this
   member and organization, and sends the browser to Monday's consent page
   (``{MONDAY_AUTH_URL}/oauth2/authorize``) asking for the scopes the sync needs
   (``integrations.monday.SCOPES``).
2. Monday sends the browser back to ``GET /dashboard/integrations/monday/callback`` with
   ``code`` and ``state`` (or ``error=access_denied``). The state must be the cookie's and the
   member the one who started; then the code goes to the very service
   ``PUT /v1/integrations/monday`` runs with an ``authorization_code``
   (``api.project_tools.connect_monday``): exchanged at ``{MONDAY_AUTH_URL}/oauth2/token``,
   the token tried with Monday, sealed, saved and audited.

The redirect URL to register in the Monday app is ``{PUBLIC_BASE_URL}/dashboard/integrations/
monday/callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response

from api.dashboard.forms import field_error, posted, schema_errors
from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State, form_values
from api.dashboard.web import Current, DashboardRoute
from api.integration_deps import get_monday_gateway
from api.project_tools import monday_app
from api.schemas.integrations_monday import MondayConnectIn
from domain.errors import DomainError

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
FLOW = ConsentFlow(
    provider="monday",
    name="Monday.com",
    grantor="Monday.com",
    callback="/dashboard/integrations/monday/callback",
    cookie="ax_monday_oauth",
    prefix="mon",  # the form's fields and errors: mon.client_id, mon.client_secret, …
)
FIELDS = ("client_id", "client_secret", "workspace_id")


@router.post("/dashboard/integrations/monday/authorize")
async def authorize(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "integrations:write")
    given, shown = form_values(form, FIELDS, FLOW.prefix)
    try:
        redirect_uri = FLOW.redirect_uri(request)
        # The API's schema and rules, with a placeholder for the code Monday will send.
        body, errors = schema_errors(
            MondayConnectIn,
            {**given, "authorization_code": "pending", "redirect_uri": redirect_uri},
        )
        if body is None:
            errors = {f"{FLOW.prefix}.{k}": v for k, v in errors.items()}
            return await FLOW.refused(request, ctx, "", shown, 422, errors)
        app = monday_app(body)
    except DomainError as exc:
        status, errors = field_error(exc, prefix=f"{FLOW.prefix}.", unnamed=FLOW.field)
        return await FLOW.refused(request, ctx, "", shown, status, errors)
    state = FLOW.new_state()
    url = get_monday_gateway(request).authorization_url(app, state)
    pending = {
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "redirect_uri": redirect_uri,
        "workspace_id": body.workspace_id,
    }
    return FLOW.start(request, ctx, url, state, pending)


@router.get("/dashboard/integrations/monday/callback")
async def callback(
    request: Request,
    ctx: Current,
    background: BackgroundTasks,
    state: State = "",
    code: Code = None,
    error: ProviderError = None,
) -> Response:
    """Monday's redirect back; nothing is connected unless ``state`` is the one this
    member's browser was given."""
    ctx.require("integrations:write")
    pending = FLOW.returned(request, ctx, state)
    if pending is None:
        return await FLOW.expired(request, ctx)
    shown = {FLOW.field: str(pending["client_id"])}
    if pending.get("workspace_id"):
        shown[f"{FLOW.prefix}.workspace_id"] = str(pending["workspace_id"])
    if error or not code:
        return await FLOW.declined(request, ctx, error, shown)
    data = {
        "authorization_code": code,
        "client_id": pending["client_id"],
        "client_secret": pending["client_secret"],
        "redirect_uri": pending["redirect_uri"],
        "workspace_id": pending.get("workspace_id"),
    }
    return await FLOW.finish(request, ctx, background, shown, MondayConnectIn, data)
