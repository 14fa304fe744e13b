"""Milestones ↔ Monday.com items end to end: the real app served on a socket (Monday's challenge
and JWT-signed deliveries reach it over HTTP), the whole worker on the time-skipping server,
and the real Monday client (httpx, GraphQL) against a local stub of Monday's API v2. A
milestone becomes one item (also after a retry whose read-back failed), an item set to Done
in Monday ticks the checklist here without an echo write, concurrent deliveries decide once,
unsigned, forged and expired deliveries change nothing, a revoked token is a clear
connection error, and an exhausted complexity budget waits Monday's reset in skipped time."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta

import jwt
import pytest
from temporalio import activity

from integrations.monday import DUE, ORIGIN, STATUS, MondayGateway
from tests.stubs.monday_stub import MondayStub
from tests.support.histories import first_activity_start
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

TOKEN = "eyJhbGciOiJIUzI1NiJ9.monday-token-of-helix"
SIGNING_SECRET = "monday-app-signing-secret-0123456789abcdef0123456789"


def _attempt_clock() -> float:
    """Temporal's time when this activity attempt started: skipped time on the test server,
    so the client's complexity budget resets when Temporal's clock says so."""
    return activity.info().started_time.timestamp()


@pytest.fixture
def monday():
    with MondayStub(tokens={TOKEN}, users={"41": "owner@org-a.example"}) as stub:
        yield stub


@pytest.fixture
async def gateways(monday):
    api, worker = (
        MondayGateway(api_url=monday.api_url, timeout=5),
        MondayGateway(api_url=monday.api_url, timeout=5, clock=_attempt_clock),
    )
    yield api, worker
    await api.aclose()
    await worker.aclose()


@pytest.fixture
async def stack(time_skipping_env, engine, settings, org_a, gateways):
    api_gateway, worker_gateway = gateways
    async with tool_stack(
        time_skipping_env,
        engine,
        settings,
        org_a.id,
        "monday",
        api_factory=api_gateway.factory(),
        worker_factory=worker_gateway.factory(),
        settings_update={"monday_signing_secret": SIGNING_SECRET},
    ) as stack:
        yield stack


def _signed(secret: str = SIGNING_SECRET, *, expires_in: int = 300) -> dict[str, str]:
    now = int(time.time())
    token = jwt.encode(
        {"accountId": 12345, "userId": 41, "iat": now, "exp": now + expires_in}, secret, "HS256"
    )
    return {"Authorization": token, "Content-Type": "application/json"}


def _event(item_id: str) -> bytes:
    """Monday's delivery of a status change (``change_specific_column_value``)."""
    return json.dumps(
        {
            "event": {
                "type": "update_column_value",
                "pulseId": int(item_id),
                "columnId": STATUS,
                "value": {"label": {"index": 1, "text": "Done"}},
            }
        }
    ).encode()


async def _connect(api, org) -> dict:
    r = await api.put("/v1/integrations/monday", json={"access_token": TOKEN}, headers=org.headers)
    assert r.status_code == 200, r.text
    assert TOKEN not in r.text and r.json()["status"] == "connected"
    return r.json()


def _writes(monday: MondayStub) -> int:
    return len(monday.calls_of("create_item")) + len(
        monday.calls_of("change_multiple_column_values")
    )


def _hook_path(monday: MondayStub, api) -> str:
    [hook] = monday.webhooks.values()
    assert hook["config"] == {"columnId": STATUS}
    return str(hook["url"]).removeprefix(str(api.base_url).rstrip("/"))


