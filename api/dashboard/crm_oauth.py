"""Connecting a CRM (HubSpot, Salesforce) through its consent page (OAuth 2.0 authorization
code: HubSpot's install page, Salesforce's web-server flow).

1. ``POST /dashboard/integrations/{crm}/authorize`` (CSRF, ``integrations:write``) takes the
   app's client id and secret (HubSpot app; Salesforce Connected App consumer key and secret),
   keeps them sealed in the consent flow's ten-minute cookie with a random ``state``, and sends
   the browser to the CRM's consent page asking for the scopes the syncs need
   (``SCOPES`` of ``integrations.hubspot`` / ``integrations.salesforce``).
2. The CRM sends the browser back to ``GET /dashboard/integrations/{crm}/callback`` with
   ``code`` and ``state`` (or ``error=access_denied``). The state must be the cookie's and the
   member the one who started; then the code is exchanged and the token tried by the very
   service ``PUT /v1/integrations/{crm}`` runs with an ``authorization_code``
   (``api.integration_connect.connect_hubspot`` / ``connect_salesforce``), which seals, saves
   and audits.

The redirect URL to register in the app is ``{PUBLIC_BASE_URL}/dashboard/integrations/{crm}/
callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api import crm_connect
from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State
from api.dashboard.web import Current, DashboardRoute
from api.integration_deps import get_hubspot_auth, get_salesforce_auth
from api.schemas.integrations import HubSpotConnectIn, SalesforceConnectIn
from integrations.crm import CrmAuth

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)


@dataclass(frozen=True, slots=True)
class CrmConsent:
    flow: ConsentFlow
    schema: type[BaseModel]
    auth: Callable[[Request], CrmAuth]


CONSENTS = {
    "hubspot": CrmConsent(
        ConsentFlow(
            provider="hubspot",
            name="HubSpot",
            grantor="HubSpot",
            callback="/dashboard/integrations/hubspot/callback",
            cookie="ax_hubspot_oauth",
            prefix="hs",  # the form's fields and errors: hs.client_id, hs.client_secret
        ),
        HubSpotConnectIn,
        get_hubspot_auth,
    ),
    "salesforce": CrmConsent(
        ConsentFlow(
            provider="salesforce",
            name="Salesforce",
            grantor="Salesforce",
            callback="/dashboard/integrations/salesforce/callback",
            cookie="ax_salesforce_oauth",
            prefix="sf",
        ),
        SalesforceConnectIn,
        get_salesforce_auth,
    ),
}
CrmPath = Annotated[str, Path(pattern=f"^({'|'.join(CONSENTS)})$")]


@router.post("/dashboard/integrations/{crm}/authorize")
async def authorize(request: Request, ctx: Current, crm: CrmPath) -> Response:
    consent = CONSENTS[crm]
    return await consent.flow.authorize(
        request,
        ctx,
        consent.schema,
        lambda body: crm_connect.oauth_app(crm, body, with_code=True),
        lambda app, state: consent.auth(request).authorization_url(app, state),
    )


@router.get("/dashboard/integrations/{crm}/callback")
async def callback(
    request: Request,
    ctx: Current,
    crm: CrmPath,
    background: BackgroundTasks,
    state: State = "",
    code: Code = None,
    error: ProviderError = None,
) -> Response:
    """The CRM's redirect back; nothing is connected unless ``state`` is the one this
    member's browser was given."""
    consent = CONSENTS[crm]
    flow = consent.flow
    ctx.require("integrations:write")
    pending = flow.returned(request, ctx, state)
    if pending is None:
        return await flow.expired(request, ctx)
    shown = {flow.field: str(pending["client_id"])}
    if error or not code:
        return await flow.declined(request, ctx, error, shown)
    data = {
        "authorization_code": code,
        "client_id": pending["client_id"],
        "client_secret": pending["client_secret"],
        "redirect_uri": pending["redirect_uri"],
    }

    return await flow.finish(request, ctx, background, shown, consent.schema, data)
