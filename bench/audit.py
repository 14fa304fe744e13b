"""The audit sealer: what requests no longer wait for, and how soon a record is sealed.

Concurrent writers of one organization, each transaction writing one audit record through
``domain.audit.service.record``, in three modes alternated in rounds over one embedded
PostgreSQL (so drift of a shared machine hits all alike):

- ``sealer off``: the request path alone, nothing seals;
- ``sealer on``: the same, with the worker's sealer sweep (every 0.5 s) running alongside;
- ``head lock at commit``: what the request path did before the sealer, emulated: the
  organization's chain head row is locked and updated as the transaction's last statement.

Throughput is transactions per second over all writers. Seal latency is measured in a run of
its own (sealer on): from a writer's commit to the first poll (every 20 ms) that sees its
record linked.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import cast

import psycopg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from bench.stack import bench_organization, embedded_database
from core.db import create_app_engine, create_sessionmaker, tenant_session
from domain.audit.sealer import seal_pending
from domain.audit.service import Actor, record
from relays.audit_sealer import seal_audit_chains
from relays.sweep import Sweep, running_sweeps

WRITERS = 8
PER_WRITER = 40
ROUNDS = 5
SWEEP_SECONDS = 0.5
ACTOR = Actor.system("bench")


async def write_load(
    sessionmaker: async_sessionmaker[AsyncSession],
    org_id: str,
    *,
    head_lock: bool,
    committed: dict[str, float] | None = None,
) -> float:
    """Transactions per second of ``WRITERS`` concurrent writers."""

    async def writer(n: int) -> None:
        for i in range(PER_WRITER):
            async with tenant_session(sessionmaker, [org_id]) as session:
                event = await record(
                    session,
                    organization_id=org_id,
                    actor=ACTOR,
                    action="bench.written",
                    target_type="bench",
                    target_id=f"w{n}_{i}",
                )
                if head_lock:
                    await session.execute(
                        text("UPDATE audit_chain_heads SET seq = seq WHERE organization_id = :org"),
                        {"org": org_id},
                    )
            if committed is not None:
                committed[event.id] = time.perf_counter()

    started = time.perf_counter()
    await asyncio.gather(*(writer(n) for n in range(WRITERS)))
    return WRITERS * PER_WRITER / (time.perf_counter() - started)


async def watch_sealing(
    conninfo: str, committed: dict[str, float], sealed: dict[str, float], done: asyncio.Event
) -> None:
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute("SET app.owner_maintenance = on")
        while not (done.is_set() and len(sealed) == len(committed)):
            waiting = [i for i in committed if i not in sealed]
            if waiting:
                cursor = await conn.execute(
                    "SELECT id FROM audit_events WHERE hash IS NOT NULL AND id = ANY(%s)",
                    (waiting,),
                )
                now = time.perf_counter()
                for (event_id,) in await cursor.fetchall():
                    sealed[event_id] = now
            await asyncio.sleep(0.02)


async def run() -> None:
    async with embedded_database() as (url, conninfo):
        engine = create_app_engine(url, pool_size=WRITERS + 2)
        sessionmaker = create_sessionmaker(engine)
        org_id = (await bench_organization(sessionmaker)).organization.id
        await seal_pending(sessionmaker)  # the head exists for the emulated lock
        await write_load(sessionmaker, org_id, head_lock=False)  # warm-up
        await seal_pending(sessionmaker)
        rates: dict[str, list[float]] = {"sealer off": [], "sealer on": [], "head lock": []}
        sweep = Sweep("audit sealer", seal_audit_chains, every_seconds=SWEEP_SECONDS)
        for _ in range(ROUNDS):
            rates["sealer off"].append(await write_load(sessionmaker, org_id, head_lock=False))
            rates["head lock"].append(await write_load(sessionmaker, org_id, head_lock=True))
            await seal_pending(sessionmaker)
            async with running_sweeps(
                [sweep], sessionmaker, cast(Client, None), task_queue="bench"
            ):
                rates["sealer on"].append(await write_load(sessionmaker, org_id, head_lock=False))
            await seal_pending(sessionmaker)
        # Latency on its own: the watcher's polling is load the rounds above do not carry.
        committed: dict[str, float] = {}
        sealed: dict[str, float] = {}
        done = asyncio.Event()
        async with running_sweeps([sweep], sessionmaker, cast(Client, None), task_queue="bench"):
            watcher = asyncio.create_task(watch_sealing(conninfo, committed, sealed, done))
            await write_load(sessionmaker, org_id, head_lock=False, committed=committed)
            done.set()
            await asyncio.wait_for(watcher, timeout=120)
        latencies = [sealed[i] - committed[i] for i in committed]
        await engine.dispose()

    def cell(values: list[float]) -> str:
        return " / ".join(f"{v:.0f}" for v in values)

    off = statistics.median(rates["sealer off"])
    print("## Audit sealer\n")
    print(
        f"{WRITERS} concurrent writers of one organization, {PER_WRITER} transactions each, one "
        f"audit record per transaction; {ROUNDS} rounds, modes alternated.\n"
    )
    print("| mode | transactions/s per round | median vs sealer off |")
    print("|---|---|---|")
    for name, values in rates.items():
        print(f"| {name} | {cell(values)} | {statistics.median(values) / off:.2f} |")
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"\nSeal latency, commit to linked ({len(latencies)} records, sweep every "
        f"{SWEEP_SECONDS} s): p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms.\n"
    )
