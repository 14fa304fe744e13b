"""Deleting an organization for good (``auditoryx org delete``): its people's keys, then its rows.

An organization's people (artists, creators, members, clients) have their data keys in the key
store (domain/keys/store.py), a database of its own outside the data's backups. Deleting the
organization's rows alone would leave those keys live: a backup of the data taken before the
deletion still holds the people's sealed values and the organization's keys (wrapped under
``SECRET_KEY``, which the live system keeps), and with the key store's rows they would open
again. So a deletion destroys the people's keys first (:func:`destroy_person_keys`, committed in
the key store), then deletes the rows in the data database (children first, the organization's
row last, whose trigger destroys its organization keys too). There is no shared transaction
between the two databases; the order makes a crash in between harmless: the keys are gone and
the rows still there, unreadable where sealed, and running the deletion again completes it
(destroying keys again changes nothing; the rows left are deleted).

What goes with the organization: its sandbox twin (``sandbox_of``), whose people are the
sandbox's own. An organization with sub-organizations is refused: they are organizations of
their own, deleted one by one first. The rows that say where an organization lives and which
names it claims (the control database's directory) are not tenant rows and are left to their
own release.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from psycopg import AsyncConnection

from domain.errors import Conflict
from domain.keys.store import KeyStore
from domain.placements.copier import delete_scope, open_side
from domain.placements.tables import tenant_tables


@dataclass(slots=True)
class OrganizationDeleted:
    """What a deletion did: the organizations (the one named and its sandbox), the person
    keys it destroyed in the key store, and the rows it deleted in the data database."""

    organization_ids: list[str]
    keys_destroyed: int = 0
    rows_deleted: int = 0
    found: bool = True
    tables: list[str] = field(default_factory=list)


async def destroy_person_keys(store: KeyStore, organization_ids: list[str]) -> int:
    """Destroy every live person key of the organizations in the key store (one transaction
    each, committed there before any row of the data goes); how many. Idempotent."""
    destroyed = 0
    for organization_id in organization_ids:
        destroyed += await store.destroy_organization(organization_id)
    return destroyed


async def _scope(conn: AsyncConnection, organization_id: str) -> list[str]:
    """The organization and its sandbox twin; refused while it has sub-organizations."""
    rows = await (
        await conn.execute(
            "SELECT id FROM organizations WHERE id = %s OR sandbox_of = %s ORDER BY id",
            (organization_id, organization_id),
        )
    ).fetchall()
    ids = [str(r[0]) for r in rows]
    children = await (
        await conn.execute(
            "SELECT id FROM organizations WHERE parent_id = ANY (%s) AND NOT id = ANY (%s) "
            "AND sandbox_of IS NULL ORDER BY id",
            (ids or [organization_id], ids or [organization_id]),
        )
    ).fetchall()
    if children:
        raise Conflict(
            f"organization {organization_id} has sub-organizations "
            f"({', '.join(str(r[0]) for r in children)}): delete them first",
            param="org",
            code="has_sub_organizations",
        )
    return ids


async def delete_organization(
    owner_conninfo: str, store: KeyStore, organization_id: str
) -> OrganizationDeleted:
    """Delete the organization (and its sandbox) from the data database ``owner_conninfo``
    (its schema owner's, where the organization lives), its people's keys destroyed in
    ``store`` first. Run again after a failure, it completes what is left."""
    # The organization's id besides the twin found: the keys go even when a previous run
    # already deleted the rows (and, with them, the twin's link to it).
    conn = await open_side(owner_conninfo, [organization_id])
    try:
        ids = await _scope(conn, organization_id)
        found = organization_id in ids
        scope = sorted({organization_id, *ids})
        result = OrganizationDeleted(organization_ids=scope, found=found)
        result.keys_destroyed = await destroy_person_keys(store, scope)
        await conn.execute("SELECT set_config('app.org_ids', %s, false)", (",".join(scope),))
        tables = await tenant_tables(conn)
        result.tables = [t.name for t in tables]
        result.rows_deleted = await delete_scope(conn, tables, scope)
    finally:
        await conn.close()
    return result
