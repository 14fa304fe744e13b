"""Approvals in Microsoft Teams: the Workflows webhook (a local HTTPS receiver) gets the exact
Adaptive Card, whose buttons open the approver's signed, single-use approval link."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import re
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from channels.chat import TeamsApprovalChannel
from channels.email import base_url
from core.crypto import SecretBox
from core.url_guard import pinned_request_target
from integrations.chat import ChatNotice, DecidedApproval, PostedMessage, TimeSpan
from integrations.teams import TeamsWebhook
from tests.stubs import Recorded, RecordingServer, chat_stack, self_signed_tls
from tests.support.approvals import book, create_creator, create_policy, member_key


class WorkflowsWebhook(RecordingServer):
    """Answers like a Teams Workflows webhook: 202 Accepted, empty body."""

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        return 202, {}, b""


@pytest.fixture
def tls(tmp_path) -> tuple[Any, Any, Any]:
    return self_signed_tls(tmp_path)


@pytest.fixture
def webhook(tls) -> Iterator[WorkflowsWebhook]:
    with WorkflowsWebhook(tls=(tls[0], tls[1])) as server:
        yield server


@pytest.fixture
async def api(dev_server_env, engine, settings, owner_conninfo, org_a, tls):
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    trusted = ssl.create_default_context(cafile=str(tls[2]))

    def channels(sessionmaker):
        return [
            TeamsApprovalChannel(
                sessionmaker,
                box,
                link_base_url=base_url(settings),
                link_ttl=timedelta(hours=settings.approval_link_ttl_hours),
                http_client_factory=lambda: httpx.AsyncClient(verify=trusted, timeout=10),
                allow_private_networks=True,  # the stub webhook listens on 127.0.0.1
            )
        ]

    local = settings.model_copy(update={"outbound_allow_private_networks": True})
    async with chat_stack(
        dev_server_env, engine, local, owner_conninfo, channels=channels
    ) as client:
        yield client


def rows(conninfo: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql, params).fetchall()


async def test_teams_connection_takes_only_https_and_is_stored_sealed(
    api, org_a, owner_conninfo, settings
):
    for bad in ("http://example.com/workflows/1", "ftp://example.com/x", "not a url"):
        r = await api.put(
            "/v1/integrations/teams", headers=org_a.headers, json={"webhook_url": bad}
        )
        assert r.status_code == 422, r.text
        assert r.json()["param"] == "webhook_url" and bad not in r.text
    assert rows(owner_conninfo, "SELECT id FROM integration_connections") == []

    url = "https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual?sig=s3cr3t"
    r = await api.put("/v1/integrations/teams", headers=org_a.headers, json={"webhook_url": url})
    assert r.status_code == 200, r.text
    assert r.json()["settings"] == {"webhook_host": "prod-01.westeurope.logic.azure.com"}
    assert "s3cr3t" not in r.text
    [(sealed,)] = rows(owner_conninfo, "SELECT credentials FROM integration_connections")
    assert b"s3cr3t" not in bytes(sealed)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    assert box.open(bytes(sealed)) == {"webhook_url": url}
    listing = (await api.get("/v1/integrations", headers=org_a.headers)).text
    assert "s3cr3t" not in listing


async def test_an_approval_posts_an_adaptive_card_whose_buttons_open_signed_links(
    api, org_a, webhook, owner_conninfo
):
    url = f"{webhook.base_url}/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t"
    r = await api.put("/v1/integrations/teams", headers=org_a.headers, json={"webhook_url": url})
    assert r.status_code == 200, r.text
    mara_id, _ = await member_key(api, org_a, "mara@northstar.example", "manager")
    creator = await create_creator(api, org_a)
    await create_policy(api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}])
    booking = await book(api, org_a, creator, hours=2)
    request_id = booking["approval_request_id"]
    summary = (await api.get(f"/v1/approvals/{request_id}", headers=org_a.headers)).json()[
        "summary"
    ]

    [delivery] = await webhook.wait_for(lambda r: r.method == "POST")
    assert delivery.path == "/workflows/abc/triggers/manual/paths/invoke"
    assert delivery.query == {"sig": "s3cr3t"}
    assert delivery.headers["content-type"] == "application/json"
    card = delivery.json()
    actions = card["attachments"][0]["content"]["actions"]
    approve_url, reject_url = actions[0]["url"], actions[1]["url"]
    match = re.fullmatch(
        r"http://localhost:8000/a/([A-Za-z0-9]{20,100})\?decision=approve", approve_url
    )
    assert match, approve_url
    token = match.group(1)
    assert reject_url == f"http://localhost:8000/a/{token}?decision=reject"
    [expires_fact] = [
        f
        for f in card["attachments"][0]["content"]["body"][2]["facts"]
        if f["title"] == "Link expires"
    ]
    assert card == {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.5",
                    "body": [
                        {
                            "type": "TextBlock",
                            "text": "Approval needed",
                            "weight": "Bolder",
                            "size": "Medium",
                            "wrap": True,
                        },
                        {"type": "TextBlock", "text": summary, "wrap": True},
                        {
                            "type": "FactSet",
                            "facts": [
                                {"title": "Step", "value": "manager"},
                                {"title": "Kind", "value": "booking"},
                                {"title": "Approver", "value": "mara"},
                                expires_fact,
                            ],
                        },
                    ],
                    "actions": [
                        {
                            "type": "Action.OpenUrl",
                            "title": "Approve",
                            "url": approve_url,
                            "style": "positive",
                        },
                        {
                            "type": "Action.OpenUrl",
                            "title": "Reject",
                            "url": reject_url,
                            "style": "destructive",
                        },
                    ],
                },
            }
        ],
    }

    # The link exists (only its hash is stored), for Mara at this step, for the configured TTL.
    [(member, step, expires_at, used_at)] = rows(
        owner_conninfo,
        "SELECT member_id, step_index, expires_at, used_at FROM approval_links"
        " WHERE token_hash = %s AND request_id = %s",
        hashlib.sha256(token.encode()).digest(),
        request_id,
    )
    assert (member, step, used_at) == (mara_id, 0, None)
    assert abs(expires_at - (datetime.now(UTC) + timedelta(hours=72))) < timedelta(minutes=5)
    shown = datetime.strptime(expires_fact["value"], "%Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
    assert abs(shown - expires_at) < timedelta(minutes=2)
    # The activity records the outcome after the card arrived: wait for that row (only the
    # request itself: a reminder may follow if virtual time runs on meanwhile).
    recorded: list[tuple[Any, ...]] = []
    for _ in range(100):
        recorded = rows(
            owner_conninfo,
            "SELECT status, detail FROM approval_notifications WHERE channel = 'teams'"
            " AND kind = 'request'",
        )
        if recorded:
            break
        await asyncio.sleep(0.1)
    assert recorded == [("sent", "card posted to 127.0.0.1")]


async def test_a_broken_teams_webhook_is_reported_on_the_connection(api, org_a, tls):
    class Gone(RecordingServer):
        def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
            return 404, {"Content-Type": "text/plain"}, b"flow not found"

    with Gone(tls=(tls[0], tls[1])) as gone:
        r = await api.put(
            "/v1/integrations/teams",
            headers=org_a.headers,
            json={"webhook_url": f"{gone.base_url}/workflows/deleted"},
        )
        assert r.status_code == 200, r.text
        await member_key(api, org_a, "mara@northstar.example", "manager")
        creator = await create_creator(api, org_a)
        await create_policy(
            api, org_a, steps=[{"name": "manager", "approvers": [{"role": "manager"}]}]
        )
        await book(api, org_a, creator, hours=2)
        await gone.wait_for(lambda r: r.method == "POST")
        for _ in range(100):
            [teams] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
            if teams["status"] == "error":
                break
            await asyncio.sleep(0.1)
    assert teams["status"] == "error"
    assert teams["last_error"] == "Teams webhook answered 404: flow not found"


async def test_a_card_goes_to_the_checked_address_with_the_name_in_host_and_sni():
    """The post is pinned to the address the SSRF guard checked: a name that resolves
    elsewhere by the time of the post cannot redirect it into our network."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202)

    url = "https://prod-01.example.com:8443/workflows/abc?sig=s"
    pinned = pinned_request_target(url, ipaddress.ip_address("203.0.113.7"))
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        await TeamsWebhook(http).post(url, {"type": "message"}, pinned=pinned)
    [request] = seen
    assert str(request.url) == "https://203.0.113.7:8443/workflows/abc?sig=s"
    assert request.headers["host"] == "prod-01.example.com:8443"
    assert request.extensions["sni_hostname"] == "prod-01.example.com"


