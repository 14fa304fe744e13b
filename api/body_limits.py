"""Request bodies are bounded before anything reads them.

A body is parsed before a route's dependencies run, so without a bound anyone, with no key at
all, could make the API hold hundreds of megabytes per request. :class:`BodyLimitMiddleware`
sits outside the app: a declared ``Content-Length`` over the route's limit is answered 413 at
once, unread; a body without one (chunked) is counted while it streams and cut off as soon as
it passes the limit. Every route has the default limit (``MAX_BODY_BYTES``, 1 MiB) except
those in :func:`route_body_limits`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem
from core.config import Settings

# Slack sends interaction payloads of a few kilobytes; 64 KiB is ample and the callback is
# unauthenticated until its signature has been checked over the whole body.
SLACK_INTERACTIONS_MAX_BYTES = 64 * 1024
# A Teams activity (an invoke with the clicked card's data, an installation) is a few
# kilobytes as well; it too is unauthenticated until its token has been verified.
TEAMS_MESSAGES_MAX_BYTES = 64 * 1024


def route_body_limits(settings: Settings) -> dict[str, int]:
    """The routes whose limit differs from the default, by path (none has a path parameter)."""
    return {
        # Roster import: up to 5000 artists as CSV or JSON (MAX_ROSTER_IMPORT_BYTES, 5 MiB).
        "/v1/artists/bulk": settings.max_roster_import_bytes,
        # The dashboard's import: the same file, sent back form-encoded after its preview
        # (percent-encoding at most triples it); the page then refuses more than the file limit.
        "/dashboard/roster/import": 3 * settings.max_roster_import_bytes,
        # Revenue statement import: up to 50 000 rows (MAX_REVENUE_IMPORT_BYTES, 20 MiB).
        "/v1/revenue/imports": settings.max_revenue_import_bytes,
        # Bulk booking: up to 5000 sessions (MAX_BULK_BOOKING_BYTES, 5 MiB).
        "/v1/bulk-bookings": settings.max_bulk_booking_bytes,
        "/integrations/slack/interactions": SLACK_INTERACTIONS_MAX_BYTES,
        "/integrations/teams/messages": TEAMS_MESSAGES_MAX_BYTES,
    }


class BodyTooLarge(HTTPException):
    """Raised to the app by a ``receive`` that passed the limit; the app's own answer to it
    is discarded and the middleware's 413 sent instead. An HTTP error, so nothing on the way
    logs it as a crash."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class BodyLimitMiddleware:
    """Answers 413 ``body_too_large`` to a request whose body passes its route's limit,
    before the app parses it or authenticates the caller, without reading the rest."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.limits = dict(limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(limit, scope, receive, send)
            return
        received = 0
        exceeded = False
        response_started = False

        async def bounded_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if exceeded and not response_started:
                return  # the app's answer to the cut-off body: ours replaces it
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not response_started:
            await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413,
            "body_too_large",
            "Request body too large",
            f"The request body is larger than this route's limit of {limit} bytes.",
            param="body",
            limit=limit,
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)
