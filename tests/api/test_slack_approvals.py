"""Approvals in Slack, end to end: the real app and worker on Temporal and PostgreSQL, the
real slack-sdk client talking to a local stub of Slack's Web API, and interaction callbacks
built and signed exactly as Slack builds and signs them.

Only the reminder test needs virtual time and runs on the shared time-skipping server; the rest
run on the dev server, where nothing a test leaves in flight can hold the time-skipping clock
of the tests after it (the test server never releases its time-skipping lock for, e.g., two
concurrent updates of which the chain accepts one between steps and then refuses it)."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from core.crypto import SecretBox
from tests.support.approvals import handle, member_key, pending_booking
from tests.support.slack import (
    BOT_TOKEN,
    FINN,
    MARA,
    OTHER_SECRET,
    OTHER_TEAM,
    OTHER_TOKEN,
    SIGNING_SECRET,
    TEAM,
    VIC,
    click,
    connect_slack,
    link_slack_account,
    posted_message,
    signed,
)
from workflows.approval import ApprovalChainWorkflow


@pytest.fixture
def api(slack_api):
    """The app and a worker on the dev server, approvals going to the ``slack`` stub."""
    return slack_api


def rows(conninfo: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql, params).fetchall()


async def eventually(conninfo: str, count: int, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` once there are ``count`` (the worker writes after Slack answers)."""
    for _ in range(200):
        found = rows(conninfo, sql, *params)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    return found


async def summary_of(api, org, request_id: str) -> str:
    r = await api.get(f"/v1/approvals/{request_id}", headers=org.headers)
    return r.json()["summary"]


# --- connecting ---------------------------------------------------------------------------


