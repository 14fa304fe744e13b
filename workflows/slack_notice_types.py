"""Messages of Slack event notices. Optional fields have defaults (histories stay replayable)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

# Slack message metadata type of our notices; a retry finds an earlier post of the same event
# by it, so an answer lost after Slack accepted the post never makes a second one.
NOTICE_METADATA_TYPE = "auditoryx_event"


class NoticeInput(BaseModel):
    organization_id: str
    event_id: str
    channel: str


class NoticeResult(BaseModel):
    """``ts`` is the posted message's, also when a retry found it already posted."""

    status: Literal["posted", "skipped", "failed"]
    channel: str | None = None
    ts: str | None = None
    deduplicated: bool = False
    error: str | None = None
