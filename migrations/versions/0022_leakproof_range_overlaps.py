"""Range overlap (``&&``) may serve as an index condition under row-level security.

Row-level security lets only LEAKPROOF functions run ahead of a table's policy, and an index
condition runs ahead of it. ``range_overlaps`` is not marked LEAKPROOF by PostgreSQL (it is
polymorphic, and a user-defined range type could bring a leaky subtype comparison), so every
overlap check of the application role — the conflict check, a booking's 409, the planner's
busy times — scanned all of an organization's bookings instead of probing the exclusion
constraints' GiST indexes (100,000 bookings: ~110 ms a query instead of ~15). This database
has only the built-in range types, whose comparisons are all leakproof, so the function can
be marked LEAKPROOF: it reveals nothing about its arguments but its answer.

Marking a function LEAKPROOF needs a superuser. Where the migration runs without one (a
managed PostgreSQL service), it changes nothing and says so; an operator with superuser
rights can run the statement by hand (docs/operations.md), and everything stays correct,
only slower. See docs/adr/0026-leakproof-range-overlaps.md.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENT = "ALTER FUNCTION range_overlaps(anyrange, anyrange) {}"


def _as_superuser(change: str, note: str) -> None:
    """Run ``STATEMENT`` with ``change`` when the migration runs as a superuser; otherwise
    raise ``note`` as a NOTICE. Both are this module's constants."""
    test = "IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
    block = f"DO $$ BEGIN {test} THEN {STATEMENT.format(change)}; "
    block += f"ELSE RAISE NOTICE '{note}'; END IF; END $$"
    op.execute(block)


def upgrade() -> None:
    _as_superuser(
        "LEAKPROOF",
        "range_overlaps stays non-leakproof (no superuser): overlap checks under row-level "
        "security scan instead of using indexes; a superuser can run: "
        + STATEMENT.format("LEAKPROOF"),
    )


def downgrade() -> None:
    _as_superuser("NOT LEAKPROOF", "range_overlaps left as it is (no superuser)")
