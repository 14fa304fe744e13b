"""Creators' e-mail and artists' links sealed with the person's key (revision 0045), as clients'
contact fields are: the API answers in clear while the tables and the audit log hold
ciphertext only, a lookup by e-mail goes through the blind index and stays in its
organization, a reader that forgets to open fails loudly, rows of the previous release are
read from their clear columns until ``seal-backfill`` converts them, concurrent writes answer
2xx or 409, and destroying an organization's person keys (what deleting it does first) leaves
a backup of the data taken before unable to open its people — while another organization's
still opens.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.audit.service import Actor
from domain.keys.backfill import seal_backfill
from domain.keys.fields import SealedValueNotOpened
from domain.keys.models import OrganizationKey
from domain.keys.sealed import Sealing
from domain.keys.service import kek_of, unwrap_subject_key
from domain.keys.store import KeyStore
from domain.keys.subjects import SubjectDataKey
from domain.resources import search
from domain.resources.models import Creator
from tests.support.commands import run_cli
from tests.support.harness import Tenant
from tests.support.privacy import (
    dumped_bytes,
    dumped_rows,
    found_in_dump,
    keys_per_person,
    pg_dump,
)

pytestmark = pytest.mark.asyncio

OPERATOR = Actor.system("test-operator")
WEEK = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def sealing_of(settings: Settings, keystore: KeyStore) -> Sealing:
    return Sealing.from_settings(settings, keystore)


async def new_creator(api: Any, tenant: Tenant, name: str, email: str | None) -> dict[str, Any]:
    body = {"name": name, "email": email, "timezone": "UTC", "currency": "EUR"}
    r = await api.post("/v1/creators", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def new_artist(api: Any, tenant: Tenant, name: str, links: list[str]) -> dict[str, Any]:
    r = await api.post("/v1/artists", json={"name": name, "links": links}, headers=tenant.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


def owner_rows(owner_conninfo: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        return list(conn.execute(query, params).fetchall())


async def test_creators_email_is_answered_in_clear_and_stored_sealed(
    api, org_a: Tenant, org_b: Tenant, owner_conninfo: str, settings, keystore, sessionmaker
) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"Mo.{tag}@Mix.example"
    created = await new_creator(api, org_a, f"Mo Mixer {tag}", email)
    assert created["email"] == email
    r = await api.patch(
        f"/v1/creators/{created['id']}", json={"bio": "mixing"}, headers=org_a.headers
    )
    assert r.status_code == 200 and r.json()["email"] == email, r.text
    r = await api.patch(
        f"/v1/creators/{created['id']}",
        json={"email": f"new.{tag}@mix.example"},
        headers=org_a.headers,
    )
    assert r.json()["email"] == f"new.{tag}@mix.example"
    got = await api.get(f"/v1/creators/{created['id']}", headers=org_a.headers)
    listed = (await api.get("/v1/creators?limit=100", headers=org_a.headers)).json()["data"]
    assert got.json()["email"] == f"new.{tag}@mix.example"
    assert [c["email"] for c in listed if c["id"] == created["id"]] == [f"new.{tag}@mix.example"]
    # Another organization neither reads it nor learns of it.
    other = await api.get(f"/v1/creators/{created['id']}", headers=org_b.headers)
    assert other.status_code == 404
    assert (await api.get("/v1/creators", headers=org_b.headers)).json()["data"] == []

    [(clear, sealed, index)] = owner_rows(
        owner_conninfo,
        "SELECT email, email_sealed, email_index FROM creators WHERE id = %s",
        created["id"],
    )
    assert clear is None and isinstance(sealed, bytes) and isinstance(index, bytes)
    assert tag.encode() not in sealed
    audit = owner_rows(
        owner_conninfo,
        "SELECT changes::text FROM audit_events WHERE target_id = %s",
        created["id"],
    )
    assert audit and not any(
        f"mo.{tag}" in row[0].lower() or f"new.{tag}" in row[0] for row in audit
    )
    assert any('"email": "sealed:' in row[0] for row in audit)  # that it changed, not its value

    # A lookup by e-mail (any case) goes through the blind index, within the organization.
    sealing = sealing_of(settings, keystore)
    for org, expected in ((org_a, [created["id"]]), (org_b, [])):
        async with tenant_session(sessionmaker, [org.id]) as session:
            page = await search.search_creators(
                session,
                sealing,
                organization_id=org.id,
                search=search.CreatorSearch(),
                limit=10,
                starting_after=None,
                email=f"NEW.{tag}@MIX.EXAMPLE",
            )
        assert [c.id for c in page.items] == expected
        assert [c.email for c in page.items] == [f"new.{tag}@mix.example"] * len(expected)


async def test_a_reader_that_does_not_open_fails_instead_of_reading_nothing(
    api, org_a: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """A code path that loads creators and reads ``email`` without opening raises: a missed
    reader fails a test, it never sends a reminder to nobody."""
    created = await new_creator(api, org_a, "Unopened", "unopened@example.com")
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        creator = (
            await session.execute(select(Creator).where(Creator.id == created["id"]))
        ).scalar_one()
        with pytest.raises(SealedValueNotOpened):
            _ = creator.email


async def test_artists_links_are_answered_in_clear_and_stored_sealed(
    api, org_a: Tenant, org_b: Tenant, owner_conninfo: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    links = [f"https://music.example/{tag}", f"https://social.example/@{tag}"]
    artist = await new_artist(api, org_a, f"Nova {tag}", links)
    assert artist["links"] == links
    bare = await new_artist(api, org_a, f"Bare {tag}", [])
    assert bare["links"] == []
    r = await api.patch(f"/v1/artists/{artist['id']}", json={"tags": ["x"]}, headers=org_a.headers)
    assert r.status_code == 200 and r.json()["links"] == links, r.text
    r = await api.patch(
        f"/v1/artists/{artist['id']}", json={"links": links[:1]}, headers=org_a.headers
    )
    assert r.json()["links"] == links[:1]
    # Bulk onboarding updates by external_ref and keeps links it does not change.
    bulk = await api.post(
        "/v1/artists/bulk",
        json={
            "artists": [
                {"name": f"Bulk {tag}", "external_ref": f"b-{tag}", "links": links},
                {"name": f"Bulk {tag}", "external_ref": f"b-{tag}-2"},
            ]
        },
        headers=org_a.headers,
    )
    assert bulk.status_code == 200, bulk.text
    again = await api.post(
        "/v1/artists/bulk",
        json={"artists": [{"name": f"Bulk {tag}", "external_ref": f"b-{tag}", "links": links}]},
        headers=org_a.headers,
    )
    assert again.json()["summary"]["unchanged"] == 1, again.text
    listed = (await api.get("/v1/artists?limit=100", headers=org_a.headers)).json()["data"]
    by_id = {a["id"]: a["links"] for a in listed}
    assert by_id[artist["id"]] == links[:1] and by_id[bare["id"]] == []
    assert sorted(map(tuple, by_id.values())) == sorted([(), (), tuple(links), tuple(links[:1])])
    assert (await api.get(f"/v1/artists/{artist['id']}", headers=org_b.headers)).status_code == 404

    rows = owner_rows(
        owner_conninfo,
        "SELECT id, links, links_sealed FROM artists WHERE organization_id = %s",
        org_a.id,
    )
    for artist_id, clear, sealed in rows:
        assert clear == []
        assert (sealed is None) == (by_id[artist_id] == []), artist_id
        assert sealed is None or tag.encode() not in sealed
    audit = owner_rows(
        owner_conninfo,
        "SELECT changes::text FROM audit_events WHERE organization_id = %s",
        org_a.id,
    )
    assert not any(f"music.example/{tag}" in row[0] for row in audit)


async def test_rows_of_the_previous_release_are_read_until_the_backfill_seals_them(
    api, org_a: Tenant, owner_conninfo: str, settings, keystore, sessionmaker
) -> None:
    creators = [new_id("cre") for _ in range(3)]
    artists = [new_id("art") for _ in range(3)]
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        for n, creator_id in enumerate(creators):
            conn.execute(
                "INSERT INTO creators (id, organization_id, name, email, timezone, currency, "
                "working_hours, date_overrides, min_notice_minutes, buffer_before_minutes, "
                "buffer_after_minutes, tags, status, bio, roles, skills) VALUES (%s, %s, %s, "
                "%s, 'UTC', 'EUR', '{}', '{}', 0, 0, 0, '{}', 'active', '', '{}', '{}')",
                (creator_id, org_a.id, f"Old creator {n}", f"old{n}@creators.example"),
            )
        for n, artist_id in enumerate(artists):
            conn.execute(
                "INSERT INTO artists (id, organization_id, name, genres, status, links, tags) "
                "VALUES (%s, %s, %s, '{}', 'active', %s, '{}')",
                (artist_id, org_a.id, f"Old artist {n}", [f"https://old.example/{n}"]),
            )
    r = await api.get(f"/v1/creators/{creators[0]}", headers=org_a.headers)
    assert r.json()["email"] == "old0@creators.example"
    r = await api.get(f"/v1/artists/{artists[0]}", headers=org_a.headers)
    assert r.json()["links"] == ["https://old.example/0"]

    sealing = sealing_of(settings, keystore)
    converted = await seal_backfill(
        sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR, batch=2
    )
    assert converted == {"clients": 0, "creators": 3, "artists": 3}
    again = await seal_backfill(sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR)
    assert again == {"clients": 0, "creators": 0, "artists": 0}
    left = owner_rows(
        owner_conninfo,
        "SELECT (SELECT count(*) FROM creators WHERE organization_id = %s "
        "  AND (email IS NOT NULL OR email_sealed IS NULL OR email_index IS NULL)), "
        "(SELECT count(*) FROM artists WHERE organization_id = %s "
        "  AND (cardinality(links) > 0 OR links_sealed IS NULL))",
        org_a.id,
        org_a.id,
    )
    assert left == [(0, 0)]
    page = (await api.get("/v1/creators?limit=10", headers=org_a.headers)).json()["data"]
    assert sorted(c["email"] for c in page) == [f"old{n}@creators.example" for n in range(3)]
    page = (await api.get("/v1/artists?limit=10", headers=org_a.headers)).json()["data"]
    assert sorted(a["links"][0] for a in page) == [f"https://old.example/{n}" for n in range(3)]


async def test_concurrent_writes_of_one_organizations_creators_answer_without_a_500(
    api, org_a: Tenant, keystore: KeyStore
) -> None:
    tag = uuid.uuid4().hex[:6]
    created = await asyncio.gather(
        *(
            api.post(
                "/v1/creators",
                json={
                    "name": f"Concurrent {tag} {n}",
                    "email": f"c{n}.{tag}@example.com",
                    "timezone": "UTC",
                    "currency": "EUR",
                },
                headers=org_a.headers,
            )
            for n in range(6)
        ),
        *(
            api.post(
                "/v1/artists",
                json={"name": f"Concurrent {tag} {n}", "links": [f"https://a.example/{n}"]},
                headers=org_a.headers,
            )
            for n in range(4)
        ),
    )
    assert [r.status_code for r in created] == [201] * 10, [r.text for r in created]
    creator_ids = [r.json()["id"] for r in created[:6]]
    artist_ids = [r.json()["id"] for r in created[6:]]
    changed = await asyncio.gather(
        *(
            api.patch(
                f"/v1/creators/{creator_id}",
                json={"email": f"new{n}.{round_}.{tag}@example.com"},
                headers=org_a.headers,
            )
            for n, creator_id in enumerate(creator_ids)
            for round_ in range(2)
        ),
        *(
            api.patch(
                f"/v1/artists/{artist_id}",
                json={"links": [f"https://b.example/{n}/{round_}"]},
                headers=org_a.headers,
            )
            for n, artist_id in enumerate(artist_ids)
            for round_ in range(2)
        ),
    )
    assert {r.status_code for r in changed} <= {200, 409}, [r.text for r in changed]
    page = (await api.get("/v1/creators?limit=100", headers=org_a.headers)).json()["data"]
    emails = {c["id"]: c["email"] for c in page}
    for n, creator_id in enumerate(creator_ids):
        assert emails[creator_id] in {f"new{n}.{r}.{tag}@example.com" for r in range(2)}
    people = creator_ids + artist_ids
    assert await keys_per_person(keystore, org_a.id, people) == dict.fromkeys(people, 1)


async def test_a_person_with_nothing_to_seal_gets_no_key_until_a_value_is_set(
    api, org_a: Tenant, keystore: KeyStore
) -> None:
    """A creator or client created without contact fields has nothing personal to seal: no
    person key is issued for them (nor, for the organization's first, its payload key with an
    audit record of its own); the first value set issues it and is sealed."""
    r = await api.post(
        "/v1/creators",
        json={"name": "No Mail", "timezone": "UTC", "currency": "EUR"},
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    creator_id = r.json()["id"]
    r = await api.post("/v1/clients", json={"name": "No Contact"}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    client_id = r.json()["id"]

    async def keys() -> list[str]:
        return sorted(await keys_per_person(keystore, org_a.id, [creator_id, client_id]))

    assert await keys() == []
    r = await api.get("/v1/audit-events?limit=100", headers=org_a.headers)
    assert "organization_key.issued" not in {e["action"] for e in r.json()["data"]}

    r = await api.patch(
        f"/v1/creators/{creator_id}", json={"email": "later@example.com"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    assert await keys() == [creator_id]
    r = await api.get(f"/v1/creators/{creator_id}", headers=org_a.headers)
    assert r.json()["email"] == "later@example.com"


async def _opened_from_backup(
    backup: str,
    keystore: KeyStore,
    box: SecretBox,
    *,
    organization_id: str,
    kind: str,
    subject_id: str,
    table: str,
    column: str,
) -> str | None:
    """What someone holding the data's backup, ``SECRET_KEY`` and the live key store reads of
    a person's sealed value: ``None`` when the key store no longer holds the person's key."""
    row = {r["id"]: r for r in dumped_rows(backup, table)}[subject_id]
    stored = (await keystore.find(organization_id, [(kind, subject_id)]))[(kind, subject_id)]
    if stored.wrapped_key is None:
        return None
    dumped_key = {r["id"]: r for r in dumped_rows(backup, "organization_keys")}[
        str(stored.organization_key_id)
    ]
    org_key = OrganizationKey(
        id=dumped_key["id"],
        organization_id=organization_id,
        version=int(str(dumped_key["version"])),
        wrapped_key=dumped_bytes(dumped_key["wrapped_key"]),
    )
    data_key = SubjectDataKey(
        organization_id=organization_id,
        subject_kind=kind,
        subject_id=subject_id,
        key_id=stored.id,
        aead=AESGCM(unwrap_subject_key(box, org_key, await kek_of(keystore, box, org_key), stored)),
    )
    return data_key.open(column, dumped_bytes(row[f"{column}_sealed"]))


async def test_destroying_an_organizations_person_keys_closes_a_backup_of_its_people(
    api, org_a: Tenant, org_b: Tenant, owner_conninfo: str, settings, keystore: KeyStore
) -> None:
    """Deleting an organization destroys its people's keys in the key store before its rows
    go (``KeyStore.destroy_organization``): a backup of the data taken before then holds its
    creators' e-mails, artists' links and clients' contact fields under keys nobody has,
    while another organization's people from the same backup still open."""
    tag = uuid.uuid4().hex[:8]
    gone_email, kept_email = f"gone.{tag}@example.com", f"kept.{tag}@example.com"
    gone_creator = await new_creator(api, org_a, f"Gone {tag}", gone_email)
    gone_artist = await new_artist(api, org_a, f"Gone {tag}", [f"https://gone.example/{tag}"])
    kept_creator = await new_creator(api, org_b, f"Kept {tag}", kept_email)
    r = await api.post(
        "/v1/clients",
        json={"name": f"Gone client {tag}", "email": f"client.{tag}@example.com"},
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    gone_client = r.json()["id"]

    backup = pg_dump(owner_conninfo)  # the data's backup, before the deletion
    assert not found_in_dump(backup, gone_email) and not found_in_dump(backup, kept_email)
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    cases = (
        (org_a.id, "creator", gone_creator["id"], "creators", "email", gone_email),
        (org_a.id, "artist", gone_artist["id"], "artists", "links", None),
        (org_a.id, "client", gone_client, "clients", "email", f"client.{tag}@example.com"),
    )
    # Before the deletion the backup opens with the live keys: what the deletion must close.
    for org, kind, subject_id, table, column, value in cases:
        opened = await _opened_from_backup(
            backup,
            keystore,
            box,
            organization_id=org,
            kind=kind,
            subject_id=subject_id,
            table=table,
            column=column,
        )
        assert opened is not None and (value is None or opened == value)

    # What deleting an organization does first (ADR 0034): its people's keys go.
    assert await keystore.destroy_organization(org_a.id) == 3

    for org, kind, subject_id, table, column, _value in cases:
        assert (
            await _opened_from_backup(
                backup,
                keystore,
                box,
                organization_id=org,
                kind=kind,
                subject_id=subject_id,
                table=table,
                column=column,
            )
            is None
        ), kind
    # Another organization's people still open from the same backup, and live.
    assert (
        await _opened_from_backup(
            backup,
            keystore,
            box,
            organization_id=org_b.id,
            kind="creator",
            subject_id=kept_creator["id"],
            table="creators",
            column="email",
        )
        == kept_email
    )
    r = await api.get(f"/v1/creators/{kept_creator['id']}", headers=org_b.headers)
    assert r.status_code == 200 and r.json()["email"] == kept_email

    # Idempotent: a retried deletion destroys nothing more.
    assert await keystore.destroy_organization(org_a.id) == 0


async def test_the_operator_converts_old_rows_from_the_command_line(
    api, org_a: Tenant, database_url: str, keystore_url: str, owner_conninfo: str, tmp_path
) -> None:
    creator_id = new_id("cre")
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        conn.execute(
            "INSERT INTO creators (id, organization_id, name, email, timezone, currency, "
            "working_hours, date_overrides, min_notice_minutes, buffer_before_minutes, "
            "buffer_after_minutes, tags, status, bio, roles, skills) VALUES (%s, %s, 'Old', "
            "'old@cli.example', 'UTC', 'EUR', '{}', '{}', 0, 0, 0, '{}', 'active', '', '{}', "
            "'{}')",
            (creator_id, org_a.id),
        )
    env = {"KEYSTORE_URL": keystore_url}
    argv = ("privacy", "seal-backfill", "--org", org_a.id)
    for expected in (
        "0 clients, 1 creators, 0 artists, 0 events",
        "0 clients, 0 creators, 0 artists, 0 events",
    ):
        done = await asyncio.to_thread(run_cli, database_url, tmp_path, *argv, extra_env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"organization  {org_a.id}  {expected} sealed" in done.stdout
    r = await api.get(f"/v1/creators/{creator_id}", headers=org_a.headers)
    assert r.json()["email"] == "old@cli.example"
