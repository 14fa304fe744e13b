"""Request and response models of ``api/routes/key_invites.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody


class KeyInviteCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, description="The key's name once claimed")
    mode: Literal["live", "test"] = "live"
    permissions: list[Annotated[str, Field(max_length=60)]] | None = Field(
        default=None,
        max_length=100,
        description="Defaults to everything the member's role allows; never more than that, "
        "nor more than the inviting key's own permissions",
    )
    expires_in_hours: int = Field(default=72, ge=1, le=720)


class KeyInviteOut(ResponseBody):
    object: Literal["api_key_invite"] = "api_key_invite"
    id: str
    member_id: str
    name: str
    mode: str
    permissions: list[str]
    expires_at: datetime
    token: str = Field(
        description="Give it to the member, who claims their key with it (shown once)"
    )


class KeyInviteClaim(RequestBody):
    token: str = Field(min_length=1, max_length=200)
