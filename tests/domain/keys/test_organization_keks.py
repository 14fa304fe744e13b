"""Organizations' key-encryption keys (KEKs) in the key store: a backup of the data database
taken before an organization's deletion, with the live ``SECRET_KEY``, no longer opens its
payload keys once its KEK is destroyed, while another organization's still open; versions
wrapped the earlier way (under ``SECRET_KEY`` directly) still open until ``auditoryx keys
rewrap`` converts them (ADR 0034)."""

from __future__ import annotations

import asyncio
import os

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from temporalio.contrib.pydantic import pydantic_data_converter

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, DecryptionError, SecretBox
from core.db import normalize_url
from core.payload_codec import OrganizationPayloadCodec, PayloadKeyUnavailable
from domain.audit.service import Actor
from domain.keys.keyring import OrganizationKeyring
from domain.keys.models import OrganizationKey
from domain.keys.service import (
    KEK_WRAPPED,
    destroy_keys,
    kek_of,
    open_key,
    rewrap_keys,
    rotate_key,
    unwrap,
    wrap,
)
from domain.keys.store import KeyStore
from tests.support.harness import Tenant
from tests.support.privacy import dumped_bytes, dumped_rows, pg_dump

OPERATOR = Actor.system("test-operator")


def master_box(settings: Settings) -> SecretBox:
    return SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)


def fresh_keyring(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], keystore: KeyStore
) -> OrganizationKeyring:
    """The keyring of another process: nothing cached."""
    return OrganizationKeyring.from_settings(settings, sessionmaker, keystore)


def dumped_keys(backup: str, organization_id: str) -> list[OrganizationKey]:
    """The organization's key versions as a ``pg_dump`` of the data database holds them."""
    return [
        OrganizationKey(
            id=row["id"],
            organization_id=organization_id,
            version=int(str(row["version"])),
            wrapped_key=dumped_bytes(row["wrapped_key"]),
        )
        for row in dumped_rows(backup, "organization_keys")
        if row["organization_id"] == organization_id
    ]


def stored_wrapped(owner_conninfo: str, organization_id: str) -> list[bytes]:
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        rows = conn.execute(
            "SELECT wrapped_key FROM organization_keys WHERE organization_id = %s ORDER BY version",
            (organization_id,),
        ).fetchall()
    return [bytes(r[0]) for r in rows]


async def seal(keys: OrganizationKeyring, organization_id: str, value: str) -> object:
    return await OrganizationPayloadCodec(keys, organization_id).encode(
        pydantic_data_converter.payload_converter.to_payloads([value])
    )


async def opened(keys: OrganizationKeyring, sealed: object) -> str:
    [payload] = await OrganizationPayloadCodec(keys).decode(sealed)  # type: ignore[arg-type]
    return str(pydantic_data_converter.payload_converter.from_payload(payload))


async def test_a_backup_of_the_data_no_longer_opens_a_deleted_organizations_payload_keys(
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    owner_conninfo: str,
) -> None:
    box = master_box(settings)
    keys = fresh_keyring(settings, sessionmaker, keystore)
    for tenant in (org_a, org_b):
        await keys.current(tenant.id)
    await rotate_key(sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore)

    backup = pg_dump(owner_conninfo)  # the data's backup, before the deletion
    # The KEKs are not in it: they live in the key store's database.
    assert "organization_keks" not in backup
    gone, kept = dumped_keys(backup, org_a.id), dumped_keys(backup, org_b.id)
    assert len(gone) == 2 and len(kept) == 1
    for row in gone + kept:
        assert row.wrapped_key is not None and row.wrapped_key.startswith(KEK_WRAPPED)
        with pytest.raises(DecryptionError):  # the live SECRET_KEY alone opens none of them
            unwrap(box, row.wrapped_key)
    # With the live key store, the backup's keys open (what the deletion must close).
    opened_before = {
        row.id: open_key(box, row, await kek_of(keystore, box, row)) for row in gone + kept
    }
    assert all(len(raw) == 32 for raw in opened_before.values())

    # What deleting an organization does first (ADR 0034): its keys in the key store go.
    await keystore.destroy_organization(org_a.id)

    for row in gone:
        assert await kek_of(keystore, box, row) is None
        with pytest.raises(PayloadKeyUnavailable, match="key-encryption key"):
            open_key(box, row, await kek_of(keystore, box, row))
        # Nor does a KEK issued afterwards (an organization id reused by mistake) open them.
        with pytest.raises(PayloadKeyUnavailable, match="key-encryption key"):
            open_key(box, row, os.urandom(32))
    # Another organization's key from the same backup still opens, and live.
    [kept_key] = kept
    assert (
        open_key(box, kept_key, await kek_of(keystore, box, kept_key))
        == (opened_before[kept_key.id])
    )
    sealed = await seal(keys, org_b.id, "kept take")
    assert await opened(fresh_keyring(settings, sessionmaker, keystore), sealed) == "kept take"
    # Idempotent: a retried deletion destroys nothing more, and the KEK stays a tombstone.
    assert await keystore.destroy_kek(org_a.id) is False
    tombstone = await keystore.find_kek(org_a.id)
    assert tombstone is not None and tombstone.wrapped_kek is None
    assert tombstone.destroyed_at is not None


