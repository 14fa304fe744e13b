"""The example Grafana dashboard (docs/grafana/auditoryx.json) reads series that exist."""

from __future__ import annotations

from prometheus_client import REGISTRY

from core import metrics  # noqa: F401 - the application's series are registered on import
from tests.support.metrics import dashboard_metrics, dashboard_queries

SUFFIXES = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_sum", "_count")}


def test_every_application_series_the_dashboard_reads_is_defined() -> None:
    defined = {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("auditoryx_")
        for suffix in SUFFIXES[family.type]
    }
    read = dashboard_metrics("auditoryx_")
    assert read, "the dashboard reads no application series"
    assert read <= defined, sorted(read - defined)
    # Every application metric has a panel.
    assert {name.split("_bucket")[0] for name in read} >= {
        "auditoryx_http_requests_total",
        "auditoryx_http_request_duration_seconds",
        "auditoryx_http_requests_in_flight",
        "auditoryx_rate_limit_refusals_total",
        "auditoryx_webhook_attempts_total",
        "auditoryx_webhook_attempt_lag_seconds",
        "auditoryx_relay_pending",
    }


def test_the_dashboard_groups_by_route_template_and_reads_temporal_too() -> None:
    queries = dashboard_queries()
    assert any("by (route)" in q or "by (le, route)" in q for q in queries)
    assert dashboard_metrics("temporal_")  # checked against a real worker in tests/workflows
