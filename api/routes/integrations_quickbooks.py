"""Connect QuickBooks Online: OAuth tokens (or an authorization code to exchange) for one
company, checked against QuickBooks before anything is stored.

The Intuit app's client id and secret come with the connection, since refresh tokens are
bound to the app that obtained them; they are sealed with the tokens. A connection is stored
only after QuickBooks answered a ``CompanyInfo`` read for the realm with these tokens (an
expired access token is refreshed first, and the rotated pair is the one stored).
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from api import integration_connect as connect
from api.after_commit import sync_reconcile_schedule
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import QuickBooksDep
from api.schemas.integrations import IntegrationOut
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


@router.put(
    "/quickbooks",
    summary="Connect QuickBooks Online with OAuth tokens or an authorization code",
)
async def connect_quickbooks(
    body: QuickBooksConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    gateway: QuickBooksDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless QuickBooks accepted the tokens for ``realm_id``; a refusal is
    a 422 naming the field to fix, with QuickBooks' (or Intuit's) own words."""
    connection = await connect.connect_quickbooks(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        gateway=gateway,
        actor=actor,
    )
    # Payments are read back and deleted invoices repaired by the reconciliation Schedule.
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "quickbooks",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)
