"""Messages of the webhook delivery workflow. Optional fields have defaults, so fields can be
added without breaking the histories of deliveries in flight."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

# Seconds to wait before each attempt (Standard Webhooks' schedule): at once, then 5 s, 5 min,
# 30 min, 2 h, 5 h, 10 h and 10 h after the previous attempt — eight attempts over ~27.6 h.
RETRY_SCHEDULE_SECONDS: tuple[int, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
DISABLE_AFTER_FAILING_DAYS = 5


class DeliveryInput(BaseModel):
    organization_id: str
    event_id: str
    endpoint_id: str
    resend: bool = False


class AttemptInput(BaseModel):
    organization_id: str
    event_id: str
    endpoint_id: str
    attempt: int
    attempted_at: datetime
    next_attempt_at: datetime | None = None


class AttemptResult(BaseModel):
    outcome: Literal["succeeded", "failed", "skipped"]
    status_code: int | None = None
    error: str | None = None
    endpoint_disabled: bool = False


class AlertInput(BaseModel):
    organization_id: str
    endpoint_id: str


class DeliveryStatus(BaseModel):
    status: Literal["pending", "succeeded", "failed", "skipped"] = "pending"
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str | None = None
    next_attempt_at: datetime | None = None
