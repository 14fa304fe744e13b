"""Analytics on a realistic label: 100 artists, 50,000 bookings, 1,000,000 revenue lines.

Everything is generated set-based (``generate_series``), then the roster overview and the
artist comparison are timed two ways in the same run:
- through the API (``GET /v1/analytics/roster``, ``/artist-comparison``; in-process ASGI client,
  so authentication, the RLS scope, the reporting-currency lookup, pydantic and JSON count);
- as the plain SQL of the same query: the identical statements, sent with psycopg on one
  connection under the same role and row-level security, results fetched, nothing else.
The ratio is what the API adds on top of PostgreSQL's own work.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import psycopg
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from api.app import create_app
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import APP_ROLE, create_app_engine, create_sessionmaker
from domain.finance import amounts, analytics

ARTISTS = 100
CREATORS = 50
BOOKINGS = 50_000
REVENUE_LINES = 1_000_000
MONTHS = 36
RUNS = 7


async def run() -> None:
    async with embedded_database() as (url, conninfo):
        engine = create_app_engine(url, pool_size=5)
        org = await bench_organization(create_sessionmaker(engine), "Bench Label")
        org_id = org.organization.id
        seed(conninfo, org_id)
        app = create_app(Settings(environment="test", database_url=url), engine=engine)
        headers = {"Authorization": f"Bearer {org.raw_api_key}"}
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=300
            ) as client,
        ):
            await compare(client, headers, conninfo, org_id)
        await engine.dispose()


def seed(conninfo: str, org_id: str) -> None:
    started = time.perf_counter()
    p = {"org": org_id}
    with psycopg.connect(conninfo) as conn:
        conn.execute("SET session_replication_role = replica")  # skip the audit trigger only
        conn.execute(
            'UPDATE organizations SET settings = settings || \'{"reporting_currency": "EUR"}\''
            " WHERE id = %(org)s",
            p,
        )
        conn.execute(
            """INSERT INTO exchange_rates (organization_id, base_currency, quote_currency,
                   rate_date, rate, updated_at)
               SELECT %(org)s, c.cur, 'EUR', (DATE '2023-01-01' + make_interval(months => m))::date,
                      c.base + m * 0.001, now()
                 FROM (VALUES ('USD', 0.90), ('GBP', 1.15)) c(cur, base),
                      generate_series(0, 35) m""",
            p,
        )
        conn.execute(
            """INSERT INTO artists (id, organization_id, name, genres, status, links, tags,
                   created_at, updated_at)
               SELECT 'art_' || lpad(n::text, 26, '0'), %(org)s, 'Artist ' || n, '{}',
                      'active', '{}', '{}', now(), now()
                 FROM generate_series(1, %(n)s) n""",
            {**p, "n": ARTISTS},
        )
        conn.execute(
            """INSERT INTO creators (id, organization_id, name, bio, roles, skills, timezone,
                   currency, hourly_rate_minor, working_hours, date_overrides,
                   min_notice_minutes, buffer_before_minutes, buffer_after_minutes, tags,
                   status, created_at, updated_at)
               SELECT 'crt_' || lpad(n::text, 26, '0'), %(org)s, 'Creator ' || n, '', '{}',
                      '{}', 'UTC', 'EUR', 5000,
                      '{"mon": [["09:00", "18:00"]], "tue": [["09:00", "18:00"]]}', '{}',
                      0, 0, 0, '{}', 'active', now(), now()
                 FROM generate_series(1, %(n)s) n""",
            {**p, "n": CREATORS},
        )
        # 1,000 sessions per creator, every 20 hours over three years; a realistic status mix.
        conn.execute(
            """INSERT INTO bookings (id, organization_id, creator_id, artist_id, period,
                   creator_block, status, price_minor, currency, created_by, title, notes,
                   status_reason, version, created_at, updated_at)
               SELECT 'bkg_' || lpad(c::text, 4, '0') || lpad(k::text, 22, '0'), %(org)s,
                      'crt_' || lpad(c::text, 26, '0'),
                      'art_' || lpad((1 + (c * 7 + k) %% %(artists)s)::text, 26, '0'),
                      tstzrange(TIMESTAMPTZ '2023-01-02' + k * interval '20 hours',
                                TIMESTAMPTZ '2023-01-02' + k * interval '20 hours'
                                    + interval '4 hours'),
                      tstzrange(TIMESTAMPTZ '2023-01-02' + k * interval '20 hours',
                                TIMESTAMPTZ '2023-01-02' + k * interval '20 hours'
                                    + interval '4 hours'),
                      (ARRAY['completed', 'completed', 'completed', 'completed', 'completed',
                             'completed', 'confirmed', 'confirmed', 'held', 'cancelled'])
                          [1 + (k * 13 + c) %% 10],
                      20000 + (k %% 17) * 1000,
                      CASE WHEN (k + c) %% 5 = 0 THEN 'USD' ELSE 'EUR' END,
                      'bench', '', '', '', 1, now(), now()
                 FROM generate_series(1, %(creators)s) c, generate_series(0, %(per)s - 1) k""",
            {**p, "artists": ARTISTS, "creators": CREATORS, "per": BOOKINGS // CREATORS},
        )
        conn.execute(
            """INSERT INTO approval_requests (id, organization_id, policy_id, policy_version,
                   subject_type, subject_id, summary, status, reason, steps, requested_by,
                   workflow_id, created_at, updated_at)
               SELECT 'apr_' || lpad(n::text, 26, '0'), %(org)s, 'apol_bench', 1, 'booking',
                      b.id, '', 'pending', '', '[]', 'bench', 'wf', now(), now()
                 FROM (SELECT id, row_number() OVER (ORDER BY id) n FROM bookings
                        WHERE status = 'held' LIMIT 500) b""",
            p,
        )
        conn.execute(
            """INSERT INTO revenue_imports (id, organization_id, source_name, mode, status,
                   content_sha256, rows_total, rows_imported, rows_unchanged, rows_failed,
                   report, created_by, created_at)
               VALUES ('rvi_bench', %(org)s, 'bench', 'partial', 'imported', '', 0, 0, 0, 0,
                       '[]', 'bench', now())""",
            p,
        )
        conn.execute(
            """INSERT INTO revenue_lines (id, organization_id, import_id, artist_id, period,
                   source, territory, reference, amount_minor, currency, line_key)
               SELECT 'rvl_' || lpad(n::text, 26, '0'), %(org)s, 'rvi_bench',
                      'art_' || lpad((1 + n %% %(artists)s)::text, 26, '0'),
                      (DATE '2023-01-01' + make_interval(months => (n / %(artists)s) %% 36))::date,
                      (ARRAY['Spotify', 'Apple Music', 'YouTube', 'Deezer', 'Amazon'])[1 + n %% 5],
                      (ARRAY['US', 'GB', 'DE', 'FR', 'JP', 'BR', 'WW'])[1 + n %% 7],
                      n::text,
                      100 + (n::bigint * 7919) %% 50000,
                      (ARRAY['USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR',
                             'GBP'])[1 + (n / 3) %% 10],
                      md5(n::text)
                 FROM generate_series(1, %(lines)s) n""",
            {**p, "artists": ARTISTS, "lines": REVENUE_LINES},
        )
        # The rollup every import maintains, built the same way for the generated lines.
        conn.execute(
            """INSERT INTO revenue_monthly (organization_id, artist_id, period, currency,
                   amount_minor, lines)
               SELECT organization_id, artist_id, period, currency, sum(amount_minor), count(*)
                 FROM revenue_lines WHERE organization_id = %(org)s GROUP BY 1, 2, 3, 4""",
            p,
        )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    print(
        f"seeded {ARTISTS} artists, {BOOKINGS:,} bookings and {REVENUE_LINES:,} revenue lines "
        f"in {time.perf_counter() - started:.1f}s\n"
    )


def _psycopg_sql(sql: str) -> str:
    """The SQLAlchemy text() statement in psycopg's ``%(name)s`` parameter style."""
    return str(text(sql).compile(dialect=PGDialect_psycopg()))