async def test_a_key_wrapped_the_old_way_still_opens_and_rewrap_converts_it(
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    database_url: str,
    owner_conninfo: str,
) -> None:
    box = master_box(settings)
    # Version 1 as the previous release issued it: wrapped under SECRET_KEY, no KEK.
    raw = os.urandom(32)
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        conn.execute(
            "INSERT INTO organization_keys (id, organization_id, version, wrapped_key, "
            "created_at) VALUES (%s, %s, 1, %s, now())",
            (f"okey_old{org_a.id[-12:]}", org_a.id, wrap(box, raw)),
        )
    assert await keystore.find_kek(org_a.id) is None
    keys = fresh_keyring(settings, sessionmaker, keystore)
    sealed = await seal(keys, org_a.id, "old take")
    assert await opened(fresh_keyring(settings, sessionmaker, keystore), sealed) == "old take"
    await keys.current(org_b.id)  # a key issued the new way, to be left as it is

    engine = create_async_engine(normalize_url(database_url))
    try:
        for _ in range(2):  # run again: nothing more to convert, everything still opens
            async with AsyncSession(engine) as session, session.begin():
                await session.execute(
                    text("SELECT set_config('app.owner_maintenance', 'on', true)")
                )
                assert await rewrap_keys(session, box, keystore) >= 2
            [converted] = stored_wrapped(owner_conninfo, org_a.id)
            assert converted.startswith(KEK_WRAPPED)
            kek = await keystore.find_kek(org_a.id)
            assert kek is not None and kek.wrapped_kek is not None
            row = OrganizationKey(
                id=f"okey_old{org_a.id[-12:]}",
                organization_id=org_a.id,
                version=1,
                wrapped_key=converted,
            )
            assert open_key(box, row, await kek_of(keystore, box, row)) == raw  # same key
            assert (
                await opened(fresh_keyring(settings, sessionmaker, keystore), sealed) == "old take"
            )
    finally:
        await engine.dispose()

    # Converted, the version closes with its KEK like any other.
    await destroy_keys(sessionmaker, organization_id=org_a.id, actor=OPERATOR, store=keystore)
    with pytest.raises(PayloadKeyUnavailable):
        await opened(fresh_keyring(settings, sessionmaker, keystore), sealed)


async def test_after_a_destruction_a_rotation_issues_a_new_kek_and_the_old_versions_stay_shut(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    owner_conninfo: str,
) -> None:
    box = master_box(settings)
    keys = fresh_keyring(settings, sessionmaker, keystore)
    sealed = await seal(keys, org_a.id, "before")
    [before_destruction] = stored_wrapped(owner_conninfo, org_a.id)
    first = await keystore.find_kek(org_a.id)
    assert first is not None and first.wrapped_kek is not None

    await destroy_keys(sessionmaker, organization_id=org_a.id, actor=OPERATOR, store=keystore)
    destroyed = await keystore.find_kek(org_a.id)
    assert destroyed is not None and destroyed.wrapped_kek is None

    again = await rotate_key(
        sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore
    )
    assert again.version == 2
    second = await keystore.find_kek(org_a.id)
    assert second is not None and second.wrapped_kek not in (None, first.wrapped_kek)
    keys.forget(org_a.id)
    resealed = await seal(keys, org_a.id, "after")
    assert await opened(fresh_keyring(settings, sessionmaker, keystore), resealed) == "after"
    with pytest.raises(PayloadKeyUnavailable):
        await opened(fresh_keyring(settings, sessionmaker, keystore), sealed)
    # The first version, as a backup taken before held it, does not open under the new KEK.
    old = OrganizationKey(
        id=(await data_key_ids(owner_conninfo, org_a.id))[0],
        organization_id=org_a.id,
        version=1,
        wrapped_key=before_destruction,
    )
    with pytest.raises(PayloadKeyUnavailable, match="key-encryption key"):
        open_key(box, old, await kek_of(keystore, box, old))


async def data_key_ids(owner_conninfo: str, organization_id: str) -> list[str]:
    def read() -> list[str]:
        with psycopg.connect(owner_conninfo) as conn:
            conn.execute("SET app.owner_maintenance = on")
            rows = conn.execute(
                "SELECT id FROM organization_keys WHERE organization_id = %s ORDER BY version",
                (organization_id,),
            ).fetchall()
        return [r[0] for r in rows]

    return await asyncio.to_thread(read)


async def test_concurrent_first_uses_issue_one_kek_and_one_organization_cannot_see_anothers(
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    processes = [fresh_keyring(settings, sessionmaker, keystore) for _ in range(8)]
    issued = await asyncio.gather(*(p.current(org_a.id) for p in processes))
    assert len({k.key_id for k in issued}) == 1
    assert (await keystore.find_kek(org_a.id)) is not None

    # Org B's scope sees no row of org A (RLS) and may not delete one (no DELETE grant).
    async with keystore.transaction(org_b.id) as conn:
        seen = await conn.execute(
            text("SELECT count(*) FROM keystore.organization_keks WHERE organization_id = :o"),
            {"o": org_a.id},
        )
        assert seen.scalar_one() == 0
    with pytest.raises(Exception, match="permission denied"):
        async with keystore.transaction(org_a.id) as conn:
            await conn.execute(
                text("DELETE FROM keystore.organization_keks WHERE organization_id = :o"),
                {"o": org_a.id},
            )
    assert (await keystore.find_kek(org_b.id)) is None  # org B never sealed: no KEK
    # The stored KEK is not the key: it is sealed under SECRET_KEY.
    stored = await keystore.find_kek(org_a.id)
    assert stored is not None and stored.wrapped_kek is not None
    with pytest.raises(DecryptionError):
        other = SecretBox("another-secret-entirely-0123456789abcdef", info=PAYLOAD_KEYS_INFO)
        unwrap(other, bytes(stored.wrapped_kek))
