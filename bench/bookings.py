"""Bookings: conflict check at scale, and booking creation through the API vs raw inserts.

- Conflict check: 1,000 proposed sessions against 100,000 stored bookings of 100 creators
  (POST /v1/bookings/conflicts, in-process ASGI client, so HTTP parsing and validation count).
- Creation rate: N sequential POST /v1/bookings (auth, RLS scope, validation, rules, price,
  exclusion constraint, audit record, idempotency-free) versus N single-row INSERT
  transactions into the same table with psycopg. The ratio is the cost of the product's
  guarantees per booking.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import httpx
import psycopg

from api.app import create_app
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine

CREATORS = 100
STORED = 100_000
PROPOSALS = 1_000
CREATE_N = 400
ALL_WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
EPOCH = datetime(2027, 1, 4, tzinfo=UTC)  # a Monday, comfortably in the future


async def run() -> None:
    async with embedded_database() as (url, conninfo):
        settings = Settings(environment="test", database_url=url)
        engine = create_app_engine(url, pool_size=5)
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
