"""Block Kit for event notices posted to a Slack channel: a header naming what happened, the
object's headline and a few labelled fields, and a context line with the event's type and id.
Pure functions; the caller decides which fields an event shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from integrations.chat import TimeSpan
from integrations.slack_blocks import escape

# Slack message metadata type of our notices; a retry finds an earlier post of the same event
# by it, so an answer lost after Slack accepted the post never makes a second one.
NOTICE_METADATA_TYPE = "auditoryx_event"
MAX_FIELDS = 10  # Slack's limit for a section's fields
FIELD_MAX_CHARS = 1900  # each field's text is capped at 2,000 characters by Slack


def when(start: datetime, end: datetime | None = None) -> str:
    """A time Slack shows in each reader's own time zone (UTC in the fallback)."""

    def stamp(at: datetime, fmt: str) -> str:
        fallback = at.strftime("%Y-%m-%d %H:%M UTC")
        return f"<!date^{int(at.timestamp())}^{fmt}|{fallback}>"

    text = stamp(start, "{date_short_pretty} {time}")
    return f"{text} to {stamp(end, '{time}')}" if end is not None else text


def _mrkdwn(value: str | TimeSpan) -> str:
    return when(value.start, value.end) if isinstance(value, TimeSpan) else escape(value)


def notice_text(title: str, headline: str) -> str:
    """The plain-text fallback (push notifications, screen readers)."""
    return f"{title}: {headline}" if headline else title


def notice_blocks(
    *,
    title: str,
    headline: str,
    fields: Sequence[tuple[str, str | TimeSpan]],
    event_type: str,
    event_id: str,
) -> list[dict[str, Any]]:
    """``fields`` are (label, value) pairs of plain text, escaped here, or of times, shown
    in each reader's time zone."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}},
    ]
    section: dict[str, Any] = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": f"*{escape(headline)}*" if headline else " "},
    }
    if fields:
        section["fields"] = [
            {"type": "mrkdwn", "text": f"*{escape(label)}*\n{_mrkdwn(value)}"[:FIELD_MAX_CHARS]}
            for label, value in fields[:MAX_FIELDS]
        ]
    blocks.append(section)
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": f"`{escape(event_type)}` · {escape(event_id)}"}
            ],
        }
    )
    return blocks
