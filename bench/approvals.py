"""Approvals: the API's approval process against a bare Temporal workflow of the same shape.

On one dev stack (an embedded PostgreSQL, ``temporal server start-dev`` from the installed CLI
with the dynamic config ``auditoryx dev`` uses, the project's real worker in-process with a
connection pool of its own, and the API through an in-process ASGI client):

1. Bare: a workflow that starts, takes one validated update and runs one (empty) activity;
   each process is start → update → result, on its own worker and task queue.
2. Approval: ``POST /v1/bookings`` that a one-step policy governs (201 ``pending_approval``,
   the chain started) → ``POST /v1/approvals/{id}/decisions`` approve at once → the response
   says ``approved``; the booking is then confirmed (checked in PostgreSQL after each phase).
3. The decision call against the bare update call.

Each is run one at a time and 50 in flight; the ratios compare figures of the same run.

    python -m bench approvals
    BENCH_PROFILE=1 python -m bench approvals   # + cProfile of the 50-in-flight approval phase
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from api.app import create_app
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from core.devstack import dynamic_config_args, temporal_cli_path
from workflows import ORGANIZATION_ID, SUBJECT_TYPE

SEQUENTIAL = 40
IN_FLIGHT = 50
CONCURRENT = 200
CREATORS = 50
WARM_UP = 10
ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
EPOCH = datetime(2027, 3, 1, tzinfo=UTC)


# --- the bare workflow --------------------------------------------------------------------------


@activity.defn(name="bench_bare_apply")
async def bare_apply(decision: str) -> str:
    return decision


@workflow.defn(name="BenchBareApproval")
class BareApproval:
    """Start → one validated update → one activity: the least Temporal work of a decision."""

    def __init__(self) -> None:
        self._decision: str | None = None

    @workflow.run
    async def run(self, approver: str) -> str:
        await workflow.wait_condition(lambda: self._decision is not None)
        assert self._decision is not None
        return await workflow.execute_activity(
            bare_apply, self._decision, start_to_close_timeout=timedelta(seconds=30)
        )

    @workflow.update
    async def decide(self, member: str) -> str:
        self._decision = "approved"
        return self._decision

    @decide.validator
    def _check(self, member: str) -> None:
        if self._decision is not None:
            raise ApplicationError("already decided", type="ChainClosed")


# --- timing -------------------------------------------------------------------------------------


@dataclass
class Phase:
    """Processes completed and the latency of the decision (update) call of each."""

    processes: int = 0
    seconds: float = 0.0
    decisions: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.processes / self.seconds

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.decisions) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.decisions)
        return ordered[int(0.95 * (len(ordered) - 1))] * 1000


async def _drive(one: Callable[[int], Awaitable[float]], count: int, in_flight: int) -> Phase:
    gate = asyncio.Semaphore(in_flight)
    phase = Phase(processes=count)

    async def run(i: int) -> None:
        async with gate:
            phase.decisions.append(await one(i))

    started = time.perf_counter()
    await asyncio.gather(*(run(i) for i in range(count)))
    phase.seconds = time.perf_counter() - started
    return phase


@asynccontextmanager
async def dev_server() -> AsyncIterator[Client]:
    """``temporal server start-dev`` as ``auditoryx dev`` starts it (fair scheduling on)."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_cli_path(),
        data_converter=pydantic_data_converter,
        search_attributes=[ORGANIZATION_ID, SUBJECT_TYPE],
        dev_server_extra_args=[
            "--sqlite-pragma",
            "journal_mode=wal",
            "--sqlite-pragma",
            "synchronous=0",
            *dynamic_config_args(),
        ],
    )
    try:
        yield env.client
    finally:
        await env.shutdown()


# --- the two processes --------------------------------------------------------------------------


def bare_process(client: Client, queue: str) -> Callable[[int], Awaitable[float]]:
    async def one(_i: int) -> float:
        handle = await client.start_workflow(
            BareApproval.run, "mem_bench", id=f"bare-{uuid.uuid4().hex}", task_queue=queue
        )
        started = time.perf_counter()
        await handle.execute_update(BareApproval.decide, "mem_bench")
        took = time.perf_counter() - started
        await handle.result()
        return took

    return one


