"""ASGI middleware: request ids and access logs, and the write side of idempotency keys."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import unexpected_error
from core.db import tenant_session
from core.ids import new_id
from core.logging import redact_path, request_id_var
from domain.idempotency import service as idempotency
from domain.keys.sealed import Person, people_touched

log = logging.getLogger("auditoryx.api")
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")
REPLAY_HEADER = "idempotent-replayed"


class RequestContextMiddleware:
    """Gives every request an id (the caller's ``X-Request-Id`` if sane), echoes it in the
    response, logs one line per request, and turns any unhandled error into a problem+json 500
    that carries the id and nothing of the internals."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else new_id("req")
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            if response_started:
                raise
            response = await unexpected_error(Request(scope), exc)
            await response(scope, receive, send_with_id)
        finally:
            path = redact_path(scope["path"])
            log.info(
                "%s %s %s",
                scope["method"],
                path,
                status,
                extra={
                    "status": status,
                    "method": scope["method"],
                    "path": path,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            request_id_var.reset(token)


class IdempotencyMiddleware:
    """Stores the response of a request whose idempotency key was reserved by the
    ``idempotency`` dependency, or releases the key when the request failed with a 5xx."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": bytearray()}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = message.get("headers", [])
            elif message["type"] == "http.response.body":
                captured["body"].extend(message.get("body", b""))
            await send(message)

        # Whose sealed fields the request sealed or opened: its stored response may carry
        # them, so it is stored sealed for those people (ADR 0034, revision 0045).
        people: set[Person] = set()
        try:
            with people_touched() as people:
                await self.app(scope, receive, capture)
        finally:
            reservation = scope.get("state", {}).get("idempotency")
            if reservation is not None:
                await self._settle(scope, reservation, captured, sorted(people))

    @staticmethod
    async def _settle(
        scope: Scope,
        reservation: tuple[str, str],
        captured: dict[str, Any],
        people: list[Person],
    ) -> None:
        organization_id, key = reservation
        sessionmaker: async_sessionmaker[AsyncSession] = scope["app"].state.sessionmaker
        # A parent organization's request may name a sub-organization's people: their
        # organization keys must be visible to seal for them.
        organizations = sorted({organization_id, *(p[0] for p in people)})
        async with tenant_session(sessionmaker, organizations) as session:
            if captured["status"] >= 500:
                await idempotency.release(session, organization_id=organization_id, key=key)
                return
            headers = {
                k.decode("latin-1"): v.decode("latin-1")
                for k, v in captured["headers"]
                if k.lower() in (b"content-type", b"location")
            }
            await idempotency.complete(
                session,
                organization_id=organization_id,
                key=key,
                status_code=captured["status"],
                body=bytes(captured["body"]),
                headers=headers,
                sealing=scope["app"].state.sealing,
                people=people,
            )
