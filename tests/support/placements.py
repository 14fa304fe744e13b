"""Helpers of the placement tests: databases created, emptied, and searched for a tenant."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from core import migrate
from core.devstack import EmbeddedPostgres, free_port

# Namespaces the session's Temporal dev server creates, one per region (REGION_NAMESPACES).
TEST_REGION_NAMESPACES = {"eu": "auditoryx-eu", "us": "auditoryx-us"}


def conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(False)


def create_database(admin_dsn: str, name: str) -> str:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return (
        make_url(admin_dsn)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


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


def empty(url: str, plans: str | None = None) -> None:
    """Every application table emptied, the migrations' reference data (plans) kept; with
    ``plans`` (the seeded rows as JSON), the plans are put back as they were seeded."""
    kept = ("alembic_version",) if plans is not None else ("alembic_version", "plans")
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND NOT tablename = ANY(%s)",
                (list(kept),),
            )
        ]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        if plans is not None:
            conn.execute(
                "INSERT INTO plans SELECT * FROM json_populate_recordset(NULL::plans, %s::json)",
                (plans,),
            )


def mentions(url: str, needle: str) -> dict[str, int]:
    """Each table of the database at ``url`` with a row whose text holds ``needle``."""
    found = {}
    with psycopg.connect(conninfo(url)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            row = conn.execute(
                f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE %s', (f"%{needle}%",)
            ).fetchone()
            if row and row[0]:
                found[table] = int(row[0])
    return found


def rows_per_table(owner_conninfo: str, ids: list[str]) -> dict[str, int]:
    """Rows of ``ids`` per tenant table (every table with ``organization_id``, and
    ``organizations`` by id), as the schema owner with row-level security scoped to them."""
    counts: dict[str, int] = {}
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("SELECT set_config('app.org_ids', %s, false)", (",".join(ids),))
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'organization_id' ORDER BY table_name"
            )
        ]
        for table in tables:
            row = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE organization_id = ANY (%s)', (ids,)
            ).fetchone()
            counts[table] = int(row[0]) if row else 0
        row = conn.execute(
            "SELECT count(*) FROM organizations WHERE id = ANY (%s)", (ids,)
        ).fetchone()
        counts["organizations"] = int(row[0]) if row else 0
    return counts
