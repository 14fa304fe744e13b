"""Request and response models of ``api/routes/artists.py``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import RequestBody, ResponseBody
from domain.dates import Day
from domain.roster import service as roster


class ArtistOut(ResponseBody):
    object: Literal["artist"] = "artist"
    id: str
    name: str
    genres: list[str]
    status: str
    contract_start: date | None
    contract_end: date | None
    links: list[str]
    tags: list[str]
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


class ArtistCreate(roster.ArtistInput, RequestBody):
    pass


class ArtistUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    genres: list[str] | None = Field(default=None, max_length=20)
    status: Literal["active", "paused", "former"] | None = None
    contract_start: Day | None = None
    contract_end: Day | None = None
    links: list[str] | None = Field(default=None, max_length=20)
    tags: list[str] | None = Field(default=None, max_length=30)
    external_ref: str | None = Field(default=None, min_length=1, max_length=120)


class BulkRowOut(BaseModel):
    index: int
    line: int | None = None
    status: Literal["created", "updated", "unchanged", "error"]
    id: str | None = None
    external_ref: str | None = None
    errors: list[dict[str, str]] = []


class BulkSummary(BaseModel):
    created: int
    updated: int
    unchanged: int
    failed: int


class BulkResultOut(BaseModel):
    object: Literal["bulk_result"] = "bulk_result"
    dry_run: bool
    summary: BulkSummary
    rows: list[BulkRowOut]


class ArtistsJson(BaseModel):
    artists: list[dict[str, Any]] = Field(max_length=roster.MAX_BULK_ROWS)
