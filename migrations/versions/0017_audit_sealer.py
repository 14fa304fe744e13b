"""The audit chain is sealed by the worker, off the request path (ADR 19).

A request only inserts unlinked audit records; nothing it does waits on the organization's
chain head any more. Each record carries the id of the transaction that wrote it (``xid``,
stamped by a trigger on insert so no caller can choose it). The sealer links records whose
transaction lies below the transaction-visibility watermark
(``pg_snapshot_xmin(pg_current_snapshot())``: every transaction older than it has committed or
aborted), in (``xid``, ``id``) order, so a record sealed later can never belong before one
sealed earlier.

The append-only rule stays: the one change ever allowed is linking an unlinked record, once,
and ``xid`` never changes. ``audit_unsealed_organizations()`` lets the worker, which runs as
the application role under row-level security, find the organizations with records to seal
(ids only), as the other relays find their work.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP_XID = """
CREATE FUNCTION audit_events_stamp_xid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The sealing order is the writing transaction's id: taken here, never from the caller
    -- (nor from a data-only restore, whose ids belong to another server's history).
    NEW.xid := pg_current_xact_id();
    -- A record is born unlinked and only the sealer links it; only the owner (restoring a
    -- backup) or a superuser may insert one already linked.
    IF (NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.hash IS NOT NULL)
       AND NOT EXISTS (
           SELECT FROM pg_roles r WHERE r.rolname = current_user
           AND (r.rolsuper OR r.oid = (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID))
       ) THEN
        RAISE EXCEPTION 'an audit record is written unlinked; the sealer links it'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$
"""

# As in 0014; the comparison of everything but the chain columns covers ``xid`` too.
LINK_ONCE = """
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

LINK_ONCE_0014 = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Linking an unlinked record into its chain is the one change ever allowed.
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
       AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash']
           = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$
"""

UNSEALED_ORGANIZATIONS = """
CREATE FUNCTION audit_unsealed_organizations(p_visible_in pg_snapshot DEFAULT NULL)
RETURNS TABLE (organization_id text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    -- Without a snapshot: the organizations with records sealable now (below the watermark,
    -- or from beyond this server's history: restored from another server's backup).
    -- With one: those with unlinked records that were committed when it was taken.
    RETURN QUERY
        SELECT DISTINCT e.organization_id::text FROM audit_events e
        WHERE e.hash IS NULL AND CASE
            WHEN p_visible_in IS NULL THEN
                e.xid < pg_snapshot_xmin(pg_current_snapshot())
                OR e.xid >= pg_snapshot_xmax(pg_current_snapshot())
            ELSE
                pg_visible_in_snapshot(e.xid, p_visible_in)
                OR e.xid >= pg_snapshot_xmax(pg_current_snapshot())
        END
        ORDER BY 1;
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""


def upgrade() -> None:
    # Records written before this revision were linked at their commit; one left unlinked
    # (none should be) gets this transaction's id and is sealed once it has committed.
    op.execute("ALTER TABLE audit_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()")
    op.execute(
        "CREATE INDEX ix_audit_events_unsealed ON audit_events (organization_id, xid, id) "
        "WHERE hash IS NULL"
    )
    op.execute(STAMP_XID)
    op.execute(
        "CREATE TRIGGER audit_events_stamp_xid BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_stamp_xid()"
    )
    op.execute(LINK_ONCE)
    op.execute(UNSEALED_ORGANIZATIONS)
    op.execute("REVOKE ALL ON FUNCTION audit_unsealed_organizations(pg_snapshot) FROM PUBLIC")
    op.execute(
        "GRANT EXECUTE ON FUNCTION audit_unsealed_organizations(pg_snapshot) TO auditoryx_app"
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION audit_unsealed_organizations(pg_snapshot)")
    op.execute(LINK_ONCE_0014)
    op.execute("DROP TRIGGER audit_events_stamp_xid ON audit_events")
    op.execute("DROP FUNCTION audit_events_stamp_xid()")
    op.execute("DROP INDEX ix_audit_events_unsealed")
    op.execute("ALTER TABLE audit_events DROP COLUMN xid")
