"""Webhook delivery on the time-skipping server: the real worker, a real receiver over HTTP,
the relay from the events table, the exact retry schedule, auto-disable and the alert."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator

import psycopg
import pytest
from standardwebhooks.webhooks import Webhook
from temporalio.client import WorkflowExecutionStatus

from core.db import create_sessionmaker
from relays.events import relay_events
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.histories import keep_deliveries
from worker import build_worker
from workflows.clients.webhook import delivery_workflow_id


@pytest.fixture
async def hooks(
    time_skipping_env, engine, app_factory, settings, org_a, smtp_sink, owner_conninfo
) -> AsyncIterator[tuple]:
    """API + the project's worker on a fresh queue, with loopback receivers allowed."""
    _sink, port = smtp_sink
    queue = f"hooks-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={
            "temporal_task_queue": queue,
            "outbound_allow_private_networks": True,
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
        }
    )
    api = await app_factory(
        temporal_client=time_skipping_env.client,
        temporal_task_queue=queue,
        outbound_allow_private_networks=True,
    )
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="hooks", settings=local
    )
    started: list[str] = []

    async def relay() -> int:
        return await relay_events(
            create_sessionmaker(engine), time_skipping_env.client, task_queue=queue
        )

    async with worker:
        yield api, time_skipping_env, relay, started
        with psycopg.connect(owner_conninfo) as conn:
            pending = conn.execute(
                "SELECT organization_id, event_id, endpoint_id FROM webhook_deliveries "
                "WHERE status = 'pending'"
            ).fetchall()
        for org, event, endpoint in pending:
            with contextlib.suppress(Exception):
                handle = time_skipping_env.client.get_workflow_handle(
                    delivery_workflow_id(org, event, endpoint)
                )
                await handle.terminate("test over")


async def _result(env, handle):
    """The workflow's result, skipping time meanwhile (a handle from ``get_workflow_handle``
    does not unlock time skipping by itself, unlike one returned by ``start_workflow``)."""
    async with env.time_skipping_unlocked():
        return await handle.result()


async def _endpoint(api, tenant, url, types):
    r = await api.post(
        "/v1/webhook-endpoints", json={"url": url, "event_types": types}, headers=tenant.headers
    )
    assert r.status_code == 201, r.text
    return r.json()


async def _client(api, tenant, name="Helix Music"):
    r = await api.post("/v1/clients", json={"name": name}, headers=tenant.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _only_event(api, tenant, type_):
    events = (await api.get("/v1/events", params={"type": type_}, headers=tenant.headers)).json()
    assert len(events["data"]) == 1
    return events["data"][0]


async def test_a_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_on_schedule(
    hooks, org_a, owner_conninfo
):
    api, env, relay, _ = hooks
    with WebhookReceiver(script=[500, 503, 302]) as receiver:
        endpoint = await _endpoint(api, org_a, receiver.url, ["client.created"])
        await _client(api, org_a)
        event = await _only_event(api, org_a, "client.created")
        assert await relay() == 1
        assert await relay() == 0  # stamped: nothing is offered twice
        handle = env.client.get_workflow_handle(
            delivery_workflow_id(org_a.id, event["id"], endpoint["id"])
        )
        result = await _result(env, handle)
        assert result["status"] == "succeeded" and result["attempts"] == 4

        arrived = receiver.recorded()
        assert len(arrived) == 4
        # Every attempt is the same message (same webhook-id), each signed afresh.
        assert {r.headers["webhook-id"] for r in arrived} == {event["id"]}
        last = arrived[-1]
        body = Webhook(endpoint["secret"]).verify(last.body, last.headers)
        assert body["type"] == "client.created" and body["data"] == event["data"]
        assert body["id"] == event["id"]

    with psycopg.connect(owner_conninfo) as conn:
        attempts = conn.execute(
            "SELECT attempt, outcome, status_code, attempted_at FROM webhook_attempts "
            "WHERE endpoint_id = %s ORDER BY attempt",
            (endpoint["id"],),
        ).fetchall()
        delivery = conn.execute(
            "SELECT status, attempts, last_status_code FROM webhook_deliveries "
            "WHERE endpoint_id = %s",
            (endpoint["id"],),
        ).fetchone()
    assert [(a[0], a[1], a[2]) for a in attempts] == [
        (1, "failed", 500),
        (2, "failed", 503),
        (3, "failed", 302),  # a redirect is not followed: it is a failure
        (4, "succeeded", 200),
    ]
    gaps = [(b[3] - a[3]).total_seconds() for a, b in itertools.pairwise(attempts)]
    # Each wait starts when the previous attempt ends, so a gap is the scheduled wait
    # plus that attempt's own duration (real time, which a loaded machine stretches:
    # bounded, not rounded, so a slow attempt cannot pass for a longer schedule).
    for gap, wait in zip(gaps, [5, 300, 1800], strict=True):
        assert wait <= gap < wait + 4, gaps
    assert delivery == ("succeeded", 4, 200)

    r = await api.get(f"/v1/webhook-endpoints/{endpoint['id']}/attempts", headers=org_a.headers)
    listed = r.json()["data"]
    assert [a["attempt"] for a in listed] == [4, 3, 2, 1]
    assert listed[-1]["response_excerpt"] == "answered 500"
    failed = await api.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/attempts",
        params={"outcome": "failed"},
        headers=org_a.headers,
    )
    assert len(failed.json()["data"]) == 3
    await keep_deliveries(env.client, owner_conninfo, "webhook_retried_then_delivered")


