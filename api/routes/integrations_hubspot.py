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
from api.deps import ActorDep, CanWriteIntegrations, SecretBoxDep, TenantSession
from api.errors import ServiceUnavailable
from api.integration_deps import HubSpotAuthDep, HubSpotDep
from api.schemas.integrations import HubSpotConnectIn, IntegrationOut
from domain.connections import service as connections
from domain.errors import InvalidRequest
from integrations.crm import CrmAuth, CrmFactory
from integrations.errors import IntegrationError, RateLimited, Unauthorized
from integrations.oauth import OAuthApp, TokenCredentials
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
ASSUMED_LIFETIME = timedelta(minutes=25)  # HubSpot's OAuth access tokens live 30 minutes
REFRESH_MARGIN = timedelta(minutes=1)


def _refused(exc: IntegrationError, param: str) -> Exception:
    if isinstance(exc, RateLimited):
        return ServiceUnavailable(
            f"HubSpot is rate limiting us; retry after {exc.retry_after} s",
            code="hubspot_rate_limited",
            extra={"retry_after": exc.retry_after},
        )
    if isinstance(exc, Unauthorized):
        return InvalidRequest(
            f"HubSpot rejected the {param.replace('_', ' ')}: {exc.message}",
            param=param,
            code="hubspot_auth_failed",
        )
    return ServiceUnavailable(
        f"HubSpot could not check the connection: {exc.message}", code="hubspot_unavailable"
    )


def _app(body: HubSpotConnectIn, *, with_code: bool) -> OAuthApp:
    """The OAuth app of the body; a 422 naming the first missing field."""
    given = "authorization_code" if with_code else "refresh_token"
    for name in ("client_id", "client_secret", *(("redirect_uri",) if with_code else ())):
        if not getattr(body, name):
            raise InvalidRequest(
                f"{name} is required with {given}", param=name, code="hubspot_oauth_app_required"
            )
    assert body.client_id is not None and body.client_secret is not None
    return OAuthApp(body.client_id, body.client_secret.get_secret_value(), body.redirect_uri or "")


async def _credentials(body: HubSpotConnectIn, auth: CrmAuth) -> TokenCredentials:
    if body.authorization_code is not None:
        app = _app(body, with_code=True)
        try:
            tokens = await auth.exchange_code(app, body.authorization_code.get_secret_value())
        except IntegrationError as exc:
            raise _refused(exc, "authorization_code") from None
        return TokenCredentials(tokens.access_token, tokens.refresh_token, tokens.expires_at, app)
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
        _app(body, with_code=False),
    )


async def _refresh(auth: CrmAuth, credentials: TokenCredentials) -> TokenCredentials:
    assert credentials.app is not None and credentials.refresh_token is not None
    try:
        return credentials.refreshed(await auth.refresh(credentials.app, credentials.refresh_token))
    except IntegrationError as exc:
        raise _refused(exc, "refresh_token") from None


async def _checked(
    credentials: TokenCredentials, hubspot: CrmFactory, auth: CrmAuth
) -> TokenCredentials:
    """Credentials HubSpot accepts: refreshed first when the access token is expiring, and
    once more when HubSpot refuses it."""
    if credentials.needs_refresh(datetime.now(UTC), REFRESH_MARGIN, None):
        credentials = await _refresh(auth, credentials)
    try:
        await hubspot(credentials.access_token).check_token()
        return credentials
    except Unauthorized as exc:
        if not credentials.needs_refresh(
            datetime.now(UTC), REFRESH_MARGIN, credentials.access_token
        ):
            raise _refused(exc, "access_token") from None
    except IntegrationError as exc:
        raise _refused(exc, "access_token") from None
    credentials = await _refresh(auth, credentials)
    try:
        await hubspot(credentials.access_token).check_token()
    except IntegrationError as exc:
        raise _refused(exc, "access_token") from None
    return credentials


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
    credentials = await _checked(await _credentials(body, auth), hubspot, auth)
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
