"""The Monday.com adapter: the real client (httpx, GraphQL) against a local stub of Monday's
API v2 — boards with our columns, items upserted exactly once, assignees mapped by e-mail,
batched reads with the origin marker, the complexity budget and rate limits, Monday's error
formats — and the inbound webhooks: the challenge, the JWT signature, the events."""

from __future__ import annotations

import json
import time
from datetime import date

import httpx
import jwt
import pytest

from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable
from integrations.monday import (
    API_VERSION,
    COLUMNS,
    DUE,
    KEY,
    ORIGIN,
    OWNER,
    STATUS,
    MondayGateway,
)
from integrations.monday_webhooks import MondayWebhooks
from integrations.oauth import OAuthApp
from integrations.project_management import Task
from tests.stubs.monday_stub import MondayStub

TOKEN = "eyJhbGciOiJIUzI1NiJ9.monday-token-of-helix"
OTHER_TOKEN = "eyJhbGciOiJIUzI1NiJ9.monday-token-of-another-account"
SIGNING_SECRET = "monday-app-signing-secret-0123456789"
PAT = "41"  # Pat Producer's Monday user id
OUR_COLUMNS = [c[0] for c in COLUMNS]


APP = OAuthApp(
    "monday-client-id-4711",
    "monday-client-secret-0815",
    "https://app.auditoryx.example/monday/callback",
)


@pytest.fixture
def monday():
    with MondayStub(
        client=(APP.client_id, APP.client_secret),
        tokens={TOKEN, OTHER_TOKEN},
        users={PAT: "pat@helix.example", "42": "lee@helix.example"},
    ) as stub:
        yield stub


@pytest.fixture
async def gateway(monday):
    gateway = MondayGateway(api_url=monday.api_url, auth_url=monday.base_url, timeout=5)
    yield gateway
    await gateway.aclose()


def _task(key: str = "ms_tracking", **changes) -> Task:
    fields = {
        "name": "Tracking — Night Drive",
        "notes": "Drums and bass at Studio North",
        "due_on": date(2026, 12, 18),
        "completed": False,
        "key": key,
        "marker": "rev-1",
        "assignee_email": "Pat@Helix.example",
    } | changes
    return Task(**fields)


async def test_the_token_is_sent_as_monday_expects_and_a_bad_one_is_unauthorized(monday, gateway):
    await gateway.boards(TOKEN).check_token()
    [call] = monday.recorded()
    assert call.headers["authorization"] == TOKEN and call.headers["api-version"] == API_VERSION
    assert monday.operations() == [["me", "complexity"]]
    with pytest.raises(Unauthorized, match="Not Authenticated") as refused:
        await gateway.boards("revoked-token").check_token()
    assert refused.value.status == 401 and refused.value.provider == "monday"


async def test_a_consent_code_becomes_a_token_only_with_every_scope(monday, gateway):
    monday.codes["code-1"] = "boards:read boards:write users:read webhooks:write me:read"
    grant = await gateway.exchange_code(APP, "code-1")
    assert grant.access_token in monday.tokens and "webhooks:write" in grant.scopes
    await gateway.boards(grant.access_token).check_token()
    [exchange] = [r for r in monday.recorded() if r.path == "/oauth2/token"]
    assert exchange.form() == {
        "client_id": APP.client_id,
        "client_secret": APP.client_secret,
        "code": "code-1",
        "redirect_uri": APP.redirect_uri,
    }
    with pytest.raises(Unauthorized, match="Invalid authorization code"):
        await gateway.exchange_code(APP, "code-1")  # a code is good once
    monday.codes["code-2"] = "boards:read boards:write"
    with pytest.raises(Unauthorized, match="did not grant users:read, webhooks:write"):
        await gateway.exchange_code(APP, "code-2")
    monday.codes["code-3"] = "boards:read boards:write users:read webhooks:write"
    with pytest.raises(Unauthorized, match="invalid_client"):
        await gateway.exchange_code(OAuthApp(APP.client_id, "wrong-secret"), "code-3")


