"""Messages of reconciliation workflows. Optional fields have defaults (histories replay)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from workflows.sync_types import Provider

ERROR_SAMPLES = 10  # how many error messages a summary keeps (the count is exact)
# Providers with a reconciliation; another provider's connection gets no Schedule.
RECONCILED_PROVIDERS: tuple[Provider, ...] = (
    "hubspot",
    "salesforce",
    "quickbooks",
    "xero",
    "asana",
    "monday",
)
DEFAULT_EVERY_HOURS = 24
MIN_EVERY_HOURS, MAX_EVERY_HOURS = 1, 24 * 7


def reconcile_every_hours(settings: Mapping[str, Any] | None) -> int:
    """The interval a connection's ``settings`` ask for, or the default."""
    value = (settings or {}).get("reconcile_every_hours")
    return value if isinstance(value, int) and value > 0 else DEFAULT_EVERY_HOURS


class ReconcileInput(BaseModel):
    """One reconciliation of one organization with one provider. The counters and cursor
    carry a long run across continue-as-new; a Schedule starts it with the defaults."""

    organization_id: str
    provider: Provider
    page_size: int = 100
    pages_per_run: int = 50
    after: str | None = None
    started_at: datetime | None = None
    checked: int = 0
    repaired: int = 0
    errors: int = 0
    error_samples: list[str] = Field(default_factory=list)


class ReconcilePageInput(BaseModel):
    organization_id: str
    provider: Provider
    after: str | None = None
    limit: int = 100


class ReconcilePage(BaseModel):
    """What one page of mappings showed. ``status`` is ``stopped`` when reconciling cannot go
    on (not connected, the token refused); ``reason`` says why."""

    status: Literal["ok", "stopped"] = "ok"
    reason: str | None = None
    checked: int = 0
    repaired: int = 0
    errors: list[str] = Field(default_factory=list)
    next_after: str | None = None


class ReconcileSummary(BaseModel):
    organization_id: str
    provider: Provider
    status: Literal["completed", "stopped"]
    reason: str | None = None
    started_at: datetime
    finished_at: datetime
    checked: int = 0
    repaired: int = 0
    errors: int = 0
    error_samples: list[str] = Field(default_factory=list)