async def test_an_event_notice_is_a_card_of_plain_facts_at_the_checked_address():
    """Teams as a Chat: a notice posts one Adaptive Card (times in UTC, text as given) to the
    webhook, at the address the SSRF guard checked; a decided approval changes nothing, since
    a webhook cannot edit what it posted."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202)

    start = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    notice = ChatNotice(
        title="Booking confirmed",
        headline="Vocal tracking <B-side>",
        fields=[("When", TimeSpan(start, start + timedelta(hours=2))), ("Status", "confirmed")],
        event_type="booking.confirmed",
        event_id="evt_1",
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        teams = TeamsWebhook(http, allow_private_networks=True)
        await teams.post_notice("https://127.0.0.1:8443/workflows/abc?sig=s", notice)
        await teams.close_approval(
            PostedMessage(channel="", ts=""),
            DecidedApproval(
                summary="s",
                step_name="n",
                subject_type="booking",
                decision="approve",
                decider="Mara",
                at=start,
            ),
        )
    [request] = seen
    assert str(request.url) == "https://127.0.0.1:8443/workflows/abc?sig=s"
    card = json.loads(request.content)["attachments"][0]["content"]
    assert [b["type"] for b in card["body"]] == ["TextBlock", "TextBlock", "FactSet", "TextBlock"]
    assert card["body"][1]["text"] == "Vocal tracking <B-side>"
    assert card["body"][2]["facts"] == [
        {"title": "When", "value": "2026-03-02 14:00 UTC to 16:00 UTC"},
        {"title": "Status", "value": "confirmed"},
    ]
    assert card["body"][3]["text"] == "booking.confirmed · evt_1"
    assert "actions" not in card
