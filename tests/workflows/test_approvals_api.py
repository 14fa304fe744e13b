"""The approvals API around the chain: policies and their versions, the inbox, delegation,
out-of-office, contracts, and the tenant boundary."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import psycopg

from core.devstack import free_port
from relays.approvals import relay_unstarted_approvals
from tests.support.approvals import (
    book,
    create_creator,
    create_policy,
    decide,
    handle,
    member_key,
    pending_booking,
    wait_open,
)
from workflows.approval import ApprovalChainWorkflow


async def test_policy_validation_names_the_field(stack, org_a, org_b):
    api, _env = stack
    base = {"name": "p", "subject_type": "booking"}
    cases = [
        (
            {
                **base,
                "steps": [
                    {"name": "s", "approvers": [{"role": "manager"}], "on_timeout": "escalate"}
                ],
            },
            "steps.0",
        ),
        ({**base, "steps": [{"name": "s", "approvers": [{"role": "wizard"}]}]}, "steps"),
        (
            {
                **base,
                "steps": [{"name": "s", "approvers": [{"role": "manager"}], "mode": "quorum"}],
            },
            "steps.0",
        ),
        ({**base, "steps": []}, "steps"),
        (
            {
                **base,
                "conditions": {"min_amount": "10"},
                "steps": [{"name": "s", "approvers": [{"role": "manager"}]}],
            },
            "conditions",
        ),
        (
            {
                **base,
                "subject_type": "lunch",
                "steps": [{"name": "s", "approvers": [{"role": "manager"}]}],
            },
            "subject_type",
        ),
    ]
    for body, param in cases:
        r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["param"].startswith(param), (body, r.json())
    # a member of another organization cannot be named as an approver
    other_member = (await api.get("/v1/members", headers=org_b.headers)).json()["data"][0]["id"]
    r = await api.post(
        "/v1/approval-policies",
        headers=org_a.headers,
        json={**base, "steps": [{"name": "s", "approvers": [{"member_id": other_member}]}]},
    )
    assert r.status_code == 422, r.text
    assert (r.json()["code"], r.json()["param"]) == (
        "unknown_member",
        "steps.0.approvers.0.member_id",
    )
    assert (await api.get("/v1/approval-policies", headers=org_a.headers)).json()["data"] == []


async def test_running_chain_keeps_its_policy_version(stack, org_a):
    api, env = stack
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    policy_id = await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}]
    )
    booking = await book(api, org_a, creator, hours=1)
    request_id = booking["approval_request_id"]
    r = await api.patch(
        f"/v1/approval-policies/{policy_id}",
        headers=org_a.headers,
        json={
            "steps": [
                {"name": "board", "approvers": [{"role": "owner"}]},
                {"name": "manager", "approvers": [{"member_id": manager_id}]},
            ]
        },
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    approval = (await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)).json()
    assert approval["policy_version"] == 1 and [s["name"] for s in approval["steps"]] == ["manager"]
    await wait_open(api, org_a.headers, request_id)
    assert (await decide(api, manager, request_id)).status_code == 200
    handle = env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
    )
    assert (await handle.result()).status == "approved"


async def test_inbox_lists_what_waits_for_me(stack, org_a):
    api, env = stack
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    _other_id, other = await member_key(api, org_a, "olly@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}]
    )
    booking = await book(api, org_a, creator, hours=1)
    request_id = booking["approval_request_id"]
    await wait_open(api, org_a.headers, request_id)

    mine = await api.get(
        "/v1/approvals", headers=manager, params={"status": "pending", "approver": "me"}
    )
    assert [a["id"] for a in mine.json()["data"]] == [request_id]
    theirs = await api.get(
        "/v1/approvals", headers=other, params={"status": "pending", "approver": "me"}
    )
    assert theirs.json()["data"] == []
    r = await decide(api, other, request_id)
    assert r.status_code == 403 and r.json()["code"] == "not_an_approver"

    assert (await decide(api, manager, request_id, "reject", "no")).status_code == 200
    handle = env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
    )
    assert (await handle.result()).status == "rejected"
    after = await api.get(
        "/v1/approvals", headers=manager, params={"status": "pending", "approver": "me"}
    )
    assert after.json()["data"] == []
    r = await decide(api, manager, request_id)
    assert r.status_code == 409 and r.json()["code"] == "approval_closed"


async def test_out_of_office_and_delegation(stack, org_a):
    api, env = stack
    away_id, _away = await member_key(api, org_a, "away@northstar.example", "manager")
    deputy_id, deputy = await member_key(api, org_a, "deputy@northstar.example", "manager")
    third_id, third = await member_key(api, org_a, "third@northstar.example", "manager")
    now = datetime.now(UTC)
    r = await api.post(
        "/v1/absences",
        headers=org_a.headers,
        json={
            "member_id": away_id,
            "delegate_member_id": deputy_id,
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(days=7)).isoformat(),
        },
    )
    assert r.status_code == 201, r.text
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": away_id}]}]
    )
    booking = await book(api, org_a, creator, hours=1)
    request_id = booking["approval_request_id"]
    assignments = await wait_open(api, org_a.headers, request_id)
    assert [(a["member_id"], a["on_behalf_of"]) for a in assignments] == [(deputy_id, away_id)]

    # the deputy hands over to a third manager, who decides
    r = await api.post(
        f"/v1/approvals/{request_id}/delegate",
        headers=deputy,
        json={"to_member_id": third_id, "comment": "on holiday too"},
    )
    assert r.status_code == 200, r.text
    assert (await decide(api, deputy, request_id)).status_code == 403
    assert (await decide(api, third, request_id)).status_code == 200
    handle = env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
    )
    assert (await handle.result()).status == "approved"
    states = {
        (a["member_id"], a["status"])
        for a in (await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)).json()[
            "steps"
        ][0]["assignments"]
    }
    assert states == {(deputy_id, "delegated"), (third_id, "approved")}


async def test_contract_goes_through_approval_then_signature(stack, org_a):
    api, env = stack
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    artist = (await api.post("/v1/artists", headers=org_a.headers, json={"name": "Ada"})).json()[
        "id"
    ]
    r = await api.post(
        "/v1/contracts",
        headers=org_a.headers,
        json={
            "title": "Album deal",
            "artist_id": artist,
            "amount": "25000",
            "currency": "EUR",
            "document_url": "https://docs.example/deal.pdf",
        },
    )
    assert r.status_code == 201, r.text
    contract = r.json()
    assert contract["status"] == "draft"
    r = await api.post(f"/v1/contracts/{contract['id']}/sign", headers=org_a.headers)
    assert r.status_code == 409

    await api.post(
        "/v1/approval-policies",
        headers=org_a.headers,
        json={
            "name": "contracts",
            "subject_type": "contract",
            "steps": [{"name": "manager", "approvers": [{"member_id": manager_id}]}],
        },
    )
    r = await api.post(f"/v1/contracts/{contract['id']}/submit", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["status"] == "pending_approval"
    request_id = r.json()["approval_request_id"]
    await wait_open(api, org_a.headers, request_id)
    assert (await decide(api, manager, request_id)).status_code == 200
    handle = env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_a.id}:approval:{request_id}"
    )
    await handle.result()
    r = await api.get(f"/v1/contracts/{contract['id']}", headers=org_a.headers)
    assert r.json()["status"] == "approved"
    r = await api.post(f"/v1/contracts/{contract['id']}/sign", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["status"] == "signed"

    # a contract needs an artist or a booking, in a known currency
    r = await api.post(
        "/v1/contracts",
        headers=org_a.headers,
        json={"title": "x", "amount": "1", "currency": "EUR"},
    )
    assert r.status_code == 422
    r = await api.post(
        "/v1/contracts",
        headers=org_a.headers,
        json={"title": "x", "artist_id": artist, "currency": "EURO"},
    )
    assert r.status_code == 422 and r.json()["param"] == "currency"


async def test_another_organization_cannot_see_or_decide(stack, org_a, org_b):
    api, _env = stack
    manager_id, _manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    _b_id, b_manager = await member_key(api, org_b, "mara@bluewave.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "manager", "approvers": [{"member_id": manager_id}]}]
    )
    booking = await book(api, org_a, creator, hours=1)
    request_id = booking["approval_request_id"]
    for method, path, body in [
        ("GET", f"/v1/approvals/{request_id}", None),
        ("POST", f"/v1/approvals/{request_id}/decisions", {"decision": "approve"}),
        ("POST", f"/v1/approvals/{request_id}/delegate", {"to_member_id": _b_id}),
    ]:
        r = await api.request(method, path, headers=b_manager, json=body)
        assert r.status_code == 404, (path, r.text)
    listed = await api.get("/v1/approvals", headers=org_b.headers)
    assert request_id not in listed.text
    r = await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)
    assert r.json()["status"] == "pending"


async def test_racing_approvers_of_one_step_one_wins_the_others_are_told_it_is_decided(
    stack, org_a
):
    """Ten managers click approve at once on a step any one of them settles: the winner sees
    the approval approved, the nine others 409 ``approval_closed`` (someone else decided)."""
    api, _env = stack
    approvers = [
        await member_key(api, org_a, f"manager{i}@northstar.example", "manager") for i in range(10)
    ]
    _booking, request_id = await pending_booking(api, org_a)
    await wait_open(api, org_a.headers, request_id)

    responses = await asyncio.gather(*(decide(api, key, request_id) for _, key in approvers))

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9, [
        r.text for r in responses
    ]
    [winner] = [r.json() for r in responses if r.status_code == 200]
    assert winner["status"] == "approved"
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"approval_closed"}


async def test_a_booking_made_while_temporal_is_down_is_accepted_and_its_chain_relayed_later(
    stack, app_factory, org_a, sessionmaker, owner_conninfo
):
    """The chain cannot start at the 201 (no Temporal): the booking is still accepted, pending
    approval, with its request left unstarted; the worker's relay starts the chain later."""
    api, env = stack
    await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "m", "approvers": [{"role": "manager"}]}])
    offline = await app_factory(temporal_address=f"127.0.0.1:{free_port()}")
    booking = await book(offline, org_a, creator, hours=2)
    assert booking["status"] == "pending_approval"
    request_id = booking["approval_request_id"]
    with psycopg.connect(owner_conninfo) as conn:
        [(started,)] = conn.execute(
            "SELECT workflow_started_at FROM approval_requests WHERE id = %s", (request_id,)
        ).fetchall()
    assert started is None
    relayed = await relay_unstarted_approvals(
        sessionmaker,
        env.client,
        task_queue=api._transport.app.state.settings.temporal_task_queue,
        older_than_seconds=0,
    )
    assert relayed >= 1
    status = await handle(env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.request_id == request_id


async def test_parallel_steps_decided_at_the_same_instant_are_both_written_in_order(
    stack, org_a, owner_conninfo
):
    """Two steps of one group run side by side; their approvers decide at once. The chain
    writes one decision at a time (the two steps' writes never interleave) and both land."""
    api, env = stack
    mara_id, mara = await member_key(api, org_a, "mara@northstar.example", "manager")
    fin_id, fin = await member_key(api, org_a, "fin@northstar.example", "admin")
    creator = await create_creator(api, org_a)
    await create_policy(
        api,
        org_a,
        steps=[
            {"name": "manager", "group": 0, "approvers": [{"member_id": mara_id}]},
            {"name": "finance", "group": 0, "approvers": [{"member_id": fin_id}]},
        ],
    )
    booking = await book(api, org_a, creator, hours=2)
    request_id = booking["approval_request_id"]
    for step in (0, 1):
        await wait_open(api, org_a.headers, request_id, step)
    responses = await asyncio.gather(
        decide(api, mara, request_id, comment="studio ok"),
        decide(api, fin, request_id, comment="budget ok"),
    )
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    result = await handle(env, org_a.id, request_id).result()
    assert result.status == "approved"
    with psycopg.connect(owner_conninfo) as conn:
        written = conn.execute(
            "SELECT member_id, status, comment FROM approval_assignments "
            "WHERE request_id = %s ORDER BY member_id",
            (request_id,),
        ).fetchall()
        [(status,)] = conn.execute(
            "SELECT status FROM bookings WHERE id = %s", (booking["id"],)
        ).fetchall()
    assert sorted(written) == sorted(
        [(mara_id, "approved", "studio ok"), (fin_id, "approved", "budget ok")]
    )
    assert status == "confirmed"
