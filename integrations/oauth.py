"""OAuth 2.0 pieces every provider adapter shares: the app the tokens were issued to, the token
pair with its expiry, and a JWT bearer grant (RFC 7523) for server-to-server connections.
Refreshing is the adapter's call (each provider has its own token endpoint); persisting what a
refresh returns is the caller's, sealed as :class:`TokenCredentials`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from core.crypto import SecretBox


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """The developer app the tokens belong to: refreshing needs its secret, exchanging an
    authorization code its redirect URI."""

    client_id: str
    client_secret: str
    redirect_uri: str = ""


@dataclass(frozen=True, slots=True)
class JwtBearer:
    """A server-to-server grant (RFC 7523): the app's consumer key, the user the tokens act
    as, and the private key (PEM) whose certificate the app holds. There is no refresh token:
    a new access token is minted by signing a fresh assertion."""

    client_id: str
    username: str
    private_key: str


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: datetime
    refresh_expires_at: datetime | None = None
    instance_url: str | None = None  # where the account's API answers (Salesforce)

    def expiring(self, now: datetime, margin: timedelta) -> bool:
        return self.expires_at - margin <= now


@dataclass(frozen=True, slots=True)
class TokenCredentials:
    """What is sealed in a token-based connection's credentials: the access token, and for an
    OAuth connection the refresh token, the access token's expiry and the app (a private-app
    token has none of these and never expires); ``instance_url`` for a provider whose API
    answers on the account's own host (Salesforce); ``jwt`` for a connection whose access
    tokens are minted with a signed assertion instead of refreshed (Salesforce)."""

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    app: OAuthApp | None = None
    instance_url: str | None = None
    jwt: JwtBearer | None = None

    @property
    def renewable(self) -> bool:
        """Whether a new access token can be had: by a refresh token, or a new assertion."""
        return self.jwt is not None or (self.refresh_token is not None and self.app is not None)

    def needs_refresh(self, now: datetime, margin: timedelta, refused: str | None) -> bool:
        """Whether to refresh before use: the access token expires within ``margin``, or it is
        ``refused``, the token the provider just turned down (not already replaced)."""
        if not self.renewable:
            return False
        if refused is not None:
            return refused == self.access_token
        return self.expires_at is not None and self.expires_at - margin <= now

    def refreshed(self, tokens: Tokens) -> TokenCredentials:
        return TokenCredentials(
            tokens.access_token,
            tokens.refresh_token or self.refresh_token,
            tokens.expires_at,
            self.app,
            tokens.instance_url or self.instance_url,
            self.jwt,
        )

    def seal(self, box: SecretBox) -> bytes:
        data: dict[str, Any] = {"access_token": self.access_token}
        if self.instance_url:
            data["instance_url"] = self.instance_url
        if self.refresh_token is not None and self.app is not None:
            data |= {
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "client_id": self.app.client_id,
                "client_secret": self.app.client_secret,
                "redirect_uri": self.app.redirect_uri,
            }
        if self.jwt is not None:
            data |= {
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "jwt_client_id": self.jwt.client_id,
                "jwt_username": self.jwt.username,
                "jwt_private_key": self.jwt.private_key,
            }
        return box.seal(data)

    @classmethod
    def open(cls, box: SecretBox, sealed: bytes) -> TokenCredentials:
        """Raises ``core.crypto.DecryptionError``, ``KeyError`` or ``ValueError`` for
        unusable credentials."""
        data = box.open(sealed)
        instance_url = str(data["instance_url"]) if data.get("instance_url") else None
        expires = data.get("expires_at")
        if data.get("jwt_private_key"):
            return cls(
                str(data["access_token"]),
                expires_at=datetime.fromisoformat(expires) if expires else None,
                instance_url=instance_url,
                jwt=JwtBearer(
                    str(data["jwt_client_id"]),
                    str(data["jwt_username"]),
                    str(data["jwt_private_key"]),
                ),
            )
        if not data.get("refresh_token"):
            return cls(str(data["access_token"]), instance_url=instance_url)
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=datetime.fromisoformat(expires) if expires else None,
            app=OAuthApp(
                str(data["client_id"]),
                str(data["client_secret"]),
                str(data.get("redirect_uri") or ""),
            ),
            instance_url=instance_url,
        )
