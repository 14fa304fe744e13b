"""Connecting a project tool (Asana, Monday.com) through its consent page (OAuth 2.0
authorization code).

1. ``POST /dashboard/integrations/{tool}/authorize`` (CSRF, ``integrations:write``) takes the
   tool's app client id and secret and what the connection needs besides (Asana: the
   workspace gid and the team gid; Monday.com: optionally the workspace for boards), keeps
   them sealed in the consent flow's ten-minute cookie with a random ``state`` bound to this
   member and organization, and sends the browser to the tool's consent page (Asana:
   ``{ASANA_AUTH_URL}/-/oauth_authorize``; Monday: ``{MONDAY_AUTH_URL}/oauth2/authorize``,
   asking for ``integrations.monday.SCOPES``).
2. The tool sends the browser back to ``GET /dashboard/integrations/{tool}/callback`` with
   ``code`` and ``state`` (or ``error=access_denied``). The state must be the cookie's and the
   member the one who started; then the code goes to the very service
   ``PUT /v1/integrations/{tool}`` runs with an ``authorization_code``
   (``api.project_tools.connect_asana`` / ``connect_monday``): exchanged at the tool's token
   endpoint, the token tried with the tool, sealed, saved and audited.

The redirect URL to register in the tool's app is ``{PUBLIC_BASE_URL}/dashboard/integrations/
{tool}/callback``; in development and tests the address the browser used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.dashboard.oauth_consent import Code, ConsentFlow, ProviderError, State
from api.dashboard.web import Current, DashboardRoute, PageContext
from api.integration_deps import get_asana_auth, get_monday_gateway
from api.project_tools import tool_app
from api.schemas.integrations_asana import AsanaConnectIn
from api.schemas.integrations_monday import MondayConnectIn
from integrations.oauth import OAuthApp

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)


@dataclass(frozen=True, slots=True)
class ToolConsent:
    flow: ConsentFlow
    schema: type[BaseModel]
    kept: tuple[str, ...]  # what the connection needs besides the app, kept until the callback
    consent_url: Callable[[Request, OAuthApp, str], str]


CONSENTS = {
    "asana": ToolConsent(
        ConsentFlow(
            provider="asana",
            name="Asana",
            grantor="Asana",
            callback="/dashboard/integrations/asana/callback",
            cookie="ax_asana_oauth",
            prefix="as",  # the form's fields and errors: as.client_id, as.workspace_gid, …
        ),
        AsanaConnectIn,
        ("workspace_gid", "team_gid"),
        lambda request, app, state: get_asana_auth(request).authorization_url(app, state),
    ),
    "monday": ToolConsent(
        ConsentFlow(
            provider="monday",
            name="Monday.com",
            grantor="Monday.com",
            callback="/dashboard/integrations/monday/callback",
            cookie="ax_monday_oauth",
            prefix="mon",
        ),
        MondayConnectIn,
        ("workspace_id",),
        lambda request, app, state: get_monday_gateway(request).authorization_url(app, state),
    ),
}


async def authorize(request: Request, ctx: PageContext, tool: str) -> Response:
    consent = CONSENTS[tool]
    return await consent.flow.authorize(
        request,
        ctx,
        consent.schema,
        lambda body: tool_app(tool, body),
        lambda app, state: consent.consent_url(request, app, state),
        consent.kept,
    )


async def callback(
    request: Request,
    ctx: PageContext,
    tool: str,
    background: BackgroundTasks,
    state: str,
    code: str | None,
    error: str | None,
) -> Response:
    """The tool's redirect back; nothing is connected unless ``state`` is the one this
    member's browser was given."""
    consent = CONSENTS[tool]
    flow = consent.flow
    ctx.require("integrations:write")
    pending = flow.returned(request, ctx, state)
    if pending is None:
        return await flow.expired(request, ctx)
    shown = {flow.field: str(pending["client_id"])}
    shown |= {f"{flow.prefix}.{k}": str(pending[k]) for k in consent.kept if pending.get(k)}
    if error or not code:
        return await flow.declined(request, ctx, error, shown)
    data = {
        "authorization_code": code,
        "client_id": pending["client_id"],
        "client_secret": pending["client_secret"],
        "redirect_uri": pending["redirect_uri"],
        **{name: pending.get(name) for name in consent.kept},
    }
    return await flow.finish(request, ctx, background, shown, consent.schema, data)


def _add_routes(tool: str) -> None:
    """The tool's own paths (not a ``{tool}`` parameter, which would also take the CRMs'
    ``…/{crm}/authorize`` and ``…/{crm}/callback``)."""

    async def authorize_tool(request: Request, ctx: Current) -> Response:
        return await authorize(request, ctx, tool)

    async def tool_callback(
        request: Request,
        ctx: Current,
        background: BackgroundTasks,
        state: State = "",
        code: Code = None,
        error: ProviderError = None,
    ) -> Response:
        return await callback(request, ctx, tool, background, state, code, error)

    base = f"/dashboard/integrations/{tool}"
    router.add_api_route(f"{base}/authorize", authorize_tool, methods=["POST"])
    router.add_api_route(f"{base}/callback", tool_callback, methods=["GET"])


for _tool in CONSENTS:
    _add_routes(_tool)
