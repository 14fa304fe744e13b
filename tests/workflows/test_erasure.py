"""Erasure end to end: the API requests it, ``ErasureWorkflow`` carries it out on a real worker
against the real database, and what a user (or an auditor) would check holds.

After an erasure the person's name, e-mail and phone are nowhere in a ``pg_dump`` of the
database (as text, nor as the bytes of a stored response) and in none of the organization's
Temporal histories that handled them (their export, the erasures), raw or decoded with its
key; their bookings, contracts and money figures stay,
and the audit chain still verifies. Before the erasure, the person's export still has their
data in clear. Two erasures of one person give one; another organization cannot erase or see
the person.

Free text typed into a workflow message (an approval comment, a delegation's note, a cancel
reason) goes to the workflow by reference (``free_texts``), so an erasure reaches it: after
erasing a person named in such texts, no approval chain's history holds the name, raw or
decoded, and the approvals show the texts tombstoned.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import Client

from core.db import tenant_session
from core.payload_codec import ENCODING, decode_in_place, payloads_in
from domain.audit.sealer import seal_pending
from domain.audit.service import verify_chain
from tests.support.approvals import book, create_creator, create_policy, decide, handle, member_key
from tests.support.harness import Tenant
from tests.support.histories import keep, replayer
from tests.support.privacy import (
    at,
    download_archive,
    erase,
    found_in_dump,
    fresh_codec,
    keys_per_person,
    pg_dump,
    run_export,
    without_codec,
)
from workflows.clients.privacy import erasure_workflow_id, export_workflow_id

pytestmark = pytest.mark.asyncio


async def create(api: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> str:
    r = await api.post(path, json=body, headers=tenant.headers)
    assert r.status_code == 201, (path, r.status_code, r.text)
    return str(r.json()["id"])


async def people(api: httpx.AsyncClient, tenant: Tenant) -> dict[str, Any]:
    """An artist, a creator and a client contact with names found nowhere else, a contract of
    the artist and a priced booking naming all three (its title names the artist)."""
    tag = uuid.uuid4().hex[:8]
    names = {
        "artist": f"Zephyrine Quillfeather {tag}",
        "creator": f"Oswin Marchbanks {tag}",
        "client": f"Philippa Underhay {tag}",
        "email": f"philippa.{tag}@underhay.example",
        "phone": f"+44 20 7946 {tag[:4]}",
    }
    ids: dict[str, Any] = {"names": names}
    ids["artist"] = await create(
        api, tenant, "/v1/artists", {"name": names["artist"], "links": ["https://x.example/z"]}
    )
    ids["creator"] = await create(
        api,
        tenant,
        "/v1/creators",
        {
            "name": names["creator"],
            "timezone": "UTC",
            "currency": "EUR",
            "bio": f"Engineer who worked with {names['artist']}",
        },
    )
    ids["client"] = await create(
        api,
        tenant,
        "/v1/clients",
        {
            "name": names["client"],
            "email": names["email"],
            "phone": names["phone"],
            "notes": f"Prefers calls; manages {names['artist']}",
        },
    )
    ids["contract"] = await create(
        api,
        tenant,
        "/v1/contracts",
        {"title": "Deal", "currency": "EUR", "amount": "1250.50", "artist_id": ids["artist"]},
    )
    ids["booking"] = await create(
        api,
        tenant,
        "/v1/bookings",
        {
            "creator_id": ids["creator"],
            "artist_id": ids["artist"],
            "client_id": ids["client"],
            "title": f"Vocals: {names['artist']}",
            "start": at(3, 10),
            "end": at(3, 12),
            "price": "480.00",
            "currency": "EUR",
            "allow_outside_working_hours": True,
        },
    )
    # An update, so the audit log holds the person's values in a before and an after.
    r = await api.patch(
        f"/v1/clients/{ids['client']}",
        json={"notes": f"Call {names['phone']} first"},
        headers=tenant.headers,
    )
    assert r.status_code == 200, r.text
    return ids


async def histories(client: Client, workflow_ids: list[str]) -> list[HistoryEvent]:
    events: list[HistoryEvent] = []
    for wf_id in workflow_ids:
        history = await client.get_workflow_handle(wf_id).fetch_history()
        events.extend(history.events)
    return events


def history_bytes(events: list[HistoryEvent]) -> bytes:
    return b"".join(event.SerializeToString() for event in events)


async def verify(sessionmaker: async_sessionmaker[AsyncSession], org_id: str) -> Any:
    await seal_pending(sessionmaker, org_id)
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await verify_chain(session, org_id)


async def test_after_erasure_the_names_are_in_no_table_and_no_history_while_money_and_audit_remain(
    stack, org_a, owner_conninfo, sessionmaker, settings, keystore
) -> None:
    api, env = stack
    ids = await people(api, org_a)
    names = ids["names"]

    # Before: the person's export has their data in clear.
    export = await run_export(
        api, env.client, org_a, {"scope": "person", "kind": "client", "id": ids["client"]}
    )
    _, files = await download_archive(api, export["download_url"])
    [client_row] = json.loads(files["clients.json"])
    assert (client_row["name"], client_row["email"]) == (names["client"], names["email"])
    assert found_in_dump(pg_dump(owner_conninfo), names["client"])
    assert (await verify(sessionmaker, org_a.id)).ok

    artist = await erase(api, org_a, "artist", ids["artist"])
    assert artist["counts"]["audit_events_redacted"] >= 1
    assert artist["counts"]["bookings"] == 1  # the title named the artist
    await erase(api, org_a, "creator", ids["creator"])
    client = await erase(api, org_a, "client", ids["client"])
    assert client["subject_id"] == ids["client"]

    # No table holds them: a pg_dump of the whole database, as text and as bytea hex.
    dump = pg_dump(owner_conninfo)
    for value in names.values():
        assert not found_in_dump(dump, value), value
    assert "[erased]" in dump

    # The people are tombstones; bookings, contracts and money figures stay.
    r = await api.get(f"/v1/artists/{ids['artist']}", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["name"] == "Erased artist"
    r = await api.get(f"/v1/clients/{ids['client']}", headers=org_a.headers)
    assert (r.json()["name"], r.json()["email"], r.json()["phone"]) == (
        "Erased client",
        None,
        None,
    )
    r = await api.get(f"/v1/bookings/{ids['booking']}", headers=org_a.headers)
    booking = r.json()
    assert (booking["artist_id"], booking["client_id"], booking["creator_id"]) == (
        ids["artist"],
        ids["client"],
        ids["creator"],
    )
    assert (booking["price"], booking["currency"]) == ("480.00", "EUR")
    assert booking["title"] == "Vocals: [erased]"
    r = await api.get(f"/v1/contracts/{ids['contract']}", headers=org_a.headers)
    assert r.json()["amount"] == "1250.50"

    # The audit chain verifies, redacted records included, and tells of the erasures.
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    r = await api.get(
        "/v1/audit-events", params={"action": "erasure.completed"}, headers=org_a.headers
    )
    assert len(r.json()["data"]) == 3

    # No history of the organization names them: raw, and decoded with the organization's
    # key (what an operator with the codec server sees).
    with psycopg.connect(owner_conninfo) as conn:
        workflow_ids = [
            export_workflow_id(org, i)
            for org, i in conn.execute("SELECT organization_id, id FROM data_exports")
        ] + [
            erasure_workflow_id(org, i)
            for org, i in conn.execute("SELECT organization_id, id FROM erasures")
        ]
    assert len(workflow_ids) == 4
    raw_client = without_codec(env.client)
    events = await histories(raw_client, workflow_ids)
    payloads = [p for e in events for p in payloads_in(e)]
    # Inputs and results are sealed (search attributes, ids only, are not: Temporal indexes them).
    assert any(p.metadata["encoding"] == ENCODING for p in payloads)
    decoded = await histories(raw_client, workflow_ids)
    await decode_in_place(fresh_codec(settings, sessionmaker, keystore), decoded)
    assert not [p for e in decoded for p in payloads_in(e) if p.metadata["encoding"] == ENCODING]
    for value in names.values():
        assert value.encode() not in history_bytes(events), value
        assert value.encode() not in history_bytes(decoded), value

    # The erasure's run replays with the codec (the replay gate keeps the recording).
    handle = env.client.get_workflow_handle(erasure_workflow_id(org_a.id, artist["id"]))
    await replayer(env.client.data_converter).replay_workflow(await handle.fetch_history())
    await keep(env.client, handle.id, "erasure_artist")


async def test_two_erasures_of_one_person_give_one_and_another_organization_learns_nothing(
    stack, org_a, make_tenant
) -> None:
    api, _ = stack
    org_b = await make_tenant("Bluewave Studios", plan="studio_pro")
    artist = await create(api, org_a, "/v1/artists", {"name": "Twice Erased"})

    # Another organization: the person is unknown to it, as is the erasure.
    r = await api.post("/v1/erasures", json={"kind": "artist", "id": artist}, headers=org_b.headers)
    assert r.status_code == 404, r.text
    assert r.json()["code"] == "resource_missing"

    async def post() -> httpx.Response:
        return await api.post(
            "/v1/erasures", json={"kind": "artist", "id": artist}, headers=org_a.headers
        )

    first, second = await asyncio.gather(post(), post())
    assert sorted([first.status_code, second.status_code]) == [200, 201], (
        first.text,
        second.text,
    )
    assert first.json()["id"] == second.json()["id"]
    erasure_id = first.json()["id"]

    for _ in range(300):
        r = await api.get(f"/v1/erasures/{erasure_id}", headers=org_a.headers)
        if r.json()["status"] == "completed":
            break
        await asyncio.sleep(0.1)
    assert r.json()["status"] == "completed"
    # Again, after it finished: the same erasure, nothing run twice.
    again = await post()
    assert again.status_code == 200 and again.json()["id"] == erasure_id
    assert again.json()["counts"] == r.json()["counts"]

    r = await api.get(f"/v1/erasures/{erasure_id}", headers=org_b.headers)
    assert r.status_code == 404
    r = await api.get("/v1/erasures", headers=org_b.headers)
    assert r.json()["data"] == []
    r = await api.get("/v1/erasures", headers=org_a.headers)
    assert [e["id"] for e in r.json()["data"]] == [erasure_id]

    r = await api.post("/v1/erasures", json={"kind": "planet", "id": artist}, headers=org_a.headers)
    assert r.status_code == 422


# --- free text typed into workflow messages ------------------------------------------


async def _pending(api, org, creator: str, artist: str, day: int) -> tuple[str, str]:
    """A booking of ``artist`` that needs approval, and its request id."""
    booking = await book(api, org, creator, hours=2, day=day, artist_id=artist)
    assert booking["status"] == "pending_approval", booking
    return booking["id"], booking["approval_request_id"]


async def test_typed_text_naming_a_person_is_erased_from_histories_and_tables(
    stack, org_a, owner_conninfo, sessionmaker, settings, keystore
) -> None:
    api, env = stack
    name = f"Ysolde Brackenbury {uuid.uuid4().hex[:8]}"
    r = await api.post("/v1/artists", json={"name": name}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    artist = r.json()["id"]
    _, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    _, deputy = await member_key(api, org_a, "dev@northstar.example", "manager")
    finance_id, finance = await member_key(api, org_a, "fin@northstar.example", "admin")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])

    _, approved = await _pending(api, org_a, creator, artist, day=30)
    r = await decide(api, manager, approved, "approve", f"fine for {name}")
    assert r.status_code == 200, r.text

    rejected_booking, rejected = await _pending(api, org_a, creator, artist, day=31)
    r = await decide(api, manager, rejected, "reject", f"not with {name}")
    assert r.status_code == 200, r.text

    _, delegated = await _pending(api, org_a, creator, artist, day=32)
    r = await api.post(
        f"/v1/approvals/{delegated}/delegate",
        headers=deputy,
        json={"to_member_id": finance_id, "comment": f"{name} is yours"},
    )
    assert r.status_code == 200, r.text
    r = await decide(api, finance, delegated, "approve", "")
    assert r.status_code == 200, r.text

    cancelled_booking, cancelled = await _pending(api, org_a, creator, artist, day=33)
    r = await api.post(
        f"/v1/bookings/{cancelled_booking}/cancel",
        headers=org_a.headers,
        json={"reason": f"{name} is ill"},
    )
    assert r.status_code == 200, r.text

    for request_id in (approved, rejected, delegated, cancelled):
        await handle(env, org_a.id, request_id).result()

    # Before the erasure the approvals show what was typed, as they always did.
    r = await api.get(f"/v1/approvals/{approved}", headers=org_a.headers)
    comments = [a["comment"] for s in r.json()["steps"] for a in s["assignments"]]
    assert f"fine for {name}" in comments
    r = await api.get(f"/v1/approvals/{rejected}", headers=org_a.headers)
    assert f"not with {name}" in r.json()["reason"], r.json()
    r = await api.get(f"/v1/bookings/{rejected_booking}", headers=org_a.headers)
    assert f"not with {name}" in r.json()["status_reason"]
    r = await api.get(f"/v1/approvals/{cancelled}", headers=org_a.headers)
    assert r.json()["status"] == "cancelled"
    assert f"{name} is ill" in r.json()["reason"], r.json()
    assert found_in_dump(pg_dump(owner_conninfo), name)

    await erase(api, org_a, "artist", artist)

    # No table holds the name any more.
    assert not found_in_dump(pg_dump(owner_conninfo), name)

    # No history of the organization's approval chains holds it, raw or decoded.
    with psycopg.connect(owner_conninfo) as conn:
        workflow_ids = [
            f"{org}:approval:{i}"
            for org, i in conn.execute("SELECT organization_id, id FROM approval_requests")
        ]
    assert len(workflow_ids) == 4
    raw_client = without_codec(env.client)
    events = await histories(raw_client, workflow_ids)
    decoded = await histories(raw_client, workflow_ids)
    await decode_in_place(fresh_codec(settings, sessionmaker, keystore), decoded)
    assert name.encode() not in history_bytes(events)
    assert name.encode() not in history_bytes(decoded)

    # The approvals still show a comment and a reason, tombstoned.
    r = await api.get(f"/v1/approvals/{approved}", headers=org_a.headers)
    comments = [a["comment"] for s in r.json()["steps"] for a in s["assignments"]]
    assert "fine for [erased]" in comments
    r = await api.get(f"/v1/approvals/{rejected}", headers=org_a.headers)
    assert "not with [erased]" in r.json()["reason"]
    r = await api.get(f"/v1/approvals/{delegated}", headers=org_a.headers)
    comments = [a["comment"] for s in r.json()["steps"] for a in s["assignments"]]
    assert "[erased] is yours" in comments
    r = await api.get(f"/v1/approvals/{cancelled}", headers=org_a.headers)
    assert "[erased] is ill" in r.json()["reason"]


async def test_a_crash_after_the_key_is_destroyed_leaves_a_pending_erasure_its_retry_completes(
    stack, org_a, settings, sessionmaker, keystore, monkeypatch
) -> None:
    """The key store and the data share no transaction: the erasure destroys the person's key
    first and scrubs second. A crash between leaves the key destroyed (nothing sealed opens)
    and the erasure unfinished; Temporal retries the activity, which finds the key destroyed
    already and completes the scrub."""
    from datetime import UTC, datetime

    from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
    from domain.audit.service import Actor
    from domain.keys.subjects import SubjectKeyDestroyed, open_subject_key, subject_key
    from domain.privacy import erasure as erasure_service

    api, _ = stack
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    client_id = await create(api, org_a, "/v1/clients", {"name": "Crashing Contact"})
    async with tenant_session(sessionmaker, [org_a.id]) as session:  # the key to destroy
        await subject_key(
            keystore,
            session,
            box,
            organization_id=org_a.id,
            kind="client",
            subject_id=client_id,
            actor=Actor.system("test"),
        )

    real_erase = erasure_service.erase
    seen_at_crash: list[tuple[str, bool]] = []

    async def crash_once(session: AsyncSession, erasure_id: str, **kw: Any) -> dict[str, int]:
        if not seen_at_crash:
            async with tenant_session(sessionmaker, [org_a.id]) as other:
                status = (await erasure_service.get_erasure(other, erasure_id)).status
                try:
                    await open_subject_key(
                        keystore,
                        other,
                        box,
                        organization_id=org_a.id,
                        kind="client",
                        subject_id=client_id,
                    )
                    destroyed = False
                except SubjectKeyDestroyed:
                    destroyed = True
            seen_at_crash.append((status, destroyed))
            raise RuntimeError("the worker died between the key store and the data")
        return await real_erase(session, erasure_id, **kw)

    monkeypatch.setattr(erasure_service, "erase", crash_once)
    started = datetime.now(UTC)
    done = await erase(api, org_a, "client", client_id)

    # At the crash: the key was destroyed, the erasure not completed.
    assert seen_at_crash == [("running", True)]
    # The retry completed it, and counts the key the first attempt destroyed.
    assert done["counts"]["subject_keys"] == 1
    assert datetime.fromisoformat(done["finished_at"]) >= started
    r = await api.get(f"/v1/clients/{client_id}", headers=org_a.headers)
    assert r.json()["name"] == "Erased client"
    # What the key sealed stays unreadable: nothing issues the person a key again.
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(SubjectKeyDestroyed):
            await subject_key(
                keystore,
                session,
                box,
                organization_id=org_a.id,
                kind="client",
                subject_id=client_id,
                actor=Actor.system("test"),
            )


async def test_a_backup_taken_before_an_erasure_no_longer_opens_the_person_while_others_open(
    stack, org_a, settings, sessionmaker, keystore, owner_conninfo
) -> None:
    """The point of keeping person keys outside the data: the data's backup (a ``pg_dump``)
    taken before an erasure holds the person's contact fields sealed; after the erasure, no one
    holding the live keys — the organization's key in the data, ``SECRET_KEY``, the key store —
    can open them, while another person's sealed values from the same backup still open."""
    from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
    from domain.keys.subjects import SubjectKeyDestroyed, open_subject_key
    from tests.support.privacy import dumped_bytes, dumped_rows

    api, _ = stack
    tag = uuid.uuid4().hex[:8]
    erased = {"email": f"ione.{tag}@vantablack.example", "phone": f"+44 20 7000 {tag[:4]}"}
    kept = {"email": f"ravi.{tag}@kept.example", "phone": f"+44 20 7111 {tag[:4]}"}
    # Created with idempotency keys, so their stored responses are in the backup too.
    r = await api.post(
        "/v1/clients",
        json={"name": f"Ione Vantablack {tag}", **erased, "notes": "vip"},
        headers={**org_a.headers, "Idempotency-Key": f"ione-{tag}"},
    )
    assert r.status_code == 201, r.text
    erased_id = r.json()["id"]
    r = await api.post(
        "/v1/clients",
        json={"name": f"Ravi Kept {tag}", **kept},
        headers={**org_a.headers, "Idempotency-Key": f"ravi-{tag}"},
    )
    assert r.status_code == 201, r.text
    kept_id = r.json()["id"]
    # The API answers in clear, as before sealing.
    r = await api.get(f"/v1/clients/{erased_id}", headers=org_a.headers)
    assert (r.json()["email"], r.json()["phone"], r.json()["notes"]) == (
        erased["email"],
        erased["phone"],
        "vip",
    )

    backup = pg_dump(owner_conninfo)  # the data's backup, before the erasure
    # The backup holds the contact fields sealed only (names stay clear, ADR 0034), in every
    # table: the client rows, the audit log, the webhook events of the creations (their
    # receivers get them in clear; the stored event holds them sealed with the client's key)
    # and the stored responses of the idempotent creations (sealed likewise, revision 0044).
    rows = {row["id"]: row for row in dumped_rows(backup, "clients")}
    for client_id, values in ((erased_id, erased), (kept_id, kept)):
        assert rows[client_id]["email_sealed"] and rows[client_id]["email"] is None
        for value in values.values():
            assert not found_in_dump(backup, value), value
    events = [row for row in dumped_rows(backup, "events") if row["subject_id"] == erased_id]
    assert events and all(row["sealed_data"] for row in events)

    await erase(api, org_a, "client", erased_id)

    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)

    async def opened(client_id: str, column: str) -> str | None:
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            key = await open_subject_key(
                keystore,
                session,
                box,
                organization_id=org_a.id,
                kind="client",
                subject_id=client_id,
            )
        assert key is not None
        return key.open(column, dumped_bytes(rows[client_id][f"{column}_sealed"]))

    with pytest.raises(SubjectKeyDestroyed):
        await opened(erased_id, "email")
    assert await opened(kept_id, "email") == kept["email"]
    assert await opened(kept_id, "phone") == kept["phone"]
    # Nor is the key in any form in the backup: the key store is another database.
    assert "keystore" not in backup and "subject_keys" not in backup


