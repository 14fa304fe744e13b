"""The migrations build, tear down and rebuild the schema, and build it safely.

Runs on a throwaway database of the test server, so it sees exactly what a fresh production
database gets from ``auditoryx migrate``: row-level security forced on every tenant table, an
application role that cannot bypass it, and a schema that matches the models (no pending
autogenerate diff, i.e. what ``alembic check`` verifies).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import make_url

from core import migrate
from core.db import APP_ROLE, normalize_url

# Objects of the schema, per kind, that a downgrade to base must remove again.
SCHEMA_OBJECTS = """
    SELECT 'table ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       AND c.relname <> 'alembic_version'
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'type ' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'default privileges of ' || pg_get_userbyid(a.defaclrole) FROM pg_default_acl a
    ORDER BY 1
"""


@pytest.fixture(scope="module")
def fresh_database(owner_conninfo: str) -> Iterator[str]:
    """An empty database on the test server; yields its SQLAlchemy URL (as conftest builds it)."""
    name = f"axmig_{secrets.token_hex(4)}"
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(owner_conninfo).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(owner_conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def query(url: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo(url)) as conn:
        return conn.execute(sql, params).fetchall()


def current_revision(url: str) -> str | None:
    rows = query(url, "SELECT version_num FROM alembic_version")
    return rows[0][0] if rows else None


def head_revision(url: str) -> str:
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    assert head is not None
    return head


def autogenerate_diff(url: str) -> list[Any]:
    """What ``alembic revision --autogenerate`` would write, computed the way ``alembic check``
    does: through ``migrations/env.py``, so with its metadata and its comparison options."""
    config = migrate.alembic_config(url)
    script = ScriptDirectory.from_config(config)
    diff: list[Any] = []

    def compare(_revision: Any, context: MigrationContext) -> list[Any]:
        diff.extend(compare_metadata(context, context.opts["target_metadata"]))
        return []  # nothing to run: comparing only

    engine = create_engine(normalize_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            with EnvironmentContext(config, script, fn=compare):
                script.run_env()
    finally:
        engine.dispose()
    return diff


@pytest.fixture(scope="module")
def round_tripped(fresh_database: str) -> str:
    """Upgrade to head, downgrade to base, upgrade again (checking each step lands)."""
    url = fresh_database
    migrate.upgrade(url)
    assert current_revision(url) == head_revision(url)
    assert query(url, SCHEMA_OBJECTS)  # something was built

    migrate.downgrade(url, "base")
    assert current_revision(url) is None
    leftovers = [row[0] for row in query(url, SCHEMA_OBJECTS)]
    assert leftovers == [], f"downgrade to base left behind: {leftovers}"

    migrate.upgrade(url)
    assert current_revision(url) == head_revision(url)
    return url


def test_upgrade_downgrade_upgrade_round_trip(round_tripped: str) -> None:
    tables = {
        row[0]
        for row in query(
            round_tripped, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
    }
    assert {"organizations", "members", "api_keys", "audit_events", "health_probes"} <= tables


def test_every_tenant_table_forces_row_level_security_with_a_policy_for_the_app(
    round_tripped: str,
) -> None:
    rows = query(
        round_tripped,
        """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
               EXISTS (SELECT 1 FROM pg_policy p
                        WHERE p.polrelid = c.oid
                          AND (0 = ANY (p.polroles)
                               OR (SELECT oid FROM pg_roles WHERE rolname = %(role)s)
                                  = ANY (p.polroles))) AS app_policy
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND (c.relname = 'organizations'
                OR EXISTS (SELECT 1 FROM pg_attribute a
                            WHERE a.attrelid = c.oid AND a.attname = 'organization_id'
                              AND NOT a.attisdropped))
         ORDER BY 1
        """,
        {"role": APP_ROLE},
    )
    assert len(rows) >= 7, rows  # organizations and the tenancy tables, at least
    unsafe = [
        f"{name}: "
        + ", ".join(
            problem
            for problem, ok in (
                ("RLS not enabled", enabled),
                ("RLS not forced", forced),
                ("no policy for the app role", policy),
            )
            if not ok
        )
        for name, enabled, forced, policy in rows
        if not (enabled and forced and policy)
    ]
    assert unsafe == []


def test_the_app_role_cannot_escape_row_level_security(round_tripped: str) -> None:
    [(superuser, bypass, owned)] = query(
        round_tripped,
        """
        SELECT r.rolsuper, r.rolbypassrls,
               (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
          FROM pg_roles r WHERE r.rolname = %s
        """,
        (APP_ROLE,),
    )
    assert superuser is False
    assert bypass is False
    assert owned == 0  # an owner is exempt from RLS unless forced; it owns nothing at all
    [(reads_versions,)] = query(
        round_tripped,
        "SELECT has_table_privilege(%s, 'alembic_version', 'SELECT')",
        (APP_ROLE,),
    )
    assert reads_versions is False


def test_the_models_match_the_migrated_schema(round_tripped: str) -> None:
    # Nothing is ignored: every difference between domain models and migrations is a bug in one
    # of them (RLS policies, triggers and functions are invisible to autogenerate anyway).
    assert autogenerate_diff(round_tripped) == []
