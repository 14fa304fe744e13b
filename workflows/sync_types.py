"""Messages of sync workflows. Optional fields have defaults (histories stay replayable)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Provider = Literal["hubspot", "quickbooks"]
EntityType = Literal["client", "booking"]


class SyncInput(BaseModel):
    organization_id: str
    provider: Provider
    entity_type: EntityType
    entity_id: str


class SyncResult(BaseModel):
    status: Literal["synced", "failed", "skipped"]
    external_id: str | None = None
    error: str | None = None
    pushes: int = 0
    payment_status: Literal["open", "partial", "paid"] | None = None  # of an invoice
