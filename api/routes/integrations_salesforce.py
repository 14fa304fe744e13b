"""Connect Salesforce over OAuth 2.0 (the web-server flow of a Connected App): the
authorization code of the app's redirect is exchanged for tokens and the organization's
instance URL, or a token pair already issued to the app is given; either is checked against
Salesforce (the session, and the external id field on each object the syncs upsert by) before
anything is stored.

The app's consumer key and secret are sealed with the tokens and the instance URL, since
refreshing needs them; syncs and reconciliation refresh a session Salesforce refuses and
persist what it returns (``activities/sync.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, BackgroundTasks, Request

from api.after_commit import sync_reconcile_schedule
from api.crm_connect import checked, exchanged, oauth_app
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import SalesforceAuthDep, SalesforceDep
from api.schemas.integrations import IntegrationOut, SalesforceConnectIn
from domain.connections import service as connections
from domain.errors import InvalidRequest
from integrations.crm import CrmAuth
from integrations.oauth import TokenCredentials
from integrations.salesforce import ASSUMED_SESSION
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
PROVIDER = "salesforce"


async def _credentials(body: SalesforceConnectIn, auth: CrmAuth) -> TokenCredentials:
    if body.authorization_code is not None:
        app = oauth_app(PROVIDER, body, with_code=True)
        credentials = await exchanged(
            PROVIDER, auth, app, body.authorization_code.get_secret_value()
        )
        if not credentials.instance_url:
            raise InvalidRequest(
                "Salesforce returned no instance_url with the tokens",
                param="authorization_code",
                code="salesforce_auth_failed",
            )
        return credentials
    for name in ("access_token", "refresh_token", "instance_url"):
        if not getattr(body, name):
            raise InvalidRequest(
                f"give authorization_code, or {name} with access_token, refresh_token and "
                "instance_url",
                param=name,
                code="salesforce_tokens_required",
            )
    assert body.access_token and body.refresh_token and body.instance_url
    return TokenCredentials(
        body.access_token.get_secret_value(),
        body.refresh_token.get_secret_value(),
        datetime.now(UTC) + ASSUMED_SESSION,
        oauth_app(PROVIDER, body, with_code=False),
        body.instance_url.rstrip("/"),
    )


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
    credentials = await checked(PROVIDER, await _credentials(body, auth), salesforce, auth)
    connection = await connections.save_connection(
        session,
        organization_id=principal.organization_id,
        provider=PROVIDER,
        credentials=credentials.seal(box),
        external_account_id=credentials.instance_url,
        settings={"auth": "oauth", "instance_url": credentials.instance_url},
        actor=actor,
    )
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        PROVIDER,
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)
