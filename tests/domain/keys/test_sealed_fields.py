"""Clients' contact fields sealed with each client's key: the API answers as before, the table
holds ciphertext only, a lookup by e-mail goes through the blind index (and stays within its
organization), a list opens a page's keys in one batch, and rows written before sealing are
read from their clear columns until ``seal-backfill`` converts them (resumable, idempotent).
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.db import tenant_session
from core.ids import new_id
from domain.audit.service import Actor
from domain.keys.backfill import seal_backfill
from domain.keys.sealed import Sealing
from domain.keys.store import KeyStore
from domain.resources import service
from tests.support.harness import Tenant

pytestmark = pytest.mark.asyncio

OPERATOR = Actor.system("test-operator")


def sealing_of(settings: Settings, keystore: KeyStore) -> Sealing:
    return Sealing.from_settings(settings, keystore)


async def test_the_api_answers_in_clear_while_the_table_holds_ciphertext(
    api, org_a: Tenant, owner_conninfo: str
) -> None:
    body = {"name": "Helix Music", "email": "Ops@Helix.example", "phone": "+44 1", "notes": "vip"}
    r = await api.post("/v1/clients", json=body, headers=org_a.headers)
    assert r.status_code == 201, r.text
    client = r.json()
    assert {k: client[k] for k in body} == body
    r = await api.patch(
        f"/v1/clients/{client['id']}", json={"phone": "+44 2"}, headers=org_a.headers
    )
    assert r.json()["phone"] == "+44 2" and r.json()["email"] == "Ops@Helix.example"

    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        row = conn.execute(
            "SELECT email, phone, notes, email_sealed, phone_sealed, notes_sealed, email_index "
            "FROM clients WHERE id = %s",
            (client["id"],),
        ).fetchone()
        changes = conn.execute(
            "SELECT changes::text FROM audit_events WHERE target_id = %s", (client["id"],)
        ).fetchall()
    assert row is not None
    email, phone, notes, *sealed = row
    assert (email, phone, notes) == (None, None, "")
    assert all(isinstance(s, bytes) for s in sealed)
    assert b"Helix" not in b"".join(sealed) and b"+44" not in b"".join(sealed)
    # The audit log shows that the phone changed, not what it says.
    text = " ".join(c for (c,) in changes)
    assert "+44" not in text and "Helix.example" not in text and '"phone": "sealed:' in text


async def test_lookup_by_e_mail_goes_through_the_blind_index_of_its_organization(
    api,
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    for tenant in (org_a, org_b):
        r = await api.post(
            "/v1/clients",
            json={"name": f"Same mail at {tenant.id}", "email": "shared@example.com"},
            headers=tenant.headers,
        )
        assert r.status_code == 201
    sealing = sealing_of(settings, keystore)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        found = await service.list_clients(
            session,
            sealing,
            organization_id=org_a.id,
            email="  SHARED@example.com",
            limit=10,
            starting_after=None,
        )
        none = await service.list_clients(
            session,
            sealing,
            organization_id=org_a.id,
            email="other@example.com",
            limit=10,
            starting_after=None,
        )
    assert [c.name for c in found.items] == [f"Same mail at {org_a.id}"]
    assert found.items[0].email == "shared@example.com"
    assert none.items == []


async def test_rows_written_before_sealing_read_and_convert_once(
    api,
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    owner_conninfo: str,
) -> None:
    # Written by the previous release: clear columns only.
    ids = [new_id("cli") for _ in range(5)]
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        for n, client_id in enumerate(ids):
            conn.execute(
                "INSERT INTO clients (id, organization_id, name, email, phone, notes) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (client_id, org_a.id, f"Old {n}", f"old{n}@example.com", f"+1 {n}", "legacy"),
            )
    r = await api.get(f"/v1/clients/{ids[0]}", headers=org_a.headers)
    assert (r.json()["email"], r.json()["phone"], r.json()["notes"]) == (
        "old0@example.com",
        "+1 0",
        "legacy",
    )

    sealing = sealing_of(settings, keystore)
    # Looked up by e-mail before conversion: through its clear column, that row alone.
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        found = await service.list_clients(
            session,
            sealing,
            organization_id=org_a.id,
            email=" OLD3@example.com",
            limit=10,
            starting_after=None,
        )
    assert [c.id for c in found.items] == [ids[3]]
    converted = await seal_backfill(
        sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR, batch=2
    )
    assert converted["clients"] == 5
    again = await seal_backfill(sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR)
    assert set(again.values()) == {0}
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        left = conn.execute(
            "SELECT count(*) FROM clients WHERE organization_id = %s "
            "AND (email IS NOT NULL OR phone IS NOT NULL OR notes <> '' OR email_sealed IS NULL)",
            (org_a.id,),
        ).fetchone()
    assert left == (0,)
    page = (await api.get("/v1/clients?limit=10", headers=org_a.headers)).json()["data"]
    assert sorted((c["email"], c["phone"], c["notes"]) for c in page) == [
        (f"old{n}@example.com", f"+1 {n}", "legacy") for n in range(5)
    ]


async def test_events_written_in_clear_are_sealed_once_by_the_backfill_and_read_as_before(
    api,
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    owner_conninfo: str,
) -> None:
    """Events of a client written by the release before 0044 hold its e-mail and phone in
    clear; ``seal_event_backfill`` seals them with the client's key, once, and the events API
    answers them as before. An event of an erased person keeps the fields null."""
    import json

    from domain.keys.backfill import seal_event_backfill
    from domain.keys.subjects import destroy_subject_key

    r = await api.post(
        "/v1/clients", json={"name": "Backfilled", "email": "bf@example.com"}, headers=org_a.headers
    )
    client_id = r.json()["id"]
    gone_id = new_id("cli")
    old = {
        new_id("ev"): {
            "object": "client",
            "id": client_id,
            "email": "bf@example.com",
            "phone": "+9",
        },
        new_id("ev"): {"object": "client", "id": gone_id, "email": "gone@example.com"},
    }
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        for event_id, data in old.items():
            conn.execute(
                "INSERT INTO events (id, organization_id, type, data, created_at, relayed_at) "
                "VALUES (%s, %s, 'client.updated', %s, now(), now())",
                (event_id, org_a.id, json.dumps(data)),
            )
    await destroy_subject_key(keystore, organization_id=org_a.id, kind="client", subject_id=gone_id)

    sealing = sealing_of(settings, keystore)
    converted = await seal_event_backfill(
        sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR, batch=1
    )
    assert converted == 2
    assert (
        await seal_event_backfill(sessionmaker, sealing, organization_id=org_a.id, actor=OPERATOR)
        == 0
    )
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET app.owner_maintenance = on")
        clear = conn.execute(
            "SELECT count(*) FROM events WHERE organization_id = %s AND data::text ~ %s",
            (org_a.id, "bf@example.com|gone@example.com"),
        ).fetchone()
    assert clear == (0,)
    first, second = old
    r = await api.get(f"/v1/events/{first}", headers=org_a.headers)
    assert r.json()["data"] == old[first]
    r = await api.get(f"/v1/events/{second}", headers=org_a.headers)
    assert r.json()["data"]["email"] is None
    assert (await api.get(f"/v1/events/{first}", headers=org_b.headers)).status_code == 404
