"""The conflict check alone: 1,000 proposed sessions against 100,000 stored bookings.

The same calendar as the ``bookings`` suite (100 creators working around the clock with a
15-minute buffer after, 1,000 confirmed one-hour bookings each, every two hours; 1,000
proposals of 90 minutes at random quarter-hours over the same span, seeded), measured on its
own so the figure is repeatable:

- ``POST /v1/bookings/conflicts`` through the in-process API (HTTP parsing, validation, auth,
  RLS scope and JSON included), median and best of ``RUNS`` after a warm-up request;
- the CPU time of this process during those requests (the in-process client, the app and the
  driver; PostgreSQL runs in its own processes), which a loaded machine disturbs less than
  wall time;
- the domain service alone (``check_conflicts`` in a tenant transaction) with the time its SQL
  statements took, so the rest is the Python work.

``python -m bench.conflicts --profile`` prints a cProfile of one request instead.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from bench.bookings import ALL_WEEK, CREATORS, EPOCH, PROPOSALS, STORED, seed_stored_bookings
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker, tenant_session
from domain.scheduling.conflicts import ProposedSession, check_conflicts

RUNS = 9


def proposals(creator_ids: list[str]) -> list[dict[str, str]]:
    """The ``bookings`` suite's proposals: same seed, same draws."""
    rng = random.Random(7)
    span_hours = (STORED // len(creator_ids)) * 2
    out = []
    for _ in range(PROPOSALS):
        start = EPOCH + timedelta(minutes=15 * rng.randrange(span_hours * 4))
        out.append(
            {
                "creator_id": rng.choice(creator_ids),
                "start": start.isoformat(),
                "end": (start + timedelta(minutes=90)).isoformat(),
            }
        )
    return out


class SqlClock:
    """Wall time spent inside the driver's execute calls of one engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.seconds = 0.0
        self.statements = 0
        self._started: list[float] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, *_: Any) -> None:
        self._started.append(time.perf_counter())

    def _after(self, *_: Any) -> None:
        self.seconds += time.perf_counter() - self._started.pop()
        self.statements += 1

    def reset(self) -> None:
        self.seconds, self.statements = 0.0, 0


@asynccontextmanager
async def calendar() -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str], Any, list[str]]]:
    """The seeded organization: (client, headers, app state, creator ids)."""
    async with embedded_database() as (url, conninfo):
        settings = Settings(environment="test", database_url=url)
        engine = create_app_engine(url, pool_size=5)
        org = await bench_organization(create_sessionmaker(engine))
        app = create_app(settings, engine=engine)
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120
            ) as client,
        ):
            creator_ids = []
            for i in range(CREATORS):
                r = await client.post(
                    "/v1/creators",
                    headers=headers,
                    json={
                        "name": f"Creator {i}",
                        "timezone": "UTC",
                        "currency": "USD",
                        "hourly_rate": "50",
                        "working_hours": ALL_WEEK,
                        "buffer_after_minutes": 15,
                    },
                )
                r.raise_for_status()
                creator_ids.append(r.json()["id"])
            seed_stored_bookings(conninfo, org.organization.id, creator_ids)
            yield client, headers, (engine, org.organization.id), creator_ids
        await engine.dispose()


async def run() -> None:
    async with calendar() as (client, headers, (engine, org_id), creator_ids):
        body = {"sessions": proposals(creator_ids)}
        await client.post("/v1/bookings/conflicts", headers=headers, json=body)  # warm-up
        timings, cpu = [], []
        conflicts = 0
        for _ in range(RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            r = await client.post("/v1/bookings/conflicts", headers=headers, json=body)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            r.raise_for_status()
            conflicts = sum(1 for item in r.json()["items"] if not item["ok"])

        items = [ProposedSession.model_validate(s) for s in body["sessions"]]
        clock = SqlClock(engine)
        sessionmaker = create_sessionmaker(engine)
        service, sql = [], []
        for _ in range(RUNS):
            async with tenant_session(sessionmaker, [org_id]) as session:
                clock.reset()
                started = time.perf_counter()
                await check_conflicts(
                    session, organization_id=org_id, items=items, now=datetime.now(EPOCH.tzinfo)
                )
                service.append(time.perf_counter() - started)
                sql.append(clock.seconds)
        statements = clock.statements

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print(f"## Conflict check alone: {PROPOSALS:,} proposals vs {STORED:,} stored bookings\n")
    print("| measured | runs | median | best |")
    print("|---|---|---|---|")
    print(
        f"| POST /v1/bookings/conflicts (in-process API) | {RUNS} | {ms(timings)} | "
        f"{min(timings) * 1000:.0f} ms |"
    )
    print(
        f"| of which CPU of this process (client, app, driver) | {RUNS} | {ms(cpu)} | "
        f"{min(cpu) * 1000:.0f} ms |"
    )
    print(
        f"| check_conflicts in a tenant transaction | {RUNS} | {ms(service)} | "
        f"{min(service) * 1000:.0f} ms |"
    )
    print(
        f"| of which SQL ({statements} statements) | {RUNS} | {ms(sql)} | "
        f"{min(sql) * 1000:.0f} ms |"
    )
    print(f"\nProposals with a conflict: {conflicts} of {PROPOSALS}.\n")


async def profile() -> None:
    async with calendar() as (client, headers, (engine, org_id), creator_ids):
        body = {"sessions": proposals(creator_ids)}
        await client.post("/v1/bookings/conflicts", headers=headers, json=body)  # warm-up
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            r = await client.post("/v1/bookings/conflicts", headers=headers, json=body)
            r.raise_for_status()
        profiler.disable()
        plans = await explain(
            engine, org_id, [ProposedSession.model_validate(s) for s in body["sessions"]]
        )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    print(out.getvalue())
    print("\n\n".join(plans))


async def explain(engine: AsyncEngine, org_id: str, items: list[ProposedSession]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement one conflict check runs."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "set_config" not in statement and not statement.startswith("EXPLAIN"):
            statements.append((statement, parameters))

    sessionmaker = create_sessionmaker(engine)
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    async with tenant_session(sessionmaker, [org_id]) as session:
        await check_conflicts(
            session, organization_id=org_id, items=items, now=datetime.now(EPOCH.tzinfo)
        )
    event.remove(engine.sync_engine, "before_cursor_execute", record)
    plans = []
    async with tenant_session(sessionmaker, [org_id]) as session:
        connection = await session.connection()
        for statement, parameters in statements:
            result = await connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
            )
            plans.append(statement.strip() + "\n" + "\n".join(row[0] for row in result))
    return plans


if __name__ == "__main__":
    asyncio.run(profile() if "--profile" in sys.argv else run())
    sys.stdout.flush()
    os._exit(0)
