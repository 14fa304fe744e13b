"""Slack: the Web API calls approvals and event notices need, as a :class:`~integrations.chat.Chat`,
and request signature checks for interaction callbacks.

The client is slack-sdk's ``WebClient`` run off the event loop (``asyncio.to_thread``): the
SDK's ``AsyncWebClient`` needs aiohttp, which this project does not install. Every failure is
one of the shared adapter errors (:mod:`integrations.errors`), so callers decide what to do
without knowing slack-sdk: ``RateLimited`` (with ``retry_after``), ``Unauthorized`` (the bot
token no longer works), ``Rejected`` (Slack said no: ``channel_not_found``…; ``code`` is Slack's
error string), ``Unavailable`` (network, 5xx). Nothing here retries: the caller's retry
policy, or the next reminder, does that. Block Kit lives in :mod:`integrations.slack_blocks`
and :mod:`integrations.slack_notices`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web import SlackResponse, WebClient

from integrations.chat import ApprovalMessage, Chat, ChatNotice, DecidedApproval, PostedMessage
from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable
from integrations.slack_blocks import approval_blocks, decided_blocks, decided_text
from integrations.slack_blocks import escape as escape
from integrations.slack_blocks import parse_button_value as parse_button_value
from integrations.slack_notices import NOTICE_METADATA_TYPE, notice_blocks, notice_text

SLACK_API_BASE_URL = "https://slack.com/api/"
REQUEST_MAX_AGE_SECONDS = 60 * 5
AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
_TIMEOUT_SECONDS = 10
PROVIDER = "slack"


@dataclass(frozen=True, slots=True)
class SlackWorkspace:
    team_id: str
    team: str
    bot_user_id: str


def _retry_after(response: SlackResponse) -> int:
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 1


class SlackApi(Chat):
    """The Web API methods approvals use, bound to one bot token."""

    def __init__(self, token: str, *, base_url: str = SLACK_API_BASE_URL) -> None:
        # No retry handlers: a retry is the caller's decision (Temporal, the next reminder).
        self._client = WebClient(
            token=token, base_url=base_url, timeout=_TIMEOUT_SECONDS, retry_handlers=[]
        )

    async def _call(self, method: Callable[..., SlackResponse], **kwargs: Any) -> SlackResponse:
        try:
            return await asyncio.to_thread(method, **kwargs)
        except SlackApiError as exc:
            response = exc.response
            status = response.status_code
            if status == 429:
                raise RateLimited(_retry_after(response), provider=PROVIDER) from None
            if status >= 500:
                raise Unavailable(
                    f"http_{status}", provider=PROVIDER, status=status, code=f"http_{status}"
                ) from None
            code = str(response.get("error") or f"http_{status}")
            refusal = Unauthorized if code in AUTH_ERRORS else Rejected
            raise refusal(code, provider=PROVIDER, status=status, code=code) from None
        except SlackClientError as exc:
            raise Unavailable(str(exc), provider=PROVIDER, code="client_error") from None
        except OSError as exc:  # connection refused, timeouts, TLS
            raise Unavailable(
                f"Slack is unreachable: {exc}", provider=PROVIDER, code="unreachable"
            ) from None

    async def auth_test(self) -> SlackWorkspace:
        """Which workspace and bot the token belongs to (``auth.test``)."""
        r = await self._call(self._client.auth_test)
        return SlackWorkspace(
            team_id=str(r.get("team_id") or ""),
            team=str(r.get("team") or ""),
            bot_user_id=str(r.get("user_id") or ""),
        )

    async def lookup_user_by_email(self, email: str) -> str | None:
        """The Slack user id of ``email``, or ``None`` when no user has it."""
        try:
            r = await self._call(self._client.users_lookupByEmail, email=email)
        except Rejected as exc:
            if exc.code == "users_not_found":
                return None
            raise
        user = r.get("user") or {}
        return str(user["id"]) if user.get("id") else None

    async def post_message(
        self,
        *,
        channel: str,
        text: str,
        blocks: list[dict[str, Any]],
        metadata: dict[str, Any] | None = None,
    ) -> PostedMessage:
        """Post to a channel or, with a user id as ``channel``, to the bot's DM with them;
        returns the channel the message landed in (a DM id for a user) and its ``ts``.
        ``metadata`` (``{"event_type": …, "event_payload": {…}}``) travels with the message
        and lets :meth:`find_message` recognise it later."""
        r = await self._call(
            self._client.chat_postMessage,
            channel=channel,
            text=text,
            blocks=blocks,
            metadata=metadata,
        )
        return PostedMessage(channel=str(r["channel"]), ts=str(r["ts"]))

    async def find_message(
        self, *, channel: str, event_type: str, key: str, value: str, limit: int = 100
    ) -> PostedMessage | None:
        """The most recent of the channel's last ``limit`` messages whose metadata has this
        ``event_type`` and ``event_payload[key] == value`` (``conversations.history``; needs
        the ``channels:history`` scope), or ``None``."""
        r = await self._call(
            self._client.conversations_history,
            channel=channel,
            limit=limit,
            include_all_metadata=True,
        )
        for message in r.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == event_type and payload.get(key) == value:
                return PostedMessage(channel=channel, ts=str(message["ts"]))
        return None

    async def update_message(
        self, *, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]
    ) -> None:
        await self._call(self._client.chat_update, channel=channel, ts=ts, text=text, blocks=blocks)

    async def post_ephemeral(self, *, channel: str, user: str, text: str) -> None:
        """A message only ``user`` sees, in ``channel``."""
        await self._call(self._client.chat_postEphemeral, channel=channel, user=user, text=text)

    # --- Chat -------------------------------------------------------------------------------

    async def post_approval(self, to: str, approval: ApprovalMessage) -> PostedMessage:
        """The approval message with Approve/Reject buttons, to a user's DM or a channel."""
        return await self.post_message(
            channel=to,
            text=f"Approval needed: {approval.summary}",
            blocks=approval_blocks(
                summary=approval.summary,
                step_name=approval.step_name,
                kind=approval.kind,
                subject_type=approval.subject_type,
                request_id=approval.request_id,
                step_index=approval.step_index,
                note=approval.note,
            ),
        )

    async def close_approval(self, message: PostedMessage, decided: DecidedApproval) -> None:
        """The message's buttons replaced by who decided and when."""
        await self.update_message(
            channel=message.channel,
            ts=message.ts,
            text=decided_text(decided.decision, decided.decider, decided.summary),
            blocks=decided_blocks(
                summary=decided.summary,
                step_name=decided.step_name,
                subject_type=decided.subject_type,
                decision=decided.decision,
                decider=decided.decider,
                at=decided.at,
            ),
        )

    async def post_notice(self, to: str, notice: ChatNotice) -> PostedMessage:
        """The notice, tagged with its event id in the message metadata so that
        :meth:`find_notice` recognises it later."""
        return await self.post_message(
            channel=to,
            text=notice_text(notice.title, notice.headline),
            blocks=notice_blocks(
                title=notice.title,
                headline=notice.headline,
                fields=notice.fields,
                event_type=notice.event_type,
                event_id=notice.event_id,
            ),
            metadata={
                "event_type": NOTICE_METADATA_TYPE,
                "event_payload": {"event_id": notice.event_id},
            },
        )

    async def find_notice(self, *, channel: str, event_id: str) -> PostedMessage | None:
        """The notice of ``event_id`` among the channel's recent messages, if one was posted
        (needs the ``channels:history`` scope)."""
        return await self.find_message(
            channel=channel, event_type=NOTICE_METADATA_TYPE, key="event_id", value=event_id
        )


