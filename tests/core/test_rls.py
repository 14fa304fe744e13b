"""Row-level security, proved with raw SQL through the application's own sessions.

Every query here forgets its ``WHERE`` on purpose: isolation must not depend on the query.
The owner connection (which bypasses RLS) is used only to prove that the other
organization's rows exist, so that "none visible" cannot pass vacuously.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import system_session, tenant_session
from core.ids import new_id
from domain.audit.sealer import seal_pending
from domain.audit.service import Actor
from domain.idempotency import service as idempotency
from domain.tenancy import organizations, roles
from domain.tenancy.organizations import create_organization
from domain.tenancy.permissions import ALL_PERMISSIONS

# The tenancy tables and the column that names their tenant.
TENANCY_TABLES = {
    "members": "organization_id",
    "roles": "organization_id",
    "api_keys": "organization_id",
    "audit_events": "organization_id",
    "audit_chain_heads": "organization_id",
    "idempotency_keys": "organization_id",
    "organizations": "id",
}


def owner_count(owner_conninfo: str, table: str, column: str, org_id: str) -> int:
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = %s", (org_id,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def truncate_everything(owner_conninfo: str) -> None:
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                # plans: reference data the migrations seeded, not a tenant's
                "AND tablename NOT IN ('alembic_version', 'plans')"
            )
        ]
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


@pytest.fixture(scope="module")
async def populated(sessionmaker, owner_conninfo):
    """Two organizations with rows in every tenancy table (a custom role, a reserved
    idempotency key, a sub-organization), checked through the owner connection.

    Built once for the module: every test here only reads, or fails to write.
    """
    truncate_everything(owner_conninfo)
    actor = Actor.system("test")
    tenants = []
    for name in ("Northstar Records", "Bluewave Studios"):
        boot = await create_organization(
            sessionmaker,
            name=name,
            plan="label_enterprise",
            region="eu",
            owner_email=f"owner@{name.split()[0].lower()}.example",
            owner_name="Owner",
            actor=actor,
        )
        org = boot.organization
        async with tenant_session(sessionmaker, [org.id]) as session:
            await roles.create_role(
                session,
                organization_id=org.id,
                name="engineer",
                description="",
                permissions=["bookings:read"],
                granted_by=ALL_PERMISSIONS,
                actor=actor,
            )
            await idempotency.reserve(
                session,
                organization_id=org.id,
                key="first-try",
                method="POST",
                path="/v1/roles",
                body_fingerprint="0" * 64,
            )
            child = await organizations.create_child(
                session, org, name=f"{name} Imprint", plan=None, region=None, actor=actor
            )
        tenants.append((org.id, child.id))
    await seal_pending(sessionmaker)  # the chain heads exist once records are sealed
    (org_a, child_a), (org_b, _child_b) = tenants
    for table, column in TENANCY_TABLES.items():
        assert owner_count(owner_conninfo, table, column, org_b) > 0, table
    return org_a, org_b, child_a


@pytest.mark.parametrize("table", sorted(TENANCY_TABLES))
async def test_select_without_where_sees_only_own_rows(populated, sessionmaker, table):
    org_a, org_b, child_id = populated
    column = TENANCY_TABLES[table]
    async with tenant_session(sessionmaker, [org_a]) as session:
        rows = (await session.execute(text(f"SELECT * FROM {table}"))).mappings().all()
    seen = {row[column] for row in rows}
    assert rows, f"{table}: org A should see its own rows"
    assert org_b not in seen
    # A sees itself and (in `organizations`) its sub-organization; nothing else at all.
    assert seen <= {org_a, child_id}


async def test_app_session_runs_as_the_unprivileged_app_role(populated, sessionmaker):
    org_a, _, _ = populated
    async with tenant_session(sessionmaker, [org_a]) as session:
        user = (await session.execute(text("SELECT current_user"))).scalar_one()
        flags = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
    assert user == "auditoryx_app"
    assert tuple(flags) == (False, False)


def _insert_statements(org_b_id: str) -> dict[str, tuple[str, dict[str, object]]]:
    return {
        "members": (
            "INSERT INTO members (id, organization_id, email, name, role, status) "
            "VALUES (:id, :org, 'spy@evil.example', 'Spy', 'owner', 'active')",
            {"id": new_id("mem"), "org": org_b_id},
        ),
        "roles": (
            "INSERT INTO roles (id, organization_id, name, description, permissions) "
            "VALUES (:id, :org, 'spy', '', ARRAY['members:read'])",
            {"id": new_id("rol"), "org": org_b_id},
        ),
        "api_keys": (
            "INSERT INTO api_keys (id, organization_id, name, mode, secret_hash, redacted, "
            "permissions, created_at) VALUES (:id, :org, 'spy', 'live', '\\x00', 'x', "
            "ARRAY['members:read'], now())",
            {"id": new_id("key"), "org": org_b_id},
        ),
        "idempotency_keys": (
            "INSERT INTO idempotency_keys (organization_id, key, fingerprint, method, path, "
            "created_at, expires_at) VALUES (:org, 'spy', 'f', 'POST', '/v1/members', now(), "
            "now() + interval '1 day')",
            {"org": org_b_id},
        ),
        # A root of its own posing as B's sandbox twin (its path is consistent, so only row-level
        # security stands in the way).
        "organizations": (
            "INSERT INTO organizations (id, parent_id, path, name, plan, region, settings, "
            "sandbox_of) VALUES (:id, NULL, CAST(:path AS text[]), 'Spy twin', 'api', 'eu', "
            "'{}', :org)",
            {"id": (twin := new_id("org")), "org": org_b_id, "path": [twin]},
        ),
    }


@pytest.mark.parametrize(
    "table", ["members", "roles", "api_keys", "idempotency_keys", "organizations"]
)
async def test_insert_into_another_organization_is_refused(populated, sessionmaker, table):
    org_a, org_b, _ = populated
    sql, params = _insert_statements(org_b)[table]
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a]) as session:
            await session.execute(text(sql), params)
    assert info.value.orig is not None
    assert info.value.orig.sqlstate == "42501"  # insufficient_privilege
    assert "row-level security" in str(info.value.orig)


async def test_moving_own_row_into_another_organization_is_refused(populated, sessionmaker):
    org_a, org_b, _ = populated
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a]) as session:
            await session.execute(
                text("UPDATE members SET organization_id = :b WHERE organization_id = :a"),
                {"a": org_a, "b": org_b},
            )
    assert "row-level security" in str(info.value.orig)


async def test_update_and_delete_of_other_organization_affect_nothing(
    populated, sessionmaker, owner_conninfo
):
    org_a, org_b, _ = populated
    before = {t: owner_count(owner_conninfo, t, c, org_b) for t, c in TENANCY_TABLES.items()}
    statements = [
        "UPDATE members SET name = 'pwned' WHERE organization_id = :b",
        "UPDATE roles SET permissions = ARRAY['members:write'] WHERE organization_id = :b",
        "UPDATE api_keys SET revoked_at = now() WHERE organization_id = :b",
        "UPDATE audit_chain_heads SET seq = 0 WHERE organization_id = :b",
        "UPDATE idempotency_keys SET status_code = 500 WHERE organization_id = :b",
        "UPDATE organizations SET name = 'pwned' WHERE id = :b",
        "DELETE FROM members WHERE organization_id = :b",
        "DELETE FROM roles WHERE organization_id = :b",
        "DELETE FROM api_keys WHERE organization_id = :b",
        "DELETE FROM idempotency_keys WHERE organization_id = :b",
        "DELETE FROM organizations WHERE id = :b",
    ]
    async with tenant_session(sessionmaker, [org_a]) as session:
        for sql in statements:
            result = await session.execute(text(sql), {"b": org_b})
            assert result.rowcount == 0, sql  # type: ignore[attr-defined]
    after = {t: owner_count(owner_conninfo, t, c, org_b) for t, c in TENANCY_TABLES.items()}
    assert after == before
    with psycopg.connect(owner_conninfo) as conn:
        names = {
            r[0]
            for r in conn.execute("SELECT name FROM members UNION SELECT name FROM organizations")
        }
    assert "pwned" not in names


async def test_a_session_without_tenant_sees_nothing(populated, sessionmaker, owner_conninfo):
    for table, column in TENANCY_TABLES.items():
        assert owner_count(owner_conninfo, table, column, populated[1]) > 0
        async with system_session(sessionmaker) as session:
            count = (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
        assert count == 0, table


async def test_the_app_role_cannot_switch_on_owner_maintenance(populated, sessionmaker):
    async with system_session(sessionmaker) as session:
        await session.execute(text("SELECT set_config('app.owner_maintenance', 'on', true)"))
        for table in TENANCY_TABLES:
            count = (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
            assert count == 0, table


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET action = 'nothing.happened'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
async def test_audit_events_cannot_be_changed_even_in_own_organization(
    populated, sessionmaker, sql
):
    org_a, _, _ = populated
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a]) as session:
            await session.execute(text(sql))
    assert info.value.orig is not None
    assert info.value.orig.sqlstate == "42501"


async def test_audit_chain_heads_cannot_be_deleted_by_the_app(populated, sessionmaker):
    org_a, _, _ = populated
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a]) as session:
            await session.execute(text("DELETE FROM audit_chain_heads"))
    assert info.value.orig is not None
    assert info.value.orig.sqlstate == "42501"


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_events SET action = 'nothing.happened'", "DELETE FROM audit_events"],
)
async def test_audit_events_are_append_only_for_the_owner_too(populated, owner_conninfo, sql):
    with psycopg.connect(owner_conninfo) as conn, pytest.raises(psycopg.Error) as info:
        conn.execute(sql)
    assert "append-only" in str(info.value)


async def test_child_cannot_see_its_parent_but_the_parent_sees_the_child(populated, sessionmaker):
    org_a, _, child_id = populated
    async with tenant_session(sessionmaker, [child_id]) as session:
        seen_by_child = set((await session.execute(text("SELECT id FROM organizations"))).scalars())
    async with tenant_session(sessionmaker, [org_a]) as session:
        seen_by_parent = set(
            (await session.execute(text("SELECT id FROM organizations"))).scalars()
        )
    assert seen_by_child == {child_id}
    assert seen_by_parent == {org_a, child_id}


async def test_organizations_cannot_be_moved_in_the_hierarchy(populated, sessionmaker):
    org_a, _, child_id = populated
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a]) as session:
            await session.execute(
                text("UPDATE organizations SET parent_id = NULL, path = ARRAY[id] WHERE id = :c"),
                {"c": child_id},
            )
    assert "cannot be moved" in str(info.value.orig)


@pytest.mark.parametrize(
    ("parent", "path"),
    [
        ("b", ["a", "new"]),  # claims another organization as its parent
        ("a", ["new"]),  # a child pretending to be a root (invisible to its parent)
        (None, ["a", "new"]),  # a root pretending to sit under A
    ],
)
async def test_a_new_organizations_path_must_follow_its_parent(
    populated, sessionmaker, parent, path
):
    org_a, org_b, _ = populated
    new = new_id("org")
    names = {"a": org_a, "b": org_b, "new": new, None: None}
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a, new]) as session:
            await session.execute(
                text(
                    "INSERT INTO organizations (id, parent_id, path, name, plan, region, settings) "
                    "VALUES (:id, :parent, CAST(:path AS text[]), 'Odd', 'api', 'eu', '{}')"
                ),
                {"id": new, "parent": names[parent], "path": [names[p] for p in path]},
            )
    assert info.value.orig is not None
    assert info.value.orig.sqlstate == "23514", info.value.orig  # check_violation


async def test_every_table_with_an_organization_id_is_under_forced_rls(owner_conninfo):
    """New tenant tables are covered automatically: RLS enabled, forced, with a policy."""
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*) FROM pg_policies p
                     WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM information_schema.columns col
                          WHERE col.table_schema = 'public' AND col.table_name = c.relname
                            AND col.column_name = 'organization_id')
            """
        ).fetchall()
    assert {r[0] for r in rows} >= set(TENANCY_TABLES) - {"organizations"}
    unprotected = [r[0] for r in rows if not (r[1] and r[2] and r[3] == 1)]
    assert unprotected == []


