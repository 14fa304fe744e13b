"""Messages of the ProjectWorkflow and the progress it reports.

Every model has defaults for optional fields so new fields can be added without breaking the
histories of running projects.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ProjectInput(BaseModel):
    organization_id: str
    project_id: str
    generation: int = Field(default=0, description="How many times it continued as new")
    history_limit: int | None = Field(
        default=None,
        ge=1,
        description="Continue as new past this many history events (default HISTORY_LIMIT)",
    )


class ProjectStepInput(BaseModel):
    organization_id: str
    project_id: str
    now: datetime


class BookMilestoneInput(BaseModel):
    organization_id: str
    project_id: str
    milestone_id: str
    now: datetime


class DelayInput(BaseModel):
    organization_id: str
    project_id: str
    milestone_id: str
    delay_minutes: int
    reason: str = ""
    reason_ref: str | None = Field(default=None, description="The free text of the reason")
    now: datetime


class FinishInput(BaseModel):
    organization_id: str
    project_id: str
    status: str
    reason: str = ""
    reason_ref: str | None = Field(default=None, description="Free text completing ``reason``")
    now: datetime


class ReplanRequest(BaseModel):
    """Delay one milestone (its booked sessions move; what depends on it is re-planned)."""

    milestone_id: str
    delay_minutes: int = Field(ge=1, le=365 * 24 * 60)
    reason: str = ""
    reason_ref: str | None = Field(
        default=None,
        description="The ``free_texts`` id of what the person typed; older messages carry it "
        "inline in ``reason``",
    )


class CancelProject(BaseModel):
    reason: str = ""
    reason_ref: str | None = Field(
        default=None,
        description="The ``free_texts`` id of what the person typed; older messages carry it "
        "inline in ``reason``",
    )


class RefreshSignal(BaseModel):
    """Something the project depends on changed (a booking completed or moved, a checklist)."""

    reason: str = ""
    booking_id: str | None = None
