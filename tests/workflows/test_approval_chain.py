"""ApprovalChainWorkflow end to end on the time-skipping server, with the real worker,
activities and PostgreSQL, driven through the API like a user would."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import psycopg
from temporalio.client import WorkflowHandle
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Replayer

from tests.support.approvals import book, create_creator, create_policy, decide, member_key
from workflows.approval import ApprovalChainWorkflow

HISTORIES = Path(__file__).parent / "histories"


async def _replay_and_record(handle: WorkflowHandle, name: str) -> None:
    """Replay the finished chain's history against today's code; with REGENERATE_HISTORIES=1
    keep it, so tests/workflows/test_health_workflow.py replays it on every later run."""
    history = await handle.fetch_history()
    await Replayer(
        workflows=[ApprovalChainWorkflow], data_converter=pydantic_data_converter
    ).replay_workflow(history)
    if os.environ.get("REGENERATE_HISTORIES") == "1":
        (HISTORIES / f"{name}.json").write_text(history.to_json() + "\n")


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
    again = await decide(api, manager, request_id)  # double click
    assert again.status_code in (403, 409)

    r = await decide(api, finance, request_id)
    assert r.status_code == 200, r.text
    result = await _handle(env, org_a.id, request_id).result()
    assert result.status == "approved"
    await _replay_and_record(_handle(env, org_a.id, request_id), "approval_two_steps")

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
    await _replay_and_record(
        _handle(env, org_a.id, booking["approval_request_id"]), "approval_rejected"
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
    await _replay_and_record(handle, "approval_escalated")

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
