"""Counting ``/v1`` requests for usage: per organization, API key, route group and status
class, on the app's in-memory meter (``domain/usage/meter.py``), flushed every few seconds.

The route group is the first segment after ``/v1`` of the route that matched
(``/v1/bookings/{id}`` → ``bookings``), so the groups are the API's resources and a caller
probing made-up paths cannot invent new ones (those count as ``unmatched``). Requests nobody
authenticated belong to no organization and are not counted; a request refused by the rate
limiter (429) was authenticated and is.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.metrics import status_class
from domain.tenancy.access import Principal
from domain.usage.meter import API_REQUESTS, UsageMeter

UNMATCHED = "unmatched"


def route_group(scope: Scope) -> str:
    """The first path segment after ``/v1`` of the matched route's template."""
    route: Any = scope.get("route")
    template = getattr(route, "path", None)
    if not isinstance(template, str) or not template.startswith("/v1/"):
        return UNMATCHED
    segment = template.removeprefix("/v1/").split("/", 1)[0]
    return segment if segment and "{" not in segment else UNMATCHED


class UsageMeterMiddleware:
    """Counts every authenticated ``/v1`` request once its response has started."""

    def __init__(self, app: ASGIApp, meter: UsageMeter) -> None:
        self.app = app
        self.meter = meter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        status = 500

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observe)
        finally:
            principal = scope.get("state", {}).get("principal")
            if isinstance(principal, Principal):
                self.meter.count(
                    principal.organization_id,
                    API_REQUESTS,
                    category=route_group(scope),
                    status_class=status_class(status),
                    api_key_id=principal.actor_id if principal.actor_type == "api_key" else None,
                )
