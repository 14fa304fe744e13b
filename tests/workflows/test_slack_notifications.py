"""Slack event notices: routes set through the API, posted by the real slack-sdk client to a
stub of Slack's Web API, on the time-skipping server. A routed event arrives once with its
Block Kit payload; an unrouted one never; a 429 waits for Retry-After; a lost answer is not
posted twice."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.service import RPCError, RPCStatusCode

from activities.slack_notices import SlackNoticeActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from domain.events.service import EVENT_TYPES
from tests.stubs.slack_stub import SlackStub
from tests.support.approvals import new_booking
from tests.support.histories import keep_notice
from tests.support.workers import whole_worker
from workflows.clients.slack_notice import notice_workflow_id
from workflows.slack_notice_types import NoticeInput

BOT_TOKEN = "xoxb-notices-0123456789"
SCHEDULED = EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
STARTED = EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
CHANNEL = "C0NOTICES1"


@pytest.fixture
def slack():
    with SlackStub(tokens={BOT_TOKEN: ("T0NORTH", "Northstar")}) as stub:
        yield stub


@pytest.fixture
async def notice_stack(time_skipping_env, engine, app_factory, settings, org_a, slack):
    queue = f"notices-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    api._transport.app.state.slack_client_factory = slack.client_factory  # type: ignore[attr-defined]
    notices = SlackNoticeActivities(
        create_sessionmaker(engine),
        SecretBox.from_settings(settings),
        slack_clients=slack.client_factory,
    )
    async with whole_worker(
        time_skipping_env, engine, settings, queue, org_a.id, [notices.post]
    ) as relay:
        yield api, relay


async def _connect_and_route(api, org, routes) -> None:
    r = await api.put(
        "/v1/integrations/slack",
        json={"bot_token": BOT_TOKEN, "signing_secret": "notices-signing-secret"},
        headers=org.headers,
    )
    assert r.status_code == 200, r.text
    r = await api.put(
        "/v1/integrations/slack/notifications", json={"routes": routes}, headers=org.headers
    )
    assert r.status_code == 200, r.text


async def _confirmed_booking(api, org) -> dict:
    booking = await new_booking(api, org, "Vocal tracking <B-side> & more")
    r = await api.post(f"/v1/bookings/{booking['id']}/confirm", headers=org.headers)
    assert r.status_code == 200, r.text
    return r.json()


def _event_id(owner_conninfo: str, type_: str) -> str:
    with psycopg.connect(owner_conninfo) as conn:
        [(event_id,)] = conn.execute("SELECT id FROM events WHERE type = %s", (type_,)).fetchall()
    return str(event_id)


async def _result(env, org_id: str, event_id: str):
    handle = env.client.get_workflow_handle(
        notice_workflow_id(NoticeInput(organization_id=org_id, event_id=event_id, channel=CHANNEL))
    )
    async with env.time_skipping_unlocked():
        return handle, await handle.result()


def _without_since(routes: list[dict]) -> list[dict]:
    """Routes as set, without when each began (``since``: the server's clock)."""
    assert all(route["since"] for route in routes)
    return [{k: v for k, v in route.items() if k != "since"} for route in routes]


def _date(at: datetime, fmt: str) -> str:
    return f"<!date^{int(at.timestamp())}^{fmt}|{at.strftime('%Y-%m-%d %H:%M UTC')}>"


async def test_a_routed_event_arrives_once_with_its_blocks_and_an_unrouted_one_never(
    notice_stack, time_skipping_env, org_a, slack, owner_conninfo
):
    api, relay = notice_stack
    await _connect_and_route(api, org_a, [{"event_type": "booking.confirmed", "channel": CHANNEL}])
    booking = await _confirmed_booking(api, org_a)
    await relay()
    confirmed = _event_id(owner_conninfo, "booking.confirmed")
    _, result = await _result(time_skipping_env, org_a.id, confirmed)
    assert result["status"] == "posted" and result["channel"] == CHANNEL
    assert result["deduplicated"] is False

    [post] = slack.calls("chat.postMessage")
    start = datetime.fromisoformat(booking["start"])
    end = datetime.fromisoformat(booking["end"])
    assert post.token == BOT_TOKEN
    assert post.body == {
        "channel": CHANNEL,
        "text": "Booking confirmed: Vocal tracking <B-side> & more",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Booking confirmed"}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*Vocal tracking &lt;B-side&gt; &amp; more*"},
                "fields": [
                    {
                        "type": "mrkdwn",
                        "text": "*When*\n"
                        + _date(start, "{date_short_pretty} {time}")
                        + " to "
                        + _date(end, "{time}"),
                    },
                    {"type": "mrkdwn", "text": "*Status*\nconfirmed"},
                    {
                        "type": "mrkdwn",
                        "text": f"*Price*\n{booking['price']} {booking['currency']}",
                    },
                ],
            },
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"`booking.confirmed` · {confirmed}"}],
            },
        ],
        "metadata": {"event_type": "auditoryx_event", "event_payload": {"event_id": confirmed}},
    }
    assert result["ts"] == slack.channels[CHANNEL][0]["ts"]

    # booking.created happened too, but is not routed: no workflow, no post.
    created = _event_id(owner_conninfo, "booking.created")
    with pytest.raises(RPCError) as missing:
        await time_skipping_env.client.get_workflow_handle(
            notice_workflow_id(
                NoticeInput(organization_id=org_a.id, event_id=created, channel=CHANNEL)
            )
        ).describe()
    assert missing.value.status == RPCStatusCode.NOT_FOUND

    # A repeated sweep (the relay died before stamping) posts nothing again.
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE events SET relayed_at = NULL")
    await relay()
    assert len(slack.calls("chat.postMessage")) == 1
    await keep_notice(
        time_skipping_env.client,
        owner_conninfo,
        "booking.confirmed",
        CHANNEL,
        "slack_notice_posted",
    )


