"""An organization whose row is deleted by hand (not through the product's deletion) keeps
its key-encryption key and its persons' keys in the key store, where the data database's
trigger cannot reach: the worker's sweep destroys them, and nothing of an organization that
still exists, that moved to another database, or whose home the directory says is another
database (where a copy's tombstones here mean nothing) is touched."""

from __future__ import annotations

import psycopg
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.ids import new_id
from domain.keys.keyring import OrganizationKeyring
from domain.keys.models import OrganizationKey
from domain.keys.service import kek_of, open_key
from domain.keys.store import KeyStore
from domain.placements.router import PlacementRouter
from relays.deleted_keys import DeletedOrganizationKeys
from tests.support.harness import Tenant
from tests.support.privacy import insert_organization_row, person_keys_live
from worker import deleted_organization_keys


async def test_the_keys_of_an_organization_deleted_by_hand_are_destroyed_in_the_key_store(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_conninfo: str,
    clean_db: None,
    keystore: KeyStore,
    org_a: Tenant,
    router: PlacementRouter,
) -> None:
    keyring = OrganizationKeyring.from_settings(settings, sessionmaker, keystore)
    gone, moved, copy, elsewhere = (new_id("org") for _ in range(4))
    # Keys issued before the rows exist: no audit event (append-only) stands in the way of
    # deleting the rows below. Each has a person key besides.
    keys = {org: await keyring.current(org) for org in (gone, moved, copy, elsewhere, org_a.id)}
    for org, key in keys.items():
        await keystore.insert(
            org, "client", new_id("cli"), organization_key_id=key.key_id, wrapped_key=b"w" * 60
        )
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        for org in (gone, moved, copy, elsewhere):
            insert_organization_row(conn, org)
        # ``moved`` lives on in another database: its source keeps a write block.
        conn.execute(
            "INSERT INTO tenant_write_blocks (organization_id, move_id, reason, "
            "retry_after_seconds) VALUES (%s, 'mv_1', 'moved', 5)",
            (moved,),
        )
        conn.execute("DELETE FROM organizations WHERE id IN (%s, %s, %s)", (gone, moved, elsewhere))
        # ``copy`` is a copy a move's sweep removes (a failed move's target, say), stopped
        # after its row went: its keys are left as they were, never tombstones.
        conn.execute("SELECT set_config('app.tenant_move_cleanup', %s, false)", (copy,))
        conn.execute("DELETE FROM organizations WHERE id = %s", (copy,))
        assert conn.execute(
            "SELECT destroyed_at IS NULL FROM organization_keys WHERE organization_id = %s",
            (copy,),
        ).fetchall() == [(True,)]
        [(key_id, version, wrapped)] = conn.execute(
            "SELECT id, version, wrapped_key FROM organization_keys WHERE organization_id = %s",
            (org_a.id,),
        ).fetchall()
    # The trigger destroyed the versions in the data, but not the key store's keys.
    assert (await keystore.find_kek(gone)) is not None
    assert (await keystore.find_kek(gone)).destroyed_at is None  # type: ignore[union-attr]

    # ``elsewhere`` lives in the US database: what this one holds of it is not its home.
    await router.place(elsewhere, "us")
    sweep = DeletedOrganizationKeys(keystore, router, "eu")
    # One person key and one key-encryption key, of ``gone`` only.
    assert await sweep(sessionmaker, None, task_queue="unused") == 2  # type: ignore[arg-type]
    gone_kek = await keystore.find_kek(gone)
    assert gone_kek is not None and gone_kek.destroyed_at is not None
    assert gone_kek.wrapped_kek is None
    assert await person_keys_live(keystore, gone) == [False]
    for kept in (moved, copy, elsewhere, org_a.id):
        kek = await keystore.find_kek(kept)
        assert kek is not None and kek.destroyed_at is None, kept
        assert await person_keys_live(keystore, kept) == [True]
    # The organization that exists still opens its payload key with the key store's KEK.
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    row = OrganizationKey(
        id=key_id, organization_id=org_a.id, version=version, wrapped_key=bytes(wrapped)
    )
    assert len(open_key(box, row, await kek_of(keystore, box, row))) == 32

    # Again: nothing left to destroy.
    assert await sweep(sessionmaker, None, task_queue="unused") == 0  # type: ignore[arg-type]
    # The worker runs it hourly, one instance over every database it sweeps.
    wired = deleted_organization_keys(keystore, router, "eu")
    assert wired.every_seconds == 3600.0 and isinstance(wired.sweep, DeletedOrganizationKeys)
