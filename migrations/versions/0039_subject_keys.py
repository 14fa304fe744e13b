"""``subject_keys``: one data key per person, wrapped under their organization's key.

Row-level security like every tenant table. An erasure destroys the person's key (the row stays
as a tombstone without its wrapped key), so whatever was sealed with it, in the database or in a
backup, can no longer be read; a rotation of the organization's key re-wraps the live ones.
Deleting an organization destroys its keys (0031), and with them every person key they wrapped.

It also restores the audit log's redaction branch: 0038 rewrote ``audit_events_append_only``
from 0017's text (adding the tenant move's cleanup) and so dropped the change 0036 allows an
erasure (``audit_redact``); the function below allows both.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-03 07:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_CHAIN_LINK = """
    -- Linking an unlinked record into its chain is the one change ever allowed.
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.xid = OLD.xid
       AND to_jsonb(NEW) - ARRAY['seq', 'prev_hash', 'hash']
           = to_jsonb(OLD) - ARRAY['seq', 'prev_hash', 'hash'] THEN
        RETURN NEW;
    END IF;
"""
_REDACTION = """
    -- ... besides an erasure's redaction (only through audit_redact): new content, the
    -- salt forgotten, the record marked (0036).
    IF TG_OP = 'UPDATE' AND current_setting('app.audit_redaction', true) = 'on'
       AND NEW.redacted_by IS NOT NULL AND NEW.redacted_at IS NOT NULL
       AND NEW.changes_salt IS NULL
       AND to_jsonb(NEW) - ARRAY['changes', 'changes_salt', 'redacted_at', 'redacted_by']
           = to_jsonb(OLD) - ARRAY['changes', 'changes_salt', 'redacted_at', 'redacted_by'] THEN
        RETURN NEW;
    END IF;
"""
_MOVE_CLEANUP = """
    -- A tenant move deletes the source's copy of an organization that lives elsewhere now:
    -- only the schema owner (who may disable this trigger anyway), only the organizations
    -- it named for this transaction (0038).
    IF TG_OP = 'DELETE'
       AND OLD.organization_id = ANY (string_to_array(
           nullif(current_setting('app.tenant_move_cleanup', true), ''), ','))
       AND EXISTS (
           SELECT FROM pg_roles r WHERE r.rolname = current_user
           AND (r.rolsuper OR r.oid = (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID))
       ) THEN
        RETURN OLD;
    END IF;
"""


def _append_only(*branches: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger\n"
        "LANGUAGE plpgsql AS $$\nBEGIN"
        + "".join(branches)
        + "    RAISE EXCEPTION 'audit_events is append-only' "
        "USING ERRCODE = 'insufficient_privilege';\nEND\n$$\n"
    )


def upgrade() -> None:
    op.execute(_append_only(_CHAIN_LINK, _REDACTION, _MOVE_CLEANUP))
    op.create_table(
        "subject_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("organization_key_id", sa.String(40), nullable=True),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "subject_kind IN ('artist', 'creator', 'member', 'client')",
            name=op.f("ck_subject_keys_subject_kind"),
        ),
        sa.CheckConstraint(
            "(wrapped_key IS NULL) = (destroyed_at IS NOT NULL) "
            "AND (wrapped_key IS NULL) = (organization_key_id IS NULL)",
            name=op.f("ck_subject_keys_tombstone"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_keys")),
        sa.UniqueConstraint(
            "organization_id",
            "subject_kind",
            "subject_id",
            name=op.f("uq_subject_keys_organization_id_subject_kind_subject_id"),
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_subject_keys_organization_id_id")
        ),
    )
    op.execute("ALTER TABLE subject_keys ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE subject_keys FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON subject_keys "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )


def downgrade() -> None:
    op.drop_table("subject_keys")
    op.execute(_append_only(_CHAIN_LINK, _MOVE_CLEANUP))