async def test_only_subscribed_enabled_endpoints_get_an_event(hooks, org_a, org_b):
    api, env, relay, _ = hooks
    with WebhookReceiver() as receiver:
        wanted = await _endpoint(api, org_a, receiver.url + "?to=a", ["client.created"])
        await _endpoint(api, org_a, receiver.url + "?to=b", ["booking.created"])
        off = await _endpoint(api, org_a, receiver.url + "?to=c", ["client.created"])
        await api.patch(
            f"/v1/webhook-endpoints/{off['id']}", json={"enabled": False}, headers=org_a.headers
        )
        other = await _endpoint(api, org_b, receiver.url + "?to=d", ["client.created"])
        await _client(api, org_a)
        event = await _only_event(api, org_a, "client.created")
        await relay()
        await _result(
            env,
            env.client.get_workflow_handle(
                delivery_workflow_id(org_a.id, event["id"], wanted["id"])
            ),
        )
        assert [r.query for r in receiver.recorded()] == [{"to": "a"}]
        assert other["id"] not in {r.headers.get("webhook-id") for r in receiver.recorded()}


async def test_an_endpoint_failing_for_five_days_is_disabled_and_the_organization_alerted(
    hooks, org_a, owner_conninfo, smtp_sink
):
    api, env, relay, _ = hooks
    sink, _port = smtp_sink
    with WebhookReceiver(then=500) as receiver:
        endpoint = await _endpoint(api, org_a, receiver.url, ["client.created", "client.updated"])
        # It has failed every delivery for days already (since long before the test server's now).
        with psycopg.connect(owner_conninfo) as conn:
            conn.execute(
                "UPDATE webhook_endpoints SET failing_since = '2000-01-01T00:00:00Z' WHERE id = %s",
                (endpoint["id"],),
            )
        await _client(api, org_a)
        event = await _only_event(api, org_a, "client.created")
        await relay()
        handle = env.client.get_workflow_handle(
            delivery_workflow_id(org_a.id, event["id"], endpoint["id"])
        )
        result = await _result(env, handle)
        assert result["status"] == "failed" and result["attempts"] == 1
        assert len(receiver.recorded()) == 1

    got = (await api.get(f"/v1/webhook-endpoints/{endpoint['id']}", headers=org_a.headers)).json()
    assert got["enabled"] is False and "5 days" in got["disabled_reason"]
    disabled = await _only_event(api, org_a, "webhook_endpoint.disabled")
    assert disabled["data"]["id"] == endpoint["id"]
    assert [m["To"] for m in sink.messages] == ["owner@northstar.example"]
    assert endpoint["id"] in sink.messages[0].get_body(("plain",)).get_content()
    # A disabled endpoint cannot be resent to until it is enabled again.
    r = await api.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/resend",
        json={"event_id": event["id"]},
        headers=org_a.headers,
    )
    assert r.status_code == 409 and r.json()["code"] == "endpoint_disabled"
    await keep_deliveries(env.client, owner_conninfo, "webhook_endpoint_disabled")


async def test_resend_one_and_recover_every_failed_delivery_since_a_time(
    hooks, org_a, owner_conninfo
):
    api, env, relay, _ = hooks
    with WebhookReceiver(then=410) as receiver:
        endpoint = await _endpoint(api, org_a, receiver.url, ["client.created"])
        for name in ("One", "Two"):
            await _client(api, org_a, name)
        await relay()
        events = (await api.get("/v1/events", headers=org_a.headers)).json()["data"]
        handles = [
            env.client.get_workflow_handle(delivery_workflow_id(org_a.id, e["id"], endpoint["id"]))
            for e in events
        ]
        for handle in handles:
            assert (await _result(env, handle))["status"] == "failed"  # all 8 attempts, ~27.6 h
        assert len(receiver.recorded()) == 16

        receiver._then = 204
        path = f"/v1/webhook-endpoints/{endpoint['id']}"
        r = await api.post(
            f"{path}/resend", json={"event_id": events[0]["id"]}, headers=org_a.headers
        )
        assert r.status_code == 202 and r.json()["event_ids"] == [events[0]["id"]]
        assert (await _result(env, handles[0]))["status"] == "succeeded"
        r = await api.post(
            f"{path}/recover", json={"since": "2000-01-01T00:00:00Z"}, headers=org_a.headers
        )
        assert r.status_code == 202 and r.json()["event_ids"] == [events[1]["id"]]
        assert (await _result(env, handles[1]))["status"] == "succeeded"
        with psycopg.connect(owner_conninfo) as conn:
            succeeded = conn.execute(
                "SELECT event_id, count(*) FROM webhook_attempts WHERE outcome = 'succeeded' "
                "GROUP BY event_id ORDER BY event_id"
            ).fetchall()
        assert succeeded == sorted((e["id"], 1) for e in events)
        description = await handles[1].describe()
        assert description.status == WorkflowExecutionStatus.COMPLETED
