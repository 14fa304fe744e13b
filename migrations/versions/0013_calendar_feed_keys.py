"""Calendar feeds belong to the API key that made them: a feed serves only while that key
could still act (not revoked, not expired, its issuing member active and still a member).

Feeds made before are matched to their key through the audit log (``calendar_feed.created``
by an ``api_key`` actor); a feed the log cannot place keeps serving until it is revoked.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _lookup(joins: str = "", condition: str = "") -> str:
    """``calendar_feed_lookup``: a token's feed while it serves (``condition`` adds to when)."""
    return f"""
CREATE OR REPLACE FUNCTION calendar_feed_lookup(p_token_hash bytea)
RETURNS TABLE (id text, organization_id text, creator_id text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    RETURN QUERY
        SELECT f.id::text, f.organization_id::text, f.creator_id::text
        FROM calendar_feeds f {joins}
        WHERE f.token_hash = p_token_hash AND f.revoked_at IS NULL {condition};
    PERFORM set_config('app.owner_maintenance', 'off', true);
END
$$
"""  # noqa: S608 (the parts are this module's constants)


# A feed made by a key serves while that key could act: not revoked nor expired, and its
# issuing member (if any) still a member and active.
KEY_JOINS = """
        LEFT JOIN api_keys k ON k.id = f.api_key_id
        LEFT JOIN members m ON m.organization_id = k.organization_id AND m.id = k.created_by"""
KEY_ACTS = """
          AND (f.api_key_id IS NULL
               OR (k.revoked_at IS NULL
                   AND (k.expires_at IS NULL OR k.expires_at > now())
                   AND (k.created_by IS NULL OR m.status = 'active')))"""


def upgrade() -> None:
    op.add_column("calendar_feeds", sa.Column("api_key_id", sa.String(length=40), nullable=True))
    op.create_foreign_key(
        op.f("fk_calendar_feeds_api_key_id_api_keys"),
        "calendar_feeds",
        "api_keys",
        ["api_key_id"],
        ["id"],
    )
    op.execute("SELECT set_config('app.owner_maintenance', 'on', true)")
    op.execute(
        """
        UPDATE calendar_feeds f SET api_key_id = a.actor_id
        FROM audit_events a
        WHERE a.organization_id = f.organization_id
          AND a.action = 'calendar_feed.created' AND a.target_type = 'calendar_feed'
          AND a.target_id = f.id AND a.actor_type = 'api_key'
          AND EXISTS (SELECT 1 FROM api_keys k WHERE k.id = a.actor_id)
        """
    )
    op.execute("SELECT set_config('app.owner_maintenance', 'off', true)")
    op.execute(_lookup(KEY_JOINS, KEY_ACTS))


def downgrade() -> None:
    op.execute(_lookup())
    op.drop_constraint(
        op.f("fk_calendar_feeds_api_key_id_api_keys"), "calendar_feeds", type_="foreignkey"
    )
    op.drop_column("calendar_feeds", "api_key_id")
