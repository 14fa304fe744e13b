"""Copies of a client's sealed contact fields — its webhook events and the stored responses of
idempotent requests — are sealed too (ADR 0034, revision 0044), end to end: the real API and
worker, the relay, a real receiver over HTTP, the erasure workflow and ``pg_dump``.

Receivers still get the e-mail and phone in clear, signed; the events API and a replay still
answer them; but a backup of the data holds them nowhere in clear, and after the person's
erasure neither the live data nor a backup taken before opens them, while another person's
copies still open.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import psycopg
import pytest
from standardwebhooks.webhooks import Webhook

from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.db import create_sessionmaker, tenant_session
from core.payload_codec import decode_in_place
from domain.events.service import event_copy
from domain.keys.copies import SealedBlob, open_blob, open_fields
from domain.keys.sealed import Sealing
from domain.keys.subjects import SubjectKeyDestroyed, open_subject_key
from relays.events import relay_events
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.harness import Tenant
from tests.support.privacy import (
    dumped_bytes,
    dumped_rows,
    erase,
    found_in_dump,
    fresh_codec,
    pg_dump,
    without_codec,
)
from worker import build_worker
from workflows.clients.privacy import export_workflow_id
from workflows.clients.webhook import delivery_workflow_id

pytestmark = pytest.mark.asyncio

TYPES = ["client.created", "client.updated"]


@pytest.fixture
async def hooks(
    time_skipping_env, engine, app_factory, settings, owner_conninfo
) -> AsyncIterator[tuple]:
    """API + the project's worker on a fresh queue, loopback receivers allowed."""
    queue = f"copies-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={"temporal_task_queue": queue, "outbound_allow_private_networks": True}
    )
    api = await app_factory(
        temporal_client=time_skipping_env.client,
        temporal_task_queue=queue,
        outbound_allow_private_networks=True,
    )
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="copies", settings=local
    )

    async def relay() -> int:
        return await relay_events(
            create_sessionmaker(engine), time_skipping_env.client, task_queue=queue
        )

    async with worker:
        yield api, time_skipping_env, relay
        with psycopg.connect(owner_conninfo) as conn:
            pending = conn.execute(
                "SELECT organization_id, event_id, endpoint_id FROM webhook_deliveries "
                "WHERE status = 'pending'"
            ).fetchall()
            # An export's run waits a day to delete its files once its link has expired.
            exports = conn.execute("SELECT organization_id, id FROM data_exports").fetchall()
        running = [delivery_workflow_id(org, event, endpoint) for org, event, endpoint in pending]
        running += [export_workflow_id(org, export) for org, export in exports]
        for workflow_id in running:
            with contextlib.suppress(Exception):
                handle = time_skipping_env.client.get_workflow_handle(workflow_id)
                await handle.terminate("test over")


async def _delivered(env, org_id: str, event_id: str, endpoint_id: str) -> dict[str, Any]:
    handle = env.client.get_workflow_handle(delivery_workflow_id(org_id, event_id, endpoint_id))
    async with env.time_skipping_unlocked():
        result: dict[str, Any] = await handle.result()
    return result


async def _events(api: httpx.AsyncClient, tenant: Tenant) -> list[dict[str, Any]]:
    r = await api.get("/v1/events", params={"limit": 100}, headers=tenant.headers)
    assert r.status_code == 200, r.text
    return list(r.json()["data"])