async def test_concurrent_writes_of_one_organizations_clients_answer_without_a_500(
    stack, org_a, keystore
) -> None:
    """Clients created and changed at the same time by one organization: every answer is 2xx
    or 409, never a 500, and each client has exactly one key."""

    api, _ = stack
    tag = uuid.uuid4().hex[:6]
    created = await asyncio.gather(
        *(
            api.post(
                "/v1/clients",
                json={"name": f"Concurrent {tag} {n}", "email": f"c{n}.{tag}@example.com"},
                headers=org_a.headers,
            )
            for n in range(8)
        )
    )
    assert [r.status_code for r in created] == [201] * 8, [r.text for r in created]
    ids = [r.json()["id"] for r in created]
    changed = await asyncio.gather(
        *(
            api.patch(
                f"/v1/clients/{client_id}",
                json={"email": f"new{n}.{round_}.{tag}@example.com", "phone": f"+1 {n}"},
                headers=org_a.headers,
            )
            for n, client_id in enumerate(ids)
            for round_ in range(2)
        )
    )
    assert {r.status_code for r in changed} <= {200, 409}, [r.text for r in changed]
    page = (await api.get("/v1/clients?limit=100", headers=org_a.headers)).json()["data"]
    emails = {c["id"]: c["email"] for c in page}
    for n, client_id in enumerate(ids):
        assert emails[client_id] in {f"new{n}.{r}.{tag}@example.com" for r in range(2)}
    assert await keys_per_person(keystore, org_a.id, ids) == dict.fromkeys(ids, 1)


