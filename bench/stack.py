"""A throwaway embedded PostgreSQL with the schema migrated, for benchmarks."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import migrate
from core.devstack import EmbeddedPostgres, free_port
from domain.audit.service import Actor
from domain.keys.store import ensure_schema as ensure_keystore_schema
from domain.tenancy.organizations import Bootstrap, create_organization


@asynccontextmanager
async def embedded_database() -> AsyncIterator[tuple[str, str]]:
    """Yields (SQLAlchemy URL, psycopg conninfo) of a fresh, migrated database."""
    with tempfile.TemporaryDirectory(prefix="axbench-") as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pg", free_port())
        server.start()
        try:
            with psycopg.connect(server.dsn("postgres"), autocommit=True) as conn:
                conn.execute("CREATE DATABASE bench")
            migrate.upgrade(server.url("bench"))
            # The key store (organizations' key-encryption keys, people's keys) alongside.
            ensure_keystore_schema(server.url("bench"))
            yield server.url("bench"), server.dsn("bench")
        finally:
            server.stop()


async def bench_organization(
    sessionmaker: async_sessionmaker[AsyncSession], name: str = "Bench Records"
) -> Bootstrap:
    """An organization on the api plan with its owner's key, made as `auditoryx org create`
    makes one."""
    return await create_organization(
        sessionmaker,
        name=name,
        plan="api",
        region="eu",
        owner_email="bench@example.com",
        owner_name="Bench",
        actor=Actor.system("bench"),
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100)
    return cuts[49] * 1000, cuts[94] * 1000


async def timed(call: Callable[[], Awaitable[object]], count: int, into: list[float]) -> None:
    """``count`` calls of ``call``, each one's seconds appended to ``into``."""
    for _ in range(count):
        started = time.perf_counter()
        await call()
        into.append(time.perf_counter() - started)


@asynccontextmanager
async def in_process_clients(
    apps: Mapping[str, Any],
) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """Each app started (its lifespan) with an in-process HTTP client, by name."""
    async with AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            await stack.enter_async_context(app.router.lifespan_context(app))
            clients[name] = await stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b")
            )
        yield clients


async def paired_gets(
    clients: Mapping[str, httpx.AsyncClient],
    headers: dict[str, str],
    *,
    path: str = "/v1/organization",
    warmup: int,
    pairs: int,
) -> dict[str, list[float]]:
    """Request times of ``path`` on each client, one request of each back to back in
    alternating order, so both sides of a pair meet the same load: their difference is the
    cost of what the apps differ in however busy the machine is."""
    samples: dict[str, list[float]] = {name: [] for name in clients}

    def get(name: str) -> Callable[[], Awaitable[object]]:
        async def call() -> None:
            (await clients[name].get(path, headers=headers)).raise_for_status()

        return call

    for name in clients:
        await timed(get(name), warmup, [])
    names = list(clients)
    for i in range(pairs):
        for name in names if i % 2 == 0 else reversed(names):
            await timed(get(name), 1, samples[name])
    return samples
