"""Chat channels of approval notices: a Slack DM with Approve/Reject buttons, a Teams card
whose buttons open the approver's signed link (Workflows webhook) or call the organization's
Teams bot back (``Action.Execute``, sent through the Bot Connector).

Each channel is an async callable ``Notice -> (channel, status, detail)`` handed to
``ApprovalActivities``; it never raises. Status is ``sent``, ``skipped`` (the organization has
no such connection, or nobody to send to) or ``failed`` (the detail says why, e.g.
``rate limited; retry after 30 s``). A channel does not sleep or retry: the chain's next
reminder sends again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from channels.email import base_url
from channels.notice import Channel, ChannelResult, Notice
from core.config import Settings
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from core.ids import new_id
from core.url_guard import DEFAULT_ALLOWED_PORTS, UnsafeUrl
from domain.approvals.links import create_link, link_url
from domain.connections.models import ChatIdentity, ChatMessage, IntegrationConnection
from integrations.chat import ApprovalMessage
from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable
from integrations.slack import SlackClientFactory, slack_client_factory
from integrations.teams import TeamsWebhook, webhook_host
from integrations.teams_bot import (
    DEFAULT_TOKEN_URL,
    BotConnector,
    BotCredentials,
    approval_card,
    card_activity,
)

log = logging.getLogger("auditoryx.worker")


def _approval_message(
    notice: Notice,
    *,
    note: str | None = None,
    approve_url: str | None = None,
    reject_url: str | None = None,
    expires: str | None = None,
) -> ApprovalMessage:
    return ApprovalMessage(
        summary=notice.summary,
        step_name=notice.step_name,
        kind=notice.kind,
        subject_type=notice.subject_type,
        request_id=notice.request_id,
        step_index=notice.step_index,
        approver_name=notice.member_name,
        note=note,
        approve_url=approve_url,
        reject_url=reject_url,
        expires=expires,
    )


async def active_connection(session: AsyncSession, provider: str) -> IntegrationConnection | None:
    """The tenant's connection to ``provider`` unless it was disconnected."""
    connection: IntegrationConnection | None = (
        await session.execute(
            select(IntegrationConnection).where(
                IntegrationConnection.provider == provider,
                IntegrationConnection.status != "disconnected",
                IntegrationConnection.credentials.is_not(None),
            )
        )
    ).scalar_one_or_none()
    return connection


