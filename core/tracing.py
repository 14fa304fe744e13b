"""Distributed tracing: one trace from an API request through the workflow and its activities
down to their SQL statements and outbound HTTP calls, exported over OTLP/HTTP.

Off unless ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set: then :meth:`Tracing.from_settings` gives a
:class:`Tracing` with no provider, every method below does nothing, and no provider,
processor or exporter exists in the process. On, each process (API, worker) builds its own
``TracerProvider`` and hands it *explicitly* to every instrumentation:

* the API's HTTP server spans come from FastAPI's native telemetry, handed the provider
  (``api/observability.py``);
* Temporal's ``TracingInterceptor`` on the clients (:meth:`interceptors`) creates the
  StartWorkflow / RunWorkflow / StartActivity / RunActivity spans and carries the context in
  Temporal headers from the API through the workflow to each activity; workers inherit it from
  the client they are built on;
* SQLAlchemy statements on the process's engine and httpx calls become child spans
  (:meth:`instrument`).

The global tracer provider is never replaced: nothing here depends on it, and a library that
traces through it stays a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
    TraceIdRatioBased,
)
from opentelemetry.semconv.attributes.url_attributes import URL_FULL, URL_PATH
from opentelemetry.trace import Link, SpanKind
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client, Interceptor
from temporalio.contrib.opentelemetry import TracingInterceptor

from core.config import Settings
from core.logging import redact_path
from core.temporal import with_interceptors

HTTP_URL = "http.url"  # the older name of url.full, which older conventions still emit

TRACER_NAME = "auditoryx"


class EntryPointSampler(Sampler):
    """Samples a share of new traces, but only those that start where work enters: an HTTP
    request (a server span) or a Temporal call (``StartWorkflow:…``, ``RunActivity:…``).

    A statement or an HTTP call with no trace around it — the relays' sweeps query every
    second — would be a trace of one span each, flooding the backend with noise; it is
    dropped. Used as the root sampler of ``ParentBased``, so spans inside a trace follow it."""

    def __init__(self, ratio: float) -> None:
        self._ratio = TraceIdRatioBased(ratio)

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if kind is SpanKind.SERVER or ":" in name:
            return self._ratio.should_sample(
                parent_context, trace_id, name, kind, attributes, links, trace_state
            )
        return SamplingResult(Decision.DROP)

    def get_description(self) -> str:
        return f"EntryPointSampler{{{self._ratio.rate}}}"


class RedactingSpanProcessor(SpanProcessor):
    """Takes secrets out of span attributes as each span starts (before any exporter sees
    it): a request path's one-time token (``/a/[redacted]``, as in the logs), and an
    outbound URL's path and query, where Slack's, Teams' and many webhook receivers' URLs
    carry their credentials — only the origin is kept."""

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        attributes = span.attributes or {}
        path = attributes.get(URL_PATH)
        if isinstance(path, str):
            span.set_attribute(URL_PATH, redact_path(path))
        for key in (URL_FULL, HTTP_URL):
            url = attributes.get(key)
            if isinstance(url, str):
                parts = urlsplit(url)
                span.set_attribute(key, f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/")


def tracer_provider(*, service: str, ratio: float) -> TracerProvider:
    """A provider whose spans name ``service``, sampled at ``ratio`` of new traces (only at
    entry points, see :class:`EntryPointSampler`), with secrets redacted; add the exporter."""
    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: service}),
        sampler=ParentBased(EntryPointSampler(ratio)),
    )
    provider.add_span_processor(RedactingSpanProcessor())
    return provider


class Tracing:
    """A process's tracing: a tracer provider, or ``None`` when tracing is off."""

    def __init__(self, provider: TracerProvider | None = None) -> None:
        self.provider = provider
        self._instrumented = False

    @classmethod
    def from_settings(cls, settings: Settings, *, service: str) -> Tracing:
        """Tracing as configured: spans sent in batches to
        ``{OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces``, or no tracing when that is empty."""
        endpoint: str = settings.otel_exporter_otlp_endpoint
        if not endpoint:
            return cls(None)
        provider = tracer_provider(
            service=settings.otel_service_name or service,
            ratio=settings.otel_traces_sampler_arg,
        )
        provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces"))
        )
        return cls(provider)

    @property
    def enabled(self) -> bool:
        return self.provider is not None

    def interceptors(self) -> list[Interceptor]:
        """Temporal's tracing interceptor for a client to connect with (none when off). A
        worker built on that client traces its workflows and activities too."""
        if self.provider is None:
            return []
        return [TracingInterceptor(self.provider.get_tracer(TRACER_NAME))]

    def traced_client(self, client: Client) -> Client:
        """``client`` with :meth:`interceptors` added (the same client when off)."""
        return with_interceptors(client, self.interceptors())

    def instrument(self, engine: AsyncEngine) -> None:
        """Spans for the statements of ``engine`` and for every httpx request of the process.
        The instrumentations are process-wide: the first engine instrumented is the one."""
        if self.provider is None or self._instrumented:
            return
        sqlalchemy = SQLAlchemyInstrumentor()
        if not sqlalchemy.is_instrumented_by_opentelemetry:
            # Its declared range stops below SQLAlchemy 2.1; the event hooks it uses are the
            # same in 2.1 (tests/workflows/test_observability.py sees the statements' spans).
            sqlalchemy.instrument(
                engine=engine.sync_engine, tracer_provider=self.provider, skip_dep_check=True
            )
        httpx = HTTPXClientInstrumentor()
        if not httpx.is_instrumented_by_opentelemetry:
            httpx.instrument(tracer_provider=self.provider)
        self._instrumented = True

    def shutdown(self) -> None:
        """Remove the instrumentation and send the spans still buffered."""
        if self.provider is None:
            return
        if self._instrumented:
            SQLAlchemyInstrumentor().uninstrument()
            HTTPXClientInstrumentor().uninstrument()
            self._instrumented = False
        self.provider.shutdown()