async def test_a_board_is_made_once_with_our_columns_and_repaired(monday, gateway):
    boards = gateway.boards(TOKEN)
    board = await boards.ensure_container("Night Drive (album)", known_id=None)
    assert monday.boards[board]["name"] == "Night Drive (album)"
    assert monday.boards[board]["columns"] == OUR_COLUMNS
    [create] = monday.calls_of("create_board")
    assert "board_kind: private" in create.json()["query"]
    status = next(
        r for r in monday.calls_of("create_column") if r.json()["variables"]["id"] == STATUS
    )
    assert json.loads(status.json()["variables"]["defaults"]) == {
        "labels": {"0": "Working on it", "1": "Done"}
    }

    before = len(monday.recorded())
    assert await boards.ensure_container("Night Drive (album)", known_id=board) == board
    assert len(monday.recorded()) == before + 1 and len(monday.boards) == 1  # one read, no writes

    monday.boards[board]["columns"].remove(OWNER)  # a person deleted our people column
    assert await boards.ensure_container("Night Drive (album)", known_id=board) == board
    assert monday.boards[board]["columns"][-1] == OWNER
    assert [r.json()["variables"]["id"] for r in monday.calls_of("create_column")][-1] == OWNER

    monday.add_board("Night Drive (album)")  # a person's board of the same name is not ours
    monday.boards[board]["state"] = "deleted"
    fresh = await boards.ensure_container("Night Drive (album)", known_id=board)
    assert fresh != board and monday.boards[fresh]["columns"] == OUR_COLUMNS
    assert len(monday.calls_of("create_board")) == 2


async def test_the_registry_factory_puts_boards_in_the_connections_workspace(monday, gateway):
    make = gateway.factory()
    board = await make(TOKEN, {"workspace_id": 5150}).ensure_container("EP", known_id=None)
    assert monday.boards[board]["workspace"] == "5150"
    other = await make(TOKEN, {}).ensure_container("Single", known_id=None)
    assert monday.boards[other]["workspace"] is None  # Monday's main workspace
    assert make(TOKEN, {}).budget is make(TOKEN, {"workspace_id": 1}).budget


async def test_a_board_create_cut_short_is_finished_not_made_twice(monday, gateway):
    boards = gateway.boards(TOKEN)
    monday.fail_once("create_column", after=2)  # Monday fails after the board and two columns
    with pytest.raises(Unavailable):
        await boards.ensure_container("Night Drive", known_id=None)
    [half_made] = monday.boards
    assert monday.boards[half_made]["columns"] == OUR_COLUMNS[:2]
    # The retry has no board id to go on: it finds the board by its name and our key column.
    assert await boards.ensure_container("Night Drive", known_id=None) == half_made
    assert monday.boards[half_made]["columns"] == OUR_COLUMNS
    assert len(monday.boards) == 1 and len(monday.calls_of("create_board")) == 1


async def test_upsert_maps_the_assignee_and_never_duplicates_on_retry(monday, gateway):
    boards = gateway.boards(TOKEN)
    board = await boards.ensure_container("Night Drive", known_id=None)
    item = await boards.upsert_task(board, _task(), known_id=None)
    stored = monday.items[item]
    assert stored["name"] == "Tracking — Night Drive" and stored["board"] == board
    assert stored["text"][OWNER] == "pat@helix.example"  # mapped by e-mail, case aside
    assert stored["text"][DUE] == "2026-12-18" and stored["text"][STATUS] == "Working on it"
    assert stored["text"][KEY] == "ms_tracking"
    assert stored["text"][ORIGIN] == "rev-1|open|2026-12-18"
    [lookup] = monday.calls_of("users")
    assert lookup.json()["variables"] == {"emails": ["Pat@Helix.example"]}
    [create] = monday.calls_of("create_item")
    assert json.loads(create.json()["variables"]["values"])[OWNER] == {
        "personsAndTeams": [{"id": 41, "kind": "person"}]
    }

    # The link holds the id: the same item is updated.
    done = _task(marker="rev-2", completed=True, name="Tracking (final)", assignee_email=None)
    assert await boards.upsert_task(board, done, known_id=item) == item
    assert monday.items[item]["name"] == "Tracking (final)"
    assert monday.items[item]["text"][STATUS] == "Done"
    assert monday.items[item]["text"][OWNER] == ""  # no e-mail: unassigned
    # A create whose answer was lost (no id kept): found by our key, not made twice.
    assert await boards.upsert_task(board, _task(marker="rev-3"), known_id=None) == item
    assert await boards.upsert_task(board, _task(marker="rev-4"), known_id="7999999999") == item
    assert len(monday.items) == 1 and len(monday.calls_of("create_item")) == 1

    # An e-mail nobody in the account has leaves the item unassigned.
    await boards.upsert_task(board, _task(assignee_email="nobody@else.example"), known_id=item)
    assert monday.items[item]["text"][OWNER] == ""
    # A deleted item is made again.
    monday.delete_item(item)
    again = await boards.upsert_task(board, _task(marker="rev-5"), known_id=item)
    assert again != item and monday.items[again]["state"] == "active"


