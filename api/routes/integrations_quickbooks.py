"""Connect QuickBooks Online: OAuth tokens (or an authorization code to exchange) for one
company, checked against QuickBooks before anything is stored.

The Intuit app's client id and secret come with the connection, since refresh tokens are
bound to the app that obtained them; they are sealed with the tokens. A connection is stored
only after QuickBooks answered a ``CompanyInfo`` read for the realm with these tokens (an
expired access token is refreshed first, and the rotated pair is the one stored).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, BackgroundTasks, Request

from api.after_commit import sync_reconcile_schedule
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.integration_deps import QuickBooksDep
from api.oauth_connect import refused
from api.schemas.integrations import IntegrationOut
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from domain.connections import service as connections
from domain.finance.invoicing import QuickBooksCredentials
from integrations.errors import IntegrationError, RateLimited, Unauthorized, Unavailable
from integrations.quickbooks import Company, IntuitApp, QuickBooksGateway, Tokens
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
ASSUMED_LIFETIME = timedelta(minutes=55)  # Intuit's access tokens live one hour


def _refused(exc: IntegrationError, param: str) -> Exception:
    if exc.status == 403 and not isinstance(exc, RateLimited | Unavailable):
        param = "realm_id"  # the token is good, but not for this company
    return refused(exc, "quickbooks", param)


async def _check(
    gateway: QuickBooksGateway, body: QuickBooksConnectIn, app: IntuitApp, tokens: Tokens
) -> tuple[Tokens, Company]:
    """Tokens QuickBooks accepts for the realm, and the company they open: refreshed first
    when expired, and once more when the access token is refused."""
    if tokens.expiring(datetime.now(UTC), timedelta(minutes=1)):
        tokens = await _refresh(gateway, body, app, tokens)
    for attempt in (1, 2):
        api = gateway.accounting(
            body.environment, realm_id=body.realm_id, access_token=tokens.access_token
        )
        try:
            return tokens, await api.company()
        except Unauthorized as exc:
            if attempt == 2 or exc.status == 403:
                raise _refused(exc, "access_token") from None
            tokens = await _refresh(gateway, body, app, tokens)
        except IntegrationError as exc:
            raise _refused(exc, "realm_id") from None
    raise AssertionError("unreachable")


async def _refresh(
    gateway: QuickBooksGateway, body: QuickBooksConnectIn, app: IntuitApp, tokens: Tokens
) -> Tokens:
    try:
        return await gateway.refresh(body.environment, app, tokens.refresh_token)
    except IntegrationError as exc:
        raise _refused(exc, "refresh_token") from None


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
    app = body.app()
    code = body.code("quickbooks")
    if code is not None:
        try:
            tokens = await gateway.exchange_code(body.environment, app, code, body.realm_id)
        except IntegrationError as exc:
            raise _refused(exc, "authorization_code") from None
    else:
        tokens = body.given_tokens("quickbooks", ASSUMED_LIFETIME)
    tokens, company = await _check(gateway, body, app, tokens)
    credentials = QuickBooksCredentials(
        client_id=app.client_id,
        client_secret=app.client_secret,
        redirect_uri=app.redirect_uri,
        realm_id=body.realm_id,
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        expires_at=tokens.expires_at,
        refresh_expires_at=tokens.refresh_expires_at,
    )
    connection = await connections.save_connection(
        session,
        organization_id=principal.organization_id,
        provider="quickbooks",
        credentials=credentials.seal(box),
        external_account_id=body.realm_id,
        settings={
            "environment": body.environment,
            "company_name": company.name,
            "item_id": body.item_id,
        },
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
