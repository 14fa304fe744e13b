"""Approvals from the Teams bot: which organizations an activity speaks for, remembering the
conversation the bot was installed in, and what a verified ``Action.Execute`` does.

A card action is one call of the approval-decision service (``domain.approvals.decisions``)
with the Teams user (their Entra object id, linked to a member by e-mail on first use) as
decider and the card's step. Whatever the service answers, the clicker gets the card of the
approval's current state; an accepted decision also replaces every card the service closed in
the conversation (Bot Connector ``PUT activities/{id}``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.chat_callbacks import connected_credentials
from api.slack_approvals import REFUSALS, UNCHANGED, refusal_text
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.approvals import decisions
from domain.approvals.chain_types import Decision
from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.audit.service import Actor
from domain.connections import service as connections
from domain.connections.models import ChatIdentity
from domain.errors import DomainError, NotFound
from domain.tenancy.models import Member
from integrations.chat import ApprovalMessage
from integrations.errors import IntegrationError
from integrations.teams_bot import (
    BotConnector,
    BotCredentials,
    BotFrameworkKeys,
    BotTokenRejected,
    action_data,
    approval_card,
    card_activity,
    state_card,
    unverified_audience,
)

log = logging.getLogger("auditoryx.api")

TEAMS_REFUSALS = {
    **REFUSALS,
    "not_a_member": "Your Teams account is not linked to an active member of this organization "
    f"in AuditoryX, so {UNCHANGED}",
}
DUPLICATE = f"Your decision on this step was already recorded; {UNCHANGED}"
FAILED = (
    "Something went wrong while recording your decision; check the approval in AuditoryX "
    "before trying again."
)
ConnectorFactory = Callable[[BotCredentials], BotConnector]


@dataclass(frozen=True, slots=True)
class TeamsBot:
    """One organization whose bot a verified activity was sent to."""

    organization_id: str
    credentials: BotCredentials


def activity_tenant(activity: Mapping[str, Any]) -> str | None:
    """The Entra tenant an activity comes from (``channelData.tenant.id``, else
    ``conversation.tenantId``)."""
    channel_data = activity.get("channelData") or {}
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    value = tenant.get("id") if isinstance(tenant, dict) else None
    if not value:
        conversation = activity.get("conversation") or {}
        value = conversation.get("tenantId") if isinstance(conversation, dict) else None
    return value.lower() if isinstance(value, str) and value else None


async def verified_bots(
    sessionmaker: async_sessionmaker[AsyncSession],
    box: SecretBox,
    keys: BotFrameworkKeys,
    *,
    token: str,
    activity: Mapping[str, Any],
) -> list[TeamsBot]:
    """The organizations connected to the bot the token was issued for, from the activity's
    tenant, once the token verified (signature, issuer, audience, expiry, service URL);
    empty otherwise (the caller answers 401)."""
    app_id = unverified_audience(token)
    service_url = activity.get("serviceUrl")
    tenant = activity_tenant(activity)
    if app_id is None or not isinstance(service_url, str) or tenant is None:
        return []
    bots = [
        TeamsBot(
            org_id,
            BotCredentials(
                credentials["app_id"], credentials["app_password"], credentials["tenant_id"]
            ),
        )
        for org_id, credentials in await connected_credentials(
            sessionmaker, box, "teams", app_id.lower()
        )
        if credentials.get("app_id") == app_id.lower() and credentials.get("tenant_id") == tenant
    ]
    if not bots:
        return []
    try:
        await keys.verify(token, app_id=app_id, service_url=service_url)
    except BotTokenRejected as exc:
        log.info("teams activity refused: %s", exc)
        return []
    return bots


def installed_conversation(activity: Mapping[str, Any]) -> dict[str, str] | None:
    """The conversation reference of an activity telling that the bot was added to a team's
    channel or a group chat (``installationUpdate`` add, or ``conversationUpdate`` naming the
    bot among the members added); ``None`` for anything else.

    A personal installation is not such a conversation: anyone in the tenant may add the app
    for themselves, and the organization's approval cards must not follow them there."""
    recipient = (activity.get("recipient") or {}).get("id")
    kind = activity.get("type")
    added = False
    if kind == "installationUpdate":
        added = activity.get("action") in ("add", "add-upgrade")
    elif kind == "conversationUpdate":
        added = any(
            isinstance(m, dict) and m.get("id") == recipient
            for m in activity.get("membersAdded") or []
        )
    conversation = activity.get("conversation") or {}
    if not added or not isinstance(conversation, dict) or not conversation.get("id"):
        return None
    kind = str(conversation.get("conversationType") or "personal")
    if kind not in ("channel", "groupChat"):
        return None
    return {
        "id": str(conversation["id"]),
        "type": kind,
        "service_url": str(activity["serviceUrl"]),
        "bot_id": str(recipient or ""),
    }


