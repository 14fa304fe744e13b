"""Per-person data keys in the key store (a PostgreSQL database of its own, outside the data's
backups): issued once however many transactions ask at the same time, bound to their person
and column, invisible to another organization, re-wrapped by a rotation of the organization's
key, and destroyed by an erasure before it scrubs the data — so a backup of the data taken
before the erasure holds no key that opens the person again (ADR 0034).
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.db import tenant_session
from domain.audit.service import Actor
from domain.keys.sealed import Sealing
from domain.keys.service import rotate_key
from domain.keys.store import KeyStore
from domain.keys.subjects import (
    SubjectDataKey,
    SubjectKeyDestroyed,
    SubjectSealError,
    blind_index,
    blind_index_key,
    destroy_subject_key,
    open_subject_key,
    open_subject_keys,
    subject_key,
)
from domain.privacy import erasure
from tests.support.harness import Tenant
from tests.support.privacy import pg_dump

pytestmark = pytest.mark.asyncio

TABLE = "keystore.subject_keys"
ACTOR = Actor(type="user", id="mem_test")
OPERATOR = Actor.system("test-operator")


def master_box(settings: Settings) -> SecretBox:
    return SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)


async def key_of(
    keystore: KeyStore,
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    org_id: str,
    subject_id: str,
    kind: str = "client",
) -> SubjectDataKey:
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await subject_key(
            keystore,
            session,
            box,
            organization_id=org_id,
            kind=kind,
            subject_id=subject_id,
            actor=ACTOR,
        )


async def opened_key(
    keystore: KeyStore,
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    org_id: str,
    subject_id: str,
) -> SubjectDataKey | None:
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await open_subject_key(
            keystore, session, box, organization_id=org_id, kind="client", subject_id=subject_id
        )


def owner_of(keystore_url: str) -> str:
    return make_url(keystore_url).set(drivername="postgresql").render_as_string(False)


def stored(keystore_url: str, org_id: str) -> list[tuple[str, str, bytes | None, str | None]]:
    """The organization's rows in the key store, read as its owner."""
    with psycopg.connect(owner_of(keystore_url)) as conn:
        rows = conn.execute(
            "SELECT subject_id, id, wrapped_key, organization_key_id FROM keystore.subject_keys "
            "WHERE organization_id = %s ORDER BY subject_id",
            (org_id,),
        ).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


async def test_concurrent_first_uses_of_a_person_issue_one_key(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    keystore_url: str,
) -> None:
    box = master_box(settings)
    keys = await asyncio.gather(
        *(key_of(keystore, sessionmaker, box, org_a.id, "cli_concurrent") for _ in range(12))
    )

    [(_, key_id, wrapped, _)] = stored(keystore_url, org_a.id)
    assert wrapped is not None and {k.key_id for k in keys} == {key_id}
    # Every transaction holds the same key: what one sealed another opens.
    sealed = keys[0].seal("email", "ada@example.com")
    assert keys[-1].open("email", sealed) == "ada@example.com"
    # The key is stored only wrapped.
    assert sealed is not None and b"ada@example.com" not in sealed


