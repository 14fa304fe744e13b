"""Messages of the data export and retention workflows. New fields get defaults (histories
replay)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ExportInput(BaseModel):
    """One export of one organization; what it covers is on its ``data_exports`` row."""

    organization_id: str
    export_id: str


class ExportPlan(BaseModel):
    entities: list[str] = Field(default_factory=list)


class EntityInput(BaseModel):
    organization_id: str
    export_id: str
    entity: str


class EntityWritten(BaseModel):
    """One entity's manifest entry: its name, its row count and its two files (name,
    ``sha256``, ``bytes``)."""

    name: str
    count: int
    files: list[dict[str, Any]] = Field(default_factory=list)


class FinishInput(BaseModel):
    organization_id: str
    export_id: str
    entities: list[EntityWritten] = Field(default_factory=list)


class FailInput(BaseModel):
    organization_id: str
    export_id: str
    reason: str


class ExportProgress(BaseModel):
    """What the query answers: how far the run got."""

    status: str = "pending"
    entities_total: int = 0
    entities_done: int = 0
    rows: int = 0


class RetentionInput(BaseModel):
    """One retention sweep of one organization; a Schedule starts it daily."""

    organization_id: str
    batch_size: int = 1000


class RetentionBatchInput(BaseModel):
    """One batch of one entity, judged against the workflow's clock (``now``)."""

    organization_id: str
    entity: str
    now: datetime
    batch_size: int = 1000


class RetentionBatch(BaseModel):
    removed: int = 0
    more: bool = False


class RetentionReport(BaseModel):
    organization_id: str
    ran_at: datetime | None = None
    removed: dict[str, int] = Field(default_factory=dict)


class ErasureInput(BaseModel):
    """One erasure of one person; whom it erases is on its ``erasures`` row (ids only: no
    personal value ever enters a workflow history)."""

    organization_id: str
    erasure_id: str


class ErasureResult(BaseModel):
    status: str = "completed"
    counts: dict[str, int] = Field(default_factory=dict)


class ErasureFailInput(BaseModel):
    organization_id: str
    erasure_id: str
    reason: str
