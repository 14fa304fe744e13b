"""What an approval channel is told, and what it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import BaseModel


class Notice(BaseModel):
    """What a channel needs to tell one approver about one request."""

    organization_id: str
    request_id: str
    step_index: int
    step_name: str
    kind: str
    member_id: str
    member_email: str
    member_name: str
    summary: str
    subject_type: str
    subject_id: str


# (channel name, status, detail): status is ``sent``, ``skipped`` (nothing to send to) or
# ``failed`` (the detail says why); recorded as the notice's ApprovalNotification row.
ChannelResult = tuple[str, str, str]

# A channel delivers a notice and reports what happened; it must not raise.
Channel = Callable[[Notice], Awaitable[ChannelResult]]
