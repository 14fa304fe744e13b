"""Creators' e-mail and artists' links sealed with the person's key (expand step, ADR 0025
and 0034).

Adds ``creators.email_sealed`` and ``creators.email_index`` (a keyed HMAC of the normalised
e-mail, for exact lookups), and ``artists.links_sealed`` (the list as JSON, AES-256-GCM under
the artist's own data key, which lives in the key store). From this release the code writes
and reads only those; the clear ``creators.email`` and ``artists.links`` stay for the previous
release still running and for ``auditoryx privacy seal-backfill``, which converts existing rows
and empties them. ``artists.links`` gets a default so inserts that no longer name it succeed. A
later release drops the clear columns (the contract step).

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("email_sealed", "email_index"):
        op.add_column("creators", sa.Column(column, sa.LargeBinary(), nullable=True))
    op.create_index(
        "ix_creators_organization_id_email_index",
        "creators",
        ["organization_id", "email_index"],
        postgresql_where=sa.text("email_index IS NOT NULL"),
    )
    op.add_column("artists", sa.Column("links_sealed", sa.LargeBinary(), nullable=True))
    op.alter_column("artists", "links", server_default="{}")


def downgrade() -> None:
    op.alter_column("artists", "links", server_default=None)
    op.drop_column("artists", "links_sealed")
    op.drop_index("ix_creators_organization_id_email_index", table_name="creators")
    for column in ("email_index", "email_sealed"):
        op.drop_column("creators", column)
