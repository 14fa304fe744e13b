"""Bookings: conflict check at scale, and booking creation through the API vs raw inserts.

- Conflict check: 1,000 proposed sessions against 100,000 stored bookings of 100 creators
  (POST /v1/bookings/conflicts, in-process ASGI client, so HTTP parsing and validation count).
- Creation rate: N sequential POST /v1/bookings (auth, RLS scope, validation, rules, price,
  exclusion constraint, audit record, idempotency-free) versus N single-row INSERT
  transactions into the same table with psycopg. The ratio is the cost of the product's
  guarantees per booking.
- Concurrent creation: 20 clients of one organization (one API key), one creator each, no
  conflicts, confirmed bookings: bookings/s, p50/p95 per booking and SQL statements per
  booking, beside 20 psycopg connections doing single-row INSERT transactions in the same run.
- Overlap race: 20 clients book the same slot of one creator at once, confirmed, several
  rounds: the status codes (one 201, nineteen 409 per round) and the slowest answer.

The API runs in-process with its rate limits on (one statement per request), at a rate no
run reaches, so the limiter's cost is counted but it never refuses.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine

CREATORS = 100
STORED = 100_000
PROPOSALS = 1_000
CREATE_N = 400
CLIENTS = 20
CONCURRENT_N = 1_000  # 50 per client
RACE_ROUNDS = 5
ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
EPOCH = datetime(2027, 1, 4, tzinfo=UTC)  # a Monday, comfortably in the future


async def run() -> None:
    async with embedded_database() as (url, conninfo):
        settings = Settings(
            environment="test",
            database_url=url,
            rate_limit_overrides={"api": (1_000_000, 100_000)},
        )
        # Room for every client's transaction at once (the API's default pool is as large).
        engine = create_app_engine(url, pool_size=CLIENTS)
        from core.db import create_sessionmaker

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
            await conflict_check(client, headers, creator_ids)
            await creation_rate(client, headers, creator_ids, conninfo, org.organization.id)
            await concurrent_creation(
                client, headers, creator_ids, conninfo, org.organization.id, engine
            )
            await overlap_race(client, headers, creator_ids)
        await engine.dispose()


def seed_stored_bookings(conninfo: str, org_id: str, creator_ids: list[str]) -> None:
    """100,000 non-overlapping confirmed 1-hour sessions: 1,000 per creator, every 2 hours."""
    started = time.perf_counter()
    with psycopg.connect(conninfo) as conn:
        conn.execute("SET session_replication_role = replica")  # skip the audit trigger only
        conn.execute(
            """
            INSERT INTO bookings (id, organization_id, creator_id, period, creator_block, status,
                                  price_minor, currency, created_by, title, notes, status_reason,
                                  version, created_at, updated_at)
            SELECT 'bkg_' || lpad(c.n::text, 4, '0') || lpad(s.k::text, 22, '0'),
                   %(org)s, c.id,
                   tstzrange(%(epoch)s + s.k * interval '2 hours',
                             %(epoch)s + s.k * interval '2 hours' + interval '1 hour'),
                   tstzrange(%(epoch)s + s.k * interval '2 hours',
                             %(epoch)s + s.k * interval '2 hours' + interval '75 minutes'),
                   'confirmed', 5000, 'USD', 'bench', '', '', '', 1, now(), now()
            FROM unnest(%(ids)s::text[]) WITH ORDINALITY AS c(id, n),
                 generate_series(0, %(per)s - 1) AS s(k)
            """,
            {"org": org_id, "epoch": EPOCH, "ids": creator_ids, "per": STORED // len(creator_ids)},
        )
        conn.execute("ANALYZE bookings")
    print(f"seeded {STORED:,} bookings in {time.perf_counter() - started:.1f}s\n")


async def conflict_check(
    client: httpx.AsyncClient, headers: dict[str, str], creator_ids: list[str]
) -> None:
    rng = random.Random(7)
    span_hours = (STORED // len(creator_ids)) * 2
    proposals = []
    for _ in range(PROPOSALS):
        start = EPOCH + timedelta(minutes=15 * rng.randrange(span_hours * 4))
        proposals.append(
            {
                "creator_id": rng.choice(creator_ids),
                "start": start.isoformat(),
                "end": (start + timedelta(minutes=90)).isoformat(),
            }
        )
    timings = []
    conflicts = 0
    for _ in range(5):
        started = time.perf_counter()
        r = await client.post(
            "/v1/bookings/conflicts", headers=headers, json={"sessions": proposals}
        )
        timings.append(time.perf_counter() - started)
        r.raise_for_status()
        conflicts = sum(1 for item in r.json()["items"] if not item["ok"])
    print("## Conflict check: 1,000 proposed sessions vs 100,000 stored bookings\n")
    print("| runs | median | best | proposals with a conflict |")
    print("|---|---|---|---|")
    print(
        f"| {len(timings)} | {statistics.median(timings) * 1000:.0f} ms | "
        f"{min(timings) * 1000:.0f} ms | {conflicts} of {PROPOSALS} |\n"
    )


async def creation_rate(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    creator_ids: list[str],
    conninfo: str,
    org_id: str,
) -> None:
    # Free time after the seeded range, so every booking succeeds.
    base = EPOCH + timedelta(hours=(STORED // len(creator_ids)) * 2 + 24)
    started = time.perf_counter()
    for i in range(CREATE_N):
        start = base + timedelta(hours=2 * (i // len(creator_ids)))
        r = await client.post(
            "/v1/bookings",
            headers=headers,
            json={
                "creator_id": creator_ids[i % len(creator_ids)],
                "start": start.isoformat(),
                "end": (start + timedelta(hours=1)).isoformat(),
                "status": "confirmed",
            },
        )
        if r.status_code != 201:
            raise RuntimeError(r.text)
    api_seconds = time.perf_counter() - started

    raw_base = base + timedelta(days=365)
    with psycopg.connect(conninfo) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.commit()
        started = time.perf_counter()
        for i in range(CREATE_N):
            start = raw_base + timedelta(hours=2 * (i // len(creator_ids)))
            with conn.transaction():
                conn.execute(
                    "INSERT INTO bookings (id, organization_id, creator_id, period, creator_block,"
                    " status, price_minor, currency, created_by, title, notes, status_reason,"
                    " version, created_at, updated_at) VALUES (%s, %s, %s, tstzrange(%s, %s),"
                    " tstzrange(%s, %s), 'confirmed', 5000, 'USD', 'bench', '', '', '', 1,"
                    " now(), now())",
                    (
                        f"bkg_raw{i:022d}",
                        org_id,
                        creator_ids[i % len(creator_ids)],
                        start,
                        start + timedelta(hours=1),
                        start,
                        start + timedelta(minutes=75),
                    ),
                )
        raw_seconds = time.perf_counter() - started
    api_rate, raw_rate = CREATE_N / api_seconds, CREATE_N / raw_seconds
    print(f"## Booking creation, {CREATE_N} sequential bookings\n")
    print("| path | bookings/s | ms per booking |")
    print("|---|---|---|")
    print(f"| POST /v1/bookings (in-process API) | {api_rate:.0f} | {1000 / api_rate:.1f} |")
    print(f"| raw single-row INSERT transactions | {raw_rate:.0f} | {1000 / raw_rate:.1f} |")
    print(
        f"\nRatio raw/API: **{raw_rate / api_rate:.1f}x** (the cost of auth, RLS scope, "
        "validation, rules, pricing, audit chain)\n"
    )


def _insert_raw(conn: Any, booking_id: str, org_id: str, creator_id: str, start: datetime) -> Any:
    return conn.execute(
        "INSERT INTO bookings (id, organization_id, creator_id, period, creator_block,"
        " status, price_minor, currency, created_by, title, notes, status_reason,"
        " version, created_at, updated_at) VALUES (%s, %s, %s, tstzrange(%s, %s),"
        " tstzrange(%s, %s), 'confirmed', 5000, 'USD', 'bench', '', '', '', 1,"
        " now(), now())",
        (
            booking_id,
            org_id,
            creator_id,
            start,
            start + timedelta(hours=1),
            start,
            start + timedelta(minutes=75),
        ),
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextmanager
def _counting_statements(engine: AsyncEngine) -> Iterator[list[int]]:
    count = [0]

    def counted(*_args: Any) -> None:
        count[0] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", counted)
    try:
        yield count
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", counted)


async def concurrent_creation(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    creator_ids: list[str],
    conninfo: str,
    org_id: str,
    engine: AsyncEngine,
) -> None:
    """20 coordinators of one organization, one creator each, confirmed bookings, no
    conflicts; then 20 connections doing single-row INSERT transactions, in the same run."""
    per_client = CONCURRENT_N // CLIENTS
    creators = creator_ids[:CLIENTS]
    # After the sequential section's bookings, so every booking succeeds.
    base = EPOCH + timedelta(hours=(STORED // len(creator_ids)) * 2 + 24, days=30)
    latencies: list[float] = []

    async def coordinator(k: int) -> None:
        for j in range(per_client):
            start = base + timedelta(hours=2 * j)
            started = time.perf_counter()
            r = await client.post(
                "/v1/bookings",
                headers=headers,
                json={
                    "creator_id": creators[k],
                    "start": start.isoformat(),
                    "end": (start + timedelta(hours=1)).isoformat(),
                    "status": "confirmed",
                },
            )
            latencies.append(time.perf_counter() - started)
            if r.status_code != 201:
                raise RuntimeError(r.text)

    with _counting_statements(engine) as statements:
        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(coordinator(k) for k in range(CLIENTS)))
        api_seconds = time.perf_counter() - started
        # The API's own CPU (client, app, SQLAlchemy, driver; not PostgreSQL's): one process
        # with one event loop cannot go faster than one booking per this much.
        cpu_per_booking = (time.process_time() - cpu_started) / CONCURRENT_N

    raw_base = base + timedelta(days=400)

    async def raw_client(k: int) -> None:
        async with await psycopg.AsyncConnection.connect(conninfo) as conn:
            await conn.execute("SET session_replication_role = replica")
            await conn.commit()
            for j in range(per_client):
                async with conn.transaction():
                    await _insert_raw(
                        conn,
                        f"bkg_rawc{k:02d}{j:019d}",
                        org_id,
                        creators[k],
                        raw_base + timedelta(hours=2 * j),
                    )

    started = time.perf_counter()
    await asyncio.gather(*(raw_client(k) for k in range(CLIENTS)))
    raw_seconds = time.perf_counter() - started

    api_rate, raw_rate = CONCURRENT_N / api_seconds, CONCURRENT_N / raw_seconds
    print(
        f"## Booking creation, {CLIENTS} concurrent clients of one organization, "
        f"{CONCURRENT_N} confirmed bookings\n"
    )
    print("| path | bookings/s | p50 | p95 | SQL statements per booking | API CPU per booking |")
    print("|---|---|---|---|---|---|")
    print(
        f"| POST /v1/bookings (in-process API, one creator per client) | {api_rate:.0f} | "
        f"{_percentile(latencies, 0.5) * 1000:.0f} ms | "
        f"{_percentile(latencies, 0.95) * 1000:.0f} ms | {statements[0] / CONCURRENT_N:.1f} | "
        f"{cpu_per_booking * 1000:.1f} ms |"
    )
    print(
        f"| raw single-row INSERT transactions, {CLIENTS} connections | {raw_rate:.0f} | | | 1 | |"
    )
    print(f"\nRatio raw/API: **{raw_rate / api_rate:.1f}x**\n")


async def overlap_race(
    client: httpx.AsyncClient, headers: dict[str, str], creator_ids: list[str]
) -> None:
    """20 coordinators book the same slot of one creator at once, confirmed: one booking and
    nineteen 409s per round, never a 500."""
    base = EPOCH + timedelta(hours=(STORED // len(creator_ids)) * 2 + 24, days=900)
    codes: Counter[str] = Counter()
    slowest = 0.0
    latencies: list[float] = []

    async def attempt(creator_id: str, start: datetime) -> tuple[int, str, float]:
        started = time.perf_counter()
        r = await client.post(
            "/v1/bookings",
            headers=headers,
            json={
                "creator_id": creator_id,
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
                "status": "confirmed",
            },
        )
        code = r.json().get("code", "") if r.status_code != 201 else ""
        return r.status_code, code, time.perf_counter() - started

    per_round: list[str] = []
    for round_ in range(RACE_ROUNDS):
        start = base + timedelta(days=round_)
        answers = await asyncio.gather(
            *(attempt(creator_ids[round_], start) for _ in range(CLIENTS))
        )
        round_codes = Counter(f"{s} {c}".strip() for s, c, _ in answers)
        per_round.append(", ".join(f"{n}x {k}" for k, n in sorted(round_codes.items())))
        codes.update(round_codes)
        latencies.extend(t for _, _, t in answers)
        slowest = max(slowest, *(t for _, _, t in answers))
    print(
        f"## Overlap race: {CLIENTS} concurrent confirmed bookings of one slot of one creator, "
        f"{RACE_ROUNDS} rounds\n"
    )
    print("| answers (all rounds) | per round | p50 | slowest answer |")
    print("|---|---|---|---|")
    print(
        f"| {', '.join(f'{n}x {k}' for k, n in sorted(codes.items()))} | "
        f"{' / '.join(sorted(set(per_round)))} | "
        f"{statistics.median(latencies) * 1000:.0f} ms | {slowest * 1000:.0f} ms |\n"
    )
