"""What we ask of a chat tool (Slack, Teams): post an approval message, close it once decided,
post an event notice.

Messages are described here in plain terms; each adapter renders them (Block Kit, an Adaptive
Card) and escapes user text itself. Failures are the shared error family of
:mod:`integrations.errors`: ``Unauthorized`` (the token or webhook no longer works),
``Rejected``, ``RateLimited`` and ``Unavailable``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PostedMessage:
    """Where a message landed (a DM id when posted to a user) and its id there (``ts``)."""

    channel: str
    ts: str


@dataclass(frozen=True, slots=True)
class ApprovalMessage:
    """One approver's request to decide one step. A tool with buttons that call us back
    names ``request_id``/``step_index`` in them; one without opens ``approve_url`` /
    ``reject_url`` (the approver's signed link, valid until ``expires``)."""

    summary: str
    step_name: str
    kind: str  # request, reminder or escalation
    subject_type: str
    request_id: str
    step_index: int
    approver_name: str = ""
    note: str | None = None
    approve_url: str | None = None
    reject_url: str | None = None
    expires: str | None = None


@dataclass(frozen=True, slots=True)
class DecidedApproval:
    """What an approval message says once its step is decided: who, how and when."""

    summary: str
    step_name: str
    subject_type: str
    decision: str
    decider: str
    at: datetime


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A field value each reader should see in their own time zone."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChatNotice:
    """An event told to a channel: a title, the object's headline, labelled plain-text
    fields (or times), and the event it is about (also the key that makes a retried post
    recognisable)."""

    title: str
    headline: str
    fields: Sequence[tuple[str, str | TimeSpan]]
    event_type: str
    event_id: str


class Chat(Protocol):
    """A chat tool as approval channels and event notices use it. ``to`` is where to post:
    a channel or user id in Slack, the Workflows webhook URL in Teams."""

    async def post_approval(self, to: str, approval: ApprovalMessage) -> PostedMessage | None:
        """Post the approval message; its address, when the tool gives one back."""
        ...

    async def close_approval(self, message: PostedMessage, decided: DecidedApproval) -> None:
        """Replace a posted approval message by its decided form (no buttons)."""
        ...

    async def post_notice(self, to: str, notice: ChatNotice) -> PostedMessage | None:
        """Post an event notice; its address, when the tool gives one back."""
        ...
