"""The post activity of Slack event notices: render an event as Block Kit and post it to the
routed channel with the real slack-sdk client.

Exactly once, as far as Slack allows: every post carries message metadata naming the event,
and a retry (attempt > 1) first looks for it in the channel's recent history, so a post Slack
accepted whose answer was lost is adopted rather than repeated. Slack's errors are translated
for Temporal: 429 → retryable with ``next_retry_delay = Retry-After``; a refusal (unknown
channel, bot not in it, revoked token) → non-retryable, and an auth refusal is recorded on
the connection so ``GET /v1/integrations`` tells an admin to reconnect; anything transient →
retryable with the workflow's backoff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import to_application_error
from channels.chat import active_connection, record_connection_error
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from domain.events.models import Event
from domain.events.service import CATALOG, open_events
from domain.keys.sealed import Sealing
from integrations.chat import ChatNotice, TimeSpan
from integrations.errors import IntegrationError, Rejected, Unauthorized
from integrations.slack import SlackApi, SlackClientFactory, slack_client_factory
from workflows.slack_notice_types import NoticeInput, NoticeResult


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC)
    except (TypeError, ValueError):
        return None


def _title(event_type: str) -> str:
    """``booking.no_show`` → ``Booking no show``."""
    words = event_type.replace(".", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


Field = tuple[str, str | TimeSpan]


def describe(event_type: str, data: dict[str, Any]) -> tuple[str, list[Field]]:
    """The headline and the labelled fields of an event's object, readable by a person (plain
    text: the chat adapter escapes it)."""
    kind = data.get("object")
    fields: list[Field] = []
    if kind == "booking":
        start, end = _parse_time(data.get("start")), _parse_time(data.get("end"))
        if start is not None:
            fields.append(("When", TimeSpan(start, end)))
        fields.append(("Status", str(data.get("status", "")).replace("_", " ")))
        if data.get("price") is not None:
            fields.append(("Price", f"{data['price']} {data.get('currency', '')}".strip()))
        if data.get("status_reason"):
            fields.append(("Reason", str(data["status_reason"])))
        return str(data.get("title") or f"Booking {data.get('id', '')}"), fields
    if kind == "approval_request":
        fields.append(("Status", str(data.get("status", ""))))
        if data.get("amount") is not None:
            fields.append(("Amount", f"{data['amount']} {data.get('currency') or ''}"))
        if data.get("reason"):
            fields.append(("Reason", str(data["reason"])))
        return str(data.get("summary") or ""), fields
    if kind == "client":
        for label, key in (("E-mail", "email"), ("Domain", "domain")):
            if data.get(key):
                fields.append((label, str(data[key])))
        return str(data.get("name") or ""), fields
    for key, value in data.items():  # other objects: their plain values, as they are
        if key not in ("object", "id") and isinstance(value, str | int | float) and value != "":
            fields.append((key.replace("_", " ").capitalize(), str(value)))
    description = CATALOG.get(event_type, ("", {}))[0]
    return description, fields


class SlackNoticeActivities:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        slack_clients: SlackClientFactory | None = None,
        sealing: Sealing | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = box
        self._clients = slack_clients or slack_client_factory()
        self._sealing = sealing or Sealing.configured(sessionmaker)

    @activity.defn(name="slack_notice_post")
    async def post(self, notice: NoticeInput) -> NoticeResult:
        async with tenant_session(self._sessionmaker, [notice.organization_id]) as session:
            event = await session.get(Event, notice.event_id)
            connection = await active_connection(session, "slack")
            if event is None:
                return NoticeResult(status="skipped", error="the event no longer exists")
            if connection is None or connection.credentials is None:
                return NoticeResult(status="skipped", error="Slack is not connected")
            try:
                token = str(self._box.open(connection.credentials)["bot_token"])
            except (DecryptionError, KeyError):
                return NoticeResult(
                    status="skipped", error="the Slack credentials cannot be decrypted"
                )
            await open_events(session, self._sealing, [event])
            headline, fields = describe(event.type, event.delivered_data)
            title, event_type, event_id = _title(event.type), event.type, event.id
        slack = self._clients(token)
        chat_notice = ChatNotice(
            title=title, headline=headline, fields=fields, event_type=event_type, event_id=event_id
        )
        try:
            return await self._post(slack, notice, chat_notice)
        except IntegrationError as exc:
            if isinstance(exc, Unauthorized):
                await record_connection_error(
                    self._sessionmaker,
                    notice.organization_id,
                    "slack",
                    f"Slack rejected the bot token: {exc.code}",
                )
            raise to_application_error(
                exc, during="the notice", refused=f"the notice to {notice.channel}"
            ) from None

    async def _post(
        self, slack: SlackApi, notice: NoticeInput, chat_notice: ChatNotice
    ) -> NoticeResult:
        if activity.info().attempt > 1:
            try:
                found = await slack.find_notice(channel=notice.channel, event_id=notice.event_id)
            except Unauthorized:
                raise
            except Rejected as exc:
                # Without the history scope the earlier attempt cannot be checked: post.
                activity.logger.warning("cannot read %s history: %s", notice.channel, exc.code)
                found = None
            if found is not None:
                return NoticeResult(
                    status="posted", channel=found.channel, ts=found.ts, deduplicated=True
                )
        posted = await slack.post_notice(notice.channel, chat_notice)
        return NoticeResult(status="posted", channel=posted.channel, ts=posted.ts)