async def test_reads_are_batched_and_show_whose_change_it_was(monday, gateway):
    boards = gateway.boards(TOKEN)
    board = await boards.ensure_container("Night Drive", known_id=None)
    ids = [
        await boards.upsert_task(board, _task(f"ms_{n}", due_on=None), known_id=None)
        for n in range(3)
    ]
    monday.items.update(  # many more items of the board, as written by an earlier sync
        {str(8_000_000_000 + n): {**monday.items[ids[0]]} for n in range(147)}
    )
    wanted = [*ids, *(str(8_000_000_000 + n) for n in range(147)), "7000999999"]
    before = len(monday.calls_of("items"))
    states = await boards.read_tasks(wanted)
    reads = monday.calls_of("items")[before:]
    assert [len(r.json()["variables"]["ids"]) for r in reads] == [100, 51]
    assert len(states) == 150 and "7000999999" not in states  # gone: simply absent
    first = states[ids[0]]
    assert (first.completed, first.marker) == (False, "rev-1")

    monday.person_changes(ids[1], **{STATUS: "Done"})
    changed = (await boards.read_tasks([ids[1]]))[ids[1]]
    assert changed.completed and changed.marker == ""  # a person's change, not our echo
    assert changed.modified_at > first.modified_at and changed.modified_at.tzinfo is not None
    await boards.upsert_task(
        board, _task("ms_1", completed=True, marker="rev-9", due_on=None), known_id=ids[1]
    )
    assert (await boards.read_tasks([ids[1]]))[ids[1]].marker == "rev-9"
    monday.person_changes(ids[1], **{DUE: "2027-01-08"})
    assert (await boards.read_tasks([ids[1]]))[ids[1]].marker == ""


async def test_a_call_over_the_known_budget_is_not_sent(monday, gateway):
    boards = gateway.boards(TOKEN)
    await boards.check_token()
    monday.spend_budget(left=50, reset_seconds=37)
    await boards.read_tasks(["7000000404"])  # costs 40: Monday says 10 are left
    assert monday.last_complexity["after"] == 10
    sent = len(monday.recorded())
    with pytest.raises(RateLimited) as limited:
        await gateway.boards(TOKEN).read_tasks(["7000000404"])  # the budget is the token's
    assert limited.value.retry_after == monday.last_complexity["reset_in_x_seconds"] == 37
    assert limited.value.status == 429 and limited.value.code == "rate_limited"
    assert len(monday.recorded()) == sent
    await gateway.boards(OTHER_TOKEN).check_token()  # another account's budget is its own
    assert len(monday.recorded()) == sent + 1


@pytest.mark.parametrize("legacy", [False, True], ids=["2025-errors", "ComplexityException"])
async def test_monday_exhausting_the_budget_raises_rate_limited_with_its_delay(
    monday, gateway, legacy
):
    monday.legacy_errors = legacy
    monday.spend_budget(left=5, reset_seconds=42)
    boards = gateway.boards(TOKEN)
    with pytest.raises(RateLimited, match=r"(?i)complexity budget exhausted") as limited:
        await boards.check_token()
    assert limited.value.retry_after == 42
    sent = len(monday.recorded())
    with pytest.raises(RateLimited):  # known to be spent: not sent until the reset
        await boards.check_token()
    assert len(monday.recorded()) == sent


@pytest.mark.parametrize("legacy", [False, True], ids=["2025-errors", "legacy"])
async def test_429_rate_limit_exceeded_carries_the_retry_after(monday, gateway, legacy):
    monday.legacy_errors = legacy
    monday.rate_limit(retry_after=17)
    with pytest.raises(RateLimited, match="Rate Limit Exceeded") as limited:
        await gateway.boards(TOKEN).check_token()
    assert limited.value.retry_after == 17


async def test_other_graphql_errors_and_outages_are_the_shared_family(monday, gateway):
    boards = gateway.boards(TOKEN)
    with pytest.raises(Rejected) as refused:
        await boards.upsert_task("7000123456", _task(assignee_email=None), known_id=None)
    assert refused.value.code == "InvalidBoardIdException" and refused.value.status == 400
    assert refused.value.code == "InvalidBoardIdException" and "Board not found" in str(
        refused.value
    )
    assert not isinstance(refused.value, Unauthorized)
    closed = MondayGateway(api_url="http://127.0.0.1:9/v2", timeout=2)
    with pytest.raises(Unavailable, match="unreachable"):
        await closed.boards(TOKEN).check_token()
    await closed.aclose()


