"""Deciding from the dashboard goes through the chain's ``decide`` update, like the API: the
workflow's validator refuses a member who is not an approver, a decision closes the request,
and the booking follows the outcome."""

from __future__ import annotations

import asyncio

from tests.support.approvals import book, create_creator, create_policy
from tests.support.dashboard import csrf_of, member_with_password, sign_in


async def _open(api, headers, request_id: str) -> None:
    for _ in range(200):
        r = await api.get(f"/v1/approvals/{request_id}", headers=headers)
        if any(a["status"] == "pending" for a in r.json()["steps"][0]["assignments"]):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("step did not open")


async def _browser(app_factory, env, queue: str):
    client = await app_factory(temporal_client=env.client, temporal_task_queue=queue)
    client.follow_redirects = False
    return client


async def test_reject_from_the_dashboard_releases_the_booking(
    stack, org_a, sessionmaker, app_factory
):
    api, env = stack
    approver = await member_with_password(
        sessionmaker, org_a.id, "mara@northstar.example", "manager"
    )
    await member_with_password(sessionmaker, org_a.id, "olly@northstar.example", "manager")
    await member_with_password(sessionmaker, org_a.id, "vic@northstar.example", "viewer")
    creator = await create_creator(api, org_a)
    await create_policy(
        api, org_a, steps=[{"name": "m", "approvers": [{"member_id": approver.id}]}]
    )
    booking = await book(api, org_a, creator, hours=2)
    request_id = booking["approval_request_id"]
    await _open(api, org_a.headers, request_id)
    url = f"/dashboard/approvals/{request_id}/decision"
    queue = api._transport.app.state.settings.temporal_task_queue

    viewer = await _browser(app_factory, env, queue)
    await sign_in(viewer, "vic@northstar.example")
    token = csrf_of((await viewer.get("/dashboard/approvals")).text)
    assert f'action="{url}"' not in (await viewer.get("/dashboard/approvals")).text
    r = await viewer.post(url, data={"decision": "approve", "csrf_token": token})
    assert r.status_code == 403 and "approvals:decide" in r.text

    other = await _browser(app_factory, env, queue)
    await sign_in(other, "olly@northstar.example")
    page = await other.get("/dashboard/approvals")
    assert request_id in page.text and f'action="{url}"' not in page.text  # not theirs to decide
    r = await other.post(url, data={"decision": "approve", "csrf_token": csrf_of(page.text)})
    assert r.status_code == 403, r.text  # the workflow's validator said no

    mara = await _browser(app_factory, env, queue)
    await sign_in(mara, "mara@northstar.example")
    page = await mara.get("/dashboard/approvals?mine=true")
    assert f'action="{url}"' in page.text
    token = csrf_of(page.text)
    bad = await mara.post(url, data={"decision": "maybe", "csrf_token": token})
    assert bad.status_code == 422 and "decision" in bad.text
    r = await mara.post(
        url, data={"decision": "reject", "comment": "over budget", "csrf_token": token}
    )
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/approvals?done=rejected"
    for _ in range(200):
        status = (await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)).json()
        if status["status"] != "pending_approval":
            break
        await asyncio.sleep(0.05)
    assert status["status"] == "cancelled"
    again = await mara.post(url, data={"decision": "approve", "csrf_token": token})
    assert again.status_code == 409 and "already rejected" in again.text