class PlainSql:
    """One psycopg connection, as the app's role under RLS, kept across runs (like the API's
    pooled connection, so both sides get to reuse prepared plans)."""

    def __init__(self, conninfo: str, org_id: str) -> None:
        self.conn = psycopg.connect(conninfo)
        self.conn.execute(f"SET ROLE {APP_ROLE}")
        self.conn.commit()
        self.org_id = org_id

    def run(self, statements: list[tuple[str, dict[str, Any]]]) -> float:
        started = time.perf_counter()
        with self.conn.transaction():
            self.conn.execute("SELECT set_config('app.org_ids', %s, true)", (self.org_id,))
            for sql, params in statements:
                self.conn.execute(_psycopg_sql(sql), params).fetchall()
        return time.perf_counter() - started


async def median_of_runs(call: Callable[[], Awaitable[float]]) -> float:
    await call()  # warm-up: caches, plans, pool
    return statistics.median([await call() for _ in range(RUNS)])


async def compare(
    client: httpx.AsyncClient, headers: dict[str, str], conninfo: str, org_id: str
) -> None:
    artists = [f"art_{n:026d}" for n in (1, 2, 3, 4, 5)]

    async def api(path: str, params: Any) -> float:
        started = time.perf_counter()
        r = await client.get(path, params=params, headers=headers)
        elapsed = time.perf_counter() - started
        r.raise_for_status()
        return elapsed

    base = {"org": org_id, "rc": "EUR", "from_d": amounts.EARLIEST, "to_d": amounts.LATEST}
    roster_sql = [
        (amounts.roster_counts_sql(), {**base, "q": None}),
        (amounts.roster_money_sql(), base),
    ]
    period = {"from_d": date(2025, 1, 1), "to_d": date(2025, 12, 31)}
    comparison_sql = [(analytics.comparison_sql(), {**base, **period, "artists": artists})]

    plain_sql = PlainSql(conninfo, org_id)

    async def plain(statements: list[tuple[str, dict[str, Any]]]) -> float:
        return plain_sql.run(statements)

    rows = [
        (
            "roster overview (100 artists, all time)",
            await median_of_runs(lambda: api("/v1/analytics/roster", {})),
            await median_of_runs(lambda: plain(roster_sql)),
        ),
        (
            "artist comparison (5 artists, 12 months)",
            await median_of_runs(
                lambda: api(
                    "/v1/analytics/artist-comparison",
                    {"artist_id": artists, "from": "2025-01-01", "to": "2025-12-31"},
                )
            ),
            await median_of_runs(lambda: plain(comparison_sql)),
        ),
    ]
    print(
        f"## Analytics: {ARTISTS} artists, {BOOKINGS:,} bookings, {REVENUE_LINES:,} revenue "
        "lines (3 currencies, converted to EUR)\n"
    )
    print("| query | API median | plain SQL median | API / SQL |")
    print("|---|---|---|---|")
    for name, api_s, sql_s in rows:
        print(f"| {name} | {api_s * 1000:.0f} ms | {sql_s * 1000:.0f} ms | {api_s / sql_s:.2f}x |")
    print(f"\nMedians of {RUNS} runs after one warm-up, same process, same database.\n")
    plain_sql.conn.close()
