"""Messages of the OrganizationDeletionWorkflow: ids and counts only. New fields get defaults
(histories replay)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DeletionInput(BaseModel):
    """One deletion request of one organization; who asked and when it may run are on its
    ``organization_deletions`` row. ``delete_after`` is the end of the grace period."""

    organization_id: str
    deletion_id: str
    delete_after: datetime


class DeletionStep(BaseModel):
    """One step of a deletion under way, over the organizations it covers."""

    organization_id: str
    deletion_id: str
    organization_ids: list[str] = Field(default_factory=list)


class DeletionBegun(BaseModel):
    """``organization_ids`` empty: the deletion was cancelled before its grace period ended."""

    organization_ids: list[str] = Field(default_factory=list)


class StepCounts(BaseModel):
    counts: dict[str, int] = Field(default_factory=dict)


class FinishDeletion(BaseModel):
    organization_id: str
    deletion_id: str
    organization_ids: list[str] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)


class DeletionResult(BaseModel):
    status: str = "scheduled"
    counts: dict[str, int] = Field(default_factory=dict)
