"""Usage of the worker's side on the time-skipping server: workflow starts counted by the
client interceptor whoever starts them, webhook deliveries by outcome, approval e-mails."""

from __future__ import annotations

import contextlib
import uuid

import psycopg
import pytest

from channels.email import EmailApprovalChannel
from core.db import create_sessionmaker
from core.temporal import StartObserver, with_interceptors
from core.workflow_ids import dispatcher_workflow_id
from domain.usage.meter import count_workflow_start, process_meter
from relays.events import relay_events
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.approvals import book, create_creator, create_policy, member_key
from tests.support.harness import until
from worker import build_worker
from workflows.clients.lifecycle import start_dispatcher
from workflows.clients.project import project_handle, start_project
from workflows.clients.webhook import delivery_workflow_id


def by_group(body: dict) -> dict[str, int]:
    return {row["group"]: row["count"] for row in body["data"]}


@pytest.fixture
def counted_client(time_skipping_env):
    """The test server's client as the API and the worker build theirs: starts are counted."""
    return with_interceptors(time_skipping_env.client, [StartObserver(count_workflow_start)])


async def test_a_start_is_counted_once_and_a_refused_duplicate_not_at_all(
    counted_client, sessionmaker, app_factory, org_a
) -> None:
    queue = f"usage-{uuid.uuid4().hex[:8]}"
    project_id = "prj_" + "0" * 26
    try:
        assert await start_project(counted_client, org_a.id, project_id, task_queue=queue)
        assert not await start_project(counted_client, org_a.id, project_id, task_queue=queue)
    finally:
        with contextlib.suppress(Exception):
            await project_handle(counted_client, org_a.id, project_id).terminate("test over")
    await process_meter().flush(sessionmaker)
    api = await app_factory()
    r = await api.get("/v1/usage", params={"metric": "workflow_starts"}, headers=org_a.headers)
    assert by_group(r.json()) == {"project": 1}


async def test_ensuring_a_running_process_is_not_billed_as_a_start(
    counted_client, sessionmaker, app_factory, org_a
) -> None:
    """The supervisor ensures every organization's dispatcher every five minutes: a start that
    finds the process running (the USE_EXISTING policy) must not be counted as a start."""
    queue = f"usage-{uuid.uuid4().hex[:8]}"
    try:
        for _ in range(3):
            await start_dispatcher(counted_client, org_a.id, task_queue=queue)
    finally:
        with contextlib.suppress(Exception):
            await counted_client.get_workflow_handle(dispatcher_workflow_id(org_a.id)).terminate(
                "test over"
            )
    await process_meter().flush(sessionmaker)
    api = await app_factory()
    r = await api.get("/v1/usage", params={"metric": "workflow_starts"}, headers=org_a.headers)
    assert by_group(r.json()).get("lifecycle", 0) == 0


async def test_webhook_deliveries_are_counted_by_outcome(
    time_skipping_env, counted_client, engine, settings, sessionmaker, app_factory, org_a
) -> None:
    queue = f"usage-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={"temporal_task_queue": queue, "outbound_allow_private_networks": True}
    )
    api = await app_factory(temporal_task_queue=queue, outbound_allow_private_networks=True)
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="usage", settings=local
    )
    async with worker:
        with WebhookReceiver(script=[500]) as receiver:
            r = await api.post(
                "/v1/webhook-endpoints",
                json={"url": receiver.url, "event_types": ["client.created"]},
                headers=org_a.headers,
            )
            endpoint = r.json()
            await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
            [event] = (
                await api.get(
                    "/v1/events", params={"type": "client.created"}, headers=org_a.headers
                )
            ).json()["data"]
            relayed = await relay_events(
                create_sessionmaker(engine), counted_client, task_queue=queue
            )
            assert relayed == 1
            handle = time_skipping_env.client.get_workflow_handle(
                delivery_workflow_id(org_a.id, event["id"], endpoint["id"])
            )
            async with time_skipping_env.time_skipping_unlocked():
                result = await handle.result()
            assert result["status"] == "succeeded" and result["attempts"] == 2
    await process_meter().flush(sessionmaker)
    deliveries = await api.get(
        "/v1/usage", params={"metric": "webhook_deliveries"}, headers=org_a.headers
    )
    assert by_group(deliveries.json()) == {"failed": 1, "delivered": 1}
    starts = await api.get("/v1/usage", params={"metric": "workflow_starts"}, headers=org_a.headers)
    assert by_group(starts.json()) == {"webhook": 1}


async def test_a_booking_its_approval_chain_and_the_approvers_email_are_counted(
    time_skipping_env, engine, settings, sessionmaker, app_factory, owner_conninfo, org_a, smtp_sink
) -> None:
    sink, port = smtp_sink
    queue = f"usage-{uuid.uuid4().hex[:8]}"
    mail = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "public_base_url": "http://t"}
    )
    # The API's client counts the chain it starts after the booking commits.
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    channel = EmailApprovalChannel(create_sessionmaker(engine), mail)
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="usage", channels=[channel]
    )
    async with worker:
        manager_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
        creator = await create_creator(api, org_a)
        await create_policy(
            api, org_a, steps=[{"name": "Manager", "approvers": [{"member_id": manager_id}]}]
        )
        await book(api, org_a, creator, hours=1)

        # The worker mails the approver once the chain has resolved its approvers.
        async def sent() -> bool:
            return bool(sink.messages)

        await until("the approval mail at the SMTP server", sent)
        assert len(sink.messages) == 1
        with psycopg.connect(owner_conninfo) as conn:
            chains = conn.execute("SELECT workflow_id FROM approval_requests").fetchall()
        for (workflow_id,) in chains:
            await time_skipping_env.client.get_workflow_handle(workflow_id).terminate("done")
    await process_meter().flush(sessionmaker)

    async def used(metric: str) -> dict[str, int]:
        r = await api.get("/v1/usage", params={"metric": metric}, headers=org_a.headers)
        return by_group(r.json())

    assert await used("emails_sent") == {"approval_request": 1}
    assert await used("workflow_starts") == {"approval": 1}
    assert await used("bookings_created") == {"": 1}