async def test_receivers_get_a_clients_contact_fields_in_clear_while_no_copy_holds_them(
    hooks, org_a, org_b, settings, sessionmaker, keystore, owner_conninfo
) -> None:
    api, env, relay = hooks
    tag = uuid.uuid4().hex[:8]
    erased = {"email": f"odile.{tag}@copies.example", "phone": f"+33 1 40 20 {tag[:4]}"}
    kept = {"email": f"bram.{tag}@copies.example", "phone": f"+31 20 555 {tag[:4]}"}
    with WebhookReceiver() as receiver:
        r = await api.post(
            "/v1/webhook-endpoints",
            json={"url": receiver.url, "event_types": TYPES},
            headers=org_a.headers,
        )
        assert r.status_code == 201, r.text
        endpoint = r.json()

        created: dict[str, httpx.Response] = {}
        for who, values, key in (("erased", erased, f"ik-e-{tag}"), ("kept", kept, f"ik-k-{tag}")):
            created[who] = await api.post(
                "/v1/clients",
                json={"name": f"Client {who} {tag}", **values},
                headers={**org_a.headers, "Idempotency-Key": key},
            )
            assert created[who].status_code == 201, created[who].text
        erased_id, kept_id = created["erased"].json()["id"], created["kept"].json()["id"]
        new_phone = f"+33 1 40 21 {tag[:4]}"  # the erased client's phone after its change
        # A third client sharing the erased one's phone (a switchboard): the erasure replaces
        # it inside this client's sealed copies too, its e-mail stays.
        r = await api.post(
            "/v1/clients",
            json={
                "name": f"Switchboard {tag}",
                "email": f"desk.{tag}@copies.example",
                "phone": new_phone,
            },
            headers=org_a.headers,
        )
        assert r.status_code == 201, r.text
        shared_id = r.json()["id"]
        ours = (erased_id, kept_id, shared_id)
        r = await api.patch(
            f"/v1/clients/{erased_id}", json={"phone": new_phone}, headers=org_a.headers
        )
        assert r.status_code == 200, r.text
        everything = [*erased.values(), *kept.values(), new_phone]

        # The events API answers the values, as receivers get them.
        listed = await _events(api, org_a)
        by_client = {(e["type"], e["data"]["id"]): e for e in listed}
        assert by_client[("client.created", erased_id)]["data"]["email"] == erased["email"]
        assert by_client[("client.updated", erased_id)]["data"]["phone"] == new_phone
        assert by_client[("client.created", kept_id)]["data"]["phone"] == kept["phone"]
        one = by_client[("client.created", erased_id)]
        r = await api.get(f"/v1/events/{one['id']}", headers=org_a.headers)
        assert r.status_code == 200 and r.json()["data"] == one["data"]
        # Another organization neither lists nor reads them.
        assert not {e["id"] for e in await _events(api, org_b)} & {e["id"] for e in listed}
        r = await api.get(f"/v1/events/{one['id']}", headers=org_b.headers)
        assert r.status_code == 404

        # A backup of the data holds no contact field in clear: not the client rows, not the
        # events, not the stored responses (the one `pg_dump` holds every table).
        backup = pg_dump(owner_conninfo)
        for value in everything:
            assert not found_in_dump(backup, value), value
        events_rows = {row["id"]: row for row in dumped_rows(backup, "events")}
        responses = {row["key"]: row for row in dumped_rows(backup, "idempotency_keys")}
        assert events_rows[one["id"]]["sealed_data"] is not None
        assert responses[f"ik-e-{tag}"]["response_body"] is None
        assert responses[f"ik-e-{tag}"]["response_sealed"] is not None

        # Receivers get them in clear, signed.
        assert await relay() == 4
        for event in (e for e in listed if e["data"]["id"] in ours):
            result = await _delivered(env, org_a.id, event["id"], endpoint["id"])
            assert result["status"] == "succeeded", result
        arrived = [
            Webhook(endpoint["secret"]).verify(r.body, r.headers) for r in receiver.recorded()
        ]
        got = {(b["type"], b["data"]["id"]): b["data"] for b in arrived}
        assert got[("client.created", erased_id)]["email"] == erased["email"]
        assert got[("client.created", erased_id)]["phone"] == erased["phone"]
        assert got[("client.updated", erased_id)]["phone"] == new_phone
        assert got[("client.created", kept_id)] == by_client[("client.created", kept_id)]["data"]

        # The deliveries' histories carry ids, not the values: decoded with the organization's
        # key (what the codec server shows), none of them is there.
        decoded = []
        for event in (e for e in listed if e["data"]["id"] in ours):
            handle = without_codec(env.client).get_workflow_handle(
                delivery_workflow_id(org_a.id, event["id"], endpoint["id"])
            )
            decoded.extend((await handle.fetch_history()).events)
        await decode_in_place(fresh_codec(settings, sessionmaker, keystore), decoded)
        assert decoded
        history = b"".join(e.SerializeToString() for e in decoded)
        for value in everything:
            assert value.encode() not in history, value

        # A replay answers the identical response.
        for who, values, key in (("erased", erased, f"ik-e-{tag}"), ("kept", kept, f"ik-k-{tag}")):
            again = await api.post(
                "/v1/clients",
                json={"name": f"Client {who} {tag}", **values},
                headers={**org_a.headers, "Idempotency-Key": key},
            )
            assert again.status_code == 201 and again.content == created[who].content
            assert again.headers["idempotent-replayed"] == "true"

        # Redelivery sends the values again, signed afresh.
        r = await api.post(
            f"/v1/webhook-endpoints/{endpoint['id']}/resend",
            json={"event_id": one["id"]},
            headers=org_a.headers,
        )
        assert r.status_code == 202, r.text
        assert (await _delivered(env, org_a.id, one["id"], endpoint["id"]))["status"] == (
            "succeeded"
        )
        resent = receiver.recorded()[-1]
        body = Webhook(endpoint["secret"]).verify(resent.body, resent.headers)
        assert body["id"] == one["id"] and body["data"]["email"] == erased["email"]

        await erase(api, org_a, "client", erased_id)

        # After the erasure: the events read with the fields null, the replay is refused, and a
        # redelivery sends nothing of the person; the other client's copies still open.
        after = {(e["type"], e["data"]["id"]): e["data"] for e in await _events(api, org_a)}
        for type_ in TYPES:
            assert after[(type_, erased_id)]["email"] is None
            assert after[(type_, erased_id)]["phone"] is None
            assert after[(type_, erased_id)]["name"] == "[erased]"
        assert after[("client.created", kept_id)]["email"] == kept["email"]
        assert after[("client.created", shared_id)]["phone"] == "[erased]"
        assert after[("client.created", shared_id)]["email"] == f"desk.{tag}@copies.example"
        refused = await api.post(
            "/v1/clients",
            json={"name": f"Client erased {tag}", **erased},
            headers={**org_a.headers, "Idempotency-Key": f"ik-e-{tag}"},
        )
        assert refused.status_code == 410, refused.text
        assert refused.json()["code"] == "idempotent_response_erased"
        again = await api.post(
            "/v1/clients",
            json={"name": f"Client kept {tag}", **kept},
            headers={**org_a.headers, "Idempotency-Key": f"ik-k-{tag}"},
        )
        assert again.status_code == 201 and again.content == created["kept"].content
        r = await api.post(
            f"/v1/webhook-endpoints/{endpoint['id']}/resend",
            json={"event_id": one["id"]},
            headers=org_a.headers,
        )
        assert r.status_code == 202, r.text
        await _delivered(env, org_a.id, one["id"], endpoint["id"])
        last = receiver.recorded()[-1]
        sent = Webhook(endpoint["secret"]).verify(last.body, last.headers)
        assert sent["id"] == one["id"] and sent["data"]["email"] is None
        for value in (*erased.values(), new_phone):
            assert not found_in_dump(last.body.decode(), value), value

    # The backup taken before the erasure: its copies of the erased person no longer open
    # with anything the live system holds; the other person's still do.
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    sealing = Sealing.from_settings(settings, keystore)
    kept_event = by_client[("client.created", kept_id)]["id"]
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(SubjectKeyDestroyed):
            await open_subject_key(
                keystore,
                session,
                box,
                organization_id=org_a.id,
                kind="client",
                subject_id=erased_id,
            )
        kept_key = await open_subject_key(
            keystore, session, box, organization_id=org_a.id, kind="client", subject_id=kept_id
        )
        assert kept_key is not None
        sealed = dumped_bytes(events_rows[kept_event]["sealed_data"])
        assert sealed is not None
        assert open_fields(kept_key, event_copy(kept_event), sealed)["email"] == kept["email"]

        def blob(key: str) -> SealedBlob:
            row = responses[key]
            people = tuple(tuple(p) for p in json.loads(row["response_subjects"] or "[]"))
            return SealedBlob(
                dumped_bytes(row["response_sealed"]) or b"",
                dumped_bytes(row["response_key"]) or b"",
                people,  # type: ignore[arg-type]
            )

        where = "idempotent-response\x1f{org}\x1f{key}"
        assert (
            await open_blob(
                sealing,
                session,
                blob(f"ik-e-{tag}"),
                where=where.format(org=org_a.id, key=f"ik-e-{tag}"),
            )
            is None
        )
        assert (
            await open_blob(
                sealing,
                session,
                blob(f"ik-k-{tag}"),
                where=where.format(org=org_a.id, key=f"ik-k-{tag}"),
            )
            == created["kept"].content
        )


