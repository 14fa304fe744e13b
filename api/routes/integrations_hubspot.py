"""Connect HubSpot: a private app's access token, or OAuth 2.0 (the authorization code of the
app's install redirect, or an OAuth token pair), checked against HubSpot before anything is
stored.

An OAuth connection keeps the app's client id and secret sealed with the tokens, since
refreshing needs them; syncs and reconciliation refresh the 30-minute access token before it
expires and persist what HubSpot returns (``activities/sync.py``).
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from api import integration_connect as connect
from api.after_commit import sync_reconcile_schedule
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import HubSpotAuthDep, HubSpotDep
from api.schemas.integrations import HubSpotConnectIn, IntegrationOut
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


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
    first); a refusal is a 422 naming the field to fix, with HubSpot's own words
    (``api/integration_connect.py``, shared with the dashboard)."""
    connection = await connect.connect_hubspot(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        hubspot=hubspot,
        auth=auth,
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
