"""Messages of the lifecycle dispatcher and of the stakeholder report."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DispatcherInput(BaseModel):
    organization_id: str
    generation: int = 0
    sent_total: int = 0
    history_limit: int | None = Field(
        default=None,
        ge=1,
        description="Continue as new past this many history events (default HISTORY_LIMIT)",
    )


class DispatchInput(BaseModel):
    organization_id: str
    now: datetime


class DispatchResult(BaseModel):
    queued: int = 0
    next_due_at: datetime | None = None


class DeliverResult(BaseModel):
    sent: int = 0
    dropped: int = 0
    failed: int = 0
    retry_at: datetime | None = Field(
        default=None, description="Set while mail waits for a transient SMTP failure to pass"
    )


class DispatcherStatus(BaseModel):
    organization_id: str
    last_run_at: datetime | None = None
    next_due_at: datetime | None = None
    runs: int = 0
    sent_total: int = 0


class ReportInput(BaseModel):
    organization_id: str


class ReportJob(BaseModel):
    organization_id: str
    now: datetime


class ReportResult(BaseModel):
    recipients: list[str] = Field(default_factory=list)
    sessions_booked: int = 0
    sessions_completed: int = 0
    pending_approvals: int = 0
    sent: int = 0