async def test_a_backup_taken_before_erasing_a_creator_or_artist_no_longer_opens_them(
    stack, org_a, settings, sessionmaker, keystore, owner_conninfo
) -> None:
    """As for clients: a creator's e-mail and an artist's links are sealed in the data's backup;
    after their erasure the live keys no longer open them, while another creator's e-mail and
    another artist's links from the same backup still open."""
    from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
    from domain.keys.subjects import SubjectKeyDestroyed, open_subject_key
    from tests.support.privacy import dumped_bytes, dumped_rows

    api, _ = stack
    tag = uuid.uuid4().hex[:8]
    person = {"timezone": "UTC", "currency": "EUR"}
    gone_email, kept_email = f"oswin.{tag}@gone.example", f"ravi.{tag}@kept.example"
    gone_link, kept_link = f"https://gone.example/{tag}", f"https://kept.example/{tag}"
    creators = {
        "gone": await create(
            api, org_a, "/v1/creators", {"name": f"Gone {tag}", "email": gone_email, **person}
        ),
        "kept": await create(
            api, org_a, "/v1/creators", {"name": f"Kept {tag}", "email": kept_email, **person}
        ),
    }
    artists = {
        "gone": await create(
            api, org_a, "/v1/artists", {"name": f"Gone {tag}", "links": [gone_link]}
        ),
        "kept": await create(
            api, org_a, "/v1/artists", {"name": f"Kept {tag}", "links": [kept_link]}
        ),
    }
    backup = pg_dump(owner_conninfo)
    for value in (gone_email, kept_email, gone_link, kept_link):
        assert not found_in_dump(backup, value), value

    await erase(api, org_a, "creator", creators["gone"])
    await erase(api, org_a, "artist", artists["gone"])
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)

    async def opened(kind: str, table: str, subject_id: str, column: str) -> str | None:
        row = {r["id"]: r for r in dumped_rows(backup, table)}[subject_id]
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            key = await open_subject_key(
                keystore, session, box, organization_id=org_a.id, kind=kind, subject_id=subject_id
            )
        assert key is not None
        return key.open(column, dumped_bytes(row[f"{column}_sealed"]))

    with pytest.raises(SubjectKeyDestroyed):
        await opened("creator", "creators", creators["gone"], "email")
    with pytest.raises(SubjectKeyDestroyed):
        await opened("artist", "artists", artists["gone"], "links")
    assert await opened("creator", "creators", creators["kept"], "email") == kept_email
    assert json.loads(str(await opened("artist", "artists", artists["kept"], "links"))) == [
        kept_link
    ]
    # Live, the erased read as tombstones and the others as before.
    r = await api.get(f"/v1/creators/{creators['gone']}", headers=org_a.headers)
    assert r.json()["email"] is None and r.json()["name"] == "Erased creator"
    r = await api.get(f"/v1/artists/{artists['gone']}", headers=org_a.headers)
    assert r.json()["links"] == [] and r.json()["name"] == "Erased artist"
    r = await api.get(f"/v1/creators/{creators['kept']}", headers=org_a.headers)
    assert r.json()["email"] == kept_email
    r = await api.get(f"/v1/artists/{artists['kept']}", headers=org_a.headers)
    assert r.json()["links"] == [kept_link]
    # Nothing is sealed for them again: a new e-mail is refused with a clear error, while a
    # change of something else goes through.
    r = await api.patch(
        f"/v1/creators/{creators['gone']}", json={"email": "back@x.example"}, headers=org_a.headers
    )
    assert r.status_code == 409 and r.json()["code"] == "person_erased", r.text
    r = await api.patch(
        f"/v1/creators/{creators['gone']}", json={"tags": ["kept"]}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
