"""Block Kit of approval messages (the request with Approve/Reject buttons, and its decided
form) and Slack's mrkdwn escaping. Pure functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