SlackClientFactory = Callable[[str], SlackApi]


def slack_client_factory(base_url: str = SLACK_API_BASE_URL) -> SlackClientFactory:
    """Builds a :class:`SlackApi` per bot token; tests point ``base_url`` at a stub."""

    def make(token: str) -> SlackApi:
        return SlackApi(token, base_url=base_url)

    return make


# --- request signatures ----------------------------------------------------------------------


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def is_fresh(timestamp: str | None, *, now: float | None = None) -> bool:
    """Whether ``X-Slack-Request-Timestamp`` is within five minutes of ``now``."""
    try:
        sent = int(timestamp or "")
    except ValueError:
        return False
    return abs((time.time() if now is None else now) - sent) <= REQUEST_MAX_AGE_SECONDS


def verify_signature(
    signing_secret: str,
    *,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
) -> bool:
    """Slack's v0 scheme: ``v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")``, compared in
    constant time, and the timestamp no older than five minutes."""
    if not timestamp or not signature or not is_fresh(timestamp, now=now):
        return False
    clock = _FixedClock(time.time() if now is None else now)
    try:
        return SignatureVerifier(signing_secret, clock=clock).is_valid(
            body=body, timestamp=timestamp, signature=signature
        )
    except (TypeError, ValueError):  # a non-ASCII signature header, an empty secret
        return False
