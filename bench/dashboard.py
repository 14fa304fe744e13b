"""Dashboard pages on the realistic label of the analytics benchmark (100 artists, 50,000
bookings, 1,000,000 revenue lines), timed as a signed-in member's browser would fetch them
(session cookie lookup, permission and module checks, queries under RLS, jinja2 rendering),
next to the read-model queries alone on the same tenant session. The ratio is what the page
adds on top of its queries.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from bench.analytics import RUNS, median_of_runs, seed
from bench.stack import bench_organization, embedded_database
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker, tenant_session
from domain.audit.service import Actor
from domain.dashboard import auth as dashboard_auth
from domain.dashboard import views
from domain.finance import forecasting

ARTIST = f"art_{1:026d}"


async def run() -> None:
    async with embedded_database() as (url, conninfo):
        engine = create_app_engine(url, pool_size=5)
        sessionmaker = create_sessionmaker(engine)
        org = await bench_organization(sessionmaker, "Bench Label")
        org_id = org.organization.id
        seed(conninfo, org_id)
        async with tenant_session(sessionmaker, [org_id]) as session:
            owner = await session.merge(org.owner)
            await dashboard_auth.set_password(
                session, owner, "bench password 123", actor=Actor.system("bench")
            )
        [candidate] = await dashboard_auth.authenticate_member(
            sessionmaker, "bench@example.com", "bench password 123", only_organization=None
        )
        token = await dashboard_auth.open_session(
            sessionmaker,
            candidate,
            user_agent="bench",
            actor=Actor.system("bench"),
            now=datetime.now(UTC),
        )
        app = create_app(Settings(environment="test", database_url=url), engine=engine)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://bench",
                cookies={"ax_session": token},
                timeout=300,
            ) as client,
        ):

            async def page(path: str) -> float:
                started = time.perf_counter()
                r = await client.get(path)
                elapsed = time.perf_counter() - started
                assert r.status_code == 200, (path, r.status_code)
                return elapsed

            async def queries(call: Callable[..., Awaitable[object]]) -> float:
                started = time.perf_counter()
                async with tenant_session(sessionmaker, [org_id]) as session:
                    await call(session)
                return time.perf_counter() - started

            today = datetime.now(UTC).date()
            rows = [
                (
                    "roster, sorted by sessions (page of 50 of 100 artists)",
                    await median_of_runs(lambda: page("/dashboard/roster?sort=sessions&dir=desc")),
                    await median_of_runs(
                        lambda: queries(
                            lambda s: views.roster(
                                s,
                                organization_id=org_id,
                                q=None,
                                sort="sessions",
                                descending=True,
                                page=1,
                            )
                        )
                    ),
                ),
                (
                    "artist page (figures, 25 sessions, spend + revenue charts, forecast)",
                    await median_of_runs(lambda: page(f"/dashboard/artists/{ARTIST}")),
                    await median_of_runs(
                        lambda: queries(lambda s: _artist_queries(s, org_id, today))
                    ),
                ),
                (
                    "spend & revenue charts (label-wide, 12 months, forecast)",
                    await median_of_runs(lambda: page("/dashboard/overview")),
                    await median_of_runs(
                        lambda: queries(lambda s: _overview_queries(s, org_id, today))
                    ),
                ),
            ]
        await engine.dispose()
    print("## Dashboard pages on the same label\n")
    print("| page | page median | its queries alone | page / queries |")
    print("|---|---|---|---|")
    for name, page_s, sql_s in rows:
        print(
            f"| {name} | {page_s * 1000:.0f} ms | {sql_s * 1000:.0f} ms | {page_s / sql_s:.2f}x |"
        )
    print(
        f"\nMedians of {RUNS} runs after one warm-up; in-process ASGI client with a session "
        "cookie.\n"
    )


async def _artist_queries(session: AsyncSession, org_id: str, today: date) -> None:
    await views.artist_summary(session, org_id, ARTIST)
    await views.monthly_figures(session, org_id, months=12, today=today, artist_id=ARTIST)
    await _forecast(session, org_id, today, ARTIST)


async def _overview_queries(session: AsyncSession, org_id: str, today: date) -> None:
    await views.monthly_figures(session, org_id, months=12, today=today)
    await _forecast(session, org_id, today, None)


async def _forecast(session: AsyncSession, org_id: str, today: date, artist: str | None) -> None:
    await forecasting.revenue_forecast(
        session,
        organization_id=org_id,
        artist_id=artist,
        horizon=6,
        until=forecasting.add_months(today.replace(day=1), -1),
    )
