"""The audit chain is linked when a transaction commits, not when a record is written.

A record is inserted unlinked (``seq``, ``prev_hash`` and ``hash`` empty) in the transaction
of its change; just before that transaction commits, ``domain.audit.service`` locks the
organization's chain head, links the transaction's records onto it and commits. The head was
locked at the first audited statement before and held to the end of the transaction, which
serialised every write of an organization and deadlocked with any later wait in it (ADR 4).

The application role may now set the chain columns of an unlinked record, once; everything
else about a record stays immutable (the trigger refuses it).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHAIN_COLUMNS = (("seq", sa.BigInteger()), ("prev_hash", sa.String(64)), ("hash", sa.String(64)))

LINK_ONCE = """
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

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    for name, type_ in CHAIN_COLUMNS:
        op.alter_column("audit_events", name, existing_type=type_, nullable=True)
    op.execute(LINK_ONCE)
    op.execute("GRANT UPDATE (seq, prev_hash, hash) ON audit_events TO auditoryx_app")


def downgrade() -> None:
    op.execute("REVOKE UPDATE (seq, prev_hash, hash) ON audit_events FROM auditoryx_app")
    op.execute(APPEND_ONLY)
    for name, type_ in CHAIN_COLUMNS:
        op.alter_column("audit_events", name, existing_type=type_, nullable=False)
