"""The API's metrics and traces: RED metrics per route template, ``GET /metrics``, and the
FastAPI telemetry settings that put HTTP server spans on the process's tracer provider.

``/metrics`` serves the process's Prometheus registry (``core/metrics.py``). With
``METRICS_TOKEN`` set it requires ``Authorization: Bearer <token>`` (401 otherwise); without
one it is open in dev and test and absent (404) in production, where the API's port is public.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import metrics
from core.config import Environment, Settings
from core.security import bearer_matches
from core.tracing import Tracing
from domain.errors import NotFound, Unauthenticated

METRICS_PATH = "/metrics"
# Scrapes and probes are neither traffic worth a span nor worth counting.
UNOBSERVED_PATHS = frozenset({METRICS_PATH, "/healthz", "/readyz"})


class RequestMetricsMiddleware:
    """Counts and times every HTTP request by method, route *template* and status class.

    The template is read from the route the router matched (``/v1/bookings/{booking_id}``),
    so ids and one-time tokens in paths never become label values; a request no route
    matched is ``unmatched``, a file of a mounted directory ``<mount>/{path}``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNOBSERVED_PATHS:
            await self.app(scope, receive, send)
            return
        root_path = scope.get("root_path", "")
        status = 500
        started = time.perf_counter()

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        metrics.HTTP_REQUESTS_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_status)
        finally:
            metrics.HTTP_REQUESTS_IN_FLIGHT.dec()
            metrics.observe_request(
                metrics.method_label(scope["method"]),
                metrics.route_label(route_template(scope, root_path)),
                status,
                time.perf_counter() - started,
            )


def route_template(scope: MutableMapping[str, Any], root_path: str) -> str | None:
    """The template of the route that answered, if one did."""
    template = getattr(scope.get("route"), "path_format", None)
    if isinstance(template, str):
        return template
    mounted = scope.get("root_path", "")
    if mounted != root_path:  # a mounted app (static files) answered
        return f"{mounted.removeprefix(root_path)}/{{path}}"
    return None


async def serve_metrics(request: Request) -> Response:
    """``GET /metrics``: the registry in Prometheus's text format, if the caller may see it."""
    settings: Settings = request.app.state.settings
    token = settings.metrics_token
    if not token:
        if settings.environment is Environment.PRODUCTION:
            raise NotFound("not found")
    else:
        if not bearer_matches(request.headers.get("authorization"), token):
            raise Unauthenticated("GET /metrics needs Authorization: Bearer <METRICS_TOKEN>")
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def telemetry_config(tracing: Tracing) -> TelemetryConfig:
    """``FastAPI(telemetry=...)``: server spans on the process's provider when tracing is on;
    when off, FastAPI's native telemetry is off whole (no spans, metrics or log records).
    Request metrics are Prometheus's (above), not OpenTelemetry's."""
    if tracing.provider is None:
        return {"tracing": False, "metrics": False, "logs": False}
    return {
        "tracer_provider": tracing.provider,
        "metrics": False,
        "logs": False,
        "exclude": _unobserved,
    }


def _unobserved(scope: MutableMapping[str, Any]) -> bool:
    return scope.get("path") in UNOBSERVED_PATHS


def install(app: FastAPI) -> None:
    """Serve ``/metrics`` and count every request (outermost, so every answer is counted,
    whatever inside produced it)."""
    app.add_route(METRICS_PATH, serve_metrics, methods=["GET"], include_in_schema=False)
    app.add_middleware(RequestMetricsMiddleware)