def test_every_tenant_policy_reads_the_scope_once_per_statement(owner_conninfo: str) -> None:
    """A policy calling ``app_org_ids()`` directly re-reads the setting for every row scanned
    (measured: most of a 50,000-booking aggregate); the sub-select form is an InitPlan."""
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT tablename, qual, with_check FROM pg_policies "
            "WHERE schemaname = 'public' AND policyname = 'tenant_isolation'"
        ).fetchall()
    assert len(rows) > 20
    per_row = [
        table
        for table, qual, check in rows
        if "app_org_ids()" in (qual or "") + (check or "")
        and ((qual or "").count("app_org_ids()") != (qual or "").count("SELECT app_org_ids()"))
    ]
    assert per_row == []


async def test_the_overlap_check_uses_the_exclusion_index_under_row_level_security(
    populated, sessionmaker
):
    """Under RLS only leakproof operators may be index conditions; ``&&`` on ranges is made
    leakproof by migration 0022, so the conflict checks probe the GiST index instead of
    comparing every booking of the organization."""
    org_a, _, _ = populated
    async with tenant_session(sessionmaker, [org_a]) as session:
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        await session.execute(text("SET LOCAL enable_bitmapscan = off"))
        plan = "\n".join(
            (
                await session.execute(
                    text(
                        "EXPLAIN SELECT id FROM bookings WHERE creator_id = 'cr_x' "
                        "AND creator_block && tstzrange(now(), now() + interval '1 hour') "
                        "AND status IN ('held', 'pending_approval', 'confirmed', 'completed')"
                    )
                )
            ).scalars()
        )
    [index_cond] = [line for line in plan.splitlines() if "Index Cond" in line]
    assert "creator_block &&" in index_cond, plan
