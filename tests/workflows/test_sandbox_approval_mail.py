"""Approval requests of a sandbox are captured, not e-mailed: the demo label's pending
approvals, started by the approvals relay on the real worker (dev server), reach its manager
only in GET /v1/sandbox/emails, while the live organization's approval mail still arrives at
the real SMTP server."""

from __future__ import annotations

import uuid

import pytest

from channels.email import EmailApprovalChannel
from core.db import create_sessionmaker
from relays.approvals import relay_unstarted_approvals
from tests.support.approvals import (
    book,
    create_creator,
    create_policy,
    email_channel_settings,
    member_key,
)
from tests.support.harness import deployment_for, route_to, until
from worker import build_worker


@pytest.fixture
async def mail_stack(dev_server_env, engine, app_factory, settings, smtp_sink, owner_conninfo):
    sink, port = smtp_sink
    queue = f"sbmail-{uuid.uuid4().hex[:8]}"
    mail_settings = email_channel_settings(settings, port, queue)
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)
    channel = EmailApprovalChannel(create_sessionmaker(engine), mail_settings)
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="sbmail",
        channels=[channel],
        settings=mail_settings,
        deployment_config=deployment_for(queue),
    )
    async with worker:
        await route_to(dev_server_env, worker)
        yield api, dev_server_env.client, queue, sink


async def _captured(api, headers, expected: int) -> list[dict]:
    """The captured approval requests, once there are ``expected``: each chain's channel
    activity captures one after the chain has resolved its approvers."""
    data: list[dict] = []

    async def enough() -> bool:
        listed = await api.get(
            "/v1/sandbox/emails", params={"template": "approval_request"}, headers=headers
        )
        assert listed.status_code == 200, listed.text
        data[:] = listed.json()["data"]
        return len(data) >= expected

    await until(f"{expected} approval requests captured", enough)
    return data


async def test_sandbox_approval_requests_are_captured_and_live_ones_sent(mail_stack, org_a, engine):
    api, client, queue, sink = mail_stack
    created = await api.post(
        "/v1/api-keys", json={"name": "sandbox", "mode": "test"}, headers=org_a.headers
    )
    test_headers = {"Authorization": f"Bearer {created.json()['secret']}"}
    seeded = await api.post("/v1/sandbox/reset", json={"seed": "demo"}, headers=test_headers)
    assert seeded.status_code == 200, seeded.text
    # A live approval request too, through the API (its chain started by the API).
    manager_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
    await create_policy(
        api, org_a, steps=[{"name": "Review", "approvers": [{"member_id": manager_id}]}]
    )
    await book(api, org_a, await create_creator(api, org_a), hours=1)

    started = await relay_unstarted_approvals(
        create_sessionmaker(engine), client, task_queue=queue, older_than_seconds=0
    )

    assert started == 4  # the demo label's pending approvals
    captured = await _captured(api, test_headers, 4)
    assert {tuple(m["recipients"]) for m in captured} == {("maya.okafor@demo-label.example",)}
    assert all("/a/" in m["text"] for m in captured)  # the single-use decision link

    # The worker sends the live chain's mail; the four captured above never reach the sink.
    async def sent() -> bool:
        return bool(sink.messages)

    await until("the live approval mail at the SMTP server", sent)
    assert [m["To"] for m in sink.messages] == ["mara@northstar.example"]
    sandbox = (await api.get("/v1/organization", headers=test_headers)).json()["id"]
    reset = await api.post("/v1/sandbox/reset", headers=test_headers)
    # The chains just started are stopped with the sandbox's data.
    assert reset.json()["workflows_terminated"] >= 4, reset.text
    assert reset.json()["organization_id"] == sandbox
