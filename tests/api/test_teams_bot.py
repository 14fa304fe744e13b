"""Approvals inside Teams through the organization's bot, end to end: the real app and worker
on Temporal and PostgreSQL, a local Bot Framework (OpenID metadata and keys, token endpoint,
Bot Connector) and activities signed with real RS256 tokens exactly as the Bot Connector
signs them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from channels.chat import TeamsApprovalChannel
from core.crypto import SecretBox
from tests.stubs import chat_stack
from tests.stubs.bot_framework_stub import BotFrameworkStub, new_key
from tests.support.approvals import handle, member_key, pending_booking
from workflows.approval import ApprovalChainWorkflow

APP_ID = "6f1c2b7e-5a3d-4c8e-9b10-2d3e4f5a6b7c"
APP_SECRET = "northstar-bot-secret-value"
OTHER_APP_ID = "0b9a8c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
OTHER_SECRET = "bluewave-bot-secret-value"
TENANT = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"
OTHER_TENANT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
CONVERSATION = "19:approvals-northstar@thread.tacv2"
MARA = "mara@northstar.example"
# Teams user id → (Entra object id, e-mail), as the connector's member look-up answers.
USERS = {
    "29:1mara": ("aad-0000-mara", MARA),
    "29:1ola": ("aad-0000-ola", "ola@bluewave.example"),
}


@pytest.fixture
def bot() -> Iterator[BotFrameworkStub]:
    with BotFrameworkStub({APP_ID: APP_SECRET, OTHER_APP_ID: OTHER_SECRET}, USERS) as stub:
        yield stub


@pytest.fixture
async def api(dev_server_env, engine, settings, owner_conninfo, org_a, bot):
    local = settings.model_copy(
        update={
            "teams_openid_metadata_url": bot.metadata_url,
            "teams_token_url": bot.token_url,
        }
    )
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)

    def channels(sessionmaker):
        return [
            TeamsApprovalChannel(
                sessionmaker,
                box,
                link_base_url=None,
                link_ttl=timedelta(hours=1),
                bot_token_url=bot.token_url,
            )
        ]

    async with chat_stack(dev_server_env, engine, local, owner_conninfo, channels) as client:
        yield client


def rows(conninfo: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(sql, params).fetchall()


def activity(bot: BotFrameworkStub, kind: str, *, tenant: str = TENANT, **fields: Any) -> dict:
    return {
        "type": kind,
        "id": "f:activity",
        "channelId": "msteams",
        "serviceUrl": bot.service_url,
        "from": {"id": "29:1mara", "aadObjectId": "aad-0000-mara", "name": "Mara"},
        "recipient": {"id": f"28:{APP_ID}", "name": "AuditoryX"},
        "conversation": {
            "id": CONVERSATION,
            "conversationType": "channel",
            "tenantId": tenant,
        },
        "channelData": {"tenant": {"id": tenant}},
        **fields,
    }


def installation(bot: BotFrameworkStub, **fields: Any) -> dict:
    return activity(bot, "conversationUpdate", membersAdded=[{"id": f"28:{APP_ID}"}], **fields)


def card_action(
    bot: BotFrameworkStub,
    verb: str,
    request_id: str,
    reply_to: str,
    *,
    user: str = "29:1mara",
    **fields: Any,
) -> dict:
    aad = USERS[user][0]
    return activity(
        bot,
        "invoke",
        name="adaptiveCard/action",
        replyToId=reply_to,
        value={
            "action": {
                "type": "Action.Execute",
                "verb": verb,
                "data": {"request_id": request_id, "step_index": 0},
            },
            "trigger": "manual",
        },
        **{"from": {"id": user, "aadObjectId": aad, "name": user}},
        **fields,
    )


async def post(api, bot: BotFrameworkStub, body: dict, token: str | None = None):
    token = token if token is not None else bot.token(APP_ID)
    return await api.post(
        "/integrations/teams/messages",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


async def connect_bot(api, org, app_id: str = APP_ID, secret: str = APP_SECRET, tenant=TENANT):
    r = await api.put(
        "/v1/integrations/teams/bot",
        headers=org.headers,
        json={"app_id": app_id, "app_password": secret, "tenant_id": tenant},
    )
    assert r.status_code == 200, r.text
    return r.json()


async def installed_and_asked(
    api, org, bot: BotFrameworkStub, conninfo: str
) -> tuple[str, str, dict, str]:
    """The bot connected and installed in the approvals channel, Mara (manager) asked there;
    returns her member id, the request id, the booking and the card's activity id."""
    await connect_bot(api, org)
    r = await post(api, bot, installation(bot))
    assert r.status_code == 200, r.text
    mara_id, _ = await member_key(api, org, MARA, "manager")
    booking, request_id = await pending_booking(api, org)
    await bot.wait_for(lambda r: r.method == "POST" and "/activities" in r.path)
    for _ in range(200):  # the worker records the card after the connector answered
        recorded = rows(conninfo, "SELECT message_ts FROM chat_messages")
        if recorded:
            break
        await asyncio.sleep(0.05)
    [(activity_id,)] = recorded
    return mara_id, request_id, booking, activity_id


