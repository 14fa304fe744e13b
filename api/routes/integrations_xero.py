"""Connect Xero: OAuth tokens (or an authorization code to exchange) and the Xero organisation
(tenant) to invoice in, checked against Xero before anything is stored
(``api/xero_connect.py``, which the dashboard's consent flow calls too).
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from api.after_commit import connected
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import XeroDep
from api.schemas.integrations import IntegrationOut
from api.schemas.integrations_xero import XeroConnectIn
from api.xero_connect import connect_xero as connect

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


@router.put(
    "/xero",
    summary="Connect Xero with OAuth tokens or an authorization code, for one organisation",
)
async def connect_xero(
    body: XeroConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    gateway: XeroDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless Xero accepted the tokens and they open the organisation; a
    refusal is a 422 naming the field to fix, with Xero's own words."""
    connection = await connect(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        gateway=gateway,
        actor=actor,
    )
    # Payments are read back and deleted invoices repaired by the reconciliation Schedule.
    background.add_task(
        connected, request.app.state, principal.organization_id, "xero", connection.settings
    )
    return IntegrationOut.model_validate(connection)