async def record_connection_error(
    sessionmaker: async_sessionmaker[AsyncSession], organization_id: str, provider: str, error: str
) -> None:
    """Mark the connection broken, so ``GET /v1/integrations`` tells an admin to reconnect."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        await session.execute(
            update(IntegrationConnection)
            .where(
                IntegrationConnection.provider == provider,
                IntegrationConnection.status != "disconnected",
            )
            .values(status="error", last_error=error[:1000], last_error_at=datetime.now(UTC))
        )


async def _clear_error(session: AsyncSession, provider: str) -> None:
    await session.execute(
        update(IntegrationConnection)
        .where(IntegrationConnection.provider == provider, IntegrationConnection.status == "error")
        .values(status="connected", last_error=None, last_error_at=None)
    )


async def remember_message(
    sessionmaker: async_sessionmaker[AsyncSession],
    notice: Notice,
    provider: str,
    channel_id: str,
    message_ts: str,
) -> None:
    """Record where the approval message of ``notice`` landed (to close it once decided);
    the message went through, so the connection works again."""
    async with tenant_session(sessionmaker, [notice.organization_id]) as session:
        session.add(
            ChatMessage(
                id=new_id("chm"),
                organization_id=notice.organization_id,
                request_id=notice.request_id,
                step_index=notice.step_index,
                member_id=notice.member_id,
                provider=provider,
                channel_id=channel_id,
                message_ts=message_ts,
            )
        )
        await _clear_error(session, provider)


class SlackApprovalChannel:
    """Posts each notice to the approver's Slack DM (their Slack user found by a stored chat
    identity, else by e-mail), or to the connection's default channel when no user matches;
    remembers channel and ``ts`` of every message so it can be updated after the decision."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        secret_box: SecretBox,
        client_factory: SlackClientFactory | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = secret_box
        self._clients = client_factory or slack_client_factory()

    async def __call__(self, notice: Notice) -> ChannelResult:
        try:
            return await self._deliver(notice)
        except RateLimited as exc:
            return ("slack", "failed", f"rate limited; retry after {exc.retry_after} s")
        except Rejected as exc:
            if isinstance(exc, Unauthorized):
                await self._safely_record_error(notice, f"Slack rejected the bot token: {exc.code}")
            return ("slack", "failed", f"Slack refused the message: {exc.code}")
        except Unavailable as exc:
            return ("slack", "failed", str(exc))
        except DecryptionError:
            return ("slack", "failed", "the Slack credentials cannot be decrypted; reconnect Slack")
        except Exception as exc:  # a channel must not fail the notify activity
            log.exception("slack notice failed", extra={"request_id": notice.request_id})
            return ("slack", "failed", f"unexpected error: {type(exc).__name__}")

    async def _safely_record_error(self, notice: Notice, error: str) -> None:
        try:
            await record_connection_error(
                self._sessionmaker, notice.organization_id, "slack", error
            )
        except Exception:
            log.exception("could not record the Slack connection error")

    async def _deliver(self, notice: Notice) -> ChannelResult:
        async with tenant_session(self._sessionmaker, [notice.organization_id]) as session:
            connection = await active_connection(session, "slack")
            if connection is None or connection.credentials is None:
                return ("slack", "skipped", "Slack is not connected")
            credentials = self._box.open(connection.credentials)
            default_channel: str | None = (connection.settings or {}).get("default_channel")
            user_id = (
                await session.execute(
                    select(ChatIdentity.external_user_id)
                    .where(
                        ChatIdentity.member_id == notice.member_id,
                        ChatIdentity.provider == "slack",
                    )
                    .order_by(ChatIdentity.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        slack = self._clients(credentials["bot_token"])
        if user_id is None:
            user_id = await slack.lookup_user_by_email(notice.member_email)
            if user_id is not None:
                await self._remember_identity(notice, user_id)
        note = None
        if user_id is not None:
            target = user_id
        elif default_channel:
            target = default_channel
            note = (
                f"For {notice.member_name}: no Slack account matches their e-mail address, "
                "so this was posted here."
            )
        else:
            return (
                "slack",
                "skipped",
                "no Slack user has the approver's e-mail address and no default channel is set",
            )
        posted = await slack.post_approval(target, _approval_message(notice, note=note))
        await remember_message(self._sessionmaker, notice, "slack", posted.channel, posted.ts)
        where = "direct message" if user_id is not None else f"channel {target}"
        return ("slack", "sent", f"{where} {posted.channel} ts {posted.ts}")

    async def _remember_identity(self, notice: Notice, user_id: str) -> None:
        async with tenant_session(self._sessionmaker, [notice.organization_id]) as session:
            await session.execute(
                insert(ChatIdentity)
                .values(
                    id=new_id("chi"),
                    organization_id=notice.organization_id,
                    member_id=notice.member_id,
                    provider="slack",
                    external_user_id=user_id,
                )
                .on_conflict_do_nothing()
            )


HttpClientFactory = Callable[[], httpx.AsyncClient]


def _default_http() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10.0, follow_redirects=False)


class TeamsApprovalChannel:
    """Posts an Adaptive Card per notice: to the organization's Teams Workflows webhook, with
    Approve/Reject buttons that open a new signed, single-use link of the approver; or, with a
    connected bot, to the conversation the bot was installed in, with ``Action.Execute``
    buttons, remembering the activity so it can be replaced once decided."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        secret_box: SecretBox,
        *,
        link_base_url: str | None,
        link_ttl: timedelta,
        http_client_factory: HttpClientFactory = _default_http,
        allow_private_networks: bool = False,
        allowed_ports: Collection[int] = DEFAULT_ALLOWED_PORTS,
        bot_token_url: str = DEFAULT_TOKEN_URL,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = secret_box
        self._bot_token_url = bot_token_url
        self._base_url = link_base_url
        self._ttl = link_ttl
        self._http = http_client_factory
        self._allow_private = allow_private_networks
        self._allowed_ports = allowed_ports

    async def __call__(self, notice: Notice) -> ChannelResult:
        try:
            return await self._deliver(notice)
        except RateLimited as exc:
            return ("teams", "failed", f"rate limited; retry after {exc.retry_after} s")
        except Rejected as exc:
            if isinstance(exc, Unauthorized):
                try:
                    await record_connection_error(
                        self._sessionmaker, notice.organization_id, "teams", str(exc)
                    )
                except Exception:
                    log.exception("could not record the Teams connection error")
            return ("teams", "failed", str(exc))
        except Unavailable as exc:
            return ("teams", "failed", str(exc))
        except DecryptionError:
            return ("teams", "failed", "the Teams webhook cannot be decrypted; reconnect Teams")
        except Exception as exc:  # a channel must not fail the notify activity
            log.exception("teams notice failed", extra={"request_id": notice.request_id})
            return ("teams", "failed", f"unexpected error: {type(exc).__name__}")

    async def _deliver(self, notice: Notice) -> ChannelResult:
        async with tenant_session(self._sessionmaker, [notice.organization_id]) as session:
            connection = await active_connection(session, "teams")
            if connection is None or connection.credentials is None:
                return ("teams", "skipped", "Teams is not connected")
            credentials = self._box.open(connection.credentials)
            if "app_id" in credentials:
                conversation = (connection.settings or {}).get("conversation")
                bot = BotCredentials(
                    credentials["app_id"], credentials["app_password"], credentials["tenant_id"]
                )
                return await self._deliver_by_bot(notice, bot, conversation)
            if not self._base_url:
                return ("teams", "failed", "PUBLIC_BASE_URL is not set, so no approval link")
            webhook_url: str = credentials["webhook_url"]
            token = await create_link(
                session,
                organization_id=notice.organization_id,
                request_id=notice.request_id,
                member_id=notice.member_id,
                step_index=notice.step_index,
                ttl=self._ttl,
            )
        link = link_url(self._base_url, token)
        expires = (datetime.now(UTC) + self._ttl).strftime("%Y-%m-%d %H:%M UTC")
        approval = _approval_message(
            notice,
            approve_url=f"{link}?decision=approve",
            reject_url=f"{link}?decision=reject",
            expires=expires,
        )
        async with self._http() as http:
            teams = TeamsWebhook(
                http,
                allow_private_networks=self._allow_private,
                allowed_ports=self._allowed_ports,
            )
            try:
                await teams.post_approval(webhook_url, approval)
            except UnsafeUrl as exc:  # the SSRF guard, again at delivery
                return ("teams", "failed", f"refused: {exc}")
        return ("teams", "sent", f"card posted to {webhook_host(webhook_url)}")

    async def _deliver_by_bot(
        self, notice: Notice, bot: BotCredentials, conversation: dict[str, str] | None
    ) -> ChannelResult:
        if not conversation:
            return (
                "teams",
                "skipped",
                "the Teams bot is not installed in a conversation yet (add it in Teams)",
            )
        # The service URL came from an activity whose Bot Framework token named it.
        connector = BotConnector(bot, token_url=self._bot_token_url, http=self._http)
        activity_id = await connector.send(
            conversation["service_url"],
            conversation["id"],
            card_activity(approval_card(_approval_message(notice))),
        )
        await remember_message(self._sessionmaker, notice, "teams", conversation["id"], activity_id)
        return ("teams", "sent", f"card sent by the bot, activity {activity_id}")


def approval_chat_channels(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    box: SecretBox,
    *,
    slack_clients: SlackClientFactory | None = None,
    teams_http: HttpClientFactory = _default_http,
) -> list[Channel]:
    """The chat channels of approval notices, built from settings (the worker's wiring)."""
    return [
        SlackApprovalChannel(
            sessionmaker, box, slack_clients or slack_client_factory(settings.slack_api_base_url)
        ),
        TeamsApprovalChannel(
            sessionmaker,
            box,
            link_base_url=base_url(settings),
            link_ttl=timedelta(hours=settings.approval_link_ttl_hours),
            http_client_factory=teams_http,
            allow_private_networks=settings.outbound_allow_private_networks,
            allowed_ports=settings.outbound_allowed_ports,
            bot_token_url=settings.teams_token_url,
        ),
    ]
