"""Payload codec overhead: a workflow round trip with and without the organizations' codec.

The dev stack: an embedded PostgreSQL, a Temporal dev server and the project's real worker
(in-process), twice: once with the pydantic data converter alone, once with the payload codec
(keys in PostgreSQL, cached in memory as in production). The same script runs on both: start
an organization's HealthProbeWorkflow (input → activity → PostgreSQL → result: four payloads
sealed and four opened) and wait for its result, one after another. Rounds alternate between
the two so that a noisy neighbour slows both alike. Beside it, the codec alone: sealing and
opening one payload with a cached key, and the first use of an organization's key (issued,
wrapped and stored).
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from temporalio.api.common.v1 import Payload
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import PayloadCodec
from temporalio.worker import Worker, WorkerDeploymentConfig, WorkerDeploymentVersion

from bench.bulk import temporal_dev_server
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from core.ids import new_id
from core.payload_codec import OrganizationPayloadCodec
from core.temporal import data_converter
from core.versioning import make_current
from core.workflow_ids import workflow_id
from domain.keys.keyring import OrganizationKeyring
from domain.keys.store import KeyStore
from worker import build_worker
from workflows.health import HealthProbeInput, HealthProbeWorkflow

ROUNDS = 6
PER_ROUND = 25
CODEC_CALLS = 2000
MODES = {
    "plain": "without codec",
    "pass": "pass-through codec (SDK codec path only)",
    "codec": "with the organizations' codec",
}


class PassThroughCodec(PayloadCodec):
    """A codec that changes nothing: what the SDK's codec path costs by itself."""

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return list(payloads)

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return list(payloads)


def _client_with(client: Client, converter: object) -> Client:
    config = client.config()
    config["data_converter"] = converter
    return Client(**config)


def _worker(client: Client, engine: object, queue: str, settings: Settings) -> Worker:
    return build_worker(
        client,
        engine,  # type: ignore[arg-type]
        task_queue=queue,
        identity=f"bench-{queue}",
        settings=settings,
        deployment_config=WorkerDeploymentConfig(
            version=WorkerDeploymentVersion(f"bench-{queue}", "bench"), use_worker_versioning=True
        ),
    )


async def _round_trips(client: Client, queue: str, organization_id: str) -> list[float]:
    seconds = []
    for _ in range(PER_ROUND):
        started = time.perf_counter()
        await client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=new_id("hpr")),
            id=workflow_id(organization_id, "health", uuid.uuid4().hex),
            task_queue=queue,
            execution_timeout=timedelta(seconds=30),
        )
        seconds.append(time.perf_counter() - started)
    return seconds


async def _per_call(call: Callable[[], Awaitable[object]], times: int) -> float:
    started = time.perf_counter()
    for _ in range(times):
        await call()
    return (time.perf_counter() - started) / times


async def run() -> None:
    async with embedded_database() as (url, _conninfo), temporal_dev_server() as temporal:
        settings = Settings(environment="test", database_url=url)
        engine = create_app_engine(url, pool_size=10)
        sessionmaker = create_sessionmaker(engine)
        org_id = (await bench_organization(sessionmaker, "Bench Codec")).organization.id
        keys = OrganizationKeyring.from_settings(settings, sessionmaker, KeyStore(engine))
        codec = OrganizationPayloadCodec(keys)
        clients = {
            "plain": _client_with(temporal, pydantic_data_converter),
            "pass": _client_with(temporal, data_converter(PassThroughCodec())),
            "codec": _client_with(temporal, data_converter(codec)),
        }
        queues = {mode: f"bench-{mode}-{uuid.uuid4().hex[:6]}" for mode in MODES}

        first_use = time.perf_counter()
        await keys.current(org_id)
        first_use_ms = (time.perf_counter() - first_use) * 1000

        timings: dict[str, list[float]] = {mode: [] for mode in MODES}
        async with (
            _worker(clients["plain"], engine, queues["plain"], settings) as plain_worker,
            _worker(clients["pass"], engine, queues["pass"], settings) as pass_worker,
            _worker(clients["codec"], engine, queues["codec"], settings) as codec_worker,
        ):
            for worker in (plain_worker, pass_worker, codec_worker):
                await make_current(worker, identity="bench")
            for mode in MODES:  # warm-up: connections, caches, first tasks
                await _round_trips(clients[mode], queues[mode], org_id)
            for _ in range(ROUNDS):
                for mode in MODES:
                    timings[mode] += await _round_trips(clients[mode], queues[mode], org_id)

        payload = pydantic_data_converter.payload_converter.to_payloads(
            [HealthProbeInput(probe_id=new_id("hpr"))]
        )
        for_org = OrganizationPayloadCodec(keys, org_id)
        sealed_payload = await for_org.encode(payload)
        seal_s = await _per_call(lambda: for_org.encode(payload), CODEC_CALLS)
        open_s = await _per_call(lambda: codec.decode(sealed_payload), CODEC_CALLS)
        await engine.dispose()

    medians = {mode: statistics.median(timings[mode]) * 1000 for mode in MODES}
    print("## Payload codec: workflow round trip with and without encryption (dev stack)\n")
    print(
        f"HealthProbeWorkflow of one organization, start to result: {ROUNDS} rounds, each of "
        f"{PER_ROUND} sequential runs per mode in turn (4 payloads sealed and opened per run).\n"
    )
    print("| mode | runs | median | p90 |\n|---|---|---|---|")
    for mode, label in MODES.items():
        runs = sorted(timings[mode])
        p90 = runs[int(len(runs) * 0.9)] * 1000
        print(f"| {label} | {len(runs)} | {medians[mode]:.1f} ms | {p90:.1f} ms |")
    ratio = medians["codec"] / medians["plain"]
    print(f"\nRatio with/without the codec: **{ratio:.2f}x**", end="")
    print(f" (a codec that changes nothing: {medians['pass'] / medians['plain']:.2f}x).\n")
    print("| codec alone | time |\n|---|---|")
    print(f"| seal one payload (cached key) | {seal_s * 1e6:.0f} µs |")
    print(f"| open one payload (cached key) | {open_s * 1e6:.0f} µs |")
    print(
        "| first use of an organization's key (issue, wrap, store, audit) | "
        f"{first_use_ms:.1f} ms |\n"
    )
