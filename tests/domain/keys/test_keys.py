"""Organizations' data keys in the real PostgreSQL: issued once however many processes ask at
the same time, rotated, destroyed (by an operator, or with the organization), cached briefly
and never shown."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.ids import new_id
from core.payload_codec import PayloadKeyUnavailable
from domain.audit.service import Actor
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.keys.keyring import OrganizationKeyring
from domain.keys.models import OrganizationKey
from domain.keys.service import destroy_keys, kek_of, list_keys, open_key, rotate_key
from domain.keys.store import KeyStore
from tests.support.harness import Tenant
from tests.support.privacy import insert_organization_row

OPERATOR = Actor.system("test-operator")


def keyring(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    **options: object,
) -> OrganizationKeyring:
    """The keyring of one more process (its own empty cache)."""
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    return OrganizationKeyring(sessionmaker, box, keystore, **options)  # type: ignore[arg-type]


def stored_keys(owner_conninfo: str, organization_id: str) -> list[tuple[str, int, bool]]:
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT id, version, wrapped_key IS NOT NULL FROM organization_keys "
            "WHERE organization_id = %s ORDER BY version",
            (organization_id,),
        ).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


async def test_concurrent_first_uses_of_an_organization_issue_one_key(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_conninfo: str,
    keystore: KeyStore,
) -> None:
    processes = [keyring(settings, sessionmaker, keystore) for _ in range(12)]
    keys = await asyncio.gather(*(p.current(org_a.id) for p in processes))

    [(key_id, version, live)] = stored_keys(owner_conninfo, org_a.id)
    assert {k.key_id for k in keys} == {key_id} and version == 1 and live
    # Each process holds the same key: what one seals another opens.
    sealed = keys[0].aead.encrypt(b"\0" * 12, b"take 3", keys[0].associated_data())
    assert keys[-1].aead.decrypt(b"\0" * 12, sealed, keys[-1].associated_data()) == b"take 3"
    with psycopg.connect(owner_conninfo) as conn:
        issued = conn.execute(
            "SELECT count(*) FROM audit_events WHERE organization_id = %s "
            "AND action = 'organization_key.issued'",
            (org_a.id,),
        ).fetchone()
    assert issued == (1,)


async def test_concurrent_payloads_of_one_organization_read_its_keys_once_per_process(
    org_a: Tenant,
    settings: Settings,
    engine: AsyncEngine,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    """A burst of workflow tasks of one organization (its first, or the first after the
    cache expired) waits for one read of the key, not one transaction each: they would
    take every pooled connection, other organizations' activities waiting behind them."""
    earlier = keyring(settings, sessionmaker, keystore)
    key_id = (await earlier.current(org_a.id)).key_id
    process = keyring(settings, sessionmaker, keystore)
    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "organization_keys" in statement:
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        current = await asyncio.gather(*(process.current(org_a.id) for _ in range(20)))
        found = await asyncio.gather(*(process.find(org_a.id, key_id) for _ in range(20)))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert {k.key_id for k in [*current, *found]} == {key_id}
    assert len(reads) == 1, reads  # the current key; find is then answered from the cache

    # Nor do concurrent askers for a key that cannot be had go to the database each.
    reads.clear()
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        refused = await asyncio.gather(
            *(process.find(org_a.id, "okey_none") for _ in range(20)), return_exceptions=True
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert all(isinstance(r, PayloadKeyUnavailable) for r in refused), refused
    assert len(reads) == 1, reads


async def test_the_wrapped_key_in_the_database_is_not_the_key(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_conninfo: str,
    keystore: KeyStore,
) -> None:
    key = await keyring(settings, sessionmaker, keystore).current(org_a.id)
    with psycopg.connect(owner_conninfo) as conn:
        [wrapped] = conn.execute(
            "SELECT wrapped_key FROM organization_keys WHERE id = %s", (key.key_id,)
        ).fetchone() or [b""]
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    row = OrganizationKey(
        id=key.key_id, organization_id=org_a.id, version=1, wrapped_key=bytes(wrapped)
    )
    opened = open_key(box, row, await kek_of(keystore, box, row))
    raw = base64.b64encode(opened).decode()
    assert opened not in bytes(wrapped) and raw.encode() not in bytes(wrapped)
    # Wrapped under the organization's KEK: neither the master key itself nor a box of
    # another purpose (the credentials' key) unwraps it.
    for other in (box, SecretBox.from_settings(settings)):
        with pytest.raises(Exception, match="cannot be decrypted"):
            other.open(bytes(wrapped))
    assert "aead" not in repr(key) and raw not in repr(key) and opened.hex() not in repr(key)


async def test_concurrent_rotations_issue_distinct_versions_or_a_conflict(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_conninfo: str,
    keystore: KeyStore,
) -> None:
    await keyring(settings, sessionmaker, keystore).current(org_a.id)
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    outcomes = await asyncio.gather(
        *(
            rotate_key(sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore)
            for _ in range(4)
        ),
        return_exceptions=True,
    )
    issued = [o.version for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert all(isinstance(o, Conflict) for o in refused), refused
    assert sorted(issued) == list(range(2, 2 + len(issued)))
    assert [v for _, v, _ in stored_keys(owner_conninfo, org_a.id)] == [1, *sorted(issued)]
    latest = await keyring(settings, sessionmaker, keystore).current(org_a.id)
    assert latest.version == max(issued)


async def test_a_destroyed_key_is_forgotten_by_other_processes_once_their_cache_expires(
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    now = [0.0]
    other_process = keyring(settings, sessionmaker, keystore, ttl_seconds=60, clock=lambda: now[0])
    key = await other_process.current(org_a.id)
    await other_process.current(org_b.id)

    await destroy_keys(sessionmaker, organization_id=org_a.id, actor=OPERATOR, store=keystore)
    assert (await other_process.find(org_a.id, key.key_id)).key_id == key.key_id  # cached
    now[0] = 61.0
    with pytest.raises(PayloadKeyUnavailable, match=f"{key.key_id} .* was destroyed at"):
        await other_process.find(org_a.id, key.key_id)
    with pytest.raises(PayloadKeyUnavailable, match="until an operator issues a new key"):
        await other_process.current(org_a.id)
    assert (await other_process.current(org_b.id)).organization_id == org_b.id
    with pytest.raises(InvalidRequest, match="no live key"):
        await destroy_keys(sessionmaker, organization_id=org_a.id, actor=OPERATOR, store=keystore)

    # The operator may give the organization a key again: a new version, never an old one.
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    again = await rotate_key(
        sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore
    )
    assert again.version == 2
    assert (await other_process.current(org_a.id)).version == 2


async def test_the_cache_holds_at_most_its_size(
    make_tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    first, second = [await make_tenant(f"Label {n} Records") for n in range(2)]
    bounded = keyring(settings, sessionmaker, keystore, max_keys=2)
    roomy = keyring(settings, sessionmaker, keystore, max_keys=100)
    for process in (bounded, roomy):
        await process.current(first.id)
        await process.current(second.id)
    await destroy_keys(sessionmaker, organization_id=first.id, actor=OPERATOR, store=keystore)

    # The roomy cache still holds the first organization's key (until it expires); the
    # bounded one let it go for the second's and reads the database again.
    assert (await roomy.current(first.id)).organization_id == first.id
    with pytest.raises(PayloadKeyUnavailable):
        await bounded.current(first.id)
    assert (await bounded.current(second.id)).organization_id == second.id


async def test_deleting_an_organization_destroys_its_keys(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    owner_conninfo: str,
    clean_db: None,
    keystore: KeyStore,
) -> None:
    gone, never_sealed = new_id("org"), new_id("org")
    # Issued before the organization row exists, so that no audit event (append-only, and
    # referencing the organization) stands in the way of deleting it below.
    key = await keyring(settings, sessionmaker, keystore).current(gone)
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        for org in (gone, never_sealed):
            insert_organization_row(conn, org)
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("DELETE FROM organizations WHERE id IN (%s, %s)", (gone, never_sealed))

    fresh = keyring(settings, sessionmaker, keystore)
    with pytest.raises(PayloadKeyUnavailable, match="was destroyed"):
        await fresh.find(gone, key.key_id)
    # A workflow of a deleted organization still running gets no new key.
    for org in (gone, never_sealed):
        with pytest.raises(PayloadKeyUnavailable, match="was destroyed"):
            await fresh.current(org)
    assert [live for *_, live in stored_keys(owner_conninfo, gone)] == [False]


async def test_keys_are_rotated_only_for_an_organization_that_exists(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clean_db: None,
    keystore: KeyStore,
) -> None:
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    with pytest.raises(NotFound):
        await rotate_key(
            sessionmaker, box, organization_id=new_id("org"), actor=OPERATOR, store=keystore
        )


async def test_one_organization_cannot_read_anothers_keys(
    org_a: Tenant, org_b: Tenant, settings: Settings, sessionmaker, keystore: KeyStore
) -> None:
    key = await keyring(settings, sessionmaker, keystore).current(org_a.id)
    assert [k.id for k in await list_keys(sessionmaker, organization_id=org_b.id)] == []
    # Asking for org A's key id under org B's scope finds nothing (RLS), not A's key.
    with pytest.raises(PayloadKeyUnavailable, match="has no key"):
        await keyring(settings, sessionmaker, keystore).find(org_b.id, key.key_id)
