"""``deleted_organizations_with_keys()``: the organizations deleted from this database by
hand, so the worker can destroy what they keep in the key store.

Deleting an organization's row (by hand, outside the product's deletion) destroys its payload
key versions here (the 0031 trigger leaves tombstones), but its key-encryption key and its
persons' keys live in the key store, another database no trigger reaches: a backup of the data
would still open with them. The function lists the organizations whose key rows here are all
tombstones, that have no row in ``organizations`` and no write block (a move's source keeps
one for an organization that lives on elsewhere): organizations deleted by hand, a rare
event, so every sweep lists them all. Ids only, for the worker's system session, which
destroys nothing before the directory confirms
the organization's home is this database (a move's partial copy elsewhere can hold
tombstones too: of keys an operator destroyed, copied before the organization's row).

The tombstones must then mean a deletion, never a copy removed: the trigger now leaves the
keys alone when the schema owner deletes an organization named in ``app.tenant_move_cleanup``
(``copier.delete_scope``: a move's source after the switch, a failed move's partial target,
the product's deletion, which destroyed the keys itself before). That sweep deletes the key
rows too, so a crash in the middle leaves live rows, never tombstones of an organization that
lives on.

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-03 18:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0047"
down_revision: str | None = "0046"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "deleted_organizations_with_keys()"

_DESTROY = """
CREATE OR REPLACE FUNCTION organization_keys_destroy() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
{skip}    PERFORM set_config('app.owner_maintenance', 'on', true);
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
# A copy removed by the schema owner's sweep (the role that logged in, or one it is a member
# of: this function runs as its owner), not a deletion: no tombstone (0038 names the
# organizations per connection).
_SKIP_MOVE_CLEANUP = """    IF OLD.id = ANY (string_to_array(
           nullif(current_setting('app.tenant_move_cleanup', true), ''), ','))
       AND pg_has_role(session_user,
                       (SELECT c.relowner FROM pg_class c
                         WHERE c.oid = 'organizations'::regclass),
                       'MEMBER') THEN
        RETURN OLD;
    END IF;
"""


def upgrade() -> None:
    op.execute(_DESTROY.format(skip=_SKIP_MOVE_CLEANUP))
    op.execute(
        """
        CREATE FUNCTION deleted_organizations_with_keys()
        RETURNS TABLE (organization_id text)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        BEGIN
            PERFORM set_config('app.owner_maintenance', 'on', true);
            RETURN QUERY
            SELECT k.organization_id::text FROM organization_keys k
             WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = k.organization_id)
               AND NOT EXISTS (
                   SELECT 1 FROM tenant_write_blocks b WHERE b.organization_id = k.organization_id
               )
             GROUP BY k.organization_id
            HAVING bool_and(k.destroyed_at IS NOT NULL)
             ORDER BY k.organization_id;
            PERFORM set_config('app.owner_maintenance', 'off', true);
        END
        $$
        """
    )
    op.execute(f"REVOKE ALL ON FUNCTION {FUNCTION} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {FUNCTION} TO auditoryx_app")


def downgrade() -> None:
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}")
    op.execute(_DESTROY.format(skip=""))
