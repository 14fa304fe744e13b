"""Messages of the TrialWorkflow."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class TrialInput(BaseModel):
    organization_id: str
    ends_at: datetime
    # Days before the end when the managers are mailed, largest first.
    reminder_days: list[int] = [7, 1]


class ConvertTrial(BaseModel):
    """The trial was converted (``POST /operator/organizations/{id}/trial/convert``)."""

    plan: str


class TrialReminder(BaseModel):
    organization_id: str
    days_left: int
    now: datetime


class ExpireTrial(BaseModel):
    organization_id: str
    now: datetime


class TrialResult(BaseModel):
    # "converted" or "expired"; an expiry that found the trial converted reports "converted".
    outcome: str
    reminders_sent: list[int] = []
