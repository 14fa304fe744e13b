"""Apps with a usage meter a test can flush, and reading ``usage_daily`` as the owner."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import psycopg

from api.app import create_app
from domain.usage.meter import UsageMeter


@asynccontextmanager
async def metered_app(
    settings: Any, engine: Any, meter: UsageMeter, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app (lifespan included) counting its requests on ``meter``: one API process."""
    app = create_app(settings.model_copy(update=overrides), engine=engine, meter=meter)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c,
    ):
        yield c


def usage_rows(owner_conninfo: str) -> list[tuple[Any, ...]]:
    """Every ``usage_daily`` row, read past row-level security by the schema owner."""
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("SET app.owner_maintenance = 'on'")
        return list(
            conn.execute(
                "SELECT organization_id, day, metric, category, status_class, api_key_id, n "
                "FROM usage_daily ORDER BY 1, 2, 3, 4, 5, 6"
            )
        )
