"""What the OAuth connect routes of the accounting providers (QuickBooks, Xero) share: the body's
app and token fields, the tokens handed over, and how a provider's refusal is answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import Field, SecretStr

from api.errors import ServiceUnavailable
from api.schemas import RequestBody
from domain.dates import Timestamp
from domain.errors import InvalidRequest
from integrations.errors import IntegrationError, RateLimited, Unavailable
from integrations.oauth import OAuthApp, Tokens
from integrations.registry import display_name


class OAuthConnectIn(RequestBody):
    """The app the tokens belong to, and either its tokens or an authorization code."""

    client_id: str = Field(min_length=10, max_length=200, description="The app's client id")
    client_secret: SecretStr = Field(min_length=10, max_length=200)
    authorization_code: SecretStr | None = Field(
        default=None,
        min_length=5,
        max_length=2000,
        description="The code from the provider's consent redirect; exchanged for tokens here",
    )
    redirect_uri: str | None = Field(
        default=None,
        max_length=2000,
        description="The redirect URI the code was issued for (with authorization_code)",
    )
    access_token: SecretStr | None = Field(default=None, min_length=10, max_length=4000)
    refresh_token: SecretStr | None = Field(default=None, min_length=10, max_length=500)
    expires_at: Timestamp | None = Field(
        default=None, description="When access_token expires; refreshed before then"
    )

    def app(self) -> OAuthApp:
        return OAuthApp(
            self.client_id, self.client_secret.get_secret_value(), self.redirect_uri or ""
        )

    def code(self, provider: str) -> str | None:
        """The authorization code, which needs the redirect URI it was issued for."""
        if self.authorization_code is None:
            return None
        if not self.redirect_uri:
            raise InvalidRequest(
                "redirect_uri is required with authorization_code",
                param="redirect_uri",
                code=f"{provider}_redirect_uri_required",
            )
        return self.authorization_code.get_secret_value()

    def given_tokens(self, provider: str, lifetime: timedelta) -> Tokens:
        """The tokens handed over; without ``expires_at`` the access token is assumed to live
        ``lifetime``."""
        if self.access_token is None or self.refresh_token is None:
            missing = "access_token" if self.access_token is None else "refresh_token"
            raise InvalidRequest(
                "give either authorization_code, or access_token with refresh_token",
                param=missing,
                code=f"{provider}_tokens_required",
            )
        return Tokens(
            access_token=self.access_token.get_secret_value(),
            refresh_token=self.refresh_token.get_secret_value(),
            expires_at=self.expires_at or datetime.now(UTC) + lifetime,
        )


def refused(exc: IntegrationError, provider: str, param: str) -> Exception:
    """A 503 while the provider rate limits us or is unavailable; else a 422 naming ``param``
    with the provider's words."""
    name = display_name(provider)
    if isinstance(exc, RateLimited):
        return ServiceUnavailable(
            f"{name} is rate limiting us; retry after {exc.retry_after} s",
            code=f"{provider}_rate_limited",
            extra={"retry_after": exc.retry_after},
        )
    if isinstance(exc, Unavailable):
        return ServiceUnavailable(
            f"{name} could not check the connection: {exc.message}", code=f"{provider}_unavailable"
        )
    return InvalidRequest(
        f"{name} refused the connection: {exc.message}",
        param=param,
        code=f"{provider}_auth_failed",
    )
