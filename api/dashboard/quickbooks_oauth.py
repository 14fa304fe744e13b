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
quickbooks/callback``; in development and tests the address the browser used. The cookie,
the state check and the refusals are the shared consent flow's (``oauth_consent``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import Response

from api.dashboard.forms import posted, schema_errors
from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State, form_values
from api.dashboard.web import Current, DashboardRoute
from api.integration_deps import get_quickbooks
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from domain.errors import DomainError
from integrations.errors import IntegrationError
from integrations.quickbooks import IntuitApp

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
FLOW = ConsentFlow(
    provider="quickbooks",
    name="QuickBooks",
    grantor="Intuit",
    callback="/dashboard/integrations/quickbooks/callback",
    cookie="ax_qbo_oauth",
    prefix="qbo",  # the form's fields and errors: qbo.client_id, …
)
FIELDS = ("environment", "client_id", "client_secret", "item_id")


@router.post("/dashboard/integrations/quickbooks/authorize")
async def authorize(request: Request, ctx: Current) -> Response:
    form = await posted(request, ctx, "integrations:write")
    given, shown = form_values(form, FIELDS, FLOW.prefix)
    # The API's schema, with placeholders for what Intuit will send back.
    body, errors = schema_errors(
        QuickBooksConnectIn, {**given, "realm_id": "0", "authorization_code": "pending"}
    )
    if body is None:
        errors = {f"{FLOW.prefix}.{k}": v for k, v in errors.items()}
        return await FLOW.refused(request, ctx, "", shown, 422, errors)
    state = FLOW.new_state()
    try:
        redirect_uri = FLOW.redirect_uri(request)
        app = IntuitApp(body.client_id, body.client_secret.get_secret_value(), redirect_uri)
        url = await get_quickbooks(request).authorization_url(body.environment, app, state)
    except (DomainError, IntegrationError) as exc:
        return await FLOW.refused(request, ctx, str(exc), shown, 503)
    pending = {
        "environment": body.environment,
        "client_id": body.client_id,
        "client_secret": body.client_secret.get_secret_value(),
        "item_id": body.item_id,
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
    realm_id: Annotated[str | None, Query(alias="realmId", max_length=40)] = None,
    error: ProviderError = None,
) -> Response:
    """Intuit's redirect back; nothing is connected unless ``state`` is the one this member's
    browser was given."""
    ctx.require("integrations:write")
    pending = FLOW.returned(request, ctx, state)
    if pending is None:
        return await FLOW.expired(request, ctx)
    shown = {f"{FLOW.prefix}.{k}": str(pending[k]) for k in ("environment", "client_id", "item_id")}
    if error or not code or not realm_id:
        return await FLOW.declined(request, ctx, error, shown)
    data = {
        "environment": pending["environment"],
        "realm_id": realm_id,
        "client_id": pending["client_id"],
        "client_secret": pending["client_secret"],
        "authorization_code": code,
        "redirect_uri": pending["redirect_uri"],
        "item_id": pending["item_id"],
    }

    return await FLOW.finish(request, ctx, background, shown, QuickBooksConnectIn, data)
