"""Milestones ↔ Asana tasks end to end: the real app served on a socket (Asana's handshake and
deliveries reach it over HTTP), the whole worker on the time-skipping server, and the real
``asana`` SDK against a local stub of Asana's API. A milestone becomes one task (also after a
retry, also after a 429 waited out for Asana's ``Retry-After``), the webhook's secret is kept
sealed, a completion in Asana ticks the checklist here without an echo write, concurrent
deliveries for one task decide once, and a revoked token is a clear connection error."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from integrations.asana import asana_factory
from tests.stubs.asana import WORKSPACE, AsanaStub
from tests.support.histories import first_activity_start, keep_sync
from tests.support.hubspot import reconcile_now
from tests.support.project_tools import (
    checklist,
    disconnect,
    new_milestone,
    synced,
    ticks_by,
    ticks_push_nothing_back,
    tool_stack,
)
from tests.support.quickbooks import fetch_rows
from workflows.reconcile_types import ReconcileInput

TOKEN = "2/1200000000000099/1209999999999999:0123456789abcdef"


@pytest.fixture
def asana():
    with AsanaStub({TOKEN}) as stub:
        yield stub


@pytest.fixture
async def stack(time_skipping_env, engine, settings, org_a, asana):
    async with tool_stack(
        time_skipping_env,
        engine,
        settings,
        org_a.id,
        "asana",
        api_factory=asana_factory(asana.host),
        worker_factory=asana_factory(asana.host),
    ) as stack:
        yield stack


async def _connect(api, org) -> dict:
    r = await api.put(
        "/v1/integrations/asana",
        json={"access_token": TOKEN, "workspace_gid": WORKSPACE},
        headers=org.headers,
    )
    assert r.status_code == 200, r.text
    assert TOKEN not in r.text and r.json()["status"] == "connected"
    return r.json()


async def _milestone(api, org, *, key: str = "mixing") -> dict:
    return await new_milestone(api, org, key=key)


async def _synced(env, org_id: str, milestone_id: str) -> tuple[object, dict]:
    return await synced(env, org_id, "asana", milestone_id)


def _checklist(owner_conninfo: str, milestone_id: str) -> list[bool]:
    return checklist(owner_conninfo, milestone_id)


def _ticks_by_asana(owner_conninfo: str, milestone_id: str) -> int:
    return ticks_by(owner_conninfo, "asana", milestone_id)


async def test_a_completion_in_asana_ticks_the_checklist_once_and_nothing_echoes(
    stack, org_a, asana, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    milestone = await _milestone(api, org_a)
    assert await relay() >= 1  # project.milestone_created
    _, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "synced"
    task = asana.task_named(milestone["id"])
    assert (task["name"], task["due_on"], task["completed"]) == ("Mixing", "2026-12-20", False)
    [hook] = asana.webhooks.values()
    [(sealed,)] = fetch_rows(owner_conninfo, "SELECT webhook_secret FROM project_tool_containers")
    assert sealed is not None and hook["secret"].encode() not in bytes(sealed)
    assert len(asana.writes()) == 1

    # A person completes the task in Asana; three deliveries of it arrive at once.
    await asyncio.to_thread(asana.complete_by_person, task["gid"])
    body = asana.event_body(task["gid"])
    url = f"/integrations/asana/webhooks/{org_a.id}/{hook['target'].rsplit('/', 1)[-1]}"
    answers = await asyncio.gather(
        *(api.post(url, content=body, headers=asana.signed(hook["secret"], body)) for _ in "abc")
    )
    assert [a.status_code for a in answers] == [200, 200, 200]
    _, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "synced"
    assert _checklist(owner_conninfo, milestone["id"]) == [True, True]
    assert _ticks_by_asana(owner_conninfo, milestone["id"]) == 2  # one per item, once
    await ticks_push_nothing_back(
        stack, org_a, "asana", milestone["id"], lambda: len(asana.writes())
    )
    assert len(asana.writes()) == 1, [(w.method, w.path) for w in asana.writes()]


async def test_unsigned_forged_and_foreign_deliveries_change_nothing(
    stack, org_a, org_b, asana, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    milestone = await _milestone(api, org_a)
    await relay()
    await _synced(env, org_a.id, milestone["id"])
    [hook] = asana.webhooks.values()
    task = asana.task_named(milestone["id"])
    hook_id = hook["target"].rsplit("/", 1)[-1]
    body = asana.event_body(task["gid"])
    url = f"/integrations/asana/webhooks/{org_a.id}/{hook_id}"
    for headers in ({}, asana.signed("not-the-secret", body)):
        r = await api.post(url, content=body, headers=headers)
        assert r.status_code == 401, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
    # A second handshake (someone replaying Asana's set-up) cannot replace the secret.
    r = await api.post(url, headers={"X-Hook-Secret": "attacker-chosen"})
    assert r.status_code == 401 and "X-Hook-Secret" not in r.headers
    # Another organization's URL for this hook, and unknown ids, are 404.
    for other in (
        f"/integrations/asana/webhooks/{org_b.id}/{hook_id}",
        f"/integrations/asana/webhooks/{org_a.id}/ptc_00000000000000000000000000",
        f"/integrations/asana/webhooks/not-an-org/{hook_id}",
    ):
        r = await api.post(other, content=body, headers=asana.signed(hook["secret"], body))
        assert r.status_code == 404, (other, r.text)
    assert _checklist(owner_conninfo, milestone["id"]) == [False, False]
    # Another organization cannot disconnect (nor see) this connection.
    r = await api.delete("/v1/integrations/asana", headers=org_b.headers)
    assert r.status_code == 404
    r = await api.get("/v1/integrations", headers=org_b.headers)
    assert r.json()["data"] == []


async def test_a_retried_push_makes_no_second_task_and_a_429_waits_asanas_delay(
    stack, org_a, asana, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    # The first attempt is rate limited for 37 s; the second creates the task but its answer
    # is lost (a gateway timeout); the third finds the task by its key and updates it.
    asana.rate_limit("POST", "/tasks", retry_after=37)
    asana.lose_answer("POST", "/tasks")
    milestone = await _milestone(api, org_a)
    await relay()
    handle, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "synced"
    attempt, waited = await first_activity_start(handle)
    assert attempt == 3 and timedelta(seconds=37) <= waited < timedelta(seconds=60)
    assert len(asana.tasks) == 1 and result["external_id"] == next(iter(asana.tasks))
    assert asana.task_named(milestone["id"])["gid"] == result["external_id"]
    await keep_sync(
        env.client, owner_conninfo, "asana", "milestone", "sync_asana_task_found_on_retry"
    )


async def test_a_revoked_token_is_a_clear_connection_error(stack, org_a, asana):
    api, env, relay, _queue = stack
    r = await api.put(
        "/v1/integrations/asana",
        json={"access_token": "2/0000/0000:revoked-token", "workspace_gid": WORKSPACE},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "access_token"
    assert r.json()["code"] == "asana_auth_failed" and "Not Authorized" in r.json()["detail"]
    r = await api.put(
        "/v1/integrations/asana",
        json={"access_token": TOKEN, "workspace_gid": "1999999999999999"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "workspace_gid"
    await _connect(api, org_a)
    asana.revoke(TOKEN)
    milestone = await _milestone(api, org_a)
    await relay()
    _, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "failed" and "Not Authorized" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert connection["last_error"].startswith("Asana rejected the token: Not Authorized")


async def test_reconciliation_pushes_new_milestones_and_repairs_what_asana_changed_unheard(
    stack, org_a, asana, owner_conninfo
):
    api, env, relay, queue = stack
    await _connect(api, org_a)
    checklist = [{"id": "stems", "label": "Stems uploaded"}]
    r = await api.post(
        "/v1/projects",
        json={
            "name": "Night Drive",
            "currency": "EUR",
            "milestones": [
                {"key": "tracking", "name": "Tracking", "checklist": checklist},
                {"key": "mixing", "name": "Mixing", "checklist": checklist},
            ],
        },
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    tracking, mixing = (m["id"] for m in r.json()["milestones"])
    await relay()
    assert asana.tasks == {}  # milestones made with their project have no event of their own
    job = ReconcileInput(organization_id=org_a.id, provider="asana")
    async with env.time_skipping_unlocked():
        summary = await reconcile_now(env, job, queue)
    assert (summary.status, summary.checked, summary.repaired) == ("completed", 2, 2)
    for milestone_id in (tracking, mixing):
        assert (await _synced(env, org_a.id, milestone_id))[1]["status"] == "synced"
    assert len(asana.tasks) == 2 and len(asana.projects) == 1  # one Asana project for both

    # Unheard by any webhook: one task deleted in Asana, the other completed there.
    del asana.tasks[asana.task_named(tracking)["gid"]]
    completed = asana.task_named(mixing)
    completed.update(completed=True, modified_at="2026-12-03T10:00:00Z")
    async with env.time_skipping_unlocked():
        summary = await reconcile_now(env, job, queue)
    assert (summary.checked, summary.repaired) == (2, 2)
    for milestone_id in (tracking, mixing):
        assert (await _synced(env, org_a.id, milestone_id))[1]["status"] == "synced"
    assert asana.task_named(tracking)["completed"] is False  # made again
    assert _checklist(owner_conninfo, mixing) == [True]
    async with env.time_skipping_unlocked():
        summary = await reconcile_now(env, job, queue)
    assert (summary.checked, summary.repaired) == (2, 0)  # nothing left to repair


async def test_a_checklist_completed_here_completes_the_task_and_its_echo_is_ignored(
    stack, org_a, asana, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    milestone = await _milestone(api, org_a)
    await relay()
    await _synced(env, org_a.id, milestone["id"])
    for item in ("stems", "notes"):
        r = await api.post(
            f"/v1/milestones/{milestone['id']}/checklist",
            json={"item_id": item, "done": True},
            headers=org_a.headers,
        )
        assert r.status_code == 200, r.text
    await relay()
    _, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "synced"
    task = asana.task_named(milestone["id"])
    assert task["completed"] is True and len(asana.writes()) == 2  # created, then completed
    # Asana reports our own write back: the read-back carries our marker, nothing moves.
    [hook] = asana.webhooks.values()
    body = asana.event_body(task["gid"])
    r = await api.post(
        hook["target"].removeprefix(str(api.base_url).rstrip("/")),
        content=body,
        headers=asana.signed(hook["secret"], body),
    )
    assert r.status_code == 200
    _, result = await _synced(env, org_a.id, milestone["id"])
    assert result["status"] == "synced" and len(asana.writes()) == 2
    assert _checklist(owner_conninfo, milestone["id"]) == [True, True]
    assert _ticks_by_asana(owner_conninfo, milestone["id"]) == 0


async def test_a_disconnect_unsubscribes_asanas_webhooks_even_one_already_gone(
    stack, org_a, asana, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    for key in ("mixing", "mastering"):  # two projects: two Asana projects, two webhooks
        milestone = await _milestone(api, org_a, key=key)
        await relay()
        await _synced(env, org_a.id, milestone["id"])
    assert len(asana.webhooks) == 2
    del asana.webhooks[next(iter(asana.webhooks))]  # a person deleted one in Asana

    def deletes() -> list[str]:
        return [r.path for r in asana.recorded() if r.method == "DELETE"]

    await disconnect(api, org_a, "asana", lambda: len(deletes()) == 2 and not asana.webhooks)
    assert all(path.startswith("/webhooks/") for path in deletes())
    assert fetch_rows(
        owner_conninfo, "SELECT webhook_id, webhook_secret FROM project_tool_containers"
    ) == [(None, None), (None, None)]
