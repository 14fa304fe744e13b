"""A local OpenID Connect provider: what Okta, Entra ID or Google serve to a relying party,
on one recording server, signing real RS256 ID tokens.

- ``GET /.well-known/openid-configuration`` and ``GET /jwks``: discovery and the public key.
- ``GET /authorize``: checks the client, the redirect URI, ``response_type=code``, a nonce
  and an S256 PKCE challenge, then redirects back with a one-time code and the state.
- ``POST /token``: checks the client's secret (HTTP Basic), that the code is unused, was
  issued to this client for this redirect URI, and that the verifier hashes to the
  challenge; answers the ID token of :attr:`OidcProviderStub.person`.

Tests change who signs in (:attr:`person`) and make the next ID token wrong on purpose
(:attr:`next_claims` overrides claims, ``None`` removes one; :attr:`forge_next` signs it
with a key the JWKS does not list).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.stubs import Recorded, RecordingServer

KID = "stub-oidc-key"


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class OidcProviderStub(RecordingServer):
    """``clients``: client id → (client secret, registered redirect URI)."""

    def __init__(self, clients: dict[str, tuple[str, str]]) -> None:
        super().__init__()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.clients = dict(clients)
        self.person: dict[str, Any] = {
            "sub": "person-1",
            "email": "ada@northstar.example",
            "email_verified": True,
            "name": "Ada Lovelace",
            "groups": ["engineers"],
        }
        self.next_claims: dict[str, Any] = {}
        # Fields of the discovery document replaced (a provider pointing elsewhere).
        self.discovery_overrides: dict[str, Any] = {}
        self.forge_next = False
        self._codes: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    @property
    def issuer(self) -> str:
        return self.base_url

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        tenant, found, _ = request.path.partition("/.well-known/openid-configuration")
        if request.method == "GET" and found and tenant:
            # A provider with one issuer per tenant (as Entra ID's ``/{tenant}/v2.0``).
            return self._json({**self._discovery(), "issuer": f"{self.issuer}{tenant}"})
        if request.method == "GET" and request.path == "/.well-known/openid-configuration":
            return self._json(self._discovery())
        if request.method == "GET" and request.path == "/jwks":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            return self._json({"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]})
        if request.method == "GET" and request.path == "/authorize":
            return self._authorize(request.query)
        if request.method == "POST" and request.path == "/token":
            return self._token(request)
        return self._json({"error": "not_found"}, 404)

    def _discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "email", "profile"],
            **self.discovery_overrides,
        }

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        client = self.clients.get(query.get("client_id", ""))
        if client is None or query.get("redirect_uri") != client[1]:
            return self._json({"error": "invalid_client"}, 400)
        if (
            query.get("response_type") != "code"
            or query.get("code_challenge_method") != "S256"
            or len(query.get("code_challenge", "")) < 43
            or not query.get("nonce")
            or "openid" not in query.get("scope", "").split()
        ):
            return self._json({"error": "invalid_request"}, 400)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {
                "client_id": query["client_id"],
                "redirect_uri": query["redirect_uri"],
                "challenge": query["code_challenge"],
                "nonce": query["nonce"],
            }
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": location}, b""

    def _token(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        client_id, _, secret = (
            base64.b64decode(credentials).decode().partition(":")
            if scheme == "Basic"
            else ("", "", "")
        )
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client[0], secret):
            return self._json({"error": "invalid_client"}, 401)
        form = request.form()
        with self._lock:
            issued = self._codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or issued is None
            or issued["client_id"] != client_id
            or issued["redirect_uri"] != form.get("redirect_uri")
            or _challenge(form.get("code_verifier", "")) != issued["challenge"]
        ):
            return self._json({"error": "invalid_grant"}, 400)
        return self._json(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.id_token(client_id, issued["nonce"]),
            }
        )

    def id_token(self, client_id: str, nonce: str) -> str:
        """The ID token of :attr:`person` for ``client_id``, with this once's overrides."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.person,
            **self.next_claims,
        }
        claims = {k: v for k, v in claims.items() if v is not None}
        key = self.key
        if self.forge_next:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.next_claims, self.forge_next = {}, False
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    def _json(self, body: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()