async def test_a_429_waits_for_retry_after_and_a_lost_answer_is_not_posted_twice(
    notice_stack, time_skipping_env, org_a, slack, owner_conninfo
):
    api, relay = notice_stack
    env = time_skipping_env
    await _connect_and_route(
        api,
        org_a,
        [
            {"event_type": "booking.confirmed", "channel": CHANNEL},
            {"event_type": "booking.created", "channel": CHANNEL},
        ],
    )
    slack.rate_limit("chat.postMessage", retry_after=30)  # the first post (booking.created)
    slack.lose_answer("chat.postMessage")  # the next one is made, but its answer lost
    await _confirmed_booking(api, org_a)
    await relay()
    # The test server does not skip an activity's retry delay while a client waits on the
    # result: skip the 30 s explicitly.
    await env.sleep(timedelta(seconds=31))
    handles = {}
    for type_ in ("booking.created", "booking.confirmed"):
        handle, result = await _result(env, org_a.id, _event_id(owner_conninfo, type_))
        assert result["status"] == "posted", result
        handles[type_] = (handle, result)

    # One of the two was rate limited and retried after 30 s; the other's answer was lost and
    # its retry adopted the message already in the channel.
    waits, adopted = [], []
    for handle, result in handles.values():
        history = await handle.fetch_history()
        scheduled = next(
            e
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
        )
        started = next(
            e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
        )
        waits.append(started.event_time.ToDatetime() - scheduled.event_time.ToDatetime())
        assert started.activity_task_started_event_attributes.attempt == 2
        adopted.append(result["deduplicated"])
    assert sorted(adopted) == [False, True]
    # Skipped time, plus the real time of the first attempt (time does not skip while it runs).
    assert any(timedelta(seconds=30) <= w < timedelta(seconds=30 + 60) for w in waits)
    posted = slack.channels[CHANNEL]
    assert len(posted) == 2  # two events, two messages: nothing twice
    assert {m["metadata"]["event_payload"]["event_id"] for m in posted} == {
        _event_id(owner_conninfo, t) for t in ("booking.created", "booking.confirmed")
    }
    # Every retry looks before it posts (it cannot tell a 429 from a lost answer).
    assert len(slack.calls("conversations.history")) == 2
    await keep_notice(
        env.client, owner_conninfo, "booking.created", CHANNEL, "slack_notice_retried"
    )


