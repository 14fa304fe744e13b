"""Reconciliation: the real hubspot-api-client against the HubSpot stub. Drift (a deal deleted
or moved in HubSpot) is found page by page and repaired through the entity's SyncWorkflow; the
per-organization Schedule follows the connection (created, re-timed, deleted, re-ensured)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from temporalio.client import Client, ScheduleActionStartWorkflow
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from activities.reconcile import ReconcileActivities
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.hubspot import HubSpotCrm
from relays.reconcile_schedules import ensure_reconcile_schedules
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.histories import keep, keep_run_chain
from tests.support.hubspot import TOKEN, booking_for_client, reconcile_now, wire_stub
from tests.support.workers import whole_worker
from workflows.clients.reconcile import reconcile_schedule_id, schedule_offset
from workflows.clients.sync import sync_workflow_id
from workflows.reconcile_types import ReconcileInput
from workflows.sync_types import SyncInput


@pytest.fixture
def hubspot():
    with HubSpotStub(tokens={TOKEN}) as stub:
        yield stub


@contextlib.asynccontextmanager
async def _stack(
    env: WorkflowEnvironment, engine, app_factory, settings, org, hubspot
) -> AsyncIterator[tuple[Any, str, Any]]:
    """API and the project's whole worker on ``env``, with syncs and reconciliation pointed at
    the stub; yields (api, task queue, relay)."""
    queue = f"reconcile-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=env.client, temporal_task_queue=queue)

    wiring = wire_stub(api, hubspot)
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    syncs = SyncActivities(sessionmaker, box, **wiring)
    reconcile = ReconcileActivities(sessionmaker, box, **wiring)
    async with whole_worker(
        env, engine, settings, queue, org.id, [syncs.push, reconcile.check_page, reconcile.record]
    ) as relay:
        yield api, queue, relay


async def _connect(api, org) -> None:
    r = await api.put("/v1/integrations/hubspot", json={"access_token": TOKEN}, headers=org.headers)
    assert r.status_code == 200, r.text


async def _synced(client: Client, org_id: str, entity_type: str, entity_id: str) -> dict:
    sync = SyncInput(
        organization_id=org_id, provider="hubspot", entity_type=entity_type, entity_id=entity_id
    )
    result = await client.get_workflow_handle(sync_workflow_id(sync)).result()
    assert result["status"] == "synced", result
    return result


async def _client_and_bookings(
    api, org, env, relay, count: int
) -> tuple[str, list[str], list[str]]:
    r = await api.post(
        "/v1/clients",
        json={"name": "Helix Music", "domain": "helix.example", "email": "ops@helix.example"},
        headers=org.headers,
    )
    client_id = r.json()["id"]
    await relay()
    async with env.time_skipping_unlocked():
        await _synced(env.client, org.id, "client", client_id)
    bookings = [
        (await booking_for_client(api, org, client_id, title=f"Session {i}"))["id"]
        for i in range(count)
    ]
    await relay()
    deals = []
    async with env.time_skipping_unlocked():
        for booking_id in bookings:
            deals.append((await _synced(env.client, org.id, "booking", booking_id))["external_id"])
    return client_id, bookings, deals


@pytest.fixture
async def ts_stack(time_skipping_env, engine, app_factory, settings, org_a, hubspot):
    async with _stack(time_skipping_env, engine, app_factory, settings, org_a, hubspot) as s:
        yield s


async def test_a_deleted_deal_is_recreated_and_a_moved_one_put_back_page_by_page(
    ts_stack, time_skipping_env, org_a, hubspot
):
    api, queue, relay = ts_stack
    env = time_skipping_env
    await _connect(api, org_a)
    _client, (b1, b2, _b3), (d1, d2, d3) = await _client_and_bookings(api, org_a, env, relay, 3)
    del hubspot.objects["deals"][d1]  # deleted by someone in HubSpot
    hubspot.objects["deals"][d2]["dealstage"] = "closedwon"  # moved by hand: drift
    creates_before = len([w for w in hubspot.writes("deals") if w.method == "POST"])

    # Two mappings a page and one page a run: five mappings (company, contact, three deals)
    # take three pages over three runs chained by continue-as-new.
    job = ReconcileInput(organization_id=org_a.id, provider="hubspot", page_size=2, pages_per_run=1)
    async with env.time_skipping_unlocked():
        summary = await reconcile_now(env, job, queue)
        assert (summary.checked, summary.repaired, summary.errors) == (5, 2, 0)
        assert summary.status == "completed"
        recreated = (await _synced(env.client, org_a.id, "booking", b1))["external_id"]
        moved_back = (await _synced(env.client, org_a.id, "booking", b2))["external_id"]

    assert recreated not in (d1, d2, d3)
    assert hubspot.objects["deals"][recreated]["dealname"] == "Session 0"
    assert hubspot.objects["deals"][recreated]["dealstage"] == "appointmentscheduled"
    assert moved_back == d2 and hubspot.objects["deals"][d2]["dealstage"] == "appointmentscheduled"
    # Reconciliation itself only read; the one new deal is the repair's.
    assert len([w for w in hubspot.writes("deals") if w.method == "POST"]) == creates_before + 1

    r = await api.get("/v1/integrations/hubspot/reconciliations", headers=org_a.headers)
    assert r.status_code == 200
    [latest] = r.json()["data"]
    assert latest["object"] == "reconciliation" and latest["status"] == "completed"
    assert (latest["checked"], latest["repaired"], latest["errors"]) == (5, 2, 0)
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["settings"]["reconciliations"][0]["repaired"] == 2
    await keep_run_chain(
        env.client,
        f"{org_a.id}:reconcile:hubspot",
        "reconcile_page_continued_as_new",
        "reconcile_last_page_completed",
    )

    # Nothing drifted any more: the next run repairs nothing.
    again = await reconcile_now(
        env, ReconcileInput(organization_id=org_a.id, provider="hubspot"), queue
    )
    assert (again.checked, again.repaired) == (5, 0)
    r = await api.get("/v1/integrations/hubspot/reconciliations", headers=org_a.headers)
    assert [h["repaired"] for h in r.json()["data"]] == [0, 2]


async def test_a_revoked_token_stops_reconciliation_and_shows_on_the_connection(
    ts_stack, time_skipping_env, org_a, org_b, hubspot
):
    api, queue, relay = ts_stack
    env = time_skipping_env
    await _connect(api, org_a)
    await _client_and_bookings(api, org_a, env, relay, 1)
    hubspot.tokens.clear()
    summary = await reconcile_now(
        env, ReconcileInput(organization_id=org_a.id, provider="hubspot"), queue
    )
    assert summary.status == "stopped" and "HubSpot rejected the token" in summary.reason
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error" and "rejected the token" in connection["last_error"]
    # Another organization sees none of it.
    r = await api.get("/v1/integrations/hubspot/reconciliations", headers=org_b.headers)
    assert r.status_code == 200 and r.json()["data"] == []
    r = await api.get("/v1/integrations", headers=org_b.headers)
    assert r.json()["data"] == []
    await keep(env.client, f"{org_a.id}:reconcile:hubspot", "reconcile_stopped")


async def test_reconcile_interval_bad_input_is_a_422_naming_the_field(api, org_a):
    r = await api.patch(
        "/v1/integrations/hubspot", json={"reconcile_every_hours": 0}, headers=org_a.headers
    )
    assert r.status_code == 422 and r.json()["param"] == "reconcile_every_hours"
    r = await api.patch(
        "/v1/integrations/slack", json={"reconcile_every_hours": 6}, headers=org_a.headers
    )
    assert r.status_code == 422 and r.json()["code"] == "not_reconciled"
    r = await api.patch(
        "/v1/integrations/hubspot", json={"reconcile_every_hours": 6}, headers=org_a.headers
    )
    assert r.status_code == 404 and r.json()["param"] == "provider"


# --- the Schedule, on the dev server (the time-skipping server has no Schedules) -------------


async def _describe(client: Client, org_id: str):
    return await client.get_schedule_handle(reconcile_schedule_id(org_id, "hubspot")).describe()


async def test_the_schedule_follows_the_connection_and_its_run_repairs_a_deleted_deal(
    dev_server_env, engine, app_factory, settings, org_a, hubspot, sessionmaker
):
    env = dev_server_env
    async with _stack(env, engine, app_factory, settings, org_a, hubspot) as (api, queue, relay):
        await _connect(api, org_a)
        described = await _describe(env.client, org_a.id)
        [interval] = described.schedule.spec.intervals
        assert interval.every == timedelta(hours=24)
        assert interval.offset == schedule_offset(org_a.id, timedelta(hours=24))
        action = described.schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert action.workflow == "ReconcileWorkflow" and action.task_queue == queue
        assert action.id == f"{org_a.id}:reconcile:hubspot"

        r = await api.patch(
            "/v1/integrations/hubspot", json={"reconcile_every_hours": 6}, headers=org_a.headers
        )
        assert r.status_code == 200 and r.json()["reconcile_every_hours"] == 6
        [interval] = (await _describe(env.client, org_a.id)).schedule.spec.intervals
        assert interval.every == timedelta(hours=6)

        # Triggered now rather than in 6 hours: the scheduled run finds and repairs the drift.
        r = await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
        await relay()
        await _synced(env.client, org_a.id, "client", r.json()["id"])
        booking = (await booking_for_client(api, org_a, r.json()["id"]))["id"]
        await relay()
        deal = (await _synced(env.client, org_a.id, "booking", booking))["external_id"]
        del hubspot.objects["deals"][deal]
        handle = env.client.get_schedule_handle(reconcile_schedule_id(org_a.id, "hubspot"))
        await handle.trigger()
        for _ in range(100):
            actions = (await handle.describe()).info.recent_actions
            if actions:
                break
            await asyncio.sleep(0.1)
        run = env.client.get_workflow_handle(actions[0].action.workflow_id)
        summary = await run.result()
        assert summary["status"] == "completed" and summary["repaired"] == 1
        recreated = (await _synced(env.client, org_a.id, "booking", booking))["external_id"]
        assert recreated != deal and recreated in hubspot.objects["deals"]

        # Disconnecting deletes the Schedule; reconnecting brings it back with the interval
        # the organization chose, and so does the worker's sweep after a hand deletion.
        r = await api.delete("/v1/integrations/hubspot", headers=org_a.headers)
        assert r.status_code == 200
        with pytest.raises(RPCError) as gone:
            await _describe(env.client, org_a.id)
        assert gone.value.status == RPCStatusCode.NOT_FOUND
        await _connect(api, org_a)
        [interval] = (await _describe(env.client, org_a.id)).schedule.spec.intervals
        assert interval.every == timedelta(hours=6)
        await handle.delete()
        assert await ensure_reconcile_schedules(sessionmaker, env.client, task_queue=queue) == 1
        [interval] = (await _describe(env.client, org_a.id)).schedule.spec.intervals
        assert interval.every == timedelta(hours=6)
        await handle.delete()


async def test_reads_are_batched_100_ids_a_call_and_missing_objects_are_absent(hubspot):
    ids = [
        hubspot.add("deals", {"dealname": f"Session {i}", "dealstage": "closedwon"})
        for i in range(240)
    ]
    gone = ids[::40]
    for deal_id in gone:
        del hubspot.objects["deals"][deal_id]
    crm = HubSpotCrm(TOKEN, host=hubspot.host)
    found = await crm.batch_read("deal", [*ids, ids[0]])  # a repeated id is read once
    assert set(found) == set(ids) - set(gone)
    assert set(found.values()) == {"closedwon"}
    calls = hubspot.batch_reads("deals")
    assert [len(c.json()["inputs"]) for c in calls] == [100, 100, 40]
    assert all(c.json()["properties"] == ["dealstage"] for c in calls)


async def test_a_rate_limited_batch_read_is_retried(ts_stack, time_skipping_env, org_a, hubspot):
    api, queue, relay = ts_stack
    env = time_skipping_env
    await _connect(api, org_a)
    await _client_and_bookings(api, org_a, env, relay, 2)
    # (The sync tests hold a long Retry-After to skipped time; a second is waited for real.)
    hubspot.rate_limit("BATCH", "deals", retry_after=1)
    summary = await reconcile_now(
        env, ReconcileInput(organization_id=org_a.id, provider="hubspot"), queue
    )
    assert (summary.status, summary.checked, summary.repaired) == ("completed", 4, 0)
    # One page (a company, a contact, two deals) in three batch reads, read again as a whole
    # when its attempt was rate limited: reads are safe to repeat.
    assert len(hubspot.batch_reads("deals")) == 2
    assert len(hubspot.batch_reads("companies")) == len(hubspot.batch_reads("contacts")) == 2
    assert not [r for r in hubspot.requests if r.method == "GET" and "/deals/" in r.path]
