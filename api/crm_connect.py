"""What the CRM connect routes (HubSpot, Salesforce) share: the OAuth app of a body, exchanging
or refreshing tokens, checking them against the CRM before anything is stored, and turning the
CRM's refusal into a problem that names the field to fix.

Each refusal's ``code`` is ``{provider}_…`` (``salesforce_auth_failed``,
``hubspot_rate_limited`` …), its message the provider's own words. The providers are
HubSpot and Salesforce; a third CRM adds its codes beside theirs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from pydantic import SecretStr

from api.errors import ServiceUnavailable
from domain.errors import InvalidRequest
from integrations.crm import CrmAuth, CrmFactory, renew
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized
from integrations.oauth import OAuthApp, TokenCredentials
from integrations.registry import display_name

REFRESH_MARGIN = timedelta(minutes=1)


class OAuthAppBody(Protocol):
    """The fields of a connect body that name the OAuth app."""

    client_id: str | None
    client_secret: SecretStr | None
    redirect_uri: str | None


def refused(provider: str, exc: IntegrationError, param: str) -> Exception:
    """The problem for a CRM that refused (422 naming ``param``: ``…_auth_failed`` for the
    credentials, ``…_refused`` for what the account lacks), rate limited or failed (503) while
    we checked ``param``. Each code is spelt out per provider: the API reference reads them
    from here."""
    name, what = display_name(provider), param.replace("_", " ")
    salesforce = provider == "salesforce"
    if isinstance(exc, RateLimited):
        message = f"{name} is rate limiting us; retry after {exc.retry_after:g} s"
        extra = {"retry_after": exc.retry_after}
        if salesforce:
            return ServiceUnavailable(message, code="salesforce_rate_limited", extra=extra)
        return ServiceUnavailable(message, code="hubspot_rate_limited", extra=extra)
    if isinstance(exc, Unauthorized):
        message = f"{name} rejected the {what}: {exc.message}"
        if salesforce:
            return InvalidRequest(message, param=param, code="salesforce_auth_failed")
        return InvalidRequest(message, param=param, code="hubspot_auth_failed")
    if isinstance(exc, Rejected):  # the account lacks what the syncs need (a field, an object)
        message = f"{name} refused the check of the {what}: {exc.message}"
        if salesforce:
            return InvalidRequest(message, param=param, code="salesforce_refused")
        return InvalidRequest(message, param=param, code="hubspot_refused")
    message = f"{name} could not check the connection: {exc.message}"
    if salesforce:
        return ServiceUnavailable(message, code="salesforce_unavailable")
    return ServiceUnavailable(message, code="hubspot_unavailable")


def oauth_app(provider: str, body: OAuthAppBody, *, with_code: bool) -> OAuthApp:
    """The OAuth app of the body; a 422 naming the first missing field."""
    given = "authorization_code" if with_code else "refresh_token"
    for name in ("client_id", "client_secret", *(("redirect_uri",) if with_code else ())):
        if getattr(body, name):
            continue
        message = f"{name} is required with {given}"
        if provider == "salesforce":
            raise InvalidRequest(message, param=name, code="salesforce_oauth_app_required")
        raise InvalidRequest(message, param=name, code="hubspot_oauth_app_required")
    assert body.client_id is not None and body.client_secret is not None
    return OAuthApp(body.client_id, body.client_secret.get_secret_value(), body.redirect_uri or "")


async def exchanged(provider: str, auth: CrmAuth, app: OAuthApp, code: str) -> TokenCredentials:
    """The tokens an authorization code is worth; a 422 on ``authorization_code`` if refused."""
    try:
        tokens = await auth.exchange_code(app, code)
    except IntegrationError as exc:
        raise refused(provider, exc, "authorization_code") from None
    return TokenCredentials(
        tokens.access_token, tokens.refresh_token, tokens.expires_at, app, tokens.instance_url
    )


async def _refresh(provider: str, auth: CrmAuth, credentials: TokenCredentials) -> TokenCredentials:
    try:
        return await renew(auth, credentials)
    except IntegrationError as exc:
        grant = "private_key" if credentials.jwt is not None else "refresh_token"
        raise refused(provider, exc, grant) from None


async def checked(
    provider: str,
    credentials: TokenCredentials,
    crm: CrmFactory,
    auth: CrmAuth,
    settings: dict[str, Any] | None = None,
) -> TokenCredentials:
    """Credentials the CRM accepts: refreshed first when the access token is expiring, and
    once more when the CRM refuses it."""
    settings = settings or {}
    if credentials.needs_refresh(datetime.now(UTC), REFRESH_MARGIN, None):
        credentials = await _refresh(provider, auth, credentials)
    try:
        await crm(credentials, settings).check_token()
        return credentials
    except Unauthorized as exc:
        if not credentials.needs_refresh(
            datetime.now(UTC), REFRESH_MARGIN, credentials.access_token
        ):
            raise refused(provider, exc, "access_token") from None
    except IntegrationError as exc:
        raise refused(provider, exc, "access_token") from None
    credentials = await _refresh(provider, auth, credentials)
    try:
        await crm(credentials, settings).check_token()
    except IntegrationError as exc:
        raise refused(provider, exc, "access_token") from None
    return credentials
