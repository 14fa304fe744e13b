"""Usage of the worker's side on the time-skipping server: workflow starts counted by the
client interceptor whoever starts them, and webhook deliveries by outcome."""

from __future__ import annotations

import contextlib
import uuid

import pytest

from core.db import create_sessionmaker
from core.temporal import StartObserver, with_interceptors
from domain.usage.meter import count_workflow_start, process_meter
from relays.events import relay_events
from tests.stubs.webhook_receiver import WebhookReceiver
from worker import build_worker
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
