"""Rate limits: what counting a request costs, limits on versus off in the same run.

Two apps over one embedded PostgreSQL and one engine: one with RATE_LIMITS_ENABLED off, one
with it on (the api plan's rate raised so that nothing is refused: every request pays for the
upsert, none is cut short). GET /v1/organization through the in-process ASGI client,
sequential, one request of each app after the other (in alternating order) so that drift of a
shared machine hits both alike; the median of the pairs' differences is the overhead least
disturbed by that drift.
Also the limiter's statement on its own (key and organization buckets, its own transaction, on
the limiter's own autocommit connection with the statement prepared).
"""

from __future__ import annotations

import statistics

from api.app import create_app
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
from domain.tenancy import rate_limits
from domain.tenancy.plans import RequestRate

ROUNDS = 20
PER_ROUND = 100
WARMUP = 50
UNLIMITED = [10_000_000, 10_000_000]


async def run() -> None:
    async with embedded_database() as (url, _conninfo):
        engine = create_app_engine(url, pool_size=5)
        sessionmaker = create_sessionmaker(engine)
        org = await bench_organization(sessionmaker)
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        base = Settings(environment="test", database_url=url)
        apps = {
            "off": create_app(
                base.model_copy(update={"rate_limits_enabled": False}), engine=engine
            ),
            "on": create_app(
                base.model_copy(
                    update={"rate_limits_enabled": True, "rate_limit_overrides": {"api": UNLIMITED}}
                ),
                engine=engine,
            ),
        }
        async with in_process_clients(apps) as clients:
            samples = await paired_gets(clients, headers, warmup=WARMUP, pairs=ROUNDS * PER_ROUND)
            assert (
                "ratelimit"
                in (await clients["on"].get("/v1/organization", headers=headers)).headers
            )

        rate = RequestRate(*UNLIMITED)
        buckets = [
            rate_limits.Bucket("key", "key_bench", rate),
            rate_limits.Bucket("org", org.organization.id, rate),
        ]
        statement: list[float] = []
        store = rate_limits.BucketStore.for_engine(engine)

        async def take() -> None:
            await store.take(buckets)

        # The same statement the way the limiter used to run it: a connection of the app's
        # engine (pool checkout with pre-ping), autocommit, through SQLAlchemy's async bridge.
        through_engine: list[float] = []
        sql, values = rate_limits.statement(len(buckets)), rate_limits.params(buckets)

        async def take_through_engine() -> None:
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                (await autocommit.exec_driver_sql(sql, values)).all()

        await timed(take, WARMUP, [])
        await timed(take_through_engine, WARMUP, [])
        for _ in range(ROUNDS):
            await timed(take, PER_ROUND, statement)
            await timed(take_through_engine, PER_ROUND, through_engine)
        await store.close()
        await engine.dispose()

    off, on, alone = percentiles(samples["off"]), percentiles(samples["on"]), percentiles(statement)
    paired = statistics.median(a - b for a, b in zip(samples["on"], samples["off"], strict=True))
    engine_path = percentiles(through_engine)
    count = ROUNDS * PER_ROUND
    print(f"## Rate limiter overhead: {count:,} GET /v1/organization each, limits off vs on\n")
    print("| path | p50 ms | p95 ms |")
    print("|---|---|---|")
    print(f"| limits off | {off[0]:.2f} | {off[1]:.2f} |")
    print(f"| limits on (key + organization buckets) | {on[0]:.2f} | {on[1]:.2f} |")
    print(f"| overhead (on - off) | {on[0] - off[0]:.2f} | {on[1] - off[1]:.2f} |")
    print(f"| overhead, median of paired differences | {paired * 1000:.2f} | |")
    rows = [
        ("the limiter's upsert alone (own connection, prepared)", alone),
        ("the same upsert through the app's engine", engine_path),
    ]
    for label, (p50, p95) in rows:
        print(f"| {label} | {p50:.2f} | {p95:.2f} |")
    print()