async def test_a_sealed_value_opens_only_as_its_person_and_column(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    box = master_box(settings)
    ada = await key_of(keystore, sessionmaker, box, org_a.id, "cli_ada")
    bob = await key_of(keystore, sessionmaker, box, org_a.id, "cli_bob")
    sealed = ada.seal("phone", "+44 20 7946 0000")

    assert ada.open("phone", sealed) == "+44 20 7946 0000"
    assert ada.seal("phone", None) is None and ada.open("phone", None) is None
    with pytest.raises(SubjectSealError):
        ada.open("email", sealed)  # moved to another column
    with pytest.raises(SubjectSealError):
        bob.open("phone", sealed)  # moved to another person
    # Each sealing draws a fresh nonce: equal values do not give equal ciphertexts.
    assert ada.seal("phone", "+44 20 7946 0000") != sealed
    # A page's keys open in one batch; a person without a key is None.
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        batch = await open_subject_keys(
            keystore,
            session,
            box,
            organization_id=org_a.id,
            subjects=[("client", "cli_ada"), ("client", "cli_bob"), ("client", "cli_none")],
        )
    assert batch[("client", "cli_none")] is None
    opened = batch[("client", "cli_ada")]
    assert opened is not None and opened.open("phone", sealed) == "+44 20 7946 0000"


async def test_another_organization_can_neither_read_nor_change_a_persons_key(
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    keystore_url: str,
) -> None:
    box = master_box(settings)
    ada = await key_of(keystore, sessionmaker, box, org_a.id, "cli_ada")
    sealed = ada.seal("email", "ada@example.com")

    # A key store transaction of org B sees none of A's rows, changes none, inserts none.
    async with keystore.transaction(org_b.id) as conn:
        seen = (await conn.execute(text("SELECT count(*) FROM keystore.subject_keys"))).scalar_one()
        assert seen == 0
        touched = await conn.execute(
            text("UPDATE keystore.subject_keys SET wrapped_key = NULL, destroyed_at = now()"),
        )
        assert touched.rowcount == 0
    with pytest.raises(Exception, match="row-level security"):
        async with keystore.transaction(org_b.id) as conn:
            await conn.execute(
                text(
                    "INSERT INTO keystore.subject_keys (id, organization_id, subject_kind, "
                    "subject_id, "
                    "destroyed_at) VALUES ('skey_x', :org, 'client', 'cli_x', now())"
                ),
                {"org": org_a.id},
            )
    # The application role deletes no key, not even its own organization's.
    with pytest.raises(Exception, match="permission denied"):
        async with keystore.transaction(org_a.id) as conn:
            await conn.execute(text("DELETE FROM keystore.subject_keys"))
    # Opening A's person from org B finds nothing; naming them issues B a key of its own,
    # which opens nothing of A.
    assert await opened_key(keystore, sessionmaker, box, org_b.id, "cli_ada") is None
    theirs = await key_of(keystore, sessionmaker, box, org_b.id, "cli_ada")
    assert theirs.key_id != ada.key_id
    with pytest.raises(SubjectSealError):
        theirs.open("email", sealed)
    # Destroying "cli_ada" as org B leaves A's key alone.
    assert await destroy_subject_key(
        keystore, organization_id=org_b.id, kind="client", subject_id="cli_ada"
    )
    mine = await opened_key(keystore, sessionmaker, box, org_a.id, "cli_ada")
    assert mine is not None and mine.open("email", sealed) == "ada@example.com"
    [(subject, _, wrapped, _)] = stored(keystore_url, org_a.id)
    assert subject == "cli_ada" and wrapped is not None


async def test_rotation_rewraps_person_keys_without_changing_them(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    keystore_url: str,
    owner_conninfo: str,
) -> None:
    box = master_box(settings)
    ada = await key_of(keystore, sessionmaker, box, org_a.id, "cli_ada")
    bob = await key_of(keystore, sessionmaker, box, org_a.id, "cli_bob")
    sealed = {"ada": ada.seal("email", "ada@example.com"), "bob": bob.seal("notes", "vip")}
    before = stored(keystore_url, org_a.id)

    rotated = await rotate_key(
        sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore
    )

    after = stored(keystore_url, org_a.id)
    assert rotated.version == 2
    for (subject, key_id, wrapped, wrapping), (_, key_id2, wrapped2, wrapping2) in zip(
        before, after, strict=True
    ):
        assert key_id2 == key_id, subject  # the same person key
        assert wrapping2 == rotated.id != wrapping  # now wrapped under version 2
        assert wrapped2 != wrapped
    # What was sealed before the rotation opens with the re-wrapped keys.
    ada2 = await opened_key(keystore, sessionmaker, box, org_a.id, "cli_ada")
    bob2 = await opened_key(keystore, sessionmaker, box, org_a.id, "cli_bob")
    assert ada2 is not None and ada2.open("email", sealed["ada"]) == "ada@example.com"
    assert bob2 is not None and bob2.open("notes", sealed["bob"]) == "vip"
    # The rotation is in the audit log with how many keys it re-wrapped.
    with psycopg.connect(owner_conninfo) as conn:
        [(changes,)] = conn.execute(
            "SELECT changes FROM audit_events WHERE organization_id = %s "
            "AND action = 'subject_keys.rewrapped'",
            (org_a.id,),
        ).fetchall()
    assert changes["after"]["subject_keys"] == 2


async def test_destroying_a_key_refuses_to_open_or_issue_it_again(
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    box = master_box(settings)
    await key_of(keystore, sessionmaker, box, org_a.id, "cli_ada")
    assert await destroy_subject_key(
        keystore, organization_id=org_a.id, kind="client", subject_id="cli_ada"
    )
    # Again (a retried erasure): still "had a key".
    assert await destroy_subject_key(
        keystore, organization_id=org_a.id, kind="client", subject_id="cli_ada"
    )
    # A person who never had a key gets a tombstone.
    assert not await destroy_subject_key(
        keystore, organization_id=org_a.id, kind="client", subject_id="cli_never"
    )
    for subject in ("cli_ada", "cli_never"):
        with pytest.raises(SubjectKeyDestroyed, match="erased"):
            await opened_key(keystore, sessionmaker, box, org_a.id, subject)
        with pytest.raises(SubjectKeyDestroyed):
            await key_of(keystore, sessionmaker, box, org_a.id, subject)


async def test_the_datas_backup_holds_no_person_key_and_erasure_destroys_it_first(
    api,
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    keystore_url: str,
    owner_conninfo: str,
) -> None:
    box = master_box(settings)
    r = await api.post(
        "/v1/clients",
        json={"name": "Griselda Fairweather-Voss", "email": "griselda@example.com"},
        headers=org_a.headers,
    )
    assert r.status_code == 201
    client_id = r.json()["id"]
    griselda = await key_of(keystore, sessionmaker, box, org_a.id, client_id)
    other = await key_of(keystore, sessionmaker, box, org_a.id, "cli_other")
    other_sealed = other.seal("email", "other@example.com")
    backup = pg_dump(owner_conninfo)  # the data's backup, taken before the erasure

    # The key store is not in the data's backup: no row of it, no wrapped key.
    [(_, _, wrapped, _)] = [row for row in stored(keystore_url, org_a.id) if row[0] == client_id]
    assert wrapped is not None and wrapped.hex() not in backup
    assert griselda.key_id not in backup and "subject_keys" not in backup

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        ers, _ = await erasure.request_erasure(
            session, organization_id=org_a.id, kind="client", subject_id=client_id, actor=ACTOR
        )
    # What to replace is noted while the key exists; then the key store (committed there),
    # then the data.
    sealing = Sealing(keystore, box)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        prepared = await erasure.prepare(session, sealing, ers.id)
    assert prepared is not None and "griselda@example.com" in (prepared.needles or [])
    destroyed = await erasure.destroy_key(keystore, prepared)
    assert destroyed is True
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        counts = await erasure.erase(
            session,
            ers.id,
            now=datetime.now(UTC),
            sealing=sealing,
            key_destroyed=bool(destroyed),
        )
    assert counts["subject_keys"] == 1
    # A finished erasure is not run again, and has no key to destroy.
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        assert await erasure.prepare(session, sealing, ers.id) is None

    # Nobody can open the person's values any more; the organization's key and everyone
    # else's stay.
    with pytest.raises(SubjectKeyDestroyed):
        await opened_key(keystore, sessionmaker, box, org_a.id, client_id)
    live = {s: w for s, _, w, _ in stored(keystore_url, org_a.id)}
    assert live[client_id] is None
    still = await opened_key(keystore, sessionmaker, box, org_a.id, "cli_other")
    assert still is not None and still.open("email", other_sealed) == "other@example.com"


async def test_blind_index_matches_equal_values_of_one_organization_only() -> None:
    key_a = blind_index_key(b"\x01" * 32, "org_a")
    key_b = blind_index_key(b"\x01" * 32, "org_b")
    found = blind_index(key_a, "email", "Ada@Example.com ")
    assert found == blind_index(key_a, "email", "ada@example.com")
    assert found != blind_index(key_b, "email", "ada@example.com")  # per organization
    assert found != blind_index(key_a, "phone", "ada@example.com")  # per column
    assert found != hashlib.sha256(b"ada@example.com").digest()  # keyed, not a plain hash
    assert blind_index(key_a, "email", None) is None
