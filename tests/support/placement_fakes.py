"""Two placements for tests: the test database ("shared") and a second embedded PostgreSQL
("dedicated"), and a directory of where each organization lives.

TEST-ONLY STAND-IN: ``FakePlacements`` and ``FakeDirectory`` play the parts of
``domain.placements.registry.Placements`` and ``domain.placements.directory``
(``placement_of``, ``assign``), which are built separately; replace them with the real ones
when both are in. They hold exactly the interface a tenant move uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core import migrate
from core.db import create_app_engine, create_sessionmaker
from core.devstack import EmbeddedPostgres, free_port
from domain.placements.move import PlacementRouting


class FakePlacements:
    """TEST-ONLY stand-in for ``registry.Placements``: names, URLs, regions, sessionmakers."""

    def __init__(self, urls: Mapping[str, str], regions: Mapping[str, str]) -> None:
        self._urls = dict(urls)
        self._regions = dict(regions)
        self._engines: dict[str, AsyncEngine] = {}

    def names(self) -> list[str]:
        return list(self._urls)

    def url(self, name: str) -> str:
        return self._urls[name]

    def region(self, name: str) -> str:
        return self._regions[name]

    def sessionmaker(self, name: str) -> async_sessionmaker[AsyncSession]:
        if name not in self._engines:
            self._engines[name] = create_app_engine(self._urls[name], pool_size=4)
        return create_sessionmaker(self._engines[name])

    async def dispose(self) -> None:
        for engine in self._engines.values():
            await engine.dispose()
        self._engines.clear()


class FakeDirectory:
    """TEST-ONLY stand-in for ``directory.placement_of`` / ``directory.assign``: an
    organization without an entry lives in ``default`` (the control database)."""

    def __init__(self, default: str) -> None:
        self.default = default
        self.rows: dict[str, str] = {}

    async def placement_of(self, _control: async_sessionmaker[AsyncSession], org_id: str) -> str:
        return self.rows.get(org_id, self.default)

    async def assign(self, _control_session: AsyncSession, org_id: str, placement: str) -> None:
        self.rows[org_id] = placement


def routing_for(urls: Mapping[str, str], directory: FakeDirectory) -> PlacementRouting:
    placements = FakePlacements(urls, {name: "eu" for name in urls})
    return PlacementRouting(placements, directory.placement_of, directory.assign)


def second_database(data_dir: Path) -> Iterator[str]:
    """Another embedded PostgreSQL server with a migrated database: its owner's URL."""
    server = EmbeddedPostgres(data_dir, free_port())
    server.start()
    try:
        server.ensure_database("dedicated")
        url = make_url(server.url("dedicated")).set(drivername="postgresql+psycopg")
        rendered = url.render_as_string(hide_password=False)
        migrate.upgrade(rendered)
        yield rendered
    finally:
        server.stop()


def truncate_tenant_rows(url: str) -> None:
    """Empty every table but the reference data (``plans``) and the migration mark."""
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT IN ('alembic_version', 'plans')"
            )
        ]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