async def test_an_item_set_to_done_in_monday_ticks_the_checklist_once_and_nothing_echoes(
    stack, org_a, monday, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    milestone = await new_milestone(api, org_a)
    assert await relay() >= 1  # project.milestone_created
    _, result = await synced(env, org_a.id, "monday", milestone["id"])
    assert result["status"] == "synced"
    item = monday.items[result["external_id"]]
    assert (item["name"], item["text"][DUE], item["text"][STATUS]) == (
        "Mixing",
        "2026-12-20",
        "Working on it",
    )
    assert len(monday.boards) == 1 and _writes(monday) == 1
    path = _hook_path(monday, api)
    # Monday's set-up request: the challenge is echoed, nothing else happens.
    r = await api.post(path, json={"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWM"})
    assert r.status_code == 200 and r.json() == {
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWM"
    }

    # A person sets the item to Done; two deliveries of it arrive at once.
    await asyncio.to_thread(monday.person_changes, result["external_id"], **{STATUS: "Done"})
    body = _event(result["external_id"])
    answers = await asyncio.gather(*(api.post(path, content=body, headers=_signed()) for _ in "ab"))
    assert [a.status_code for a in answers] == [200, 200]
    _, result = await synced(env, org_a.id, "monday", milestone["id"])
    assert result["status"] == "synced"
    assert checklist(owner_conninfo, milestone["id"]) == [True, True]
    assert ticks_by(owner_conninfo, "monday", milestone["id"]) == 2  # one per item, once
    await ticks_push_nothing_back(stack, org_a, "monday", milestone["id"], lambda: _writes(monday))
    assert _writes(monday) == 1


async def test_unsigned_forged_expired_and_foreign_deliveries_change_nothing(
    stack, org_a, org_b, monday, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    milestone = await new_milestone(api, org_a)
    await relay()
    handle, result = await synced(env, org_a.id, "monday", milestone["id"])
    run_id = (await handle.describe()).run_id
    await asyncio.to_thread(monday.person_changes, result["external_id"], **{STATUS: "Done"})
    path = _hook_path(monday, api)
    body = _event(result["external_id"])
    for headers in (
        {},
        _signed("not-the-signing-secret-of-the-monday-app-0123456789"),
        _signed(expires_in=-60),
        {"Authorization": jwt.encode({"exp": int(time.time()) + 60}, SIGNING_SECRET, "HS384")},
    ):
        r = await api.post(path, content=body, headers=headers)
        assert r.status_code == 401, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
    hook_id = path.rsplit("/", 1)[-1]
    # Another organization's URL for this hook, Asana's route for it, and unknown ids: 404.
    for other in (
        f"/integrations/monday/webhooks/{org_b.id}/{hook_id}",
        f"/integrations/asana/webhooks/{org_a.id}/{hook_id}",
        f"/integrations/monday/webhooks/{org_a.id}/ptc_00000000000000000000000000",
        f"/integrations/monday/webhooks/not-an-org/{hook_id}",
    ):
        r = await api.post(other, content=body, headers=_signed())
        assert r.status_code == 404, (other, r.text)
    assert checklist(owner_conninfo, milestone["id"]) == [False, False]
    assert (await handle.describe()).run_id == run_id  # no turn was asked for


async def test_a_push_whose_read_back_failed_makes_no_second_item(stack, org_a, monday):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    # The item is created, then reading it back answers 500: the attempt fails before the
    # link is saved, and the retry finds the item by its key.
    monday.fail_once("items")
    milestone = await new_milestone(api, org_a)
    await relay()
    _, result = await synced(env, org_a.id, "monday", milestone["id"])
    assert result["status"] == "synced"
    assert list(monday.items) == [result["external_id"]]
    assert len(monday.calls_of("create_item")) == 1
    assert len(monday.calls_of("change_multiple_column_values")) == 1
    assert len(monday.boards) == 1 and len(monday.webhooks) == 1


async def test_a_revoked_token_is_a_clear_connection_error(stack, org_a, monday):
    api, env, relay, _queue = stack
    r = await api.put(
        "/v1/integrations/monday",
        json={"access_token": "not-a-monday-token-at-all"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "access_token"
    assert r.json()["code"] == "monday_auth_failed" and "Not Authenticated" in r.json()["detail"]
    r = await api.put(
        "/v1/integrations/monday",
        json={"access_token": TOKEN, "workspace_id": "main"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "workspace_id"
    await _connect(api, org_a)
    monday.tokens.discard(TOKEN)
    milestone = await new_milestone(api, org_a)
    await relay()
    _, result = await synced(env, org_a.id, "monday", milestone["id"])
    assert result["status"] == "failed" and "Not Authenticated" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert connection["last_error"].startswith("Monday rejected the token:")
    assert "Not Authenticated" in connection["last_error"]


async def test_an_exhausted_complexity_budget_waits_mondays_reset_in_skipped_time(
    stack, org_a, monday, time_skipping_env
):
    api, env, relay, _queue = stack
    loop = asyncio.get_running_loop()

    def skipped_now() -> datetime:
        # The stub answers on its own thread: Temporal's (skipped) time, asked on our loop.
        return asyncio.run_coroutine_threadsafe(env.get_current_time(), loop).result(10)

    await _connect(api, org_a)
    monday.clock = skipped_now
    await asyncio.to_thread(monday.spend_budget, 5, 42)
    milestone = await new_milestone(api, org_a)
    await relay()
    handle, result = await synced(env, org_a.id, "monday", milestone["id"])
    assert result["status"] == "synced"
    attempt, waited = await first_activity_start(handle)
    assert attempt == 2 and timedelta(seconds=41) <= waited < timedelta(seconds=60)
    assert len(monday.items) == 1 and monday.items[result["external_id"]]["text"][ORIGIN]


async def test_a_disconnect_unsubscribes_the_boards_webhooks_and_a_reconnect_subscribes_again(
    stack, org_a, org_b, monday, owner_conninfo
):
    api, env, relay, _queue = stack
    await _connect(api, org_a)
    first = await new_milestone(api, org_a)
    await relay()
    await synced(env, org_a.id, "monday", first["id"])
    assert len(monday.webhooks) == 1
    r = await api.delete("/v1/integrations/monday", headers=org_b.headers)
    assert r.status_code == 404 and len(monday.webhooks) == 1
    await disconnect(api, org_a, "monday", lambda: not monday.webhooks)
    assert len(monday.calls_of("delete_webhook")) == 1
    assert fetch_rows(owner_conninfo, "SELECT webhook_id FROM project_tool_containers") == [(None,)]
    # Reconnected: the board's next turn subscribes again; a person then deletes that
    # webhook in Monday, and the second disconnect takes Monday's "not found" as done.
    await _connect(api, org_a)
    second = await new_milestone(api, org_a, key="mastering")
    await relay()
    assert (await synced(env, org_a.id, "monday", second["id"]))[1]["status"] == "synced"
    [hook] = monday.webhooks.values()  # the new project's board
    assert hook["url"].endswith(
        fetch_rows(
            owner_conninfo,
            "SELECT id FROM project_tool_containers WHERE webhook_id IS NOT NULL",
        )[0][0]
    )
    monday.webhooks.clear()
    await disconnect(api, org_a, "monday", lambda: len(monday.calls_of("delete_webhook")) == 2)
    # Monday answered "not found": taken as done, the disconnect stands.
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "disconnected"
