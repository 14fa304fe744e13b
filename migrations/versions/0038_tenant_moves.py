"""Tenant moves: their progress and report, write blocks, and the audit trail's cleanup.

``tenant_moves`` (read in the control database) records each move of an organization's tree
from one placement to another: its state, the checkpoint of the running step and the
verification report. ``tenant_write_blocks`` exists in every placement: a row refuses the
organization's writes in that database, while a move freezes them and, once it switched,
for good (a process still routing the organization there must not write into what is left).
``tenant_write_hold(ids)`` is what a writing transaction calls first: it takes a shared
advisory lock per organization (the move's freeze takes them exclusively, so it waits for
the writes already under way) and answers the block, if any.

``audit_events`` stays append-only, except that the schema owner may delete the records of
the organizations named in ``app.tenant_move_cleanup`` (the source's copy, after a move
switched). The owner could disable the trigger anyway; this keeps the lock it would take off
every other organization's writes.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-03 06:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0038"
down_revision: str | None = "0037"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLD = "tenant_write_hold(text[])"

WRITE_HOLD = """
CREATE FUNCTION tenant_write_hold(p_org_ids text[])
RETURNS TABLE (organization_id text, reason text, retry_after_seconds integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    org text;
BEGIN
    -- Shared: writers of one organization never wait for each other, only for a freeze.
    FOREACH org IN ARRAY p_org_ids LOOP
        PERFORM pg_advisory_xact_lock_shared(hashtextextended('tenant-move:' || org, 0));
    END LOOP;
    PERFORM set_config('app.owner_maintenance', 'on', true);
    RETURN QUERY
        SELECT b.organization_id::text, b.reason::text, b.retry_after_seconds
        FROM tenant_write_blocks b WHERE b.organization_id = ANY (p_org_ids)
        ORDER BY b.organization_id LIMIT 1;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""

# As in 0017, plus the owner's cleanup after a move.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Linking an unlinked record into its chain is the one change ever allowed.
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.xid = OLD.xid
       AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash']
           = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
        RETURN NEW;
    END IF;
    -- A tenant move deletes the source's copy of an organization that lives elsewhere now:
    -- only the schema owner (who may disable this trigger anyway), only the organizations
    -- it named for this transaction.
    IF TG_OP = 'DELETE'
       AND OLD.organization_id = ANY (string_to_array(
           nullif(current_setting('app.tenant_move_cleanup', true), ''), ','))
       AND EXISTS (
           SELECT FROM pg_roles r WHERE r.rolname = current_user
           AND (r.rolsuper OR r.oid = (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID))
       ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$
"""

APPEND_ONLY_0017 = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Linking an unlinked record into its chain is the one change ever allowed.
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.xid = OLD.xid
       AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash']
           = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _tenant_rls(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(
        f"CREATE POLICY owner_maintenance ON {table} TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )


def upgrade() -> None:
    op.create_table(
        "tenant_moves",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("organization_ids", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column(
            "progress",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("report", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("workflow_id", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("switched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('copying', 'catching_up', 'frozen', 'switched', 'cleaning', 'done', "
            "'failed')",
            name=op.f("ck_tenant_moves_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant_moves")),
    )
    op.create_index(
        "uq_tenant_moves_organization_id_active",
        "tenant_moves",
        ["organization_id"],
        unique=True,
        postgresql_where=sa.text("state NOT IN ('done', 'failed')"),
    )
    _tenant_rls("tenant_moves")

    op.create_table(
        "tenant_write_blocks",
        sa.Column("organization_id", sa.String(length=40), nullable=False),
        sa.Column("move_id", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("retry_after_seconds", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "reason IN ('frozen', 'moved')", name=op.f("ck_tenant_write_blocks_reason")
        ),
        sa.PrimaryKeyConstraint("organization_id", name=op.f("pk_tenant_write_blocks")),
    )
    _tenant_rls("tenant_write_blocks")
    op.execute(WRITE_HOLD)
    op.execute(f"REVOKE ALL ON FUNCTION {HOLD} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {HOLD} TO auditoryx_app")
    op.execute(APPEND_ONLY)


def downgrade() -> None:
    op.execute(APPEND_ONLY_0017)
    op.execute(f"DROP FUNCTION IF EXISTS {HOLD}")
    op.drop_table("tenant_write_blocks")
    op.drop_index("uq_tenant_moves_organization_id_active", table_name="tenant_moves")
    op.drop_table("tenant_moves")
