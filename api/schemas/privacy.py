"""Models of the privacy routes: data exports and retention periods."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody


class ExportCreate(RequestBody):
    scope: Literal["organization", "person"] = Field(
        description="`organization`: every record of the organization and its audit log; "
        "`person`: every record that names or belongs to one person"
    )
    kind: Literal["artist", "creator", "member", "client"] | None = Field(
        default=None, description="With `scope: person`: what the person is"
    )
    id: str | None = Field(
        default=None, max_length=40, description="With `scope: person`: the person's id"
    )


class ExportProgressOut(ResponseBody):
    entities_total: int
    entities_done: int
    rows: int


class ExportOut(ResponseBody):
    object: Literal["data_export"] = "data_export"
    id: str
    scope: str
    subject_kind: str | None
    subject_id: str | None
    status: Literal["pending", "running", "ready", "failed"]
    progress: ExportProgressOut
    counts: dict[str, int] = Field(description="Rows written so far, per entity")
    error: str | None
    download_url: str | None = Field(
        description="Once ready and not yet downloaded: the signed link, valid until "
        "`expires_at` and for one download"
    )
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None
    downloaded_at: datetime | None


class RetentionOut(ResponseBody):
    object: Literal["retention_policy"] = "retention_policy"
    bookings_days: int | None = Field(description="Days after a session ended; null: forever")
    sent_emails_days: int | None
    webhook_attempts_days: int | None
    events_days: int | None
    minimum_days: dict[str, int] = Field(description="The shortest period each entity allows")


class RetentionUpdate(RequestBody):
    """Only the fields sent change; `null` keeps that entity forever."""

    bookings_days: int | None = Field(default=None, ge=1)
    sent_emails_days: int | None = Field(default=None, ge=1)
    webhook_attempts_days: int | None = Field(default=None, ge=1)
    events_days: int | None = Field(default=None, ge=1)


class RetentionRunOut(ResponseBody):
    object: Literal["retention_run"] = "retention_run"
    id: str
    ran_at: datetime
    removed: dict[str, int]


class ErasureCreate(RequestBody):
    kind: Literal["artist", "creator", "member", "client"] = Field(description="What the person is")
    id: str = Field(max_length=40, description="The person's id")


class ErasureOut(ResponseBody):
    object: Literal["erasure"] = "erasure"
    id: str
    subject_kind: str
    subject_id: str
    status: Literal["pending", "running", "completed", "failed"]
    counts: dict[str, int] = Field(
        description="Once completed: rows changed per table, and audit records redacted"
    )
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
