"""The progress of a project as its workflow reports it and the domain computes it.

Every model has defaults for optional fields so new fields can be added without breaking the
histories of running projects.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class UnplacedSession(BaseModel):
    """An open session the planner could not place, with the constraint that ruled it out."""

    session_id: str
    code: str
    detail: str = ""


class MilestoneProgress(BaseModel):
    id: str
    key: str
    name: str
    status: str
    depends_on: list[str] = Field(default_factory=list)
    percent: float = 0.0
    sessions_total: int = 0
    sessions_completed: int = 0
    checklist_total: int = 0
    checklist_done: int = 0
    planned_start: datetime | None = None
    projected_finish: datetime | None = None
    due_at: datetime | None = None
    late: bool = False
    shift_minutes: int = 0
    failed_sessions: list[str] = Field(default_factory=list)
    unplaced_sessions: list[UnplacedSession] = Field(default_factory=list)
    ready: bool = False


class ProjectProgress(BaseModel):
    project_id: str
    status: str
    percent: float = 0.0
    milestones: list[MilestoneProgress] = Field(default_factory=list)
    critical_path: list[str] = Field(default_factory=list)
    projected_finish: datetime | None = None
    due_at: datetime | None = None
    on_track: bool = True
    computed_at: datetime | None = None

    def milestone(self, milestone_id: str) -> MilestoneProgress | None:
        return next((m for m in self.milestones if m.id == milestone_id), None)