async def test_connect_checks_the_token_with_slack_and_stores_only_ciphertext(
    api, org_a, slack, settings, owner_conninfo
):
    r = await api.put(
        "/v1/integrations/slack",
        headers=org_a.headers,
        json={"bot_token": "xoxb-revoked-token-0000", "signing_secret": SIGNING_SECRET},
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "slack_auth_failed"
    assert r.json()["slack_error"] == "invalid_auth"
    assert r.json()["param"] == "bot_token"
    assert rows(owner_conninfo, "SELECT id FROM integration_connections") == []

    r = await api.put(
        "/v1/integrations/slack",
        headers=org_a.headers,
        json={"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "team_id": "T0WRONG"},
    )
    assert r.status_code == 422 and r.json()["code"] == "slack_team_mismatch", r.text
    assert rows(owner_conninfo, "SELECT id FROM integration_connections") == []

    body = await connect_slack(api, org_a, default_channel="C0APPROVALS")
    assert body["provider"] == "slack" and body["status"] == "connected"
    assert body["external_account_id"] == TEAM  # from auth.test, not from the request
    assert body["settings"] == {"team_name": "Northstar", "default_channel": "C0APPROVALS"}
    assert [c.token for c in slack.calls("auth.test")] == [
        "xoxb-revoked-token-0000",
        BOT_TOKEN,
        BOT_TOKEN,
    ]

    [(sealed, account)] = rows(
        owner_conninfo, "SELECT credentials, external_account_id FROM integration_connections"
    )
    sealed = bytes(sealed)
    assert BOT_TOKEN.encode() not in sealed and SIGNING_SECRET.encode() not in sealed
    assert account == TEAM
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    assert box.open(sealed) == {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET}

    listing = await api.get("/v1/integrations", headers=org_a.headers)
    assert listing.status_code == 200
    assert [(i["provider"], i["status"], i["last_error"]) for i in listing.json()["data"]] == [
        ("slack", "connected", None)
    ]
    assert BOT_TOKEN not in listing.text and SIGNING_SECRET not in listing.text

    r = await api.delete("/v1/integrations/slack", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["status"] == "disconnected", r.text
    assert rows(owner_conninfo, "SELECT credentials, status FROM integration_connections") == [
        (None, "disconnected")
    ]
    r = await api.delete("/v1/integrations/hubspot", headers=org_a.headers)
    assert r.status_code == 404

    audit = rows(
        owner_conninfo,
        "SELECT action, changes::text FROM audit_events WHERE target_type = 'integration'"
        " ORDER BY seq",
    )
    assert [a for a, _ in audit] == ["integration.connected", "integration.disconnected"]
    assert not any(BOT_TOKEN in c or SIGNING_SECRET in c for _, c in audit)


# --- notices ------------------------------------------------------------------------------


def expected_blocks(
    summary: str, value: str, header: str = "Approval needed", note: str | None = None
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{summary}*"},
            "fields": [
                {"type": "mrkdwn", "text": "*Step*\nmanager"},
                {"type": "mrkdwn", "text": "*Kind*\nbooking"},
            ],
        },
    ]
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    blocks.append(
        {
            "type": "actions",
            "block_id": "approval_decision",
            "elements": [
                {
                    "type": "button",
                    "action_id": "approve",
                    "text": {"type": "plain_text", "text": "Approve"},
                    "style": "primary",
                    "value": value,
                },
                {
                    "type": "button",
                    "action_id": "reject",
                    "text": {"type": "plain_text", "text": "Reject"},
                    "style": "danger",
                    "value": value,
                },
            ],
        }
    )
    return blocks


async def test_a_booking_needing_approval_sends_each_approver_a_dm_with_buttons(
    slack_api_in_virtual_time, org_a, slack, time_skipping_env, owner_conninfo
):
    api = slack_api_in_virtual_time
    await connect_slack(api, org_a, default_channel="C0APPROVALS")
    mara_id, _ = await member_key(api, org_a, MARA, "manager")
    finn_id, _ = await member_key(api, org_a, FINN, "manager")  # no Slack account
    _booking, request_id = await pending_booking(
        api,
        org_a,
        steps=[
            {
                "name": "manager",
                "approvers": [{"role": "manager"}],
                "mode": "all",
                "reminder_every_hours": 24,
            }
        ],
    )
    summary = await summary_of(api, org_a, request_id)
    await slack.wait_for_answers("chat.postMessage", 2)
    by_channel = {c.body["channel"]: c for c in slack.calls("chat.postMessage")}
    assert set(by_channel) == {"U0MARA", "C0APPROVALS"}
    for call in by_channel.values():
        assert call.token == BOT_TOKEN
    assert by_channel["U0MARA"].body == {
        "channel": "U0MARA",
        "text": f"Approval needed: {summary}",
        "blocks": expected_blocks(summary, f"{request_id}:0"),
    }
    # Finn has no Slack user: the default channel gets the message, mentioning nobody.
    assert by_channel["C0APPROVALS"].body == {
        "channel": "C0APPROVALS",
        "text": f"Approval needed: {summary}",
        "blocks": expected_blocks(
            summary,
            f"{request_id}:0",
            note="For finn: no Slack account matches their e-mail address, "
            "so this was posted here.",
        ),
    }
    assert "<@" not in json.dumps(by_channel["C0APPROVALS"].body)
    assert sorted(c.body["email"] for c in slack.calls("users.lookupByEmail")) == [FINN, MARA]

    # What was posted is remembered (the DM's channel as Slack answered it) …
    stored = await eventually(
        owner_conninfo,
        2,
        "SELECT member_id, channel_id, provider FROM chat_messages WHERE request_id = %s"
        " ORDER BY channel_id",
        request_id,
    )
    assert stored == [(finn_id, "C0APPROVALS", "slack"), (mara_id, "D0MARA", "slack")]
    # … as is Mara's Slack identity, so the reminder needs no second look-up.
    assert rows(owner_conninfo, "SELECT member_id, external_user_id FROM chat_identities") == [
        (mara_id, "U0MARA")
    ]
    notices = await eventually(
        owner_conninfo,
        2,
        "SELECT member_id, status FROM approval_notifications WHERE channel = 'slack'"
        " ORDER BY member_id",
    )
    assert sorted(notices) == sorted([(mara_id, "sent"), (finn_id, "sent")])

    await time_skipping_env.sleep(timedelta(hours=25))
    await slack.wait_for_answers("chat.postMessage", 4)
    reminders = [c for c in slack.calls("chat.postMessage")[2:] if c.body["channel"] == "U0MARA"]
    assert reminders[0].body["blocks"] == expected_blocks(
        summary, f"{request_id}:0", header="Reminder: approval needed"
    )
    assert [c.body["email"] for c in slack.calls("users.lookupByEmail")].count(MARA) == 1


async def test_slack_rate_limit_is_reported_with_its_retry_after(api, org_a, slack, owner_conninfo):
    await connect_slack(api, org_a)
    await member_key(api, org_a, MARA, "manager")
    slack.rate_limit("chat.postMessage", retry_after=30)
    _booking, request_id = await pending_booking(api, org_a)
    await slack.wait_for_calls("chat.postMessage")
    found = await eventually(
        owner_conninfo,
        1,
        "SELECT status, detail FROM approval_notifications"
        " WHERE request_id = %s AND channel = 'slack'",
        request_id,
    )
    assert found == [("failed", "rate limited; retry after 30 s")]
    assert rows(owner_conninfo, "SELECT id FROM chat_messages") == []


# --- interactions -------------------------------------------------------------------------


async def approve_setup(api, org, slack) -> tuple[str, str, dict[str, Any], str, str]:
    """Slack connected, Mara (manager) asked by DM; returns her id, the request id, the
    booking, and the DM's channel and ts."""
    await connect_slack(api, org)
    mara_id, _ = await member_key(api, org, MARA, "manager")
    booking, request_id = await pending_booking(api, org)
    return mara_id, request_id, booking, *(await posted_message(slack))[1:]


async def test_an_approve_click_decides_confirms_the_booking_and_updates_the_message(
    api, org_a, slack, dev_server_env, owner_conninfo
):
    mara_id, request_id, booking, channel, ts = await approve_setup(api, org_a, slack)
    posted = slack.calls("chat.postMessage")[0]
    body, headers = signed(click(posted, channel, ts, "U0MARA"))
    r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
    assert r.status_code == 200 and r.content == b"", r.text

    result = await handle(dev_server_env, org_a.id, request_id).result()
    assert result.status == "approved"
    assert result.steps[0].decisions == {mara_id: "approve"}
    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert r.json()["status"] == "confirmed"
    assert rows(
        owner_conninfo,
        "SELECT member_id, status, channel FROM approval_assignments WHERE request_id = %s",
        request_id,
    ) == [(mara_id, "approved", "slack")]

    [update] = slack.calls("chat.update")
    summary = await summary_of(api, org_a, request_id)
    assert update.token == BOT_TOKEN
    assert (update.body["channel"], update.body["ts"]) == (channel, ts)
    assert update.body["text"] == f"Approved by mara: {summary}"
    section, context = update.body["blocks"]
    assert section == expected_blocks(summary, "")[1]
    line = context["elements"][0]["text"]
    assert line.startswith(":white_check_mark: Approved by *mara* <!date^")
    assert "actions" not in [b["type"] for b in update.body["blocks"]]
    assert slack.calls("chat.postEphemeral") == []
    assert rows(owner_conninfo, "SELECT closed_at IS NOT NULL FROM chat_messages") == [(True,)]


async def test_forged_stale_and_foreign_requests_are_refused_and_change_nothing(
    api, org_a, slack, dev_server_env, owner_conninfo
):
    _mara_id, request_id, _booking, channel, ts = await approve_setup(api, org_a, slack)
    payload = click(slack.calls("chat.postMessage")[0], channel, ts, "U0MARA")

    forged_body, forged = signed(payload, secret="not-the-signing-secret-at-all")
    stale_body, stale = signed(payload, timestamp=int(time.time()) - 6 * 60)
    good_body, good = signed(payload)
    tampered = good_body.replace(b"approve", b"reject")
    other_team = json.loads(json.dumps(payload))
    other_team["team"]["id"] = other_team["user"]["team_id"] = "T0NOBODY"
    foreign_body, foreign = signed(other_team)

    answers = []
    for content, headers in (
        (forged_body, forged),
        (stale_body, stale),
        (tampered, good),
        (good_body, {"Content-Type": "application/x-www-form-urlencoded"}),
        (foreign_body, foreign),
        (b"payload=%7Bnot-json", good),
    ):
        r = await api.post("/integrations/slack/interactions", content=content, headers=headers)
        assert r.status_code == 401, r.text
        answers.append({k: v for k, v in r.json().items() if k != "request_id"})
    # The same answer every time: a stranger learns nothing, not even whether a workspace
    # is connected here.
    assert all(a == answers[0] for a in answers)
    assert answers[0]["code"] == "invalid_slack_signature"

    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert slack.calls("chat.update") == [] and slack.calls("chat.postEphemeral") == []
    assert rows(
        owner_conninfo, "SELECT status FROM approval_assignments WHERE request_id = %s", request_id
    ) == [("pending",)]


async def test_a_click_by_someone_who_is_not_an_approver_is_explained_and_changes_nothing(
    api, org_a, slack, dev_server_env, sessionmaker
):
    _mara_id, request_id, _booking, channel, ts = await approve_setup(api, org_a, slack)
    vic_id, _ = await member_key(api, org_a, VIC, "coordinator")
    await link_slack_account(sessionmaker, org_a.id, vic_id, "U0VIC")
    posted = slack.calls("chat.postMessage")[0]
    for user in ("U0VIC", "U0STRANGER"):
        body, headers = signed(click(posted, channel, ts, user))
        r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
        assert r.status_code == 200, r.text

    vic, stranger = slack.calls("chat.postEphemeral")
    assert (vic.body["channel"], vic.body["user"]) == (channel, "U0VIC")
    assert vic.body["text"] == (
        "You are not an approver of the open step of this approval, so your click changed nothing."
    )
    assert stranger.body["user"] == "U0STRANGER"
    assert "not linked to an active member" in stranger.body["text"]
    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert slack.calls("chat.update") == []


async def test_a_double_click_records_one_decision_and_says_so(
    api, org_a, slack, dev_server_env, owner_conninfo
):
    await connect_slack(api, org_a)
    mara_id, _ = await member_key(api, org_a, MARA, "manager")
    boss_id, _ = await member_key(api, org_a, "boss@northstar.example", "admin")
    _booking, request_id = await pending_booking(
        api,
        org_a,
        steps=[
            {"name": "manager", "approvers": [{"role": "manager"}]},
            {"name": "finance", "approvers": [{"member_id": boss_id}]},
        ],
    )
    posted, channel, ts = await posted_message(slack)
    body, headers = signed(click(posted, channel, ts, "U0MARA"))
    first, second = await asyncio.gather(
        api.post("/integrations/slack/interactions", content=body, headers=headers),
        api.post("/integrations/slack/interactions", content=body, headers=headers),
    )
    assert first.status_code == second.status_code == 200

    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.steps[0].decisions == {mara_id: "approve"}
    assert status.status == "pending"  # finance still has to answer
    decisions = rows(
        owner_conninfo,
        "SELECT action FROM audit_events WHERE target_id = %s AND action = 'approval.approved'",
        request_id,
    )
    assert len(decisions) == 1
    assert len(slack.calls("chat.update")) == 1
    [explained] = slack.calls("chat.postEphemeral")
    assert explained.body["user"] == "U0MARA"
    # Whichever way the duplicate was refused, it reads as what it was.
    assert explained.body["text"] in (
        "You already decided on this step; your first answer stands and your click changed "
        "nothing.",
        "The step “manager” is already approved; your click changed nothing.",
    ), explained.body


async def test_a_click_on_the_message_of_a_finished_step_does_not_decide_the_next_one(
    api, org_a, slack, dev_server_env
):
    await connect_slack(api, org_a)
    mara_id, _ = await member_key(api, org_a, MARA, "manager")
    _booking, request_id = await pending_booking(
        api,
        org_a,
        steps=[
            {"name": "manager", "approvers": [{"role": "manager"}]},
            {"name": "budget owner", "approvers": [{"member_id": mara_id}]},
        ],
    )
    first, channel, ts = await posted_message(slack)
    body, headers = signed(click(first, channel, ts, "U0MARA"))
    assert (
        await api.post("/integrations/slack/interactions", content=body, headers=headers)
    ).status_code == 200

    second, channel2, ts2 = await posted_message(slack, 2)
    assert second.body["blocks"][1]["fields"][0]["text"] == "*Step*\nbudget owner"
    # The first message again (say its update never reached Slack): it answers for step 0 only.
    body, headers = signed(click(first, channel, ts, "U0MARA"))
    assert (
        await api.post("/integrations/slack/interactions", content=body, headers=headers)
    ).status_code == 200
    [stale] = slack.calls("chat.postEphemeral")
    assert stale.body["text"] == (
        "The step “manager” is already approved; your click changed nothing."
    )
    chain = handle(dev_server_env, org_a.id, request_id)
    status = await chain.query(ApprovalChainWorkflow.status)
    assert status.steps[1].status == "open" and status.steps[1].decisions == {}

    body, headers = signed(click(second, channel2, ts2, "U0MARA", action="reject"))
    assert (
        await api.post("/integrations/slack/interactions", content=body, headers=headers)
    ).status_code == 200
    result = await chain.result()
    assert result.status == "rejected"
    rejected = slack.calls("chat.update")[-1]
    assert (rejected.body["channel"], rejected.body["ts"]) == (channel2, ts2)
    assert rejected.body["blocks"][-1]["elements"][0]["text"].startswith(":x: Rejected by *mara*")


async def test_another_organizations_workspace_cannot_decide_our_approvals(
    api, org_a, org_b, slack, dev_server_env
):
    _mara_id, request_id, _booking, channel, ts = await approve_setup(api, org_a, slack)
    r = await api.put(
        "/v1/integrations/slack",
        headers=org_b.headers,
        json={"bot_token": OTHER_TOKEN, "signing_secret": OTHER_SECRET},
    )
    assert r.status_code == 200, r.text
    # Bluewave's own workspace, properly signed with Bluewave's secret, names our request.
    payload = click(slack.calls("chat.postMessage")[0], channel, ts, "U0MARA")
    payload["team"]["id"] = payload["user"]["team_id"] = OTHER_TEAM
    body, headers = signed(payload, secret=OTHER_SECRET)
    r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
    assert r.status_code == 200, r.text

    [answer] = slack.calls("chat.postEphemeral")
    assert answer.token == OTHER_TOKEN
    assert answer.body["text"] == "This approval no longer exists; your click changed nothing."
    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert slack.calls("chat.update") == []


async def test_the_interactions_url_is_in_the_openapi_with_its_signing_scheme(api):
    schema = (await api.get("/openapi.json")).json()
    operation = schema["paths"]["/integrations/slack/interactions"]["post"]
    assert "X-Slack-Signature" in operation["description"]
    assert "401" in operation["responses"]


async def test_stored_credentials_missing_a_key_refuse_the_callback_with_401_not_500(
    api, org_a, owner_conninfo, settings
):
    """A connection whose sealed credentials lack the signing secret (or the bot token) can
    verify nothing: the callback gets the same 401 as a forged one."""
    await connect_slack(api, org_a)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    payload = {"type": "block_actions", "team": {"id": TEAM}, "user": {"id": "U0MARA"}}
    for kept in ({"bot_token": BOT_TOKEN}, {"signing_secret": SIGNING_SECRET}):
        with psycopg.connect(owner_conninfo) as conn:
            conn.execute(
                "UPDATE integration_connections SET credentials = %s WHERE provider = 'slack'",
                (box.seal(kept),),
            )
        body, headers = signed(payload)
        r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
        assert r.status_code == 401, r.text
        assert r.json()["code"] == "invalid_slack_signature"
