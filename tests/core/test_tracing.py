"""Tracing as configured: off without an OTLP endpoint, and on with one, spans arrive at the
collector over OTLP/HTTP, sampled where work enters, with secrets redacted."""

from __future__ import annotations

from opentelemetry.trace import SpanKind

from core.config import Settings
from core.tracing import Tracing
from tests.stubs.otlp_collector import OtlpCollector


def test_without_an_endpoint_tracing_is_off() -> None:
    tracing = Tracing.from_settings(Settings(environment="test"), service="auditoryx-api")
    assert tracing.provider is None and not tracing.enabled


def test_spans_reach_the_collector_over_otlp_http_with_secrets_redacted() -> None:
    with OtlpCollector() as collector:
        settings = Settings(
            environment="test",
            otel_exporter_otlp_endpoint=collector.base_url + "/",
            otel_service_name="auditoryx-api-eu",
        )
        tracing = Tracing.from_settings(settings, service="auditoryx-api")
        assert tracing.provider is not None
        tracer = tracing.provider.get_tracer("test")
        request = {"url.path": "/a/one-time-token-0123456789"}
        with tracer.start_as_current_span(
            "GET /a/{token}", kind=SpanKind.SERVER, attributes=request
        ):
            outbound = {"http.url": "https://hooks.example.com/services/T0/B0/secret?x=1"}
            with tracer.start_as_current_span("POST", kind=SpanKind.CLIENT, attributes=outbound):
                pass
        # A statement outside any trace (a relay's sweep) is not exported.
        with tracer.start_as_current_span("SELECT bench", kind=SpanKind.CLIENT):
            pass
        tracing.shutdown()  # flushes the batch

        spans = collector.spans()
    assert [(service, name) for service, name, _ in spans] == [
        ("auditoryx-api-eu", "POST"),
        ("auditoryx-api-eu", "GET /a/{token}"),
    ]
    assert spans[0][2]["http.url"] == "https://hooks.example.com/"
    assert spans[1][2]["url.path"] == "/a/[redacted]"
    assert "secret" not in str(spans) and "one-time-token" not in str(spans)
