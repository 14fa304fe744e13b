"""Messages of sync workflows. Optional fields have defaults (histories stay replayable)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Provider = Literal["hubspot", "salesforce", "quickbooks", "xero", "asana", "monday"]
# A bulk booking is one CRM deal (a Salesforce opportunity); a milestone is one QuickBooks or
# Xero invoice (or the sessions' invoices, serialized through the milestone's sync), per the
# organization's setting.
EntityType = Literal["client", "booking", "bulk_booking", "milestone"]
# Asana and Monday.com keep a task (item) per milestone (activities/task_sync.py), synced both ways.
# The providers that invoice completed work (the others keep CRM records).
ACCOUNTING_PROVIDERS: frozenset[Provider] = frozenset({"quickbooks", "xero"})


# The workflow type, by name: activities start syncs of other entities, and importing the
# workflow class there would import these activities back.
SYNC_WORKFLOW = "SyncWorkflow"


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
