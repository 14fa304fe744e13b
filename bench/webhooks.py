"""Webhooks: events fanned out to 10 endpoints, from committed event to 2xx at the receiver.

The dev stack: an embedded PostgreSQL, a Temporal dev server, the project's real worker
(in-process) and a local receiver answering 204 (ten endpoints, distinct URLs on it). The
events are written the way the API writes them (``domain.events.service.emit`` in a tenant
transaction); the clock runs from the first relay sweep until every delivery has a succeeded
attempt in the database. Temporal actions per delivered event are counted from the histories
of delivered workflows (workflow start, activity scheduled, timer started, signals), the units
Temporal Cloud bills.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import psycopg
from temporalio.api.enums.v1 import EventType

from bench.bulk import temporal_dev_server
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.crypto import SecretBox
from core.db import create_app_engine, create_sessionmaker, tenant_session
from domain.audit.service import Actor
from domain.events import service as events
from domain.webhooks import service as webhooks
from relays.events import relay_events
from workflows.clients.webhook import delivery_workflow_id

ENDPOINTS = 10
EVENTS = 200
BILLABLE = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    EventType.EVENT_TYPE_TIMER_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
}


class _Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


async def run() -> None:
    from core.versioning import make_current
    from worker import build_worker

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    async with embedded_database() as (url, conninfo), temporal_dev_server() as temporal:
        queue = f"bench-hooks-{uuid.uuid4().hex[:6]}"
        settings = Settings(
            environment="test",
            database_url=url,
            temporal_task_queue=queue,
            outbound_allow_private_networks=True,
        )
        engine = create_app_engine(url, pool_size=20)
        sessionmaker = create_sessionmaker(engine)
        org = await bench_organization(sessionmaker, "Bench Hooks")
        org_id = org.organization.id
        box = SecretBox(settings.secret_key)
        async with tenant_session(sessionmaker, [org_id]) as session:
            endpoint_ids = []
            for i in range(ENDPOINTS):
                endpoint, _secret = await webhooks.create_endpoint(
                    session,
                    organization_id=org_id,
                    url=f"http://127.0.0.1:{port}/hook/{i}",
                    description="bench",
                    event_types=["booking.created"],
                    box=box,
                    actor=Actor.system("bench"),
                )
                endpoint_ids.append(endpoint.id)
        async with tenant_session(sessionmaker, [org_id]) as session:
            event_ids = []
            for i in range(EVENTS):
                event = await events.emit(
                    session,
                    organization_id=org_id,
                    type_="booking.created",
                    data={"object": "booking", "id": f"bkg_bench_{i}", "status": "held"},
                )
                event_ids.append(event.id)
        worker = build_worker(
            temporal, engine, task_queue=queue, identity="bench-worker", settings=settings
        )
        expected = EVENTS * ENDPOINTS
        async with worker:
            await make_current(worker, identity="bench")
            started = time.perf_counter()
            relayed = 0
            while relayed < EVENTS:
                relayed += await relay_events(sessionmaker, temporal, task_queue=queue)
            relay_seconds = time.perf_counter() - started
            with psycopg.connect(conninfo) as conn:
                while True:
                    (done,) = conn.execute(
                        "SELECT count(*) FROM webhook_attempts WHERE outcome = 'succeeded'"
                    ).fetchone() or (0,)
                    if done >= expected:
                        break
                    await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - started
            actions = []
            for event_id in event_ids[:3]:
                total = 0
                for endpoint_id in endpoint_ids:
                    handle = temporal.get_workflow_handle(
                        delivery_workflow_id(org_id, event_id, endpoint_id)
                    )
                    history = await handle.fetch_history()
                    total += sum(1 for e in history.events if e.event_type in BILLABLE)
                actions.append(total)
        await engine.dispose()
    server.shutdown()
    print("## Webhooks: fan-out to 10 endpoints (dev stack)\n")
    print(f"{EVENTS} events x {ENDPOINTS} endpoints = {expected} signed deliveries, each 2xx.\n")
    print("| measure | value |\n|---|---|")
    print(
        f"| relay: events fanned out (workflows started) | {EVENTS / relay_seconds:,.0f} events/s |"
    )
    print(
        f"| end to end: events delivered to all 10 endpoints | {EVENTS / elapsed:,.1f} events/s |"
    )
    print(f"| end to end: deliveries | {expected / elapsed:,.0f} deliveries/s |")
    print(f"| total time | {elapsed:,.1f} s |")
    print(
        f"| Temporal actions per delivered event (10 endpoints, first attempt 2xx) | "
        f"{sum(actions) / len(actions):.0f} ({sum(actions) / len(actions) / ENDPOINTS:.0f} per "
        "delivery: start + 1 activity) |\n"
    )
