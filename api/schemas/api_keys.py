"""Request and response models of ``api/routes/api_keys.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody
from domain.dates import Timestamp


class ApiKeyOut(ResponseBody):
    object: Literal["api_key"] = "api_key"
    id: str
    name: str
    mode: str
    redacted: str
    permissions: list[str]
    created_by: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    secret: str = Field(description="The key itself. Shown once; store it now.")


class ApiKeyCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    mode: Literal["live", "test"] = "live"
    permissions: list[Annotated[str, Field(max_length=60)]] | None = Field(
        default=None, max_length=100, description="Defaults to every permission of the creating key"
    )
    expires_at: Timestamp | None = None
