"""Connecting an organization to Slack, Teams, HubSpot, Salesforce and QuickBooks: each provider's
credentials are checked with the provider first, then sealed and saved (audited).

The API's ``PUT /v1/integrations/{provider}`` routes and the dashboard's integrations page
both call these, so what is checked, what is stored and which field a refusal names live in
one place. A refusal is a 422 naming the field to fix (the provider's own words in it); a
provider that is rate limiting or unreachable is a 503.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api import crm_connect as crm
from api.errors import ServiceUnavailable
from api.oauth_connect import refused
from api.schemas.integrations import (
    HubSpotConnectIn,
    SalesforceConnectIn,
    SlackConnectIn,
    TeamsBotConnectIn,
    TeamsConnectIn,
)
from api.schemas.integrations_quickbooks import QuickBooksConnectIn
from core.config import Settings
from core.crypto import SecretBox
from core.url_guard import UnresolvableHost, check_url
from domain.audit import service as audit
from domain.connections import service as connections
from domain.connections.models import IntegrationConnection
from domain.errors import InvalidRequest
from domain.finance.invoicing import QuickBooksCredentials
from integrations.crm import CrmAuth, CrmFactory, JwtBearerAuth
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized, Unavailable
from integrations.oauth import JwtBearer, OAuthApp, TokenCredentials, Tokens
from integrations.quickbooks import Company, IntuitApp, QuickBooksGateway
from integrations.salesforce import ASSUMED_SESSION as SALESFORCE_ASSUMED_SESSION
from integrations.slack import SlackClientFactory
from integrations.teams import check_webhook_url, webhook_host

ASSUMED_LIFETIME = timedelta(minutes=55)  # Intuit's access tokens live one hour
HUBSPOT_ASSUMED_LIFETIME = timedelta(minutes=25)  # HubSpot's OAuth access tokens live 30 min


async def connect_slack(
    session: AsyncSession,
    body: SlackConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    slack_clients: SlackClientFactory,
    actor: audit.Actor,
) -> IntegrationConnection:
    """The token is checked with Slack's ``auth.test`` first; the workspace id stored is the
    one Slack names there (interaction callbacks are routed by it), never one from the body."""
    token = body.bot_token.get_secret_value()
    try:
        workspace = await slack_clients(token).auth_test()
    except Rejected as exc:
        raise InvalidRequest(
            f"Slack rejected the bot token: {exc.code}",
            param="bot_token",
            code="slack_auth_failed",
            extra={"slack_error": exc.code},
        ) from None
    except RateLimited as exc:
        raise ServiceUnavailable(
            f"Slack is rate limiting us; retry after {exc.retry_after} s",
            code="slack_rate_limited",
            extra={"retry_after": exc.retry_after},
        ) from None
    except Unavailable:
        raise ServiceUnavailable(
            "Slack is unreachable; retry shortly", code="slack_unavailable"
        ) from None
    if not workspace.team_id:
        raise InvalidRequest(
            "Slack did not name a workspace for this token",
            param="bot_token",
            code="slack_auth_failed",
        )
    if body.team_id is not None and body.team_id != workspace.team_id:
        raise InvalidRequest(
            f"the token belongs to workspace {workspace.team_id}, not {body.team_id}",
            param="team_id",
            code="slack_team_mismatch",
        )
    connection_settings: dict[str, Any] = {"team_name": workspace.team}
    if body.default_channel:
        connection_settings["default_channel"] = body.default_channel
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="slack",
        credentials=box.seal(
            {"bot_token": token, "signing_secret": body.signing_secret.get_secret_value()}
        ),
        external_account_id=workspace.team_id,
        settings=connection_settings,
        actor=actor,
    )


async def connect_teams(
    session: AsyncSession,
    body: TeamsConnectIn,
    *,
    organization_id: str,
    settings: Settings,
    box: SecretBox,
    actor: audit.Actor,
) -> IntegrationConnection:
    """The Workflows webhook URL must be a Teams one, https, and outside private networks."""
    url = body.webhook_url.get_secret_value()
    try:
        check_webhook_url(url)
        await check_url(
            url,
            require_https=True,
            allow_private=settings.outbound_allow_private_networks,
            allowed_ports=settings.outbound_allowed_ports,
        )
    except UnresolvableHost:
        # Nothing to call yet; every delivery runs the guard again before it connects.
        pass
    except ValueError as exc:  # UnsafeUrl included: private, loopback, link-local…
        raise InvalidRequest(str(exc), param="webhook_url", code="invalid_webhook_url") from None
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="teams",
        credentials=box.seal({"webhook_url": url}),
        external_account_id=None,
        settings={"webhook_host": webhook_host(url)},
        actor=actor,
    )


async def connect_teams_bot(
    session: AsyncSession,
    body: TeamsBotConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    actor: audit.Actor,
) -> IntegrationConnection:
    """The organization's own bot; a reconnect of the same bot (a new secret, a rotation)
    keeps the conversation it is installed in."""
    app_id, tenant_id = body.app_id.lower(), body.tenant_id.lower()
    connection_settings: dict[str, Any] = {"mode": "bot", "app_id": app_id, "tenant_id": tenant_id}
    previous = await connections.connection_settings(session, "teams")
    if previous.get("app_id") == app_id and previous.get("conversation"):
        connection_settings["conversation"] = previous["conversation"]
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="teams",
        credentials=box.seal(
            {
                "app_id": app_id,
                "app_password": body.app_password.get_secret_value(),
                "tenant_id": tenant_id,
            }
        ),
        external_account_id=app_id,
        settings=connection_settings,
        actor=actor,
    )


async def connect_hubspot(
    session: AsyncSession,
    body: HubSpotConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    hubspot: CrmFactory,
    auth: CrmAuth,
    actor: audit.Actor,
) -> IntegrationConnection:
    """A private app's token, or OAuth (an authorization code exchanged first, or a token
    pair with its app): nothing is stored unless HubSpot accepted the access token (refreshed
    first when it is expiring, and once more when HubSpot refuses it). The OAuth app's id and
    secret are sealed with the tokens, since refreshing needs them."""
    credentials = await crm.checked(
        "hubspot", await _hubspot_credentials(body, auth), hubspot, auth
    )
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="hubspot",
        credentials=credentials.seal(box),
        external_account_id=None,
        settings={"auth": "private_app" if credentials.app is None else "oauth"},
        actor=actor,
    )


def hubspot_app(body: HubSpotConnectIn, *, with_code: bool) -> OAuthApp:
    """The OAuth app of the body; a 422 naming the first missing field (the dashboard's
    consent form checks its fields with it too)."""
    return crm.oauth_app("hubspot", body, with_code=with_code)


async def _hubspot_credentials(body: HubSpotConnectIn, auth: CrmAuth) -> TokenCredentials:
    if body.authorization_code is not None:
        app = hubspot_app(body, with_code=True)
        return await crm.exchanged("hubspot", auth, app, body.authorization_code.get_secret_value())
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
        body.expires_at or datetime.now(UTC) + HUBSPOT_ASSUMED_LIFETIME,
        hubspot_app(body, with_code=False),
    )


# --- Salesforce --------------------------------------------------------------------------------


async def connect_salesforce(
    session: AsyncSession,
    body: SalesforceConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    salesforce: CrmFactory,
    auth: CrmAuth,
    actor: audit.Actor,
) -> IntegrationConnection:
    """OAuth 2.0 (a Connected App's authorization code exchanged first, or a token pair with
    its instance URL) or the JWT bearer flow (an assertion signed with the app's private key
    for ``username``): nothing is stored unless Salesforce accepted the session, on the
    instance it named, and every synced object has the ``AuditoryX_Id__c`` external id field.
    The consumer key and secret (or the private key) are sealed with the tokens and the
    instance URL."""
    credentials = await crm.checked(
        "salesforce", await _salesforce_credentials(body, auth), salesforce, auth
    )
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider="salesforce",
        credentials=credentials.seal(box),
        external_account_id=credentials.instance_url,
        settings=(
            {"auth": "oauth", "instance_url": credentials.instance_url}
            if credentials.jwt is None
            else {
                "auth": "jwt_bearer",
                "instance_url": credentials.instance_url,
                "username": credentials.jwt.username,
            }
        ),
        actor=actor,
    )


def _jwt_refusal_param(exc: IntegrationError) -> str:
    """The field a refused JWT bearer grant points at: the consumer key Salesforce does not
    know, a key whose certificate the app lacks (``invalid assertion``), else the user (not
    found, or not pre-authorized for the app)."""
    if exc.code == "invalid_client_id":
        return "client_id"
    if exc.code == "invalid_private_key" or "assertion" in exc.message.lower():
        return "private_key"
    return "username"


async def _salesforce_jwt_credentials(body: SalesforceConnectIn, auth: CrmAuth) -> TokenCredentials:
    for name in ("client_id", "username", "private_key"):
        if not getattr(body, name):
            raise InvalidRequest(
                f"{name} is required for the JWT bearer flow (client_id, username and private_key)",
                param=name,
                code="salesforce_jwt_required",
            )
    assert body.client_id and body.username and body.private_key
    grant = JwtBearer(body.client_id, body.username, body.private_key.get_secret_value())
    if not isinstance(auth, JwtBearerAuth):
        raise ServiceUnavailable(
            "the JWT bearer flow is not available", code="salesforce_unavailable"
        )
    try:
        tokens = await auth.jwt_bearer(grant)
    except IntegrationError as exc:
        raise crm.refused("salesforce", exc, _jwt_refusal_param(exc)) from None
    if not tokens.instance_url:
        raise InvalidRequest(
            "Salesforce returned no instance_url with the token",
            param="username",
            code="salesforce_auth_failed",
        )
    return TokenCredentials(
        tokens.access_token,
        expires_at=tokens.expires_at,
        instance_url=tokens.instance_url,
        jwt=grant,
    )


async def _salesforce_credentials(body: SalesforceConnectIn, auth: CrmAuth) -> TokenCredentials:
    if body.username is not None or body.private_key is not None:
        return await _salesforce_jwt_credentials(body, auth)
    if body.authorization_code is not None:
        app = crm.oauth_app("salesforce", body, with_code=True)
        credentials = await crm.exchanged(
            "salesforce", auth, app, body.authorization_code.get_secret_value()
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
        datetime.now(UTC) + SALESFORCE_ASSUMED_SESSION,
        crm.oauth_app("salesforce", body, with_code=False),
        body.instance_url.rstrip("/"),
    )


# --- QuickBooks --------------------------------------------------------------------------------


def _refused(exc: IntegrationError, param: str) -> Exception:
    if exc.status == 403 and not isinstance(exc, RateLimited | Unavailable):
        param = "realm_id"  # the token is good, but not for this company
    return refused(exc, "quickbooks", param)


async def _checked_quickbooks(
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


async def connect_quickbooks(
    session: AsyncSession,
    body: QuickBooksConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    gateway: QuickBooksGateway,
    actor: audit.Actor,
) -> IntegrationConnection:
    """Nothing is stored unless QuickBooks accepted the tokens (given, or exchanged for the
    authorization code) for ``realm_id``; an expired access token is refreshed first and the
    rotated pair is the one stored. The Intuit app's client id and secret are sealed with the
    tokens, since refresh tokens are bound to the app that obtained them."""
    app = body.app()
    code = body.code("quickbooks")
    if code is not None:
        try:
            tokens = await gateway.exchange_code(body.environment, app, code, body.realm_id)
        except IntegrationError as exc:
            raise _refused(exc, "authorization_code") from None
    else:
        tokens = body.given_tokens("quickbooks", ASSUMED_LIFETIME)
    tokens, company = await _checked_quickbooks(gateway, body, app, tokens)
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
    return await connections.save_connection(
        session,
        organization_id=organization_id,
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