async def test_concurrent_requests_with_one_key_create_one_client_and_answer_201_or_409(
    hooks, org_a, owner_conninfo
) -> None:
    """One organization sends the same idempotent creation eight times at once: one client,
    every answer a 201 (the first, or its replay: the same bytes) or a 409
    ``idempotency_key_in_use``, never a 500; the stored response holds nothing in clear."""
    api, _env, _relay = hooks
    tag = uuid.uuid4().hex[:8]
    body = {"name": f"Once {tag}", "email": f"once.{tag}@copies.example", "phone": "+1 555 0100"}
    headers = {**org_a.headers, "Idempotency-Key": f"once-{tag}"}
    answers = await asyncio.gather(
        *(api.post("/v1/clients", json=body, headers=headers) for _ in range(8))
    )
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {201, 409} and 201 in statuses, [r.text for r in answers]
    assert all(
        r.json()["code"] == "idempotency_key_in_use" for r in answers if r.status_code == 409
    )
    assert len({r.content for r in answers if r.status_code == 201}) == 1
    replay = await api.post("/v1/clients", json=body, headers=headers)
    first = next(r for r in answers if r.status_code == 201)
    assert replay.status_code == 201 and replay.content == first.content
    with psycopg.connect(owner_conninfo) as conn:
        count = conn.execute(
            "SELECT count(*) FROM clients WHERE organization_id = %s AND name = %s",
            (org_a.id, body["name"]),
        ).fetchone()
        stored = conn.execute(
            "SELECT response_body, response_sealed FROM idempotency_keys "
            "WHERE organization_id = %s AND key = %s",
            (org_a.id, f"once-{tag}"),
        ).fetchone()
    assert count == (1,)
    assert stored is not None and stored[0] is None and stored[1] is not None
    assert body["email"].encode() not in bytes(stored[1])


async def test_an_organization_export_holds_the_events_as_the_events_api_shows_them(
    hooks, org_a
) -> None:
    """The export reads tables; an event's sealed copy is opened into its ``data`` (as the
    events API answers it), not exported as ``null``."""
    from tests.support.privacy import download_archive, run_export

    api, env, _relay = hooks
    tag = uuid.uuid4().hex[:8]
    email = f"export.{tag}@copies.example"
    r = await api.post(
        "/v1/clients", json={"name": f"Exported {tag}", "email": email}, headers=org_a.headers
    )
    assert r.status_code == 201, r.text
    export = await run_export(api, env.client, org_a, {"scope": "organization"})
    _manifest, files = await download_archive(api, export["download_url"])
    exported = json.loads(files["events.json"])
    mine = [e for e in exported if e["data"].get("id") == r.json()["id"]]
    assert [e["data"]["email"] for e in mine] == [email]
    assert "sealed_data" not in mine[0]