async def remember_conversation(
    sessionmaker: async_sessionmaker[AsyncSession],
    bots: list[TeamsBot],
    conversation: dict[str, str],
) -> None:
    """Make ``conversation`` where each organization's approval cards go (audited)."""
    for bot in bots:
        async with tenant_session(sessionmaker, [bot.organization_id]) as session:
            connection = await connections.connection_for_update(session, "teams")
            await connections.change_settings(
                session, connection, {"conversation": conversation}, actor=Actor.system("teams")
            )


@dataclass(frozen=True, slots=True)
class CardAction:
    """One ``Action.Execute`` on an approval card, as far as it matters here."""

    verb: str
    request_id: str
    step_index: int
    user_id: str  # the Teams user id (``29:…``)
    aad_object_id: str
    conversation_id: str
    activity_id: str | None  # the message whose card was clicked
    service_url: str

    def ballot(self, decision: Decision) -> decisions.Ballot:
        return decisions.Ballot(
            request_id=self.request_id,
            decider=decisions.ByChatIdentity("teams", self.aad_object_id),
            decision=decision,
            channel="teams",
            step_index=self.step_index,
            message=decisions.ClickedMessage("teams", self.conversation_id, self.activity_id),
        )


def parse_card_action(activity: Mapping[str, Any]) -> CardAction | None:
    """The approval card action of an ``adaptiveCard/action`` invoke, or ``None``."""
    if activity.get("type") != "invoke" or activity.get("name") != "adaptiveCard/action":
        return None
    value = activity.get("value") or {}
    action = value.get("action") if isinstance(value, dict) else None
    data = action.get("data") if isinstance(action, dict) else None
    sender = activity.get("from") or {}
    conversation = activity.get("conversation") or {}
    if not isinstance(data, dict) or not isinstance(sender, dict):
        return None
    request_id, step_index = data.get("request_id"), data.get("step_index")
    verb = action.get("verb") if isinstance(action, dict) else None
    if (
        verb not in ("approve", "reject", "refresh")
        or not isinstance(request_id, str)
        or not 0 < len(request_id) <= 40
        or not isinstance(step_index, int)
        or isinstance(step_index, bool)
        or not sender.get("id")
        or not sender.get("aadObjectId")
        or not isinstance(conversation, dict)
        or not conversation.get("id")
    ):
        return None
    reply_to = activity.get("replyToId")
    return CardAction(
        verb=str(verb),
        request_id=request_id,
        step_index=step_index,
        user_id=str(sender["id"]),
        aad_object_id=str(sender["aadObjectId"]).lower(),
        conversation_id=str(conversation["id"]),
        activity_id=str(reply_to) if reply_to else None,
        service_url=str(activity["serviceUrl"]),
    )