async def test_connecting_the_bot_checks_ids_and_stores_the_secret_sealed(
    api, org_a, owner_conninfo, settings
):
    r = await api.put(
        "/v1/integrations/teams/bot",
        headers=org_a.headers,
        json={"app_id": "not-a-guid", "app_password": APP_SECRET, "tenant_id": TENANT},
    )
    assert r.status_code == 422 and r.json()["param"] == "app_id", r.text
    assert APP_SECRET not in r.text
    connection = await connect_bot(api, org_a)
    assert connection["provider"] == "teams" and connection["external_account_id"] == APP_ID
    assert connection["settings"] == {"mode": "bot", "app_id": APP_ID, "tenant_id": TENANT}
    listing = (await api.get("/v1/integrations", headers=org_a.headers)).text
    assert APP_SECRET not in listing
    [(sealed,)] = rows(owner_conninfo, "SELECT credentials FROM integration_connections")
    assert APP_SECRET.encode() not in bytes(sealed)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    assert box.open(bytes(sealed)) == {
        "app_id": APP_ID,
        "app_password": APP_SECRET,
        "tenant_id": TENANT,
    }
    [(action,)] = rows(
        owner_conninfo, "SELECT action FROM audit_events WHERE target_type = 'integration'"
    )
    assert action == "integration.connected"


