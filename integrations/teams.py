"""Microsoft Teams through a Workflows (Power Automate) webhook: post an Adaptive Card.

A Workflows webhook takes the Bot Framework message envelope
``{"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
"content": <card>}]}`` and answers 202 Accepted. There is no bot here, so cards carry only
``Action.OpenUrl`` buttons; the page they open does the rest. Errors are
:class:`TeamsRateLimited` (``retry_after``), :class:`TeamsPermanentError` (4xx: the flow was
deleted or the URL is wrong) and :class:`TeamsTransientError` (network, 5xx).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from core.url_guard import PinnedTarget, sni_hostname

ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
HEADINGS = {
    "request": "Approval needed",
    "reminder": "Reminder: approval needed",
    "escalation": "Escalated: approval needed",
}


class TeamsError(Exception):
    """Posting to the Teams webhook failed."""


class TeamsPermanentError(TeamsError):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code


class TeamsTransientError(TeamsError):
    pass


class TeamsRateLimited(TeamsError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


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
    card = {
        "$schema": ADAPTIVE_CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
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
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": "Approve", "url": approve_url, "style": "positive"},
            {
                "type": "Action.OpenUrl",
                "title": "Reject",
                "url": reject_url,
                "style": "destructive",
            },
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "contentUrl": None, "content": card}
        ],
    }


def _retry_after(response: httpx.Response) -> int:
    try:
        return max(1, int(response.headers.get("retry-after", "1")))
    except ValueError:
        return 1


class TeamsWebhook:
    """Posts payloads to Workflows webhooks with a shared ``httpx.AsyncClient``."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

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
            raise TeamsTransientError(
                f"Teams webhook at {webhook_host(url)} is unreachable: {type(exc).__name__}"
            ) from None
        if response.status_code == 429:
            raise TeamsRateLimited(_retry_after(response))
        if response.status_code >= 500:
            raise TeamsTransientError(f"Teams webhook answered {response.status_code}")
        if response.status_code >= 400:
            raise TeamsPermanentError(
                response.status_code,
                f"Teams webhook answered {response.status_code}: {response.text[:200]}",
            )