class ApprovalProcess:
    """Book (a policy puts the booking on ``pending_approval``), then approve at once."""

    def __init__(self, api: httpx.AsyncClient, headers: dict[str, str], creators: list[str]):
        self._api = api
        self._headers = headers
        self._creators = creators
        self._slot = 0
        self.booking_ids: list[str] = []

    async def __call__(self, _i: int) -> float:
        slot, self._slot = self._slot, self._slot + 1
        start = EPOCH + timedelta(hours=3 * (slot // len(self._creators)))
        r = await self._api.post(
            "/v1/bookings",
            headers=self._headers,
            json={
                "creator_id": self._creators[slot % len(self._creators)],
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
                "status": "confirmed",
            },
        )
        if r.status_code != 201 or r.json()["status"] != "pending_approval":
            raise RuntimeError(f"booking: {r.status_code} {r.text}")
        self.booking_ids.append(r.json()["id"])
        request_id = r.json()["approval_request_id"]
        started = time.perf_counter()
        r = await self._api.post(
            f"/v1/approvals/{request_id}/decisions",
            headers=self._headers,
            json={"decision": "approve"},
        )
        took = time.perf_counter() - started
        if r.status_code != 200 or r.json()["status"] != "approved":
            raise RuntimeError(f"decision: {r.status_code} {r.text}")
        return took


def _confirmed(conninfo: str, booking_ids: list[str]) -> int:
    with psycopg.connect(conninfo) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM bookings WHERE id = ANY(%s) AND status = 'confirmed'",
            (booking_ids,),
        ).fetchone() or (0,)
    return int(count)


async def _server_work(client: Client, workflow_id: str) -> dict[str, int]:
    """What one run cost the server: workflow tasks, activity tasks, timers, history events."""
    history = await client.get_workflow_handle(workflow_id).fetch_history()
    kinds = [e.event_type for e in history.events]
    return {
        "workflow tasks": kinds.count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
        "activity tasks": kinds.count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
        "local activities": sum(
            1
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
            and e.marker_recorded_event_attributes.marker_name == "core_local_activity"
        ),
        "timers": kinds.count(EventType.EVENT_TYPE_TIMER_STARTED),
        "events": len(kinds),
    }


async def run() -> None:
    from core.versioning import make_current
    from worker import build_worker

    profile = os.environ.get("BENCH_PROFILE") == "1"
    async with embedded_database() as (url, conninfo), dev_server() as temporal:
        queue = f"bench-approvals-{uuid.uuid4().hex[:6]}"
        bare_queue = f"bench-bare-{uuid.uuid4().hex[:6]}"
        settings = Settings(
            environment="test",
            database_url=url,
            temporal_task_queue=queue,
            rate_limits_enabled=False,
        )
        engine = create_app_engine(url, pool_size=20)
        # The worker is a process of its own in production, with its own pool.
        worker_engine = create_app_engine(url, pool_size=20)
        org = await bench_organization(create_sessionmaker(engine))
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        app = create_app(settings, engine=engine, temporal_client=temporal)
        worker = build_worker(
            temporal, worker_engine, task_queue=queue, identity="bench-worker", settings=settings
        )
        bare_worker = Worker(
            temporal,
            task_queue=bare_queue,
            workflows=[BareApproval],
            activities=[bare_apply],
            workflow_runner=UnsandboxedWorkflowRunner(),
        )
        async with (
            worker,
            bare_worker,
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=300
            ) as api,
        ):
            await make_current(worker, identity="bench")
            creators = []
            for i in range(CREATORS):
                r = await api.post(
                    "/v1/creators",
                    headers=headers,
                    json={
                        "name": f"Creator {i}",
                        "timezone": "UTC",
                        "currency": "USD",
                        "hourly_rate": "50",
                        "working_hours": ALL_WEEK,
                    },
                )
                r.raise_for_status()
                creators.append(r.json()["id"])
            r = await api.post(
                "/v1/approval-policies",
                headers=headers,
                json={
                    "name": "every booking",
                    "subject_type": "booking",
                    "conditions": {},
                    "steps": [
                        {"name": "owner", "approvers": [{"member_id": org.owner.id}]},
                    ],
                },
            )
            r.raise_for_status()

            bare = bare_process(temporal, bare_queue)
            approval = ApprovalProcess(api, headers, creators)
            await _drive(bare, WARM_UP, 1)
            await _drive(approval, WARM_UP, 1)

            results: dict[str, Phase] = {}
            results["bare 1"] = await _drive(bare, SEQUENTIAL, 1)
            results["approval 1"] = await _drive(approval, SEQUENTIAL, 1)
            results["bare 50"] = await _drive(bare, CONCURRENT, IN_FLIGHT)
            profiler = cProfile.Profile() if profile else None
            if profiler is not None:
                profiler.enable()
            results["approval 50"] = await _drive(approval, CONCURRENT, IN_FLIGHT)
            if profiler is not None:
                profiler.disable()
            confirmed = _confirmed(conninfo, approval.booking_ids)

            with psycopg.connect(conninfo) as conn:
                row = conn.execute(
                    "SELECT workflow_id FROM approval_requests ORDER BY created_at DESC LIMIT 1"
                ).fetchone()
            assert row is not None
            bare_handle = await temporal.start_workflow(
                BareApproval.run, "mem_bench", id=f"bare-{uuid.uuid4().hex}", task_queue=bare_queue
            )
            await bare_handle.execute_update(BareApproval.decide, "mem_bench")
            await bare_handle.result()
            work = {
                "bare": await _server_work(temporal, bare_handle.id),
                "approval": await _server_work(temporal, row[0]),
            }
        await engine.dispose()
        await worker_engine.dispose()
    if confirmed != len(approval.booking_ids):
        raise RuntimeError(f"{confirmed} of {len(approval.booking_ids)} bookings confirmed")
    _report(results, work, len(approval.booking_ids))
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
        print("```\n" + out.getvalue() + "```\n")


def _report(results: dict[str, Phase], work: dict[str, dict[str, int]], booked: int) -> None:
    print("## Approvals: the API's approval process vs a bare Temporal workflow\n")
    print(
        f"{SEQUENTIAL} processes one at a time, {CONCURRENT} with {IN_FLIGHT} in flight, after "
        f"{WARM_UP} of each to warm up; {booked} bookings, every one confirmed.\n"
    )
    print("| | processes/s | decision p50 ms | decision p95 ms |")
    print("|---|---|---|---|")
    for name, phase in results.items():
        print(f"| {name} | {phase.rate:.1f} | {phase.p50_ms:.0f} | {phase.p95_ms:.0f} |")
    for n in ("1", "50"):
        bare, approval = results[f"bare {n}"], results[f"approval {n}"]
        print(
            f"\n{n} in flight: throughput approval/bare **{approval.rate / bare.rate:.2f}x**, "
            f"decision p50 approval/bare update **{approval.p50_ms / bare.p50_ms:.2f}x**."
        )
    print("\nServer work of one run:\n")
    print("| | " + " | ".join(work["bare"]) + " |")
    print("|---|" + "---|" * len(work["bare"]))
    for name, counts in work.items():
        print(f"| {name} | " + " | ".join(str(v) for v in counts.values()) + " |")
    print()
