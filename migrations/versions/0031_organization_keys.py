"""``organization_keys``: each organization's payload data keys, wrapped, one row per version.

Row-level security like every tenant table. Deleting an organization destroys its keys (the
trigger keeps the rows as tombstones without their wrapped keys), so its Temporal payloads can
no longer be read and no new key is issued to a workflow of it that lingers.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-02 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DESTROY_ON_DELETE = """
CREATE FUNCTION organization_keys_destroy() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM set_config('app.owner_maintenance', 'on', true);
    UPDATE organization_keys SET wrapped_key = NULL, destroyed_at = now()
     WHERE organization_id = OLD.id AND destroyed_at IS NULL;
    -- Tombstones even for an organization that never sealed anything: a workflow of it that
    -- is still running gets no key.
    INSERT INTO organization_keys (id, organization_id, version, wrapped_key, created_at,
                                   destroyed_at)
    SELECT 'okey_' || substr(md5(OLD.id), 1, 26), OLD.id, 1, NULL, now(), now()
     WHERE NOT EXISTS (SELECT 1 FROM organization_keys WHERE organization_id = OLD.id);
    PERFORM set_config('app.owner_maintenance', 'off', true);
    RETURN OLD;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "organization_keys",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("organization_id", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("version >= 1", name=op.f("ck_organization_keys_version")),
        sa.CheckConstraint(
            "(wrapped_key IS NULL) = (destroyed_at IS NOT NULL)",
            name=op.f("ck_organization_keys_tombstone"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_keys")),
        sa.UniqueConstraint(
            "organization_id", "version", name=op.f("uq_organization_keys_organization_id_version")
        ),
        sa.UniqueConstraint(
            "organization_id", "id", name=op.f("uq_organization_keys_organization_id_id")
        ),
    )
    op.execute(
        "CREATE POLICY owner_maintenance ON organization_keys TO CURRENT_USER "
        "USING (current_setting('app.owner_maintenance', true) = 'on') "
        "WITH CHECK (current_setting('app.owner_maintenance', true) = 'on')"
    )
    op.execute("ALTER TABLE organization_keys ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE organization_keys FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_isolation ON organization_keys "
        "USING (organization_id = ANY ((SELECT app_org_ids())::text[])) "
        "WITH CHECK (organization_id = ANY ((SELECT app_org_ids())::text[]))"
    )
    op.execute(DESTROY_ON_DELETE)
    op.execute("REVOKE ALL ON FUNCTION organization_keys_destroy() FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER organization_keys_destroy AFTER DELETE ON organizations "
        "FOR EACH ROW EXECUTE FUNCTION organization_keys_destroy()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER organization_keys_destroy ON organizations")
    op.execute("DROP FUNCTION organization_keys_destroy()")
    op.drop_table("organization_keys")