class CardActionHandler:
    """Decides one verified card action and renders the card the clicker gets back."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        chain: decisions.ChainGateway,
        bots: list[TeamsBot],
        connectors: ConnectorFactory,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._chain = chain
        self._bots = bots
        self._connectors = connectors

    async def handle(self, action: CardAction) -> dict[str, Any]:
        """The card for the clicker (the approval's current state, or that it does not exist
        when no verified organization has it)."""
        for bot in self._bots:
            async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
                if await session.get(ApprovalRequest, action.request_id) is None:
                    continue  # not this organization's request
            return await self._handle_for(bot, action)
        return await self._current_card(
            self._bots[0], action, note=TEAMS_REFUSALS["resource_missing"]
        )

    async def _handle_for(self, bot: TeamsBot, action: CardAction) -> dict[str, Any]:
        if action.verb == "refresh":
            return await self._current_card(bot, action, note=None)
        connector = self._connectors(bot.credentials)
        await self._link_identity(bot, connector, action)

        @asynccontextmanager
        async def transactions() -> AsyncIterator[AsyncSession]:
            async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
                yield session

        decision: Decision = "approve" if action.verb == "approve" else "reject"
        try:
            outcome = await decisions.decide_in(transactions, self._chain, action.ballot(decision))
        except NotFound:
            return await self._current_card(bot, action, note=TEAMS_REFUSALS["resource_missing"])
        except DomainError as exc:
            return await self._current_card(bot, action, note=refusal_text(exc, TEAMS_REFUSALS))
        except Exception:
            log.exception(
                "teams card action failed", extra={"approval_request_id": action.request_id}
            )
            return await self._current_card(bot, action, note=FAILED)
        if outcome.duplicate:
            return await self._current_card(bot, action, note=DUPLICATE)
        async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
            await decisions.await_projection(session, outcome)
        card = await self._current_card(bot, action, note=None)
        for message in outcome.close:
            closed = await self._current_card(bot, action, note=None, step_index=message.step_index)
            try:
                await connector.update(
                    action.service_url,
                    message.channel_id,
                    message.message_ts,
                    card_activity(closed),
                )
            except IntegrationError as exc:
                log.warning("teams card update of %s failed: %s", message.message_ts, exc)
        return card

    async def _link_identity(
        self, bot: TeamsBot, connector: BotConnector, action: CardAction
    ) -> None:
        """Link the Teams user to the member with their e-mail address, on first use (as
        Slack users are found by e-mail); an unknown address links nobody."""
        async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
            linked = (
                await session.execute(
                    select(ChatIdentity.id).where(
                        ChatIdentity.provider == "teams",
                        ChatIdentity.external_user_id == action.aad_object_id,
                    )
                )
            ).first()
        if linked is not None:
            return
        try:
            email = await connector.member_email(
                action.service_url, action.conversation_id, action.user_id
            )
        except IntegrationError as exc:
            log.warning("teams member look-up failed: %s", exc)
            return
        if not email:
            return
        async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
            member_id = (
                await session.execute(
                    select(Member.id).where(
                        func.lower(Member.email) == email.lower(), Member.status == "active"
                    )
                )
            ).scalar_one_or_none()
            if member_id is None:
                return
            await session.execute(
                insert(ChatIdentity)
                .values(
                    id=new_id("chi"),
                    organization_id=bot.organization_id,
                    member_id=member_id,
                    provider="teams",
                    external_user_id=action.aad_object_id,
                )
                .on_conflict_do_nothing()
            )

    async def _current_card(
        self,
        bot: TeamsBot,
        action: CardAction,
        *,
        note: str | None,
        step_index: int | None = None,
    ) -> dict[str, Any]:
        """The card of the approval as the read model shows it now: buttons while the card's
        step is open, otherwise who decided it."""
        step = action.step_index if step_index is None else step_index
        async with tenant_session(self._sessionmaker, [bot.organization_id]) as session:
            request = await session.get(ApprovalRequest, action.request_id)
            if request is None:
                return state_card(
                    summary="",
                    step_name="",
                    subject_type="approval",
                    outcome="This approval no longer exists",
                    note=note,
                    refresh_data=action_data(action.request_id, step),
                    user_ids=[action.user_id],
                )
            rows = (
                await session.execute(
                    select(ApprovalAssignment.status, Member.name)
                    .join(Member, Member.id == ApprovalAssignment.member_id)
                    .where(
                        ApprovalAssignment.request_id == request.id,
                        ApprovalAssignment.step_index == step,
                    )
                    .order_by(ApprovalAssignment.decided_at, ApprovalAssignment.created_at)
                )
            ).all()
        name = decisions.step_name(request, step)
        step_open = any(status == "pending" for status, _ in rows)
        if request.status == "pending" and (step_open or not rows):
            card = approval_card(
                ApprovalMessage(
                    summary=request.summary,
                    step_name=name,
                    kind="request",
                    subject_type=request.subject_type,
                    request_id=request.id,
                    step_index=step,
                )
            )
            if note:
                card["body"].append({"type": "TextBlock", "text": note, "wrap": True})
            return card
        decided = [(status, who) for status, who in rows if status in ("approved", "rejected")]
        if decided:
            outcome = "; ".join(f"{status.capitalize()} by {who}" for status, who in decided)
        else:
            outcome = f"This approval is {request.status}"
        return state_card(
            summary=request.summary,
            step_name=name,
            subject_type=request.subject_type,
            outcome=outcome,
            note=note,
            refresh_data=action_data(request.id, step),
            user_ids=[action.user_id],
        )
