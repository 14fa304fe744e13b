"""Asana's OAuth 2.0 (authorization code with refresh) over ``httpx``: its consent page
(``{auth_url}/-/oauth_authorize``) and token endpoint (``{auth_url}/-/oauth_token``).

An Asana OAuth access token lives an hour; the refresh token does not expire until the user
revokes the app's access, and a refresh answers a new access token only (the refresh token
stays). What a refresh returns is the caller's to persist (sealed as
:class:`~integrations.oauth.TokenCredentials`). A refused code or refresh token is
:class:`Unauthorized` (Asana's ``invalid_grant`` / ``invalid_client`` with its description),
a 429 :class:`RateLimited` with Asana's ``Retry-After``, a 5xx or an unreachable endpoint
:class:`Unavailable`. Knows nothing of Temporal or FastAPI.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from integrations.errors import RateLimited, Unauthorized, Unavailable
from integrations.oauth import OAuthApp, Tokens

PROVIDER = "asana"
AUTH_URL = "https://app.asana.com"
# The app is registered with *Full permissions*: the sync uses the batch API and webhooks,
# which Asana's granular scopes do not all cover, and the two modes exclude each other (an
# app of one refuses a request in the other's terms), so no ``scope`` is sent by default.
SCOPES: tuple[str, ...] = ()
REQUEST_TIMEOUT = 30.0
DEFAULT_LIFETIME = 3600  # seconds; Asana's access tokens live an hour


class AsanaOAuth:
    """Asana's consent page and token endpoint for one deployment (``auth_url`` is
    ``ASANA_AUTH_URL``)."""

    def __init__(
        self,
        auth_url: str = AUTH_URL,
        *,
        timeout: float = REQUEST_TIMEOUT,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._auth_url = auth_url.rstrip("/")
        self._timeout = timeout
        self._http = http

    def authorization_url(self, app: OAuthApp, state: str, scopes: Sequence[str] = SCOPES) -> str:
        query = {
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "response_type": "code",
            "state": state,
        }
        if scopes:
            query["scope"] = " ".join(scopes)
        return f"{self._auth_url}/-/oauth_authorize?{urlencode(query)}"

    async def exchange_code(self, app: OAuthApp, code: str) -> Tokens:
        """The tokens an authorization code is worth (a code is good once)."""
        return await self._grant(
            {
                "grant_type": "authorization_code",
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "redirect_uri": app.redirect_uri,
                "code": code,
            },
            refresh_token=None,
        )

    async def refresh(self, app: OAuthApp, refresh_token: str) -> Tokens:
        """A new access token; the refresh token is kept (Asana answers none)."""
        return await self._grant(
            {
                "grant_type": "refresh_token",
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "redirect_uri": app.redirect_uri,
                "refresh_token": refresh_token,
            },
            refresh_token=refresh_token,
        )

    async def _grant(self, form: dict[str, str], *, refresh_token: str | None) -> Tokens:
        url = f"{self._auth_url}/-/oauth_token"
        try:
            if self._http is not None:
                response = await self._http.post(url, data=form, timeout=self._timeout)
            else:
                async with httpx.AsyncClient(follow_redirects=False) as http:
                    response = await http.post(url, data=form, timeout=self._timeout)
        except httpx.HTTPError as exc:
            raise Unavailable(
                f"Asana's token endpoint is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None
        body = _json(response)
        if response.status_code == 429:
            raise RateLimited(_retry_after(response.headers), provider=PROVIDER)
        if response.status_code >= 500:
            raise Unavailable(
                f"Asana's token endpoint answered {response.status_code}",
                provider=PROVIDER,
                status=response.status_code,
            )
        if response.status_code != 200 or not body.get("access_token"):
            words = body.get("error_description") or body.get("error") or response.status_code
            raise Unauthorized(
                f"Asana refused the grant: {words}",
                provider=PROVIDER,
                status=response.status_code,
                code=str(body.get("error") or "") or None,
            )
        lifetime = int(body.get("expires_in") or DEFAULT_LIFETIME)
        return Tokens(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or refresh_token or ""),
            expires_at=datetime.now(UTC) + timedelta(seconds=lifetime),
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(headers: httpx.Headers) -> float:
    try:
        return max(1.0, float(headers.get("retry-after", "")))
    except ValueError:
        return 30.0
