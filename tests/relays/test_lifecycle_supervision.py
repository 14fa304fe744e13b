"""The lifecycle dispatchers cost nothing while nothing is due: the supervisor leaves running
ones asleep, booking changes from any path wake them through the event relay, and a new
organization gets its dispatcher within a quick sweep, not at the next full one."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from temporalio.client import Client

from core.devstack import free_port
from core.workflow_ids import dispatcher_workflow_id
from domain.audit.service import Actor
from domain.tenancy.organizations import create_organization
from relays.events import dispatcher_wakes, relay_events
from relays.lifecycle import NewOrganizations, ensure_all, ensure_organization
from tests.support.approvals import WEEK
from tests.support.harness import deployment_for, route_to
from worker import build_worker
from workflows.lifecycle import LifecycleDispatcherWorkflow


@pytest.fixture
async def lifecycle(dev_server_env, engine, settings):
    queue = f"sup-{uuid.uuid4().hex[:8]}"
    started: list[str] = []
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="sup",
        settings=settings,
        deployment_config=deployment_for(queue),
    )
    async with worker:
        await route_to(dev_server_env, worker)
        yield dev_server_env.client, queue, started
        for org_id in started:
            with contextlib.suppress(Exception):
                await dev_server_env.client.get_workflow_handle(
                    dispatcher_workflow_id(org_id)
                ).terminate("test over")


async def runs(client, organization_id: str) -> int:
    handle = client.get_workflow_handle(dispatcher_workflow_id(organization_id))
    return (await handle.query(LifecycleDispatcherWorkflow.status)).runs


async def runs_reach(client, organization_id: str, at_least: int) -> int:
    for _ in range(300):
        with contextlib.suppress(Exception):
            n = await runs(client, organization_id)
            if n >= at_least:
                return n
        await asyncio.sleep(0.1)
    raise AssertionError(f"the dispatcher of {organization_id} did not run {at_least} times")


async def test_the_supervisor_leaves_a_running_dispatcher_asleep(lifecycle, sessionmaker, org_a):
    client, queue, started = lifecycle
    started.append(org_a.id)
    await ensure_organization(sessionmaker, client, org_a.id, task_queue=queue)
    first = await runs_reach(client, org_a.id, 1)
    for _ in range(3):  # three full sweeps: nothing is due, nothing may run
        await ensure_all(sessionmaker, client, task_queue=queue)
    await asyncio.sleep(1.0)
    assert await runs(client, org_a.id) == first


async def test_a_booking_change_wakes_the_dispatcher_through_the_event_relay(
    lifecycle, sessionmaker, app_factory, org_a
):
    client, queue, started = lifecycle
    started.append(org_a.id)
    await ensure_organization(sessionmaker, client, org_a.id, task_queue=queue)
    first = await runs_reach(client, org_a.id, 1)
    api = await app_factory()  # no Temporal: the request itself wakes nothing
    r = await api.post(
        "/v1/creators",
        headers=org_a.headers,
        json={"name": "Pat", "timezone": "UTC", "currency": "USD", "hourly_rate": "50",
              "working_hours": WEEK},
    )  # fmt: skip
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    r = await api.post(
        "/v1/bookings",
        headers=org_a.headers,
        json={"creator_id": r.json()["id"], "start": start.isoformat(),
              "end": (start + timedelta(hours=1)).isoformat(), "status": "confirmed"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    await asyncio.sleep(0.5)
    assert await runs(client, org_a.id) == first
    await relay_events(sessionmaker, client, task_queue=queue, fan_outs=[dispatcher_wakes])
    assert await runs_reach(client, org_a.id, first + 1) == first + 1


async def test_a_new_organization_gets_its_dispatcher_at_the_next_quick_sweep(
    lifecycle, sessionmaker
):
    client, queue, started = lifecycle
    sweep = NewOrganizations()
    await sweep(sessionmaker, client, task_queue=queue)  # learns who exists
    created = await create_organization(
        sessionmaker,
        name="Fresh Label",
        plan="label_enterprise",
        region="eu",
        owner_email="owner@fresh.example",
        owner_name="Owner",
        actor=Actor.system("test"),
    )
    org_id = created.organization.id
    started.append(org_id)
    assert await sweep(sessionmaker, client, task_queue=queue) == 1
    assert await runs_reach(client, org_id, 1) >= 1
    assert await sweep(sessionmaker, client, task_queue=queue) == 0  # once only


async def test_a_wake_that_fails_does_not_hold_back_the_events(
    sessionmaker, app_factory, org_a, owner_conninfo
):
    """The wake is best effort (the dispatcher also wakes on its own timer): Temporal failing
    it must not keep the events from being relayed to webhooks, syncs and Slack."""
    api = await app_factory()
    r = await api.post("/v1/clients", headers=org_a.headers, json={"name": "Acme"})
    assert r.status_code == 201, r.text
    r = await api.post(
        "/v1/creators",
        headers=org_a.headers,
        json={"name": "Pat", "timezone": "UTC", "currency": "USD", "hourly_rate": "50",
              "working_hours": WEEK},
    )  # fmt: skip
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    r = await api.post(
        "/v1/bookings",
        headers=org_a.headers,
        json={"creator_id": r.json()["id"], "start": start.isoformat(),
              "end": (start + timedelta(hours=1)).isoformat(), "status": "confirmed"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    # A client of a Temporal that is not there: every call fails.
    unreachable = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)
    relayed = await relay_events(
        sessionmaker, unreachable, task_queue="nowhere", fan_outs=[dispatcher_wakes]
    )
    assert relayed >= 2
    with psycopg.connect(owner_conninfo) as conn:
        [(waiting,)] = conn.execute("SELECT count(*) FROM events WHERE relayed_at IS NULL")
    assert waiting == 0