async def test_subscribing_watches_the_status_column(monday, gateway):
    boards = gateway.boards(TOKEN)
    board = await boards.ensure_container("Night Drive", known_id=None)
    hook = await boards.subscribe(board, "https://app.auditoryx.example/integrations/monday/events")
    assert monday.webhooks[hook] == {
        "board": board,
        "url": "https://app.auditoryx.example/integrations/monday/events",
        "config": {"columnId": STATUS},
    }
    assert (
        "event: change_specific_column_value"
        in monday.calls_of("create_webhook")[0].json()["query"]
    )
    await boards.unsubscribe(hook)
    assert monday.webhooks == {}
    await boards.unsubscribe(hook)  # already gone (Monday answers 404 in the error): done
    [_, gone] = monday.calls_of("delete_webhook")
    assert gone.json()["variables"] == {"id": hook}


# --- inbound webhooks ------------------------------------------------------------------

WEBHOOKS = MondayWebhooks()
EVENT = {
    "event": {
        "app": "monday",
        "type": "update_column_value",
        "triggerTime": "2026-12-02T10:15:00.000Z",
        "subscriptionId": 7000000009,
        "userId": 41,
        "originalTriggerUuid": None,
        "boardId": 7000000001,
        "groupId": "topics",
        "pulseId": 7000000008,
        "pulseName": "Tracking — Night Drive",
        "columnId": STATUS,
        "columnType": "color",
        "columnTitle": "Status",
        "value": {"label": {"index": 1, "text": "Done"}},
        "changedAt": 1764670500.1,
        "isTopGroup": True,
        "triggerUuid": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    }
}


def _jwt(secret: str = SIGNING_SECRET, **claims) -> str:
    now = int(time.time())
    payload = {"accountId": 12345, "userId": 41, "iat": now, "exp": now + 300} | claims
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret, "HS256")


def test_the_challenge_is_echoed_and_deliveries_are_not_handshakes():
    answer = WEBHOOKS.handshake(
        {}, b'{"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}'
    )
    assert answer is not None and answer.secret is None
    assert answer.body == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    assert answer.headers["Content-Type"] == "application/json"
    assert WEBHOOKS.handshake({}, json.dumps(EVENT).encode()) is None
    assert WEBHOOKS.handshake({}, b"not json") is None
    assert WEBHOOKS.handshake({}, b'{"challenge": 7}') is None


def test_only_deliveries_signed_with_the_apps_secret_and_unexpired_pass():
    body = json.dumps(EVENT).encode()
    assert WEBHOOKS.verify(SIGNING_SECRET, {"Authorization": _jwt()}, body)
    assert WEBHOOKS.verify(SIGNING_SECRET, {"authorization": f"Bearer {_jwt()}"}, body)
    refused = {
        "unsigned": {},
        "empty": {"Authorization": ""},
        "forged": {"Authorization": _jwt("someone-elses-signing-secret-0123456789")},
        "expired": {"Authorization": _jwt(exp=int(time.time()) - 60)},
        "no expiry": {"Authorization": _jwt(exp=None)},
        "alg none": {"Authorization": jwt.encode({"exp": int(time.time()) + 300}, None, "none")},
        "garbage": {"Authorization": "Bearer not.a.jwt"},
    }
    for case, headers in refused.items():
        assert not WEBHOOKS.verify(SIGNING_SECRET, headers, body), case
    assert not WEBHOOKS.verify("", {"Authorization": _jwt()}, body)  # no secret configured


def test_events_name_the_items_that_changed():
    assert WEBHOOKS.changed_task_ids(json.dumps(EVENT).encode()) == ["7000000008"]
    created = {
        "event": {
            "type": "create_pulse",
            "boardId": 1,
            "pulseId": 7000000010,
            "pulseName": "Mixing",
        }
    }
    assert WEBHOOKS.changed_task_ids(json.dumps(created).encode()) == ["7000000010"]
    status = {
        "event": {**EVENT["event"], "type": "change_status_column_value", "pulseId": "7000000011"}
    }
    assert WEBHOOKS.changed_task_ids(json.dumps(status).encode()) == ["7000000011"]
    assert WEBHOOKS.changed_task_ids(b'{"challenge": "x"}') == []
    assert WEBHOOKS.changed_task_ids(b'{"event": {"type": "create_update"}}') == []
    assert WEBHOOKS.changed_task_ids(b"\xff\xfe") == []


def test_the_headers_of_a_real_request_are_read_case_blind():
    request = httpx.Request("POST", "https://x.example", headers={"AUTHORIZATION": _jwt()})
    assert WEBHOOKS.verify(SIGNING_SECRET, request.headers, b"{}")
