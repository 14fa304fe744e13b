"""Approval by e-mail: a real SMTP server receives the request; its single-use link opens a
page that shows (GET) and decides (POST)."""

from __future__ import annotations

import asyncio
import re
import uuid
from email.message import Message

import psycopg
import pytest

from channels.email import EmailApprovalChannel
from core.db import create_sessionmaker
from tests.support.approvals import (
    book,
    create_creator,
    create_policy,
    email_channel_settings,
    member_key,
)
from tests.support.harness import until
from tests.support.smtp import Sink
from worker import build_worker
from workflows.approval import ApprovalChainWorkflow


@pytest.fixture
async def email_stack(
    time_skipping_env, engine, app_factory, settings, smtp_sink, owner_conninfo, org_a
):
    sink, port = smtp_sink
    queue = f"mail-{uuid.uuid4().hex[:8]}"
    mail_settings = email_channel_settings(settings, port, queue)
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    channel = EmailApprovalChannel(create_sessionmaker(engine), mail_settings)
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="mail", channels=[channel]
    )
    async with worker:
        yield api, time_skipping_env, sink
        with psycopg.connect(owner_conninfo) as conn:
            open_chains = conn.execute(
                "SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
            ).fetchall()
        for (workflow_id,) in open_chains:
            await time_skipping_env.client.get_workflow_handle(workflow_id).terminate("done")


async def _mail_for(sink: Sink, address: str) -> Message:
    """The first mail to ``address``: the worker sends it once the chain has started, resolved
    its approvers and run the channel's activity."""
    found: list[Message] = []

    async def arrived() -> bool:
        found[:] = [m for m in sink.messages if m["To"] == address]
        return bool(found)

    await until(f"a mail to {address}", arrived)
    return found[0]


def _link(message: Message) -> str:
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    match = re.search(r"http://testserver(/a/[A-Za-z0-9]+)", text.get_content())
    assert match, text.get_content()
    return match.group(1)


async def test_an_approver_decides_from_the_email_link(email_stack, org_a, owner_conninfo):
    api, env, sink = email_stack
    manager_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(
        api,
        org_a,
        steps=[{"name": "Manager <b>review</b>", "approvers": [{"member_id": manager_id}]}],
    )
    booking = await book(api, org_a, creator, hours=1)
    request_id = booking["approval_request_id"]

    message = await _mail_for(sink, "mara@northstar.example")
    assert message.is_multipart()
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html"}
    assert message["Subject"].startswith("Approval needed")
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_content()
    assert "Manager &lt;b&gt;review&lt;/b&gt;" in html  # escaped, not markup
    path = _link(message)

    for _ in range(2):  # a GET never decides, however often a scanner follows the link
        page = await api.get(path)
        assert page.status_code == 200 and "Approve" in page.text and "Reject" in page.text
        assert page.headers["cache-control"] == "no-store"
    state = (await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)).json()
    assert state["status"] == "pending"

    async def post():
        return await api.post(path, data={"decision": "approve", "comment": "from my phone"})

    # Two simultaneous clicks: exactly one decides. Which check refuses the other (the chain's
    # validator or handler, or the link's single use) depends on how the two interleave, so
    # the loser is identified by the refusal page every one of them renders.
    both = await asyncio.gather(post(), post())
    [winner] = [r for r in both if r.status_code == 200]
    [loser] = [r for r in both if r is not winner]
    assert "your decision is recorded" in winner.text
    assert "Nothing was changed" in loser.text, loser.text

    handle = env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
    )
    assert (await handle.result()).status == "approved"
    decided = (await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)).json()
    (assignment,) = decided["steps"][0]["assignments"]
    assert assignment["channel"] == "email" and assignment["comment"] == "from my phone"

    again = await api.post(path, data={"decision": "reject"})
    assert again.status_code == 409 and "already used" in again.text
    assert (await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)).json()[
        "status"
    ] == "confirmed"


async def test_expired_and_unknown_links_change_nothing(email_stack, org_a, owner_conninfo):
    api, _env, sink = email_stack
    manager_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "Manager", "approvers": [{"member_id": manager_id}]}]
    )
    booking = await book(api, org_a, creator, hours=1)
    path = _link(await _mail_for(sink, "mara@northstar.example"))
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE approval_links SET expires_at = now() - interval '1 minute'")
    for response in (await api.get(path), await api.post(path, data={"decision": "approve"})):
        assert response.status_code == 409 and "expired" in response.text
    assert (await api.get("/a/" + "Z" * 43)).status_code == 404
    assert (await api.post("/a/nope", data={"decision": "approve"})).status_code == 404
    state = (
        await api.get(f"/v1/approvals/{booking['approval_request_id']}", headers=org_a.headers)
    ).json()
    assert state["status"] == "pending"
