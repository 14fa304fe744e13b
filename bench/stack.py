"""A throwaway embedded PostgreSQL with the schema migrated, for benchmarks."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core import migrate
from core.devstack import EmbeddedPostgres, free_port
from domain.audit.service import Actor
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
