"""Copies of a person's sealed fields sealed too: webhook events and stored responses.

A client's contact fields are sealed in its row (0043), but the events of a client
(``client.created``/``client.updated``) and the stored response of an idempotent request held
them again in clear. From this release:

- ``events`` gains ``subject_kind``/``subject_id`` (whose fields they are) and ``sealed_data``
  (those fields, AES-256-GCM under that person's key, bound to the event); ``data`` keeps the
  rest, the sealed fields as ``null``.
- ``idempotency_keys`` gains ``response_sealed`` (the body under a key of its own),
  ``response_key`` (that key, wrapped in turn under the key of every person the request read or
  wrote) and ``response_subjects`` (those people: organization, kind, id). ``response_body``
  keeps only bodies that name nobody's sealed field.

Existing events are converted by ``auditoryx privacy seal-backfill``; stored responses expire
within 24 hours.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-03 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("events", sa.Column("subject_kind", sa.String(20), nullable=True))
    op.add_column("events", sa.Column("subject_id", sa.String(40), nullable=True))
    op.add_column("events", sa.Column("sealed_data", sa.LargeBinary(), nullable=True))
    op.add_column("idempotency_keys", sa.Column("response_sealed", sa.LargeBinary(), nullable=True))
    op.add_column("idempotency_keys", sa.Column("response_key", sa.LargeBinary(), nullable=True))
    op.add_column(
        "idempotency_keys",
        sa.Column("response_subjects", postgresql.JSONB(), nullable=True),
    )


def downgrade() -> None:
    for column in ("response_subjects", "response_key", "response_sealed"):
        op.drop_column("idempotency_keys", column)
    for column in ("sealed_data", "subject_id", "subject_kind"):
        op.drop_column("events", column)
