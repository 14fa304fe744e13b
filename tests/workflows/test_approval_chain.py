"""ApprovalChainWorkflow end to end on the time-skipping server, with the real worker,
activities and PostgreSQL, driven through the API like a user would."""

from __future__ import annotations

from datetime import timedelta

import psycopg
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from tests.support.histories import keep, replayer
from workflows.approval import ApprovalChainWorkflow


async def _replays_and_is_kept(env: WorkflowEnvironment, handle: WorkflowHandle, name: str):
    """Today's code replays the finished chain's own history; with REGENERATE_HISTORIES=1 the
    run is kept as ``histories/<name>.json`` for test_replay_histories.py."""
    await replayer(env.client.data_converter).replay_workflow(await handle.fetch_history())
    await keep(env.client, handle.id, name)


def _handle(env: WorkflowEnvironment, org_id: str, request_id: str) -> WorkflowHandle:
    return env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_id}:approval:{request_id}"
    )


async def test_two_step_chain_approves_and_confirms_the_booking(stack, org_a):
    api, env = stack
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    finance_id, finance = await member_key(api, org_a, "fin@northstar.example", "admin")
    creator = await create_creator(api, org_a, rate="1000")
    await create_policy(
        api,
        org_a,
        conditions={"min_amount": "5000", "currency": "USD"},
        steps=[
            {"name": "manager", "approvers": [{"role": "manager"}]},
            {"name": "finance", "approvers": [{"member_id": finance_id}]},
        ],
    )
    small = await book(api, org_a, creator, hours=2)  # 2,000 USD: below the threshold
    assert small["status"] == "confirmed" and small["approval_request_id"] is None

    booking = await book(api, org_a, creator, hours=6, day=31)  # 6,000 USD
    assert booking["status"] == "pending_approval"
    request_id = booking["approval_request_id"]

    # finance cannot decide while the manager step is open
    r = await decide(api, finance, request_id)
    assert r.status_code == 403 and r.json()["code"] == "not_an_approver", r.text

    r = await decide(api, manager, request_id, comment="fits the budget")
    assert r.status_code == 200, r.text
    # A double click: the manager's step closed with their approval and the open step is
    # finance's, so the manager is no approver of the open step (documented: 403). 409
    # already_decided is for a member whose own step is still open.
    again = await decide(api, manager, request_id)
    assert again.status_code == 403 and again.json()["code"] == "not_an_approver", again.text

    r = await decide(api, finance, request_id)
    assert r.status_code == 200, r.text
    result = await _handle(env, org_a.id, request_id).result()
    assert result.status == "approved"
    await _replays_and_is_kept(env, _handle(env, org_a.id, request_id), "approval_two_steps")

    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert r.json()["status"] == "confirmed"
    r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
    body = r.json()
    assert body["status"] == "approved"
    decided = [
        (a["member_id"], a["status"], a["comment"])
        for s in body["steps"]
        for a in s["assignments"]
        if a["status"] != "skipped"
    ]
    assert (manager_id, "approved", "fits the budget") in decided
    assert (finance_id, "approved", "") in decided


async def test_reject_at_any_step_rejects_the_chain_and_releases_the_slot(stack, org_a):
    api, env = stack
    _m, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])
    booking = await book(api, org_a, creator, hours=2)
    r = await decide(api, manager, booking["approval_request_id"], "reject", "too expensive")
    assert r.status_code == 200, r.text
    await _handle(env, org_a.id, booking["approval_request_id"]).result()
    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert r.json()["status"] == "cancelled"
    assert "too expensive" in r.json()["status_reason"]
    # the slot is free again: the same session books (and needs approval) anew
    again = await book(api, org_a, creator, hours=2)
    assert again["status"] == "pending_approval"
    # cancelling the booking cancels its chain
    r = await api.post(
        f"/v1/bookings/{again['id']}/cancel",
        headers=org_a.headers,
        json={"reason": "plans changed"},
    )
    assert r.status_code == 200, r.text
    result = await _handle(env, org_a.id, again["approval_request_id"]).result()
    assert result.status == "cancelled"
    await _replays_and_is_kept(
        env, _handle(env, org_a.id, booking["approval_request_id"]), "approval_rejected"
    )


async def test_timeout_escalates_after_48_hours_then_reminders_stop(stack, org_a, owner_conninfo):
    api, env = stack
    _m, _manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    boss_id, boss = await member_key(api, org_a, "boss@northstar.example", "admin")
    creator = await create_creator(api, org_a)
    await create_policy(
        api,
        org_a,
        steps=[
            {
                "name": "manager",
                "approvers": [{"role": "manager"}],
                "timeout_hours": 48,
                "on_timeout": "escalate",
                "escalate_to": [{"member_id": boss_id}],
                "reminder_every_hours": 12,
            }
        ],
    )
    booking = await book(api, org_a, creator, hours=2)
    request_id = booking["approval_request_id"]
    handle = _handle(env, org_a.id, request_id)

    await env.sleep(timedelta(hours=49))
    status = await handle.query(ApprovalChainWorkflow.status)
    step = status.steps[0]
    assert step.escalated and boss_id in step.approvers
    assert step.reminders_sent == 3  # at 12 h, 24 h and 36 h

    r = await decide(api, boss, request_id)
    assert r.status_code == 200, r.text
    assert (await handle.result()).status == "approved"
    await _replays_and_is_kept(env, handle, "approval_escalated")

    with psycopg.connect(owner_conninfo) as conn:
        kinds = [
            k
            for (k,) in conn.execute(
                "SELECT kind FROM approval_notifications"
                " WHERE request_id = %s AND channel = 'inbox' ORDER BY created_at",
                (request_id,),
            )
        ]
    assert kinds == ["request", "reminder", "reminder", "reminder", "escalation"]


def _rows(owner_conninfo: str, query: str, *args: object) -> list[tuple]:
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(query, args).fetchall()


async def test_a_decision_sent_right_after_the_201_is_answered_with_its_outcome(
    stack, org_a, owner_conninfo
):
    api, env = stack
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])
    booking = await book(api, org_a, creator, hours=2)
    request_id = booking["approval_request_id"]

    # At once: the 201 means the chain runs (it was started before the response).
    r = await decide(api, manager, request_id, comment="go")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "approved"  # this decision settled the request
    [mine] = body["steps"][0]["assignments"]
    assert (mine["member_id"], mine["status"], mine["comment"]) == (manager_id, "approved", "go")

    # Read-your-writes: what the decider reads right after agrees with the response.
    r = await api.get(f"/v1/approvals/{request_id}", headers=manager)
    assert r.json()["status"] == "approved"
    assert r.json()["steps"] == body["steps"]
    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert r.json()["status"] == "confirmed"

    handle = _handle(env, org_a.id, request_id)
    assert (await handle.result()).status == "approved"
    # Exactly once, and no second booking of the slot.
    assert _rows(
        owner_conninfo,
        "SELECT action FROM audit_events WHERE target_id = %s AND action LIKE 'approval.%%'",
        request_id,
    ) == [("approval.approved",)]
    again = await decide(api, manager, request_id)
    assert again.status_code == 409 and again.json()["code"] == "approval_closed", again.text
    r = await api.get("/v1/bookings", headers=org_a.headers)
    assert [b["status"] for b in r.json()["data"] if b["id"] == booking["id"]] == ["confirmed"]
