"""Microsoft Teams through a Workflows (Power Automate) webhook: post an Adaptive Card.

A Workflows webhook takes the Bot Framework message envelope
``{"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
"content": <card>}]}`` and answers 202 Accepted. There is no bot here, so cards carry only
``Action.OpenUrl`` buttons; the page they open does the rest. Errors are the shared adapter
errors (:mod:`integrations.errors`): ``RateLimited`` (``retry_after``), ``Unauthorized`` (401,
403, 404, 410: the flow was deleted or its URL revoked, the connection needs attention),
``Rejected`` (other 4xx) and ``Unavailable`` (network, 5xx).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

import httpx

from core.url_guard import (
    DEFAULT_ALLOWED_PORTS,
    PinnedTarget,
    check_url,
    pinned_request_target,
    sni_hostname,
)
from integrations.chat import (
    ApprovalMessage,
    Chat,
    ChatNotice,
    DecidedApproval,
    PostedMessage,
    TimeSpan,
)
from integrations.errors import RateLimited, Rejected, Unauthorized, Unavailable

ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
HEADINGS = {
    "request": "Approval needed",
    "reminder": "Reminder: approval needed",
    "escalation": "Escalated: approval needed",
}
PROVIDER = "teams"
# A webhook answering these no longer works as configured: the flow was deleted or turned off,
# or its signed URL was regenerated.
REVOKED_STATUSES = frozenset({401, 403, 404, 410})


def check_webhook_url(url: str) -> str:
    """The URL if it is an absolute ``https://`` URL with a host; ``ValueError`` otherwise.
    The URL is a bearer secret (its query carries a signature), so it is never echoed."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("the webhook URL must be an https:// URL")
    if parts.username or parts.password:
        raise ValueError("the webhook URL must not carry a user name or password")
    return url


def webhook_host(url: str) -> str:
    return urlsplit(url).hostname or ""


def adaptive_card(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """An Adaptive Card 1.5 with ``body`` and, when there are any, ``actions``."""
    card: dict[str, Any] = {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def _card_message(card_body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    card = adaptive_card(card_body, actions)
    return {
        "type": "message",
        "attachments": [
            {"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "contentUrl": None, "content": card}
        ],
    }


def approval_card(
    *,
    summary: str,
    step_name: str,
    kind: str,
    subject_type: str,
    approver_name: str,
    approve_url: str,
    reject_url: str,
    expires: str,
) -> dict[str, Any]:
    """The webhook payload: an Adaptive Card 1.5 with the request and two buttons that open
    the approver's signed link (the page asks for confirmation before anything is decided)."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": HEADINGS.get(kind, HEADINGS["request"]),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {"type": "TextBlock", "text": summary, "wrap": True},
        {
            "type": "FactSet",
            "facts": [
                {"title": "Step", "value": step_name},
                {"title": "Kind", "value": subject_type.replace("_", " ")},
                {"title": "Approver", "value": approver_name},
                {"title": "Link expires", "value": expires},
            ],
        },
    ]
    actions: list[dict[str, Any]] = [
        {"type": "Action.OpenUrl", "title": "Approve", "url": approve_url, "style": "positive"},
        {"type": "Action.OpenUrl", "title": "Reject", "url": reject_url, "style": "destructive"},
    ]
    return _card_message(body, actions)


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("retry-after", "1")))
    except ValueError:
        return 1


def _plain(value: str | TimeSpan) -> str:
    if isinstance(value, str):
        return value
    start = value.start.strftime("%Y-%m-%d %H:%M UTC")
    return f"{start} to {value.end.strftime('%H:%M UTC')}" if value.end else start


def notice_card(notice: ChatNotice) -> dict[str, Any]:
    """The webhook payload of an event notice: title, headline, facts, and the event."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": notice.title, "weight": "Bolder", "size": "Medium"},
    ]
    if notice.headline:
        body.append({"type": "TextBlock", "text": notice.headline, "wrap": True})
    if notice.fields:
        facts = [{"title": label, "value": _plain(value)} for label, value in notice.fields]
        body.append({"type": "FactSet", "facts": facts})
    body.append(
        {
            "type": "TextBlock",
            "text": f"{notice.event_type} · {notice.event_id}",
            "isSubtle": True,
            "size": "Small",
        }
    )
    return _card_message(body, [])


class TeamsWebhook(Chat):
    """Posts payloads to Workflows webhooks with a shared ``httpx.AsyncClient``; as a
    :class:`~integrations.chat.Chat`, ``to`` is the webhook URL, checked by the SSRF guard
    before every post and posted to at the address that was checked."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        allow_private_networks: bool = False,
        allowed_ports: Collection[int] = DEFAULT_ALLOWED_PORTS,
    ) -> None:
        self._http = http
        self._allow_private = allow_private_networks
        self._allowed_ports = allowed_ports

    async def post_approval(self, to: str, approval: ApprovalMessage) -> None:
        """The approval card; Teams gives no message id back (202 Accepted)."""
        if approval.approve_url is None or approval.reject_url is None:
            raise ValueError("a Teams approval card needs the approver's approve/reject links")
        payload = approval_card(
            summary=approval.summary,
            step_name=approval.step_name,
            kind=approval.kind,
            subject_type=approval.subject_type,
            approver_name=approval.approver_name,
            approve_url=approval.approve_url,
            reject_url=approval.reject_url,
            expires=approval.expires or "",
        )
        await self._post_checked(to, payload)

    async def close_approval(self, message: PostedMessage, decided: DecidedApproval) -> None:
        """Nothing to do: a webhook cannot edit what it posted, and the card's buttons open a
        single-use link whose page says the step was decided."""

    async def post_notice(self, to: str, notice: ChatNotice) -> None:
        await self._post_checked(to, notice_card(notice))

    async def _post_checked(self, url: str, payload: dict[str, Any]) -> None:
        # The SSRF guard again at delivery: the name may resolve elsewhere by now.
        addresses = await check_url(
            url,
            require_https=True,
            allow_private=self._allow_private,
            allowed_ports=self._allowed_ports,
        )
        await self.post(url, payload, pinned=pinned_request_target(url, addresses[0]))

    async def post(
        self, url: str, payload: dict[str, Any], *, pinned: PinnedTarget | None = None
    ) -> None:
        """Post to ``url``; with ``pinned``, to its checked address (the name still in ``Host``
        and in TLS SNI), so the name cannot resolve elsewhere between the check and the post."""
        try:
            if pinned is None:
                response = await self._http.post(url, json=payload)
            else:
                sni = sni_hostname(url)
                response = await self._http.post(
                    pinned.url,
                    json=payload,
                    headers={"Host": pinned.host},
                    extensions={"sni_hostname": sni} if sni else {},
                )
        except httpx.HTTPError as exc:
            raise Unavailable(
                f"Teams webhook at {webhook_host(url)} is unreachable: {type(exc).__name__}",
                provider=PROVIDER,
            ) from None
        status = response.status_code
        if status == 429:
            raise RateLimited(_retry_after(response), provider=PROVIDER)
        if status >= 500:
            raise Unavailable(f"Teams webhook answered {status}", provider=PROVIDER, status=status)
        if status >= 400:
            refusal = Unauthorized if status in REVOKED_STATUSES else Rejected
            raise refusal(
                f"Teams webhook answered {status}: {response.text[:200]}",
                provider=PROVIDER,
                status=status,
            )
