"""A HubSpot CRM v3 stand-in that speaks its wire format: objects (companies, contacts, deals)
with create / get / update (PATCH) / search / batch read (207 with ``OBJECT_NOT_FOUND`` for
missing ids), bearer-token auth answering 401 like HubSpot, 429 with ``Retry-After`` when told
to rate limit, the OAuth token endpoint (``/oauth/v1/token``: authorization codes and refresh
tokens of one registered app, access tokens that can be expired on demand) and the app's
install page (``/oauth/authorize``: the user grants, or declines after ``deny_consent``, and
is sent back to the redirect URI with a fresh code, or ``error=access_denied``, and the
state)."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any
from urllib.parse import urlencode

from tests.stubs import Recorded, RecordingServer

PREFIX = "/crm/v3/objects/"
TOKEN_PATH = "/oauth/v1/token"
AUTHORIZE_PATH = "/oauth/authorize"


class HubSpotStub(RecordingServer):
    def __init__(self, tokens: set[str]) -> None:
        super().__init__()
        handler = self._server.RequestHandlerClass
        handler.do_PATCH = handler.do_POST  # type: ignore[attr-defined]
        handler.do_DELETE = handler.do_POST  # type: ignore[attr-defined]
        self.tokens = set(tokens)
        self.objects: dict[str, dict[str, dict[str, Any]]] = {
            "companies": {},
            "contacts": {},
            "deals": {},
        }
        self._ids = itertools.count(1001)
        self._tokens = itertools.count(1)
        # OAuth: the registered app, codes it may exchange, refresh tokens it holds.
        self.app: tuple[str, str] | None = None
        self.codes: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.grants_consent = True
        self._limits: dict[tuple[str, str], list[int]] = {}
        self._state = threading.Lock()

    @property
    def host(self) -> str:
        return self.base_url

    def rate_limit(self, method: str, kind: str, retry_after: int, times: int = 1) -> None:
        """The next ``times`` requests of ``method`` (``"BATCH"``: batch reads) on ``kind``
        answer 429 with ``Retry-After: retry_after``."""
        with self._state:
            self._limits.setdefault((method, kind), []).extend([retry_after] * times)

    def add(self, kind: str, properties: dict[str, str]) -> str:
        with self._state:
            object_id = str(next(self._ids))
            self.objects[kind][object_id] = dict(properties)
        return object_id

    def register_app(self, client_id: str, client_secret: str, code: str) -> None:
        """An OAuth app that may exchange ``code`` (once) for tokens."""
        with self._state:
            self.app = (client_id, client_secret)
            self.codes.add(code)

    def deny_consent(self) -> None:
        """The user declines on the install page from now on."""
        with self._state:
            self.grants_consent = False

    def consents(self) -> list[Recorded]:
        return self.recorded(lambda r: r.path == AUTHORIZE_PATH)

    def _consent(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """HubSpot's install page, decided at once: back to the redirect URI with a new code
        the registered app may exchange, or with ``error=access_denied``."""
        if self.app is None or query.get("client_id") != self.app[0]:
            return 400, {"Content-Type": "text/plain"}, b"unknown client_id"
        if self.grants_consent:
            code = f"hs-code-{next(self._tokens):04d}"
            self.codes.add(code)
            answer = {"code": code, "state": query.get("state", "")}
        else:
            answer = {"error": "access_denied", "state": query.get("state", "")}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(answer)}"}, b""

    def expire(self, access_token: str) -> None:
        """HubSpot stops accepting ``access_token`` (it expired, or was revoked early)."""
        with self._state:
            self.tokens.discard(access_token)

    def token_grants(self, grant_type: str) -> list[Recorded]:
        return self.recorded(
            lambda r: r.path == TOKEN_PATH and r.form().get("grant_type") == grant_type
        )

    def batch_reads(self, kind: str) -> list[Recorded]:
        return self.recorded(lambda r: r.path == f"{PREFIX}{kind}/batch/read")

    def _grant(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        bad = {"status": "BAD_GRANT", "message": "missing or unknown grant"}
        if self.app != (form.get("client_id"), form.get("client_secret")):
            return self._json(400, {"status": "BAD_CLIENT_ID", "message": "unknown client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            if form.get("code") not in self.codes:
                return self._json(400, {**bad, "status": "BAD_AUTH_CODE"})
            self.codes.discard(form["code"])
            refresh = f"hs-refresh-{next(self._tokens):04d}"
            self.refresh_tokens.add(refresh)
        elif grant == "refresh_token":
            refresh = form.get("refresh_token", "")
            if refresh not in self.refresh_tokens:
                return self._json(
                    400,
                    {"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token"},
                )
        else:
            return self._json(400, bad)
        access = f"hs-access-{next(self._tokens):04d}-0123456789"
        self.tokens.add(access)
        return self._json(
            200,
            {
                "token_type": "bearer",
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": 1800,
            },
        )

    def _batch_read(self, kind: str, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        body = request.json()
        store = self.objects[kind]
        ids = [i["id"] for i in body["inputs"]]
        found = [self._object(i, store[i]) for i in ids if i in store]
        missing = [i for i in ids if i not in store]
        answer: dict[str, Any] = {
            "status": "COMPLETE",
            "results": found,
            "startedAt": "2026-11-30T10:00:00.000Z",
            "completedAt": "2026-11-30T10:00:00.100Z",
        }
        if not missing:
            return self._json(200, answer)
        answer["numErrors"] = 1
        answer["errors"] = [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "Could not get some objects, they may be deleted or not exist.",
                "context": {"ids": missing},
            }
        ]
        return self._json(207, answer)

    def writes(self, kind: str) -> list[Recorded]:
        return self.recorded(
            lambda r: (
                r.path.startswith(PREFIX + kind)
                and r.method in ("POST", "PATCH")
                and not r.path.endswith(("/search", "/batch/read"))
            )
        )

    @staticmethod
    def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        return (
            status,
            {"Content-Type": "application/json", **(headers or {})},
            json.dumps(body).encode(),
        )

    def _object(self, object_id: str, properties: dict[str, Any]) -> dict[str, Any]:
        stamp = "2026-11-30T10:00:00.000Z"
        return {
            "id": object_id,
            "properties": properties,
            "createdAt": stamp,
            "updatedAt": stamp,
            "archived": False,
        }

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        if request.path == TOKEN_PATH:
            with self._state:
                return self._grant(request.form())
        if request.path == AUTHORIZE_PATH:
            with self._state:
                return self._consent(request.query)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return self._json(
                401,
                {
                    "status": "error",
                    "message": "Authentication credentials not found. This API supports "
                    "OAuth 2.0 authentication",
                    "category": "INVALID_AUTHENTICATION",
                },
            )
        parts = request.path.removeprefix(PREFIX).split("/")
        kind, rest = parts[0], parts[1:]
        with self._state:
            batch = rest == ["batch", "read"]
            waits = self._limits.get(("BATCH" if batch else request.method, kind))
            if waits and (batch or not rest):
                retry_after = waits.pop(0)
                return self._json(
                    429,
                    {"status": "error", "message": "You have reached your secondly limit."},
                    {"Retry-After": str(retry_after)},
                )
            store = self.objects[kind]
            if request.method == "POST" and rest == ["batch", "read"]:
                return self._batch_read(kind, request)
            if request.method == "GET" and not rest:
                return self._json(200, {"results": []})
            if request.method == "POST" and rest == ["search"]:
                flt = request.json()["filterGroups"][0]["filters"][0]
                hits = [
                    self._object(i, p)
                    for i, p in store.items()
                    if p.get(flt["propertyName"]) == flt["value"]
                ]
                return self._json(200, {"total": len(hits), "results": hits[:1]})
            if request.method == "POST" and not rest:
                properties = request.json()["properties"]
                if kind == "deals" and not properties.get("dealname"):
                    return self._json(
                        400,
                        {
                            "status": "error",
                            "message": "Property values were not valid: dealname is required",
                            "category": "VALIDATION_ERROR",
                        },
                    )
                object_id = str(next(self._ids))
                store[object_id] = dict(properties)
                return self._json(201, self._object(object_id, store[object_id]))
            object_id = rest[0]
            if object_id not in store:
                return self._json(404, {"status": "error", "message": "Object not found"})
            if request.method == "PATCH":
                store[object_id].update(request.json()["properties"])
            if request.method == "DELETE":
                del store[object_id]
                return 204, {}, b""
            return self._json(200, self._object(object_id, store[object_id]))
