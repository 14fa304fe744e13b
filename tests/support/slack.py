"""Helpers for tests that drive approvals through Slack: the workspaces and people the Slack
stub knows, the app and worker wired to that stub, connecting Slack through the API, and
interaction callbacks built and signed exactly as Slack builds and signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import urlencode

import httpx
from temporalio.testing import WorkflowEnvironment

from channels.chat import SlackApprovalChannel
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.connections.models import ChatIdentity
from tests.stubs import chat_stack
from tests.stubs.slack_stub import SlackCall, SlackStub

TEAM = "T0NORTH"
BOT_TOKEN = "xoxb-1111-2222-northstar-bot-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
OTHER_TEAM, OTHER_TOKEN, OTHER_SECRET = "T0BLUE", "xoxb-9999-bluewave-bot-token", "b" * 32
MARA, FINN, VIC = "mara@northstar.example", "finn@northstar.example", "vic@northstar.example"


@contextmanager
def slack_stub() -> Iterator[SlackStub]:
    """Slack with two workspaces (Northstar, ours, and Bluewave) and Mara and Vic in Slack;
    Finn, and anyone else, has no Slack account."""
    with SlackStub(
        tokens={BOT_TOKEN: (TEAM, "Northstar"), OTHER_TOKEN: (OTHER_TEAM, "Bluewave")},
        users={MARA: "U0MARA", VIC: "U0VIC"},
    ) as stub:
        yield stub


def slack_channels(settings, slack: SlackStub):
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    return lambda sm: [SlackApprovalChannel(sm, box, slack.client_factory)]


@asynccontextmanager
async def slack_stack(
    env: WorkflowEnvironment, engine, settings, owner_conninfo: str, slack: SlackStub
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the chat routers and a worker on ``env`` whose approvals go to ``slack``."""
    async with chat_stack(
        env,
        engine,
        settings,
        owner_conninfo,
        channels=slack_channels(settings, slack),
        app_state={"slack_client_factory": slack.client_factory},
    ) as client:
        yield client


async def connect_slack(api, org, **extra: Any) -> dict[str, Any]:
    r = await api.put(
        "/v1/integrations/slack",
        headers=org.headers,
        json={"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, **extra},
    )
    assert r.status_code == 200, r.text
    return r.json()


async def link_slack_account(sessionmaker, org_id: str, member_id: str, user: str) -> None:
    """Record ``user`` as the member's Slack account, as a first look-up by e-mail would."""
    async with tenant_session(sessionmaker, [org_id]) as session:
        session.add(
            ChatIdentity(
                id=new_id("chi"),
                organization_id=org_id,
                member_id=member_id,
                provider="slack",
                external_user_id=user,
            )
        )


def signed(
    payload: dict[str, Any], secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an interaction request, as Slack sends them."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def click(
    posted: SlackCall, response_channel: str, ts: str, user: str, action: str = "approve"
) -> dict[str, Any]:
    """A ``block_actions`` payload for a click on ``action`` in a message we posted."""
    button = next(
        e
        for b in posted.body["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action
    )
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": ts,
            "channel_id": response_channel,
            "is_ephemeral": False,
        },
        "trigger_id": "123.456.abc",
        "team": {"id": TEAM, "domain": "northstar"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": response_channel, "name": "directmessage"},
        "message": {"type": "message", "ts": ts, "text": posted.body["text"]},
        "state": {"values": {}},
        "response_url": "https://hooks.slack.com/actions/T0NORTH/1/abc",
        "actions": [
            {
                "action_id": action,
                "block_id": "approval_decision",
                "text": {"type": "plain_text", "text": button["text"]["text"], "emoji": True},
                "value": button["value"],
                "style": button["style"],
                "type": "button",
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


async def posted_message(slack: SlackStub, n: int = 1) -> tuple[SlackCall, str, str]:
    """The n-th ``chat.postMessage`` call, with the channel and ts Slack answered."""
    call, answer = (await slack.wait_for_answers("chat.postMessage", n))[n - 1]
    return call, answer["channel"], answer["ts"]
