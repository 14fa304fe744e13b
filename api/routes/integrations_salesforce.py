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

from fastapi import APIRouter, BackgroundTasks, Request, status

from api import integration_connect as connect
from api.after_commit import connected
from api.deps import (
    ActorDep,
    CanWriteIntegrations,
    SecretBoxDep,
    SettingsDep,
    TenantSession,
    get_temporal,
)
from api.integration_deps import SalesforceAuthDep, SalesforceDep
from api.salesforce_backfill import request_backfill
from api.schemas.integrations import BackfillOut, IntegrationOut, SalesforceConnectIn

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
    # The reconciliation Schedule; on a first connect, the backfill of the clients already here.
    background.add_task(
        connected, request.app.state, principal.organization_id, "salesforce", connection.settings
    )
    return IntegrationOut.model_validate(connection)


@router.post(
    "/salesforce/backfills",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Push every client to Salesforce again (Bulk API 2.0 above 2,000 records)",
)
async def request_salesforce_backfill(
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    request: Request,
) -> BackfillOut:
    """Starts the organization's backfill, or joins the one already running (two requests at
    once get the same workflow id). Above 2,000 clients it runs Bulk API 2.0 ingest jobs
    (Accounts, then Contacts); below, each client's own sync. A 409
    ``salesforce_not_connected`` without a connection."""
    workflow_id = await request_backfill(
        session,
        lambda: get_temporal(request),
        organization_id=principal.organization_id,
        task_queue=settings.temporal_task_queue,
        actor=actor,
    )
    return BackfillOut(workflow_id=workflow_id)