async def test_an_approve_action_decides_once_and_answers_the_refreshed_card(
    api, org_a, bot, dev_server_env, owner_conninfo
):
    mara_id, request_id, booking, activity_id = await installed_and_asked(
        api, org_a, bot, owner_conninfo
    )
    # A reconnect of the same bot (say, after rotating its secret) keeps its conversation.
    await connect_bot(api, org_a)
    [(settings,)] = rows(owner_conninfo, "SELECT settings FROM integration_connections")
    assert settings["conversation"] == {
        "id": CONVERSATION,
        "type": "channel",
        "service_url": bot.service_url,
        "bot_id": f"28:{APP_ID}",
    }

    # The card went to the installed conversation with the bot's connector token.
    [sent] = bot.sent()
    assert sent.path == "/teams/v3/conversations/19%3Aapprovals-northstar%40thread.tacv2/activities"
    assert sent.headers["authorization"] == f"Bearer bf-{APP_ID}"
    card = sent.json()["attachments"][0]["content"]
    assert sent.json()["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["actions"] == [
        {
            "type": "Action.Execute",
            "title": "Approve",
            "verb": "approve",
            "data": {"request_id": request_id, "step_index": 0},
            "style": "positive",
        },
        {
            "type": "Action.Execute",
            "title": "Reject",
            "verb": "reject",
            "data": {"request_id": request_id, "step_index": 0},
            "style": "destructive",
        },
    ]
    assert rows(owner_conninfo, "SELECT provider, channel_id, message_ts FROM chat_messages") == [
        ("teams", CONVERSATION, activity_id)
    ]

    r = await post(api, bot, card_action(bot, "approve", request_id, activity_id))
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["statusCode"] == 200
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    refreshed = answer["value"]
    assert refreshed["body"][0]["text"] == "Approved by mara"
    assert "actions" not in refreshed
    assert refreshed["refresh"] == {
        "action": {
            "type": "Action.Execute",
            "verb": "refresh",
            "data": {"request_id": request_id, "step_index": 0},
        },
        "userIds": ["29:1mara"],
    }

    result = await handle(dev_server_env, org_a.id, request_id).result()
    assert result.status == "approved" and result.steps[0].decisions == {mara_id: "approve"}
    r = await api.get(f"/v1/bookings/{booking['id']}", headers=org_a.headers)
    assert r.json()["status"] == "confirmed"
    assert rows(
        owner_conninfo,
        "SELECT member_id, status, channel FROM approval_assignments WHERE request_id = %s",
        request_id,
    ) == [(mara_id, "approved", "teams")]
    assert rows(
        owner_conninfo, "SELECT member_id, provider, external_user_id FROM chat_identities"
    ) == [(mara_id, "teams", "aad-0000-mara")]
    # The card in the conversation was replaced for everyone.
    [update] = bot.updates()
    assert update.path.endswith(f"/activities/{activity_id.replace(':', '%3A')}")
    assert update.json()["attachments"][0]["content"]["body"][0]["text"] == "Approved by mara"

    # The same action again (a double click, a retried invoke) decides nothing more.
    r = await post(api, bot, card_action(bot, "approve", request_id, activity_id))
    assert r.status_code == 200, r.text
    again = r.json()["value"]
    assert again["body"][0]["text"] == "Approved by mara"
    assert again["body"][-1]["text"] == (
        "This approval is already approved; your click changed nothing."
    )
    assert len(bot.updates()) == 1
    assert rows(
        owner_conninfo,
        "SELECT member_id, status FROM approval_assignments WHERE request_id = %s",
        request_id,
    ) == [(mara_id, "approved")]


