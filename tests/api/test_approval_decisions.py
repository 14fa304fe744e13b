"""One approval-decision service behind every channel: the same refusal whichever channel a
member uses, a decision sent as soon as its request exists, and buttons or links that only
answer for their own step. The real app and worker on Temporal and PostgreSQL; Slack is the
local stub of its Web API, callbacks signed as Slack signs them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from api.chains import TemporalChainGateway, start_chain
from core.db import tenant_session
from domain.approvals import decisions
from domain.approvals import links as approval_links
from domain.approvals.chain_types import DecideInput
from domain.approvals.models import ApprovalPolicy
from domain.approvals.refusals import NotAnApprover
from domain.errors import DomainError
from tests.support.approvals import (
    create_policy,
    handle,
    member_key,
    open_budget_change,
    pending_booking,
)
from tests.support.slack import (
    MARA,
    click,
    connect_slack,
    link_slack_account,
    posted_message,
    signed,
)
from workflows.approval import ApprovalChainWorkflow

OLLY = "olly@northstar.example"


@pytest.fixture
def api(slack_api):
    """The app and a worker on the dev server, approvals going to the ``slack`` stub."""
    return slack_api


async def test_a_non_approver_is_refused_with_the_same_code_from_the_api_and_from_slack(
    api, org_a, slack, dev_server_env, sessionmaker
):
    await connect_slack(api, org_a)
    mara_id, _ = await member_key(api, org_a, MARA, "manager")
    # Olly may decide approvals in general (a manager), just not this one.
    olly_id, olly_key = await member_key(api, org_a, OLLY, "manager")
    await link_slack_account(sessionmaker, org_a.id, olly_id, "U0OLLY")
    _booking, request_id = await pending_booking(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": mara_id}]}]
    )
    posted, channel, ts = await posted_message(slack)

    r = await api.post(
        f"/v1/approvals/{request_id}/decisions", headers=olly_key, json={"decision": "approve"}
    )
    assert r.status_code == 403 and r.json()["code"] == "not_an_approver", r.text

    body, headers = signed(click(posted, channel, ts, "U0OLLY"))
    r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
    assert r.status_code == 200, r.text
    [answer] = slack.calls("chat.postEphemeral")
    assert answer.body["user"] == "U0OLLY"
    assert answer.body["text"] == (
        "You are not an approver of the open step of this approval, so your click changed nothing."
    )

    # Under both: one service, one refusal, whether the member is named by id or by Slack.
    gateway = TemporalChainGateway(api._transport.app.state.temporal)
    for decider in (decisions.ByMemberId(olly_id), decisions.ByChatIdentity("slack", "U0OLLY")):
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            with pytest.raises(NotAnApprover) as refused:
                await decisions.decide(
                    session,
                    gateway,
                    decisions.Ballot(
                        request_id=request_id, decider=decider, decision="approve", channel="api"
                    ),
                )
        assert (refused.value.code, refused.value.status) == ("not_an_approver", 403)

    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert slack.calls("chat.update") == []


async def test_a_decision_sent_as_soon_as_the_request_exists_is_kept_for_the_chain(
    api, org_a, dev_server_env, sessionmaker
):
    mara_id, mara_key = await member_key(api, org_a, MARA, "manager")
    policy_id = await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": mara_id}]}]
    )
    # The request row commits first and its chain starts after (as the API does it).
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        policy = await session.get(ApprovalPolicy, policy_id)
        assert policy is not None
        chain = await open_budget_change(session, org_a.id, policy)
    decide = f"/v1/approvals/{chain.request_id}/decisions"

    r = await api.post(decide, headers=mara_key, json={"decision": "approve"})
    assert r.status_code == 409 and r.json()["code"] == "approval_starting", r.text

    await start_chain(api._transport.app.state, chain)
    # At once, while the chain may still be resolving its first step's approvers: the chain
    # takes the decision when the step opens instead of refusing it.
    r = await api.post(decide, headers=mara_key, json={"decision": "approve", "comment": "ok"})
    assert r.status_code == 200, r.text
    result = await handle(dev_server_env, org_a.id, chain.request_id).result()
    assert result.status == "approved" and result.steps[0].decisions == {mara_id: "approve"}
    r = await api.get(f"/v1/approvals/{chain.request_id}", headers=mara_key)
    (assignment,) = r.json()["steps"][0]["assignments"]
    assert (assignment["status"], assignment["channel"], assignment["comment"]) == (
        "approved",
        "api",
        "ok",
    )


async def test_an_email_link_of_a_finished_step_does_not_decide_the_next_one(
    api, org_a, dev_server_env, sessionmaker
):
    mara_id, mara_key = await member_key(api, org_a, MARA, "manager")
    _booking, request_id = await pending_booking(
        api,
        org_a,
        steps=[
            {"name": "manager", "approvers": [{"member_id": mara_id}]},
            {"name": "budget owner", "approvers": [{"member_id": mara_id}]},
        ],
    )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        token = await approval_links.create_link(
            session,
            organization_id=org_a.id,
            request_id=request_id,
            member_id=mara_id,
            step_index=0,
            ttl=timedelta(hours=1),
        )
    chain = await approve_first_step(api, dev_server_env, org_a.id, mara_key, request_id)

    # The e-mail of step 0, opened late: it answers for step 0 only, which is over.
    r = await api.post(f"/a/{token}", data={"decision": "reject"})
    assert r.status_code == 409, r.text
    assert "already approved" in r.text
    status = await chain.query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[1].decisions == {}


async def test_the_chain_itself_refuses_a_ballot_for_a_step_that_is_over(
    api, org_a, dev_server_env
):
    """The database may not show a step as settled yet when a second click arrives (the
    chain records decisions through an activity): the chain knows, and answers for the step
    the button was issued for — the clicker's own second answer, or a step settled by
    somebody else — never "not an approver" of the step that opened since."""
    mara_id, mara_key = await member_key(api, org_a, MARA, "manager")
    olly_id, _olly_key = await member_key(api, org_a, OLLY, "manager")
    _booking, request_id = await pending_booking(
        api,
        org_a,
        steps=[
            {"name": "manager", "approvers": [{"member_id": mara_id}, {"member_id": olly_id}]},
            {"name": "finance", "approvers": [{"role": "owner"}]},
        ],
    )
    chain = await approve_first_step(api, dev_server_env, org_a.id, mara_key, request_id)

    gateway = TemporalChainGateway(api._transport.app.state.temporal)

    async def ballot(member_id: str) -> str:
        try:
            await gateway.decide(
                organization_id=org_a.id,
                request_id=request_id,
                decision=DecideInput(
                    member_id=member_id, decision="approve", channel="slack", step_index=0
                ),
            )
        except DomainError as refusal:
            return refusal.code
        return "accepted"

    assert await ballot(mara_id) == "already_decided"
    assert await ballot(olly_id) == "step_closed"
    status = await chain.query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[1].decisions == {}


async def approve_first_step(api, env, organization_id, key, request_id):
    """Approve the first step through the API and wait for the second one to open."""
    r = await api.post(
        f"/v1/approvals/{request_id}/decisions", headers=key, json={"decision": "approve"}
    )
    assert r.status_code == 200, r.text
    chain = handle(env, organization_id, request_id)
    for _ in range(200):
        status = await chain.query(ApprovalChainWorkflow.status)
        if status.steps[1].status == "open":
            return chain
        await asyncio.sleep(0.05)
    raise AssertionError(f"the second step did not open: {status}")