async def test_routes_are_checked_against_the_catalog_and_kept_on_reconnect(
    api, org_a, org_b, slack
):
    api._transport.app.state.slack_client_factory = slack.client_factory  # type: ignore[attr-defined]
    r = await api.put(
        "/v1/integrations/slack/notifications",
        json={"routes": [{"event_type": "booking.confirmed", "channel": CHANNEL}]},
        headers=org_a.headers,
    )
    assert r.status_code == 404 and r.json()["param"] == "provider"  # Slack not connected yet
    await _connect_and_route(api, org_a, [])

    r = await api.put(
        "/v1/integrations/slack/notifications",
        json={
            "routes": [
                {"event_type": "booking.confirmed", "channel": CHANNEL},
                {"event_type": "booking.exploded", "channel": CHANNEL},
            ]
        },
        headers=org_a.headers,
    )
    assert r.status_code == 422
    problem = r.json()
    assert problem["code"] == "unknown_event_type" and problem["param"] == "routes.1.event_type"
    assert "booking.exploded" in problem["detail"] and "approval.decided" in problem["detail"]
    assert problem["valid_event_types"] == list(EVENT_TYPES)

    r = await api.put(
        "/v1/integrations/slack/notifications",
        json={"routes": [{"event_type": "booking.confirmed", "channel": "#general"}]},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "routes.0.channel"
    r = await api.put(
        "/v1/integrations/slack/notifications",
        json=[{"event_type": "booking.confirmed"}],
        headers=org_a.headers,
    )
    assert r.status_code == 422
    r = await api.get("/v1/integrations/slack/notifications", headers=org_a.headers)
    assert r.json()["routes"] == []  # nothing half-written

    routes = [
        {"event_type": "approval.decided", "channel": CHANNEL},
        {"event_type": "approval.decided", "channel": CHANNEL},
        {"event_type": "booking.cancelled", "channel": "G0PRIVATE1"},
    ]
    r = await api.put(
        "/v1/integrations/slack/notifications", json={"routes": routes}, headers=org_a.headers
    )
    assert r.status_code == 200
    assert _without_since(r.json()["routes"]) == routes[1:]  # de-duplicated

    # A new token (reconnect) keeps the routes; another organization sees none of them and
    # cannot set any without its own Slack connection.
    await api.put(
        "/v1/integrations/slack",
        json={"bot_token": BOT_TOKEN, "signing_secret": "rotated-signing-secret"},
        headers=org_a.headers,
    )
    r = await api.get("/v1/integrations/slack/notifications", headers=org_a.headers)
    assert _without_since(r.json()["routes"]) == routes[1:]
    r = await api.get("/v1/integrations/slack/notifications", headers=org_b.headers)
    assert r.status_code == 200 and r.json()["routes"] == []
    r = await api.put(
        "/v1/integrations/slack/notifications", json={"routes": routes}, headers=org_b.headers
    )
    assert r.status_code == 404


async def test_an_event_committed_before_its_route_was_set_is_not_posted(
    notice_stack, time_skipping_env, org_a, slack, owner_conninfo
):
    """The relay runs after the route is set, but the event happened before it: not posted.
    An event after the route is; setting the same routes again keeps when each began."""
    api, relay = notice_stack
    await _connect_and_route(api, org_a, [])
    await _confirmed_booking(api, org_a)  # committed, not relayed yet
    route = [{"event_type": "booking.confirmed", "channel": CHANNEL}]
    r = await api.put(
        "/v1/integrations/slack/notifications", json={"routes": route}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    since = r.json()["routes"][0]["since"]
    await relay()
    assert slack.calls("chat.postMessage") == []

    after = await _confirmed_booking(api, org_a)
    r = await api.put(
        "/v1/integrations/slack/notifications", json={"routes": route}, headers=org_a.headers
    )
    assert r.json()["routes"][0]["since"] == since  # an unchanged route keeps its start
    await relay()
    [post] = await slack.wait_for_calls("chat.postMessage")
    assert post.body["text"] == f"Booking confirmed: {after['title']}"
