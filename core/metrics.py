"""The application's Prometheus metrics: what the API and the worker count and time.

Every series lives in the process's default registry, which the API serves at ``/metrics``
(``api/observability.py``) and the worker on ``WORKER_METRICS_PORT`` (:func:`serve`). The
Temporal SDK's own metrics (``temporal_*``) are not here: the worker's runtime serves them on
``TEMPORAL_METRICS_PORT`` (:func:`temporal_runtime`).

Labels take values from small closed sets only — a route *template*, a status class, an
outcome, a scope — never an id, a token or a raw path, so the number of series stays bounded
whatever the traffic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, Counter, Gauge, Histogram, start_http_server
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from core.config import Settings

# --- API: requests, errors, duration (RED) ---------------------------------------------------

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED_ROUTE = "unmatched"  # no route answered (404s, and refusals before routing)

HTTP_REQUESTS = Counter(
    "auditoryx_http_requests",
    "HTTP requests answered, by method, route template and status class (2xx, 4xx, ...).",
    ["method", "route", "status_class"],
)
HTTP_REQUEST_DURATION = Histogram(
    "auditoryx_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
HTTP_REQUESTS_IN_FLIGHT = Gauge(
    "auditoryx_http_requests_in_flight", "HTTP requests being answered right now."
)
RATE_LIMIT_REFUSALS = Counter(
    "auditoryx_rate_limit_refusals",
    "Requests refused with 429, by the bucket that refused them (key, org or ip).",
    ["scope"],
)

# --- worker: webhook deliveries and relays ---------------------------------------------------

WEBHOOK_ATTEMPTS = Counter(
    "auditoryx_webhook_attempts",
    "Webhook delivery attempts made, by outcome (succeeded or failed).",
    ["outcome"],
)
WEBHOOK_LAG = Histogram(
    "auditoryx_webhook_attempt_lag_seconds",
    "Time from an event's creation to a delivery attempt of it; `attempt` is first or retry "
    "(retries include the retry schedule's waits).",
    ["attempt"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200, 18000, 36000, 86400, 172800),
)
RELAY_PENDING = Gauge(
    "auditoryx_relay_pending",
    "Rows a relay found waiting at its latest sweep (events not yet relayed, approval chains "
    "and bulk bookings not yet started).",
    ["relay"],
)


def route_label(template: str | None) -> str:
    """The ``route`` label: the matched route's template, or ``unmatched``."""
    return template or UNMATCHED_ROUTE


def method_label(method: str) -> str:
    """The ``method`` label: a standard method, or ``other`` (methods are client input)."""
    return method if method in HTTP_METHODS else "other"


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and time it."""
    HTTP_REQUESTS.labels(method, route, status_class(status)).inc()
    HTTP_REQUEST_DURATION.labels(method, route).observe(seconds)


def count_rate_limit_refusal(scopes: Iterable[str]) -> None:
    """One 429, counted against each bucket that refused it."""
    for scope in scopes:
        RATE_LIMIT_REFUSALS.labels(scope).inc()


def observe_webhook_attempt(outcome: str, *, attempt: int, lag: timedelta) -> None:
    """One delivery attempt: its outcome, and how long after the event it was made."""
    WEBHOOK_ATTEMPTS.labels(outcome).inc()
    WEBHOOK_LAG.labels("first" if attempt == 1 else "retry").observe(max(lag.total_seconds(), 0.0))


def set_relay_pending(relay: str, rows: int) -> None:
    """What a relay's sweep found waiting."""
    RELAY_PENDING.labels(relay).set(rows)


def serve(host: str, port: int) -> WSGIServer:
    """Serve the default registry at ``http://host:port/metrics`` from a daemon thread (the
    worker's application metrics; the API serves its own through its app)."""
    server, _thread = start_http_server(port, addr=host, registry=REGISTRY)
    return server


def temporal_runtime(host: str, port: int) -> Runtime:
    """A Temporal runtime whose SDK metrics (pollers, task slots, schedule-to-start latency,
    ...) are served for Prometheus at ``http://host:port/metrics``; clients connected with it
    and their workers report there."""
    return Runtime(
        telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=f"{host}:{port}"))
    )


def serve_worker_metrics(settings: Settings) -> Runtime | None:
    """The worker's endpoints, as configured: its application metrics on
    ``WORKER_METRICS_PORT`` (served from now on), and the Temporal runtime to connect with,
    serving the SDK's metrics on ``TEMPORAL_METRICS_PORT`` (``None``: the default runtime)."""
    host = settings.metrics_bind_host
    if settings.worker_metrics_port:
        serve(host, settings.worker_metrics_port)
    if settings.temporal_metrics_port:
        return temporal_runtime(host, settings.temporal_metrics_port)
    return None
