"""Erasure of a person: ``erasures`` and the one change the audit log allows after sealing.

``erasures`` is the read model of an erasure request (one per subject: the unique constraint
makes a repeated or concurrent request meet the first one). The audit log stays append-only;
``audit_redact`` (SECURITY DEFINER, the app role has no UPDATE on the content columns) is the
single way to replace a person's values inside records with a tombstone, and it marks each
record it touched (``redacted_at``, ``redacted_by``) so verification knows the record's hash
now stands for content that is gone (ADR 0034). Records from now on commit to their changes
through ``changes_digest`` (salted; the salt in ``changes_salt`` is forgotten on redaction).

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-03 06:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0017, plus: a redaction through ``audit_redact`` may change the content (``changes``)
# and mark the record, nothing else.
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
    -- ... besides an erasure's redaction (only through audit_redact): new content, the
    -- salt forgotten, the record marked.
    IF TG_OP = 'UPDATE' AND current_setting('app.audit_redaction', true) = 'on'
       AND NEW.redacted_by IS NOT NULL AND NEW.redacted_at IS NOT NULL
       AND NEW.changes_salt IS NULL
       AND to_jsonb(NEW) - ARRAY['changes', 'changes_salt', 'redacted_at', 'redacted_by']
           = to_jsonb(OLD) - ARRAY['changes', 'changes_salt', 'redacted_at', 'redacted_by'] THEN
        RETURN NEW;
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

# The needles are JSON-escaped values (what they look like inside the JSON text of
# ``changes``); every occurrence becomes the tombstone. Answers the ids of the records changed
# (the erasure lists them in its own audit record). Only the caller's organization: the
# function checks it against the transaction's tenant (``app_org_ids``) before touching rows.
REDACT = """
CREATE FUNCTION audit_redact(p_organization_id text, p_erasure_id text, p_needles text[],
                             p_tombstone text)
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_event record;
    v_text text;
    v_needle text;
BEGIN
    IF NOT (p_organization_id = ANY ((SELECT app_org_ids())::text[])) THEN
        RAISE EXCEPTION 'organization % is not this transaction''s', p_organization_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('app.audit_redaction', 'on', true);
    FOR v_event IN
        SELECT e.id, e.changes::text AS body FROM audit_events e
         WHERE e.organization_id = p_organization_id
           AND EXISTS (SELECT 1 FROM unnest(p_needles) n
                        WHERE n <> '' AND strpos(e.changes::text, n) > 0)
         FOR UPDATE
    LOOP
        v_text := v_event.body;
        FOREACH v_needle IN ARRAY p_needles LOOP
            IF v_needle <> '' THEN
                v_text := replace(v_text, v_needle, p_tombstone);
            END IF;
        END LOOP;
        UPDATE audit_events
           SET changes = v_text::jsonb, changes_salt = NULL, redacted_at = now(),
               redacted_by = p_erasure_id
         WHERE id = v_event.id;
        RETURN NEXT v_event.id;
    END LOOP;
    PERFORM set_config('app.audit_redaction', 'off', true);
    RETURN;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("counts", postgresql.JSONB(), nullable=False),
        sa.Column("error", sa.String(1000), nullable=True),
        sa.Column("requested_by", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "subject_kind IN ('artist', 'creator', 'member', 'client')",
            name=op.f("ck_erasures_subject_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'completed', 'failed')",
            name=op.f("ck_erasures_status"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_erasures_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
        sa.UniqueConstraint("organization_id", "id", name=op.f("uq_erasures_organization_id_id")),
        sa.UniqueConstraint(
            "organization_id",
            "subject_kind",
            "subject_id",
            name=op.f("uq_erasures_organization_id_subject_kind_subject_id"),
        ),
    )
    op.execute("ALTER TABLE erasures ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE erasures FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON erasures "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.add_column("audit_events", sa.Column("changes_salt", sa.LargeBinary(), nullable=True))
    op.add_column("audit_events", sa.Column("changes_digest", sa.String(64), nullable=True))
    op.add_column(
        "audit_events", sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("audit_events", sa.Column("redacted_by", sa.String(40), nullable=True))
    op.execute(APPEND_ONLY)
    op.execute(REDACT)
    op.execute("REVOKE ALL ON FUNCTION audit_redact(text, text, text[], text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION audit_redact(text, text, text[], text) TO auditoryx_app")


def downgrade() -> None:
    op.execute("DROP FUNCTION audit_redact(text, text, text[], text)")
    op.execute(APPEND_ONLY_0017)
    op.drop_column("audit_events", "redacted_by")
    op.drop_column("audit_events", "redacted_at")
    op.drop_column("audit_events", "changes_digest")
    op.drop_column("audit_events", "changes_salt")
    op.drop_table("erasures")
