"""Metrics and traces: what they cost a request, tracing off versus on in the same run.

Two apps over one embedded PostgreSQL, each on an engine of its own (SQL instrumentation is
per engine): one as deployed by default (Prometheus request metrics, tracing off), one with
tracing on at a sampling ratio of 1 (every request traced: the server span, FastAPI's
operation spans, every SQL statement), its spans going through the batch processor to an
exporter that discards them, so the network is not measured. GET /v1/organization through the
in-process ASGI client, sequential, alternating between the apps in rounds so that drift of a
shared machine hits both alike. Also the request metrics' own bookkeeping, alone.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

from api.app import create_app
from bench.stack import (
    bench_organization,
    embedded_database,
    in_process_clients,
    paired_gets,
    percentiles,
)
from core import metrics
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from core.tracing import Tracing, tracer_provider

ROUNDS = 20
PER_ROUND = 100
WARMUP = 50
BOOKKEEPING_CALLS = 100_000


class DiscardingExporter(SpanExporter):
    """Counts the spans it is handed and drops them."""

    def __init__(self) -> None:
        self.exported = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.exported += len(spans)
        return SpanExportResult.SUCCESS


async def run() -> None:
    async with embedded_database() as (url, _conninfo):
        engines = {name: create_app_engine(url, pool_size=5) for name in ("off", "on")}
        org = await bench_organization(create_sessionmaker(engines["off"]))
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        settings = Settings(environment="test", database_url=url, rate_limits_enabled=False)
        exporter = DiscardingExporter()
        provider = tracer_provider(service="auditoryx-bench", ratio=1.0)
        provider.add_span_processor(BatchSpanProcessor(exporter))
        apps = {
            "off": create_app(settings, engine=engines["off"]),
            "on": create_app(settings, engine=engines["on"], tracing=Tracing(provider)),
        }
        async with in_process_clients(apps) as clients:
            samples = await paired_gets(clients, headers, warmup=WARMUP, pairs=ROUNDS * PER_ROUND)
        for engine in engines.values():
            await engine.dispose()

    started = time.perf_counter()
    for _ in range(BOOKKEEPING_CALLS):
        metrics.HTTP_REQUESTS_IN_FLIGHT.inc()
        metrics.HTTP_REQUESTS_IN_FLIGHT.dec()
        metrics.observe_request("GET", "/v1/organization", 200, 0.01)
    bookkeeping_us = (time.perf_counter() - started) / BOOKKEEPING_CALLS * 1e6

    count = ROUNDS * PER_ROUND
    traced = count + WARMUP
    off, on = percentiles(samples["off"]), percentiles(samples["on"])
    print(f"## Observability overhead: {count:,} GET /v1/organization each, tracing off vs on\n")
    print("| path | p50 ms | p95 ms |")
    print("|---|---|---|")
    print(f"| request metrics, tracing off (the default) | {off[0]:.2f} | {off[1]:.2f} |")
    print(f"| request metrics, tracing on, every request sampled | {on[0]:.2f} | {on[1]:.2f} |")
    print(f"| overhead of tracing (on - off) | {on[0] - off[0]:.2f} | {on[1] - off[1]:.2f} |\n")
    print(
        f"Spans exported: {exporter.exported:,} for {traced:,} traced requests "
        f"({exporter.exported / traced:.1f} per request). Request metrics' bookkeeping alone "
        f"(in-flight up and down, count, observe): {bookkeeping_us:.1f} µs per request.\n"
    )
