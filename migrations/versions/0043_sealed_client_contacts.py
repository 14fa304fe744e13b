"""Clients' contact fields sealed with the person's key (expand step, ADR 0025 and 0034).

Adds ``email_sealed``, ``phone_sealed``, ``notes_sealed`` (AES-256-GCM under the client's own
data key, which lives in the key store) and ``email_index`` (a keyed HMAC of the normalised
e-mail, for exact lookups) to ``clients``. From this release the code writes and reads only
those; the clear ``email``, ``phone`` and ``notes`` stay for the previous release still running
and for ``auditoryx privacy seal-backfill``, which converts existing rows and clears them.
``notes`` gets a default so inserts that no longer name it succeed. A later release drops the
clear columns (the contract step).

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-03 10:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0043"
down_revision: str | None = "0042"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("email_sealed", "phone_sealed", "notes_sealed", "email_index"):
        op.add_column("clients", sa.Column(column, sa.LargeBinary(), nullable=True))
    op.alter_column("clients", "notes", server_default="")
    # An erasure keeps the values it will replace here between opening them and destroying
    # the key (the key goes first; a retry after a crash still knows what to look for).
    op.add_column("erasures", sa.Column("needles", sa.ARRAY(sa.Text()), nullable=True))
    op.create_index(
        "ix_clients_organization_id_email_index",
        "clients",
        ["organization_id", "email_index"],
        postgresql_where=sa.text("email_index IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_clients_organization_id_email_index", table_name="clients")
    op.drop_column("erasures", "needles")
    op.alter_column("clients", "notes", server_default=None)
    for column in ("email_index", "notes_sealed", "phone_sealed", "email_sealed"):
        op.drop_column("clients", column)
