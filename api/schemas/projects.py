"""Request and response models of ``api/routes/projects.py``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas import ID_PATTERN, RequestBody
from domain.projects import service
from domain.projects.models import Milestone, MilestoneSession
from domain.projects.progress_types import ProjectProgress
from domain.scheduling.requests import PlanReason


class SessionOut(BaseModel):
    id: str
    creator_id: str | None = Field(description="Empty for an open session not planned yet")
    room_id: str | None
    title: str
    planned_start: datetime = Field(
        description="Fixed or planned start; an open session not planned yet: its window's start"
    )
    duration_minutes: int
    status: Literal["planned", "booked", "failed", "unplaced"]
    booking_id: str | None
    error: str
    open: bool = Field(default=False, description="Planned when the milestone is booked")
    request: dict[str, Any] | None = Field(
        default=None, description="The open session's request as given (window not shifted)"
    )
    planned_at: datetime | None = None
    unplaced_reason: PlanReason | None = Field(
        default=None, description="Why the planner could place it nowhere (status `unplaced`)"
    )


class MilestoneOut(BaseModel):
    object: Literal["milestone"] = "milestone"
    id: str
    project_id: str
    key: str
    name: str
    depends_on: list[str]
    due_at: datetime | None
    status: str
    shift_minutes: int
    checklist: list[dict[str, Any]]
    sessions: list[SessionOut]
    booked_at: datetime | None
    completed_at: datetime | None


class ProjectOut(BaseModel):
    object: Literal["project"] = "project"
    id: str
    name: str
    artist_id: str | None
    budget: str | None
    currency: str
    due_at: datetime | None
    status: str
    status_reason: str
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    updated_at: datetime
    milestones: list[MilestoneOut] = Field(default_factory=list)


def milestone_out(m: Milestone, sessions: list[MilestoneSession]) -> MilestoneOut:
    shift = timedelta(minutes=m.shift_minutes)
    return MilestoneOut(
        id=m.id,
        project_id=m.project_id,
        key=m.key,
        name=m.name,
        depends_on=list(m.depends_on),
        due_at=m.due_at,
        status=m.status,
        shift_minutes=m.shift_minutes,
        checklist=list(m.checklist),
        sessions=[
            SessionOut(
                id=s.id,
                creator_id=s.creator_id,
                room_id=s.room_id,
                title=s.title,
                planned_start=s.start + shift,
                duration_minutes=s.duration_minutes,
                status=s.status,
                booking_id=s.booking_id,
                error=s.error,
                open=s.open_request is not None,
                request=s.open_request,
                planned_at=s.planned_at,
                unplaced_reason=PlanReason.model_validate(s.plan_reason) if s.plan_reason else None,
            )
            for s in sessions
            if s.milestone_id == m.id
        ],
        booked_at=m.booked_at,
        completed_at=m.completed_at,
    )


class ProjectCreate(service.ProjectInput, RequestBody):
    pass


class ProjectUpdate(service.ProjectChanges, RequestBody):
    pass


class MilestoneCreate(service.MilestoneInput, RequestBody):
    pass


class Replan(RequestBody):
    milestone_id: str = Field(pattern=ID_PATTERN)
    delay_days: int | None = Field(default=None, ge=1, le=365)
    delay_minutes: int | None = Field(default=None, ge=1, le=365 * 24 * 60)
    reason: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _one_delay(self) -> Replan:
        if (self.delay_days is None) == (self.delay_minutes is None):
            raise ValueError("give delay_days or delay_minutes")
        return self

    @property
    def minutes(self) -> int:
        return self.delay_minutes or (self.delay_days or 0) * 24 * 60


class ChecklistUpdate(RequestBody):
    item_id: str = Field(min_length=1, max_length=60)
    done: bool = True


class ProjectProgressOut(ProjectProgress):
    source: Literal["workflow", "database"] = Field(
        description="`workflow`: the running ProjectWorkflow answered; `database`: the plan "
        "stored in PostgreSQL (the project is not active, its workflow has not finished its "
        "first turn yet, or Temporal or the worker could not be reached in time)"
    )
