"""Connect Salesforce over OAuth 2.0 (the web-server flow of a Connected App): the
authorization code of the app's redirect is exchanged for tokens and the organization's
instance URL, or a token pair already issued to the app is given; either is checked against
Salesforce (the session, and the external id field on each object the syncs upsert by) before
anything is stored (``api/integration_connect.py``).

The app's consumer key and secret are sealed with the tokens and the instance URL, since
refreshing needs them; syncs and reconciliation refresh a session Salesforce refuses and
persist what it returns (``activities/sync.py``).
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request

from api import integration_connect as connect
from api.after_commit import sync_reconcile_schedule
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import SalesforceAuthDep, SalesforceDep
from api.schemas.integrations import IntegrationOut, SalesforceConnectIn
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


@router.put("/salesforce", summary="Connect Salesforce with OAuth 2.0")
async def connect_salesforce(
    body: SalesforceConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    salesforce: SalesforceDep,
    auth: SalesforceAuthDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless Salesforce accepted the session (an authorization code is
    exchanged first) and every synced object has the ``AuditoryX_Id__c`` external id field; a
    refusal is a 422 naming the field to fix, with Salesforce's own words. A reconnect keeps
    the connection's settings (stage mapping, reconciliation interval)."""
    connection = await connect.connect_salesforce(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        salesforce=salesforce,
        auth=auth,
        actor=actor,
    )
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "salesforce",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)