async def test_forged_expired_and_foreign_tokens_are_refused_until_a_genuine_one(
    api, org_a, bot, dev_server_env, owner_conninfo
):
    _mara_id, request_id, _booking, activity_id = await installed_and_asked(
        api, org_a, bot, owner_conninfo
    )
    body = card_action(bot, "approve", request_id, activity_id)
    refused = {
        "signed with another key": bot.token(APP_ID, key=new_key()),
        "expired": bot.token(APP_ID, expires_in=-3600),
        "for another bot": bot.token(OTHER_APP_ID),
        "for another service URL": bot.token(APP_ID, service_url="https://evil.example/teams/"),
        "from another issuer": bot.token(APP_ID, issuer="https://sts.evil.example/"),
        "not a token": "not.a.jwt",
    }
    for why, token in refused.items():
        r = await post(api, bot, body, token=token)
        assert r.status_code == 401, (why, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "invalid_bot_token", why
    r = await api.post("/integrations/teams/messages", json=body)
    assert r.status_code == 401
    # The same activity with a genuine token decides: what was refused was the token alone.
    r = await post(api, bot, body)
    assert r.status_code == 200, r.text
    assert r.json()["value"]["body"][0]["text"] == "Approved by mara"
    result = await handle(dev_server_env, org_a.id, request_id).result()
    assert result.status == "approved"


async def test_refused_tokens_change_nothing(api, org_a, bot, dev_server_env, owner_conninfo):
    _mara_id, request_id, _booking, activity_id = await installed_and_asked(
        api, org_a, bot, owner_conninfo
    )
    body = card_action(bot, "approve", request_id, activity_id)
    for token in (
        bot.token(APP_ID, key=new_key()),
        bot.token(APP_ID, expires_in=-3600),
        bot.token(OTHER_APP_ID),
    ):
        assert (await post(api, bot, body, token=token)).status_code == 401
    other_tenant = card_action(bot, "approve", request_id, activity_id, tenant=OTHER_TENANT)
    assert (await post(api, bot, other_tenant)).status_code == 401
    await asyncio.sleep(0.2)
    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert bot.updates() == []
    assert rows(owner_conninfo, "SELECT count(*) FROM chat_identities") == [(0,)]


async def test_a_teams_user_of_another_organization_cannot_decide(
    api, org_a, org_b, bot, dev_server_env, owner_conninfo
):
    _mara_id, request_id, _booking, activity_id = await installed_and_asked(
        api, org_a, bot, owner_conninfo
    )
    # Ola is in Teams (same tenant) but a member of Bluewave only: on Northstar's card she is
    # told so, and nothing is decided.
    await member_key(api, org_b, "ola@bluewave.example", "manager")
    r = await post(api, bot, card_action(bot, "approve", request_id, activity_id, user="29:1ola"))
    assert r.status_code == 200, r.text
    card = r.json()["value"]
    assert [a["verb"] for a in card["actions"]] == ["approve", "reject"]
    assert card["body"][-1]["text"] == (
        "Your Teams account is not linked to an active member of this organization in "
        "AuditoryX, so your click changed nothing."
    )
    # Bluewave's own bot, properly signed, names Northstar's request: it does not exist there.
    await connect_bot(api, org_b, OTHER_APP_ID, OTHER_SECRET)
    foreign = card_action(bot, "approve", request_id, activity_id, user="29:1ola")
    r = await post(api, bot, foreign, token=bot.token(OTHER_APP_ID))
    assert r.status_code == 200, r.text
    assert r.json()["value"]["body"][0]["text"] == "This approval no longer exists"

    status = await handle(dev_server_env, org_a.id, request_id).query(ApprovalChainWorkflow.status)
    assert status.status == "pending" and status.steps[0].decisions == {}
    assert bot.updates() == []
    assert rows(owner_conninfo, "SELECT count(*) FROM chat_identities") == [(0,)]


async def test_the_messaging_endpoint_is_in_the_openapi_with_its_token_scheme(api):
    schema = (await api.get("/openapi.json")).json()
    operation = schema["paths"]["/integrations/teams/messages"]["post"]
    assert "Bot Framework JWT" in operation["description"]


async def test_a_personal_installation_does_not_receive_the_organizations_cards(
    api, org_a, bot, owner_conninfo
):
    await connect_bot(api, org_a)
    personal = activity(
        bot,
        "installationUpdate",
        action="add",
        conversation={"id": "a:1personal-chat-of-ola", "conversationType": "personal"},
    )
    r = await post(api, bot, personal)
    assert r.status_code == 200, r.text
    [(settings,)] = rows(owner_conninfo, "SELECT settings FROM integration_connections")
    assert "conversation" not in settings
    await member_key(api, org_a, MARA, "manager")
    _booking, request_id = await pending_booking(api, org_a)
    outcome = []
    for _ in range(200):  # the notice's outcome per channel, once the worker tried
        outcome = rows(
            owner_conninfo,
            "SELECT status, detail FROM approval_notifications "
            "WHERE request_id = %s AND channel = 'teams'",
            request_id,
        )
        if outcome:
            break
        await asyncio.sleep(0.05)
    assert outcome and outcome[0][0] == "skipped", outcome
    assert "not installed" in outcome[0][1]
    assert bot.sent() == []


async def test_concurrent_clicks_decide_once_and_a_refresh_shows_the_outcome(
    api, org_a, bot, dev_server_env, owner_conninfo
):
    mara_id, request_id, _booking, activity_id = await installed_and_asked(
        api, org_a, bot, owner_conninfo
    )
    click = card_action(bot, "approve", request_id, activity_id)
    first, second = await asyncio.gather(post(api, bot, click), post(api, bot, click))
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    cards = [first.json()["value"], second.json()["value"]]
    assert all(card["body"][0]["text"] == "Approved by mara" for card in cards), cards
    result = await handle(dev_server_env, org_a.id, request_id).result()
    assert result.steps[0].decisions == {mara_id: "approve"}
    assert len(bot.updates()) == 1

    # Teams asks for the card again when someone opens the conversation (Universal Actions).
    r = await post(api, bot, card_action(bot, "refresh", request_id, activity_id))
    assert r.status_code == 200, r.text
    assert r.json()["value"]["body"][0]["text"] == "Approved by mara"
    assert len(bot.updates()) == 1
