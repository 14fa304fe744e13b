"""Free text carried by reference: what reaches the chain, what the API shows, what is kept.

- A chain running now still takes the old message with the comment inline (a client or a
  history from before), and shows it as before.
- Two managers deciding one step at once, each with a comment: a step any one of them settles
  takes one decision (the other is refused 409, its text deleted); a step needing both takes
  both. One text per accepted decision, none lost.
- Another organization cannot read a text by id (row-level security).
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from domain.approvals.chain_types import DecideInput
from domain.audit.service import Actor
from domain.free_text import texts
from tests.support.approvals import (
    book,
    create_creator,
    create_policy,
    decide,
    handle,
    member_key,
    pending_booking,
)
from workflows.approval import ApprovalChainWorkflow

pytestmark = pytest.mark.asyncio


def _texts_of(owner_conninfo: str, request_id: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(owner_conninfo) as conn:
        return [
            (author, purpose, body)
            for author, purpose, body in conn.execute(
                "SELECT author_id, purpose, body FROM free_texts WHERE subject_id = %s "
                "ORDER BY body",
                (request_id,),
            )
        ]


async def test_a_running_chain_still_takes_a_comment_sent_inline(stack, org_a) -> None:
    api, env = stack
    manager_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
    booking, request_id = await pending_booking(api, org_a)

    # The message as clients sent it before texts went by reference.
    chain = handle(env, org_a.id, request_id)
    await chain.execute_update(
        ApprovalChainWorkflow.decide,
        DecideInput(member_id=manager_id, decision="reject", comment="over the budget"),
    )
    status = await chain.result()
    assert status.reason == "rejected at step 'manager': over the budget"
    assert status.reason_ref is None

    r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
    body = r.json()
    assert body["status"] == "rejected" and "over the budget" in body["reason"]
    [assignment] = [a for s in body["steps"] for a in s["assignments"]]
    assert (assignment["status"], assignment["comment"]) == ("rejected", "over the budget")
    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert "over the budget" in r.json()["status_reason"]


async def test_two_managers_deciding_one_step_at_once_keep_one_text_per_accepted_decision(
    stack, org_a, owner_conninfo
) -> None:
    api, env = stack
    mara_id, mara = await member_key(api, org_a, "mara@northstar.example", "manager")
    dev_id, dev = await member_key(api, org_a, "dev@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])
    # Any one manager settles the step: one decision is taken, the other refused (409).
    booking = await book(api, org_a, creator, hours=2, day=30)
    request_id = booking["approval_request_id"]
    first, second = await asyncio.gather(
        decide(api, mara, request_id, "approve", "mara says yes"),
        decide(api, dev, request_id, "approve", "dev says yes"),
    )
    answers = sorted([first, second], key=lambda r: r.status_code)
    assert [r.status_code for r in answers] == [200, 409], [r.text for r in answers]
    assert answers[1].json()["code"] in ("approval_closed", "step_closed"), answers[1].text
    winner = (mara_id, "mara says yes") if answers[0] is first else (dev_id, "dev says yes")
    await handle(env, org_a.id, request_id).result()
    assert _texts_of(owner_conninfo, request_id) == [(winner[0], "approval_comment", winner[1])]
    r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
    decided = [
        (a["member_id"], a["comment"])
        for s in r.json()["steps"]
        for a in s["assignments"]
        if a["status"] == "approved"
    ]
    assert decided == [winner]


async def test_two_managers_who_must_both_approve_keep_both_texts(
    stack, org_a, owner_conninfo
) -> None:
    api, env = stack
    mara_id, mara = await member_key(api, org_a, "mara@northstar.example", "manager")
    dev_id, dev = await member_key(api, org_a, "dev@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "both", "mode": "all", "approvers": [{"role": "manager"}]}]
    )
    booking = await book(api, org_a, creator, hours=2, day=31)
    request_id = booking["approval_request_id"]
    first, second = await asyncio.gather(
        decide(api, mara, request_id, "approve", "mara agrees"),
        decide(api, dev, request_id, "approve", "dev agrees"),
    )
    assert (first.status_code, second.status_code) == (200, 200), (first.text, second.text)
    assert (await handle(env, org_a.id, request_id).result()).status == "approved"
    assert _texts_of(owner_conninfo, request_id) == [
        (dev_id, "approval_comment", "dev agrees"),
        (mara_id, "approval_comment", "mara agrees"),
    ]
    r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
    comments = sorted(a["comment"] for s in r.json()["steps"] for a in s["assignments"])
    assert comments == ["dev agrees", "mara agrees"]

    # A refused decision (already decided) leaves no text behind.
    r = await decide(api, mara, request_id, "approve", "again")
    assert r.status_code == 409, r.text
    assert len(_texts_of(owner_conninfo, request_id)) == 2


async def test_another_organization_cannot_read_a_text_by_id(
    org_a, make_tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    org_b = await make_tenant("Bluewave Studios", plan="studio_pro")
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        text_id = await texts.write(
            session,
            organization_id=org_a.id,
            author=Actor(type="user", id="mem_x"),
            subject_type="approval_request",
            subject_id="apr_x",
            purpose="approval_comment",
            body="only for Northstar",
        )
    assert text_id is not None
    async with tenant_session(sessionmaker, [org_b.id]) as session:
        assert await texts.read(session, text_id) is None
        with pytest.raises(texts.TextNotYetVisible):
            await texts.resolve(session, "", text_id)
        # Nor can it delete it.
        await texts.discard(session, text_id)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        assert await texts.read(session, text_id) == "only for Northstar"
        assert await texts.resolve(session, "inline", None) == "inline"
    # Nor write one into another organization's name.
    with pytest.raises(Exception, match="row-level security"):
        async with tenant_session(sessionmaker, [org_b.id]) as session:
            await texts.write(
                session,
                organization_id=org_a.id,
                author=Actor(type="user", id="mem_y"),
                subject_type="approval_request",
                subject_id="apr_x",
                purpose="approval_comment",
                body="planted",
            )
