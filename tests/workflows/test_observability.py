"""Traces and the worker's metrics on the Temporal test servers, with the real worker.

One API request that starts a workflow is one trace: the HTTP server span, Temporal's
StartWorkflow / RunWorkflow / StartActivity / RunActivity spans, the activity's SQL and its
HTTP call to the receiver, all under one trace id. With tracing off nothing records a span
and the process's tracer provider is left as it was. The worker serves the Temporal SDK's
metrics (``temporal_*``) and its own (relays, webhook deliveries) for Prometheus.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY
from sqlalchemy import text
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core import metrics
from core.config import Settings
from core.db import create_sessionmaker, system_session, tenant_session
from core.devstack import free_port
from core.ids import new_id
from core.temporal import connect_temporal
from core.tracing import Tracing, tracer_provider
from domain.events import service as events
from relays.events import relay_events
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.harness import Tenant, deployment_for, route_to
from tests.support.metrics import dashboard_metrics, sample_value, series_names
from worker import build_worker
from workflows.clients.webhook import delivery_workflow_id
from workflows.health import HealthProbeInput, HealthProbeWorkflow


@pytest.fixture
def spans() -> Iterator[tuple[Tracing, InMemorySpanExporter]]:
    """Tracing as production builds it, but into memory: every span is kept at once."""
    exporter = InMemorySpanExporter()
    provider = tracer_provider(service="auditoryx-test", ratio=1.0)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield Tracing(provider), exporter
    provider.shutdown()


@contextlib.asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        yield client


def ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        names.append(span.name)
    return names


async def test_one_request_that_starts_a_workflow_is_one_trace_down_to_sql_and_http(
    time_skipping_env: WorkflowEnvironment,
    engine: Any,
    settings: Settings,
    org_a: Tenant,
    spans: tuple[Tracing, InMemorySpanExporter],
) -> None:
    tracing, exporter = spans
    env = time_skipping_env
    queue = f"trace-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={"temporal_task_queue": queue, "outbound_allow_private_networks": True}
    )
    app = create_app(local, engine=engine, temporal_client=env.client, tracing=tracing)
    worker = build_worker(
        tracing.traced_client(env.client),
        engine,
        task_queue=queue,
        identity="trace",
        settings=local,
    )
    succeeded_before = REGISTRY.get_sample_value(
        "auditoryx_webhook_attempts_total", {"outcome": "succeeded"}
    )
    async with serving(app) as api, worker:
        with WebhookReceiver(then=204) as receiver:
            r = await api.post(
                "/v1/webhook-endpoints",
                json={"url": receiver.url, "event_types": ["client.created"]},
                headers=org_a.headers,
            )
            endpoint = r.json()["id"]
            await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
            event = (await api.get("/v1/events", headers=org_a.headers)).json()["data"][0]["id"]
            exporter.clear()
            # A statement outside any request or workflow starts no trace of its own.
            async with system_session(create_sessionmaker(engine)) as session:
                await session.execute(text("SELECT 1"))

            r = await api.post(
                f"/v1/webhook-endpoints/{endpoint}/resend",
                json={"event_id": event},
                headers=org_a.headers,
            )
            assert r.status_code == 202, r.text
            handle = env.client.get_workflow_handle(delivery_workflow_id(org_a.id, event, endpoint))
            async with env.time_skipping_unlocked():
                assert (await handle.result())["status"] == "succeeded"
            assert len(receiver.recorded()) == 1
            port = urlsplit(receiver.url).port

    finished = exporter.get_finished_spans()
    server = next(s for s in finished if s.name.startswith("POST /v1/"))
    assert server.kind is SpanKind.SERVER
    assert server.name == "POST /v1/webhook-endpoints/{id}/resend"
    assert {s.context.trace_id for s in finished} == {server.context.trace_id}
    names = {s.name for s in finished}
    assert {
        "StartWorkflow:WebhookDeliveryWorkflow",
        "RunWorkflow:WebhookDeliveryWorkflow",
        "StartActivity:webhook_attempt",
        "RunActivity:webhook_attempt",
    } <= names
    by_id = {s.context.span_id: s for s in finished}
    sql = [s for s in finished if s.attributes and "db.statement" in s.attributes]
    assert any("RunActivity:webhook_attempt" in ancestors(s, by_id) for s in sql)
    assert any(server.name in ancestors(s, by_id) for s in sql)  # the route's own queries
    http = [s for s in finished if s.kind is SpanKind.CLIENT and s.name == "POST"]
    assert len(http) == 1 and "RunActivity:webhook_attempt" in ancestors(http[0], by_id)
    # Receivers' URLs may carry credentials in their path: only the origin is recorded.
    attributes = http[0].attributes or {}
    assert attributes.get("url.full", attributes.get("http.url")) == f"http://127.0.0.1:{port}/"
    assert all(s.name != "SELECT 1" and "SELECT 1" not in str(s.attributes) for s in finished)
    # The attempt was counted by outcome as well.
    succeeded_after = REGISTRY.get_sample_value(
        "auditoryx_webhook_attempts_total", {"outcome": "succeeded"}
    )
    assert (succeeded_after or 0) - (succeeded_before or 0) == 1


async def test_with_tracing_off_nothing_records_a_span_and_the_provider_is_left_alone(
    app_factory: Any, org_a: Tenant
) -> None:
    provider = trace.get_tracer_provider()
    api = await app_factory()  # the suite's settings name no OTLP endpoint
    app: FastAPI = api._transport.app  # type: ignore[attr-defined]
    seen: list[bool] = []

    @app.get("/test-only/current-span")
    async def current_span() -> None:
        seen.append(trace.get_current_span().is_recording())

    assert (await api.get("/test-only/current-span")).status_code == 200
    assert (await api.get("/v1/organization", headers=org_a.headers)).status_code == 200
    assert seen == [False]
    assert trace.get_tracer_provider() is provider
    assert type(provider).__name__ == "ProxyTracerProvider"
    assert not SQLAlchemyInstrumentor().is_instrumented_by_opentelemetry
    assert not HTTPXClientInstrumentor().is_instrumented_by_opentelemetry


async def test_with_tracing_on_requests_are_spans_and_the_api_client_carries_them(
    time_skipping_env: WorkflowEnvironment,
    engine: Any,
    settings: Settings,
    spans: tuple[Tracing, InMemorySpanExporter],
) -> None:
    """The counterpart of the test above, so that one cannot pass by accident."""
    tracing, exporter = spans
    token = secrets.token_urlsafe(32)
    app = create_app(
        settings, engine=engine, temporal_client=time_skipping_env.client, tracing=tracing
    )
    seen: list[bool] = []

    @app.get("/test-only/current-span")
    async def current_span() -> None:
        seen.append(trace.get_current_span().is_recording())

    async with serving(app) as api:
        assert (await api.get("/test-only/current-span")).status_code == 200
        assert (await api.get("/healthz")).status_code == 200  # probes are not traced
        await api.get(f"/a/{token}")
        client = await app.state.temporal.get()
    assert seen == [True]
    servers = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert [s.name for s in servers] == ["GET /test-only/current-span", "GET /a/{token}"]
    # A one-time token in a path is redacted as in the logs, before any exporter sees it.
    assert servers[1].attributes["url.path"] == "/a/[redacted]"
    assert not any(token in str(s.attributes) for s in exporter.get_finished_spans())
    assert any(isinstance(i, TracingInterceptor) for i in client.config()["interceptors"])
    assert not any(
        isinstance(i, TracingInterceptor) for i in time_skipping_env.client.config()["interceptors"]
    )


async def test_the_worker_serves_temporal_sdk_metrics_and_its_own(
    dev_server_env: WorkflowEnvironment, engine: Any, settings: Settings, org_a: Tenant
) -> None:
    # The dev server's clock is the real one: on the time-skipping server, moved ahead by the
    # tests before, a workflow's end-to-end latency would be negative and not recorded.
    env = dev_server_env
    queue = f"metrics-{uuid.uuid4().hex[:8]}"
    temporal_port, app_port = free_port(), free_port()
    local = settings.model_copy(
        update={
            "temporal_address": env.client.service_client.config.target_host,
            "temporal_namespace": env.client.namespace,
            "temporal_task_queue": queue,
            "temporal_metrics_port": temporal_port,
        }
    )
    runtime = metrics.serve_worker_metrics(local)
    assert runtime is not None
    client = await connect_temporal(local, identity="metrics", runtime=runtime)
    server = metrics.serve("127.0.0.1", app_port)
    try:
        async with build_worker(
            client,
            engine,
            task_queue=queue,
            identity="metrics",
            deployment_config=deployment_for(queue),
        ) as worker:
            await route_to(env, worker)
            probe = HealthProbeInput(probe_id=uuid.uuid4().hex)
            result = await client.execute_workflow(
                HealthProbeWorkflow.run,
                probe,
                id=f"system:health:{probe.probe_id}",
                task_queue=queue,
            )
            assert result.probe_id == probe.probe_id
            sessionmaker = create_sessionmaker(engine)
            async with tenant_session(sessionmaker, [org_a.id]) as session:
                for name in ("One", "Two"):
                    data = {"object": "client", "id": new_id("cli"), "name": name}
                    await events.emit(
                        session, organization_id=org_a.id, type_="client.created", data=data
                    )
            await relay_events(sessionmaker, client, task_queue=queue)
        # Scraped once the worker has stopped: by then it has recorded the completion of every
        # task it ran (the client may see a result before the worker's metrics do).
        async with httpx.AsyncClient() as http:
            temporal = (await http.get(f"http://127.0.0.1:{temporal_port}/metrics")).text
            ours = (await http.get(f"http://127.0.0.1:{app_port}/metrics")).text
    finally:
        server.shutdown()
        server.server_close()

    assert f'task_queue="{queue}"' in temporal
    names = series_names(temporal)
    assert any(n.startswith("temporal_workflow_completed") for n in names), sorted(names)
    assert any(n.startswith("temporal_activity_execution_latency") for n in names)
    assert not any(n.startswith("auditoryx_") for n in names)
    # The example dashboard reads only SDK series a working worker exposes.
    assert dashboard_metrics("temporal_") <= series_names(temporal)
    # What the relay found waiting at its (latest) sweep.
    assert sample_value(ours, "auditoryx_relay_pending", relay="events") == 2
    assert "temporal_" not in ours
