"""A HubSpot CRM v3 stand-in that speaks its wire format: objects (companies, contacts, deals)
with create / get / update (PATCH) / search, bearer-token auth answering 401 like HubSpot, and
429 with ``Retry-After`` when told to rate limit."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

from tests.stubs import Recorded, RecordingServer

PREFIX = "/crm/v3/objects/"


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
        self._limits: dict[tuple[str, str], list[int]] = {}
        self._state = threading.Lock()

    @property
    def host(self) -> str:
        return self.base_url

    def rate_limit(self, method: str, kind: str, retry_after: int, times: int = 1) -> None:
        with self._state:
            self._limits.setdefault((method, kind), []).extend([retry_after] * times)

    def add(self, kind: str, properties: dict[str, str]) -> str:
        with self._state:
            object_id = str(next(self._ids))
            self.objects[kind][object_id] = dict(properties)
        return object_id

    def writes(self, kind: str) -> list[Recorded]:
        return self.recorded(
            lambda r: (
                r.path.startswith(PREFIX + kind)
                and r.method in ("POST", "PATCH")
                and not r.path.endswith("/search")
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
            waits = self._limits.get((request.method, kind))
            if waits and not rest:
                retry_after = waits.pop(0)
                return self._json(
                    429,
                    {"status": "error", "message": "You have reached your secondly limit."},
                    {"Retry-After": str(retry_after)},
                )
            store = self.objects[kind]
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
