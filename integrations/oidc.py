"""OpenID Connect relying party: what signing a person in at their organization's identity
provider needs, with Authlib's PKCE and ID-token rules.

- :meth:`OidcClient.metadata`: the issuer's discovery document
  (``{issuer}/.well-known/openid-configuration``), cached for an hour; its ``issuer`` must be
  the configured one exactly.
- :meth:`OidcClient.authorization_request`: the authorization-code request with fresh
  ``state``, ``nonce`` and a PKCE verifier whose S256 challenge goes to the provider.
- :meth:`OidcClient.exchange_code`: the code and the verifier for the ID token at the token
  endpoint (client secret by HTTP Basic, or in the form when that is all the provider takes).
- :meth:`OidcClient.validate_id_token`: the signature against the issuer's JWKS (asymmetric
  algorithms only; an unknown ``kid`` refetches the keys, at most once a minute), then ``iss``,
  ``aud``, ``exp``, ``iat``, ``nonce`` and ``azp`` by Authlib's ``CodeIDToken``.

Every URL is an administrator's choice, so every fetch goes through the SSRF guard and to the
address it checked. An issuer the operator lists in ``SSO_TRUSTED_ISSUERS`` (an identity
provider inside the network, or a local one in development) may be called at a private
address, and over plain http, on its own origin only.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from core.url_guard import (
    DEFAULT_ALLOWED_PORTS,
    UnsafeUrl,
    check_url,
    pinned_request_target,
    sni_hostname,
)

SCOPES = "openid email profile"
METADATA_TTL_SECONDS = 3600
KEYS_TTL_SECONDS = 3600
REFETCH_KEYS_AFTER_SECONDS = 60
LEEWAY_SECONDS = 60
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
MAX_DOCUMENT_BYTES = 512 * 1024
# Issuers are typed by administrators of any organization: a process keeps this many
# discovery documents and key sets at most, the least recently used going first.
MAX_CACHED = 1024

HttpClientFactory = Callable[[], httpx.AsyncClient]
V = TypeVar("V")


def default_http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10.0, follow_redirects=False)


class OidcError(Exception):
    """The provider, or what it answered, cannot be used; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    token_auth_methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """Where to send the browser, and what must come back bound to it."""

    url: str
    state: str
    nonce: str
    code_verifier: str


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``; empty for a URL too malformed to have one (which
    the SSRF guard then refuses)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return ""
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class _Recent(Generic[V]):
    """At most ``size`` entries; reading one makes it the most recent, and adding one past
    the size drops the least recent."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, V] = OrderedDict()

    def get(self, key: str) -> V | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: str, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)


class OidcClient:
    """One per process: the caches of discovery documents and keys are shared by every
    organization (keys are looked up per issuer, never across issuers) and bounded, so
    that no organization's issuers crowd the memory of a process."""

    def __init__(
        self,
        *,
        trusted_issuers: Collection[str] = (),
        allowed_ports: Collection[int] = DEFAULT_ALLOWED_PORTS,
        http: HttpClientFactory = default_http,
        clock: Callable[[], float] = time.time,
        max_cached: int = MAX_CACHED,
    ) -> None:
        self._trusted = {origin(i) for i in trusted_issuers}
        self._allowed_ports = tuple(allowed_ports)
        self._http = http
        self._clock = clock
        self._metadata: _Recent[tuple[float, ProviderMetadata]] = _Recent(max_cached)
        self._keys: _Recent[tuple[float, KeySet]] = _Recent(max_cached)

    def trusted(self, issuer: str) -> bool:
        return bool(origin(issuer)) and origin(issuer) in self._trusted

    async def check_issuer(self, issuer: str) -> None:
        """Raise :class:`OidcError` unless ``issuer`` may be called (SSRF guard)."""
        await self._target(issuer, issuer)

    # --- discovery and keys ---------------------------------------------------------------

    async def metadata(self, issuer: str) -> ProviderMetadata:
        cached = self._metadata.get(issuer)
        if cached and cached[0] > self._clock():
            return cached[1]
        document = await self._get_json(
            issuer.rstrip("/") + "/.well-known/openid-configuration", issuer
        )
        if document.get("issuer") != issuer:
            raise OidcError("the provider's discovery document names another issuer")
        try:
            found = ProviderMetadata(
                issuer=issuer,
                authorization_endpoint=_url(document, "authorization_endpoint"),
                token_endpoint=_url(document, "token_endpoint"),
                jwks_uri=_url(document, "jwks_uri"),
                token_auth_methods=tuple(
                    document.get("token_endpoint_auth_methods_supported")
                    or ("client_secret_basic",)
                ),
            )
        except (KeyError, TypeError):
            raise OidcError("the provider's discovery document is incomplete") from None
        if "S256" not in document.get("code_challenge_methods_supported", ["S256"]):
            raise OidcError("the provider does not support PKCE with S256")
        self._metadata.put(issuer, (self._clock() + METADATA_TTL_SECONDS, found))
        return found

    async def _keys_for(self, metadata: ProviderMetadata, kid: str | None) -> KeySet:
        cached = self._keys.get(metadata.jwks_uri)
        now = self._clock()
        if cached:
            fetched_at, keys = cached
            fresh = now - fetched_at < KEYS_TTL_SECONDS
            known = kid is None or any(k.kid == kid for k in keys.keys)
            if fresh and (known or now - fetched_at < REFETCH_KEYS_AFTER_SECONDS):
                return keys
        document = await self._get_json(metadata.jwks_uri, metadata.issuer)
        try:
            keys = KeySet.import_key_set(
                {"keys": [k for k in document.get("keys", []) if k.get("kty") in ("RSA", "EC")]}
            )
        except (JoseError, ValueError, TypeError, AttributeError):
            raise OidcError("the provider's signing keys cannot be read") from None
        self._keys.put(metadata.jwks_uri, (now, keys))
        return keys

    # --- the flow -------------------------------------------------------------------------

    def authorization_request(
        self, metadata: ProviderMetadata, *, client_id: str, redirect_uri: str
    ) -> AuthorizationRequest:
        state, nonce, verifier = generate_token(43), generate_token(43), generate_token(64)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": SCOPES,
                "state": state,
                "nonce": nonce,
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in metadata.authorization_endpoint else "?"
        return AuthorizationRequest(
            url=f"{metadata.authorization_endpoint}{separator}{query}",
            state=state,
            nonce=nonce,
            code_verifier=verifier,
        )

    async def exchange_code(
        self,
        metadata: ProviderMetadata,
        *,
        client_id: str,
        client_secret: str,
        code: str,
        redirect_uri: str,
        code_verifier: str,
    ) -> str:
        """The ID token the provider gives for ``code``."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
        }
        auth = httpx.Auth()  # as is: the secret goes in the form
        if "client_secret_basic" in metadata.token_auth_methods:
            auth = httpx.BasicAuth(client_id, client_secret)
        else:
            form |= {"client_id": client_id, "client_secret": client_secret}
        target = await self._target(metadata.token_endpoint, metadata.issuer)
        try:
            async with self._http() as http:
                response = await http.post(
                    target.url,
                    data=form,
                    auth=auth,
                    headers={"Host": target.host, "Accept": "application/json"},
                    extensions=_sni(metadata.token_endpoint),
                )
        except httpx.HTTPError as exc:
            raise OidcError(
                f"the provider's token endpoint is unreachable ({type(exc).__name__})"
            ) from None
        body = _json(response)
        if response.status_code != 200:
            error = str(body.get("error", response.status_code))[:60]
            raise OidcError(f"the provider refused the sign-in code ({error})")
        id_token = body.get("id_token")
        if not isinstance(id_token, str) or not id_token:
            raise OidcError("the provider answered without an ID token")
        return id_token

    async def validate_id_token(
        self, metadata: ProviderMetadata, id_token: str, *, client_id: str, nonce: str
    ) -> dict[str, Any]:
        """The claims of ``id_token`` once its signature and claims hold; else OidcError."""
        kid = _unverified_kid(id_token)
        keys = await self._keys_for(metadata, kid)
        try:
            token = jwt.decode(id_token, keys, algorithms=list(ALGORITHMS))
        except (JoseError, ValueError):
            raise OidcError("the ID token's signature is not valid") from None
        claims = CodeIDToken(
            token.claims,
            token.header,
            options={
                "iss": {"essential": True, "value": metadata.issuer},
                "aud": {"essential": True, "value": client_id},
                "exp": {"essential": True},
                "iat": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            params={"nonce": nonce, "client_id": client_id},
        )
        try:
            claims.validate(now=int(self._clock()), leeway=LEEWAY_SECONDS)
        except JoseError as exc:
            raise OidcError(f"the ID token was refused: {exc.description or exc.error}") from None
        return dict(claims)

    # --- HTTP through the guard -----------------------------------------------------------

    async def _target(self, url: str, issuer: str) -> Any:
        own_origin = self.trusted(issuer) and origin(url) == origin(issuer)
        try:
            addresses = await check_url(
                url,
                require_https=not own_origin,
                allow_private=own_origin,
                allowed_ports=self._allowed_ports,
            )
        except UnsafeUrl as exc:
            raise OidcError(f"the provider cannot be called: {exc}") from None
        return pinned_request_target(url, addresses[0])

    async def _get_json(self, url: str, issuer: str) -> dict[str, Any]:
        target = await self._target(url, issuer)
        try:
            async with self._http() as http:
                response = await http.get(
                    target.url,
                    headers={"Host": target.host, "Accept": "application/json"},
                    extensions=_sni(url),
                )
        except httpx.HTTPError as exc:
            raise OidcError(f"the provider is unreachable ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise OidcError(f"the provider answered {response.status_code} to {urlsplit(url).path}")
        return _json(response)


def _sni(url: str) -> dict[str, Any]:
    sni = sni_hostname(url)
    return {"sni_hostname": sni} if sni else {}


def _json(response: httpx.Response) -> dict[str, Any]:
    if len(response.content) > MAX_DOCUMENT_BYTES:
        raise OidcError("the provider's answer is too large")
    try:
        body = response.json()
    except ValueError:
        raise OidcError("the provider's answer is not JSON") from None
    if not isinstance(body, dict):
        raise OidcError("the provider's answer is not a JSON object")
    return body


def _url(document: dict[str, Any], name: str) -> str:
    value = document[name]
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise TypeError(name)
    return value


def _unverified_kid(id_token: str) -> str | None:
    """The ``kid`` of the token's header, read only to pick the key that verifies it."""
    try:
        header = jws.extract_compact(id_token.encode()).headers()
    except (JoseError, ValueError):
        raise OidcError("the ID token is malformed") from None
    kid = header.get("kid")
    return kid if isinstance(kid, str) else None
