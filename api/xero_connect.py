"""Connecting Xero: OAuth tokens (or an authorization code to exchange) and the Xero organisation
(tenant) to invoice in, checked against Xero before anything is stored. The API's
``PUT /v1/integrations/xero`` and the dashboard's consent flow both call these.

The Xero app's client id and secret come with the connection, since refresh tokens are bound
to the app that obtained them; they are sealed with the tokens. The consent may have opened
several organisations: ``GET /connections`` lists them, and the body's ``tenant_id`` names
one — or, left out, the only one is taken. A tenant the tokens do not open, or a choice left
open among several, is a 422 naming ``tenant_id`` (with the organisations to choose from).
Xero rotates refresh tokens: when the given access token has expired it is refreshed first,
and the pair returned is the one stored.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from api.oauth_connect import refused
from api.schemas.integrations_xero import XeroConnectIn
from core.crypto import SecretBox
from domain.audit import service as audit
from domain.connections import service as connections
from domain.connections.models import IntegrationConnection
from domain.errors import InvalidRequest
from integrations.errors import IntegrationError, Unauthorized
from integrations.oauth import OAuthApp, TokenCredentials, Tokens
from integrations.xero import Tenant, XeroGateway

ASSUMED_LIFETIME = timedelta(minutes=25)  # Xero's access tokens live 30 minutes


async def _refresh(gateway: XeroGateway, app: OAuthApp, tokens: Tokens) -> Tokens:
    try:
        return await gateway.refresh(app, tokens.refresh_token)
    except IntegrationError as exc:
        raise refused(exc, "xero", "refresh_token") from None


async def _tenants(
    gateway: XeroGateway, app: OAuthApp, tokens: Tokens
) -> tuple[Tokens, list[Tenant]]:
    """Tokens Xero accepts and the organisations they open: refreshed first when expired,
    and once more when the access token is refused."""
    if tokens.expiring(datetime.now(UTC), timedelta(minutes=1)):
        tokens = await _refresh(gateway, app, tokens)
    for attempt in (1, 2):
        try:
            return tokens, await gateway.tenants(tokens.access_token)
        except Unauthorized as exc:
            if attempt == 2:
                raise refused(exc, "xero", "access_token") from None
            tokens = await _refresh(gateway, app, tokens)
        except IntegrationError as exc:
            raise refused(exc, "xero", "access_token") from None
    raise AssertionError("unreachable")


def chosen_tenant(tenants: list[Tenant], tenant_id: str | None) -> Tenant:
    choices = ", ".join(f"{t.tenant_id} ({t.name})" for t in tenants) or "none"
    if tenant_id is not None:
        for tenant in tenants:
            if tenant.tenant_id.lower() == tenant_id.lower():
                return tenant
        raise InvalidRequest(
            f"the Xero authorization does not open organisation {tenant_id}; it opens: {choices}",
            param="tenant_id",
            code="xero_tenant_unknown",
        )
    if len(tenants) != 1:
        raise InvalidRequest(
            f"the Xero authorization opens {len(tenants)} organisations; name one in "
            f"tenant_id: {choices}",
            param="tenant_id",
            code="xero_tenant_required",
        )
    return tenants[0]


async def opened_tenants(gateway: XeroGateway, body: XeroConnectIn) -> tuple[Tokens, list[Tenant]]:
    """The body's tokens (exchanged for its code first), as Xero accepts them, and the
    organisations they open; a refusal is a 422 naming the field."""
    app = body.app()
    code = body.code("xero")
    if code is not None:
        try:
            tokens = await gateway.exchange_code(app, code)
        except IntegrationError as exc:
            raise refused(exc, "xero", "authorization_code") from None
    else:
        tokens = body.given_tokens("xero", ASSUMED_LIFETIME)
    return await _tenants(gateway, app, tokens)


async def connect_xero(
    session: AsyncSession,
    body: XeroConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    gateway: XeroGateway,
    actor: audit.Actor,
) -> IntegrationConnection:
    """Nothing is stored unless Xero accepted the tokens and they open the organisation."""
    tokens, tenants = await opened_tenants(gateway, body)
    tenant = chosen_tenant(tenants, body.tenant_id)
    credentials = TokenCredentials(
        tokens.access_token, tokens.refresh_token, tokens.expires_at, body.app()
    )
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="xero",
        credentials=credentials.seal(box),
        external_account_id=tenant.tenant_id,
        settings={"tenant_name": tenant.name, "item_id": body.account_code},
        actor=actor,
    )
