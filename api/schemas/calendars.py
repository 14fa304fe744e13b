"""Request and response models of ``api/routes/calendars.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ID_PATTERN, RequestBody


class FeedOut(BaseModel):
    object: Literal["calendar_feed"] = "calendar_feed"
    id: str
    creator_id: str | None
    api_key_id: str | None = Field(
        description="The key that made the feed; the feed stops serving when that key is "
        "revoked or expires, or its member is disabled or removed"
    )
    created_at: datetime
    revoked_at: datetime | None


class FeedCreated(FeedOut):
    url: str = Field(description="The secret feed URL. Shown once; subscribe to it now.")


class FeedCreate(RequestBody):
    creator_id: str | None = Field(
        default=None, pattern=ID_PATTERN, description="Omit for the whole organization's bookings"
    )
