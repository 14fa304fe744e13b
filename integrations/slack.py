"""Slack: the Web API calls approvals need, Block Kit for approval messages, and request
signature checks for interaction callbacks.

The client is slack-sdk's ``WebClient`` run off the event loop (``asyncio.to_thread``): the
SDK's ``AsyncWebClient`` needs aiohttp, which this project does not install. Every failure is
one of three small error types, so callers decide what to do without knowing slack-sdk:
:class:`SlackRateLimited` (with ``retry_after``), :class:`SlackPermanentError` (Slack said no:
``invalid_auth``, ``channel_not_found``…), :class:`SlackTransientError` (network, 5xx).
Nothing here retries: the caller's retry policy, or the next reminder, does that.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.web import SlackResponse, WebClient

SLACK_API_BASE_URL = "https://slack.com/api/"
REQUEST_MAX_AGE_SECONDS = 60 * 5
AUTH_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
_TIMEOUT_SECONDS = 10


class SlackError(Exception):
    """A Slack call failed; ``code`` is Slack's error string (``invalid_auth``) or ours."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code


class SlackPermanentError(SlackError):
    """Slack refused the call; repeating it unchanged will not help."""

    @property
    def is_auth_error(self) -> bool:
        return self.code in AUTH_ERRORS


class SlackTransientError(SlackError):
    """Slack could not be reached or failed on its side; a later attempt may work."""


class SlackRateLimited(SlackError):
    """HTTP 429: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("ratelimited", f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class SlackWorkspace:
    team_id: str
    team: str
    bot_user_id: str


@dataclass(frozen=True, slots=True)
class PostedMessage:
    channel: str
    ts: str


def _retry_after(response: SlackResponse) -> int:
    headers = {k.lower(): v for k, v in (response.headers or {}).items()}
    value = headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 1


class SlackApi:
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
            if response.status_code == 429:
                raise SlackRateLimited(_retry_after(response)) from None
            if response.status_code >= 500:
                raise SlackTransientError(f"http_{response.status_code}") from None
            code = str(response.get("error") or f"http_{response.status_code}")
            raise SlackPermanentError(code) from None
        except SlackClientError as exc:
            raise SlackTransientError("client_error", str(exc)) from None
        except OSError as exc:  # connection refused, timeouts, TLS
            raise SlackTransientError("unreachable", f"Slack is unreachable: {exc}") from None

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
        except SlackPermanentError as exc:
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


# --- Block Kit -------------------------------------------------------------------------------

HEADERS = {
    "request": "Approval needed",
    "reminder": "Reminder: approval needed",
    "escalation": "Escalated: approval needed",
}
DECISION_WORDS = {"approve": ("Approved", ":white_check_mark:"), "reject": ("Rejected", ":x:")}


def escape(text: str) -> str:
    """Slack's mrkdwn control characters, escaped as Slack asks (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def button_value(request_id: str, step_index: int) -> str:
    return f"{request_id}:{step_index}"


def parse_button_value(value: str) -> tuple[str, int] | None:
    request_id, _, step = value.rpartition(":")
    if not request_id or not step.isdigit():
        return None
    return request_id, int(step)


def _details(summary: str, step_name: str, subject_type: str) -> dict[str, Any]:
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": f"*{escape(summary)}*"},
        "fields": [
            {"type": "mrkdwn", "text": f"*Step*\n{escape(step_name)}"},
            {"type": "mrkdwn", "text": f"*Kind*\n{escape(subject_type.replace('_', ' '))}"},
        ],
    }


def approval_blocks(
    *,
    summary: str,
    step_name: str,
    kind: str,
    subject_type: str,
    request_id: str,
    step_index: int,
    note: str | None = None,
) -> list[dict[str, Any]]:
    """An approval message: what is asked, at which step, and Approve/Reject buttons whose
    value names the request and step."""
    value = button_value(request_id, step_index)
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": HEADERS.get(kind, HEADERS["request"])},
        },
        _details(summary, step_name, subject_type),
    ]
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(note)}]})
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


def decided_line(decision: str, decider: str, at: datetime) -> str:
    """``:white_check_mark: Approved by *Mara* <!date^…>``: Slack shows the time in each
    reader's own time zone, the fallback in UTC."""
    word, emoji = DECISION_WORDS.get(decision, (decision.capitalize(), ":information_source:"))
    fallback = at.strftime("%Y-%m-%d %H:%M UTC")
    stamp = f"<!date^{int(at.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"
    return f"{emoji} {word} by *{escape(decider)}* {stamp}"


def decided_text(decision: str, decider: str, summary: str) -> str:
    """The plain-text fallback (notifications, screen readers) of a decided message."""
    word, _emoji = DECISION_WORDS.get(decision, (decision.capitalize(), ""))
    return f"{word} by {decider}: {summary}"


def decided_blocks(
    *, summary: str, step_name: str, subject_type: str, decision: str, decider: str, at: datetime
) -> list[dict[str, Any]]:
    """The approval message after a decision: the same details, who decided and when, and
    no buttons."""
    return [
        _details(summary, step_name, subject_type),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": decided_line(decision, decider, at)}],
        },
    ]
