"""Usage metering: what counting a request costs, and what a flush costs.

Two apps over one embedded PostgreSQL and one engine, identical but for the usage middleware
(removed from one before its first request). GET /v1/organization through the in-process ASGI
client, sequential, alternating between the two apps in rounds so that drift of a shared
machine hits both alike. Then the parts on their own: one ``UsageMeter.count``; one flush of
1,000 counters (one statement); the rejected alternative, one upsert per request in its own
transaction; and two processes flushing the same 1,000 counters at once.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from api.app import create_app
from api.usage_meter import UsageMeterMiddleware
from bench.stack import (
    bench_organization,
    embedded_database,
    in_process_clients,
    paired_gets,
    percentiles,
    timed,
)
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from domain.usage.meter import API_REQUESTS, UsageMeter

ROUNDS = 20
PER_ROUND = 100
WARMUP = 50
COUNTERS = 1_000
FLUSHES = 30


def fill(meter: UsageMeter, organization_id: str) -> None:
    """``COUNTERS`` distinct counters: route groups x status classes x keys."""
    for i in range(COUNTERS):
        meter.count(
            organization_id,
            API_REQUESTS,
            category=f"group{i % 50}",
            status_class=f"{2 + i % 3}xx",
            api_key_id=f"key_bench{i // 150}",
        )


async def run() -> None:
    async with embedded_database() as (url, _conninfo):
        engine = create_app_engine(url, pool_size=5)
        sessionmaker = create_sessionmaker(engine)
        org = await bench_organization(sessionmaker)
        organization_id = org.organization.id
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        settings = Settings(environment="test", database_url=url, rate_limits_enabled=False)
        apps = {
            "off": create_app(settings, engine=engine),
            "on": create_app(settings, engine=engine),
        }
        apps["off"].user_middleware = [
            m for m in apps["off"].user_middleware if m.cls is not UsageMeterMiddleware
        ]
        async with in_process_clients(apps) as clients:
            samples = await paired_gets(clients, headers, warmup=WARMUP, pairs=ROUNDS * PER_ROUND)

        meter = UsageMeter()
        started = time.perf_counter()
        for _ in range(100_000):
            meter.count(organization_id, API_REQUESTS, category="bookings", status_class="2xx")
        count_us = (time.perf_counter() - started) / 100_000 * 1e6
        await meter.flush(sessionmaker)

        batch: list[float] = []

        async def flush_batch() -> None:
            fill(meter, organization_id)
            await meter.flush(sessionmaker)

        await timed(flush_batch, FLUSHES, batch)

        single: list[float] = []

        async def write_through() -> None:
            meter.count(organization_id, API_REQUESTS, category="bookings", status_class="2xx")
            await meter.flush(sessionmaker)

        await timed(write_through, WARMUP, [])
        await timed(write_through, ROUNDS * PER_ROUND // 4, single)

        contended: list[float] = []
        first, second = UsageMeter(), UsageMeter()

        async def two_processes() -> None:
            fill(first, organization_id)
            fill(second, organization_id)
            await asyncio.gather(first.flush(sessionmaker), second.flush(sessionmaker))

        await timed(two_processes, FLUSHES, contended)
        await engine.dispose()

    off, on = percentiles(samples["off"]), percentiles(samples["on"])
    count = ROUNDS * PER_ROUND
    print(f"## Usage metering: {count:,} GET /v1/organization each, metering off vs on\n")
    print("| path | p50 ms | p95 ms |")
    print("|---|---|---|")
    print(f"| metering off | {off[0]:.2f} | {off[1]:.2f} |")
    print(f"| metering on (in memory) | {on[0]:.2f} | {on[1]:.2f} |")
    print(f"| overhead (on - off) | {on[0] - off[0]:.2f} | {on[1] - off[1]:.2f} |")
    print(f"| `UsageMeter.count` alone | {count_us / 1000:.4f} | |")
    one, both = percentiles(single), statistics.median(contended) * 1000
    flush = statistics.median(batch) * 1000
    print(f"| write-through instead: one upsert per request | {one[0]:.2f} | {one[1]:.2f} |")
    print(f"| one flush of {COUNTERS:,} counters (one statement) | {flush:.2f} | |")
    print(f"| two processes flushing the same {COUNTERS:,} at once | {both:.2f} | |\n")
