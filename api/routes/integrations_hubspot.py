"""Connect HubSpot: a private app's access token, or OAuth 2.0 (the authorization code of the
app's install redirect, or an OAuth token pair), checked against HubSpot before anything is
stored.

An OAuth connection keeps the app's client id and secret sealed with the tokens, since
refreshing needs them; syncs and reconciliation refresh the 30-minute access token before it
expires and persist what HubSpot returns (``activities/sync.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, BackgroundTasks, Request

from api.after_commit import sync_reconcile_schedule
from api.crm_connect import checked, exchanged, oauth_app
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import HubSpotAuthDep, HubSpotDep
from api.schemas.integrations import HubSpotConnectIn, IntegrationOut
from domain.connections import service as connections
from domain.errors import InvalidRequest
from integrations.crm import CrmAuth
from integrations.oauth import TokenCredentials
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
ASSUMED_LIFETIME = timedelta(minutes=25)  # HubSpot's OAuth access tokens live 30 minutes
PROVIDER = "hubspot"


async def _credentials(body: HubSpotConnectIn, auth: CrmAuth) -> TokenCredentials:
    if body.authorization_code is not None:
        app = oauth_app(PROVIDER, body, with_code=True)
        return await exchanged(PROVIDER, auth, app, body.authorization_code.get_secret_value())
    if body.access_token is None:
        raise InvalidRequest(
            "give access_token (a private app's, or OAuth's with refresh_token), or "
            "authorization_code",
            param="access_token",
            code="hubspot_tokens_required",
        )
    if body.refresh_token is None:
        return TokenCredentials(body.access_token.get_secret_value())
    return TokenCredentials(
        body.access_token.get_secret_value(),
        body.refresh_token.get_secret_value(),
        body.expires_at or datetime.now(UTC) + ASSUMED_LIFETIME,
        oauth_app(PROVIDER, body, with_code=False),
    )


@router.put("/hubspot", summary="Connect HubSpot with a private-app token or OAuth 2.0")
async def connect_hubspot(
    body: HubSpotConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    hubspot: HubSpotDep,
    auth: HubSpotAuthDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless HubSpot accepted the token (an authorization code is exchanged
    first); a refusal is a 422 naming the field to fix, with HubSpot's own words."""
    credentials = await checked(PROVIDER, await _credentials(body, auth), hubspot, auth)
    connection = await connections.save_connection(
        session,
        organization_id=principal.organization_id,
        provider="hubspot",
        credentials=credentials.seal(box),
        external_account_id=None,
        settings={"auth": "private_app" if credentials.app is None else "oauth"},
        actor=actor,
    )
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "hubspot",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)
