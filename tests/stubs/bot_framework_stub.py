"""A local Bot Framework: what Microsoft serves to a Teams bot, on one recording server.

- ``GET /v1/.well-known/openidconfiguration`` and ``GET /v1/.well-known/keys``: the OpenID
  metadata and the JWKS of a test RSA key; :meth:`BotFrameworkStub.token` signs activities'
  bearer tokens with it exactly as the Bot Connector does (RS256, ``kid``, issuer
  ``https://api.botframework.com``, audience = the bot's app id, ``serviceurl``).
- ``POST /botframework.com/oauth2/v2.0/token``: client credentials of the known bots.
- ``/teams/v3/conversations/...``: the Bot Connector of the service URL ``{base}/teams/``:
  sending an activity (answers its new id), replacing one, reading a member (their e-mail).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.stubs import Recorded, RecordingServer

ISSUER = "https://api.botframework.com"
KID = "stub-signing-key"
ACTIVITIES = re.compile(r"^/teams/v3/conversations/([^/]+)/activities(?:/([^/]+))?$")
MEMBER = re.compile(r"^/teams/v3/conversations/([^/]+)/members/([^/]+)$")


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class BotFrameworkStub(RecordingServer):
    """``bots``: app id → client secret; ``users``: Teams user id → (Entra object id, e-mail)."""

    def __init__(self, bots: Mapping[str, str], users: Mapping[str, tuple[str, str]]) -> None:
        super().__init__()
        self.key = new_key()
        self.kid = KID
        self._bots = dict(bots)
        self._users = dict(users)
        self._ids = itertools.count(1)

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/botframework.com/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/teams/"

    def token(
        self,
        app_id: str,
        *,
        key: rsa.RSAPrivateKey | None = None,
        expires_in: int = 3600,
        service_url: str | None = None,
        issuer: str = ISSUER,
    ) -> str:
        """A bearer token as the Bot Connector signs it for a call to the bot ``app_id``."""
        now = int(time.time())
        claims = {
            "serviceurl": service_url or self.service_url,
            "nbf": now - 60,
            "exp": now + expires_in,
            "iss": issuer,
            "aud": app_id,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def rotate(self) -> None:
        """Roll the signing key, as Microsoft does: a new key under a new ``kid``, the old one
        no longer published."""
        self.key = new_key()
        self.kid = f"{KID}-{next(self._ids)}"

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        if request.method == "GET" and request.path == "/v1/.well-known/openidconfiguration":
            return self._json(
                {
                    "issuer": ISSUER,
                    "authorization_endpoint": "https://invalid.botframework.com",
                    "jwks_uri": f"{self.base_url}/v1/.well-known/keys",
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                }
            )
        if request.method == "GET" and request.path == "/v1/.well-known/keys":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            published = {**jwk, "kid": self.kid, "use": "sig", "endorsements": []}
            return self._json({"keys": [published]})
        if request.method == "POST" and request.path == "/botframework.com/oauth2/v2.0/token":
            form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
            app_id = form.get("client_id", "")
            if self._bots.get(app_id) != form.get("client_secret"):
                return self._json({"error": "invalid_client"}, status=401)
            return self._json(
                {"token_type": "Bearer", "expires_in": 3599, "access_token": f"bf-{app_id}"}
            )
        if not self._authorized(request):
            return self._json({"message": "Authorization has been denied"}, status=401)
        if match := ACTIVITIES.match(request.path):
            if request.method == "POST":
                return self._json({"id": f"1:activity-{next(self._ids)}"}, status=201)
            return self._json({"id": unquote(match.group(2) or "")})
        if (match := MEMBER.match(request.path)) and request.method == "GET":
            user_id = unquote(match.group(2))
            if user_id not in self._users:
                return self._json({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
            aad, email = self._users[user_id]
            return self._json(
                {"id": user_id, "aadObjectId": aad, "email": email, "userPrincipalName": email}
            )
        return self._json({"error": {"code": "NotFound"}}, status=404)

    def _authorized(self, request: Recorded) -> bool:
        return request.headers.get("authorization") in {f"Bearer bf-{a}" for a in self._bots}

    def _json(self, body: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def sent(self) -> list[Recorded]:
        """Activities sent to conversations (new messages)."""
        return self.recorded(lambda r: r.method == "POST" and bool(ACTIVITIES.match(r.path)))

    def updates(self) -> list[Recorded]:
        """Activities replaced (cards updated)."""
        return self.recorded(lambda r: r.method == "PUT" and bool(ACTIVITIES.match(r.path)))
