"""Projects and milestones: validation of the DAG, audited CRUD, checklists, and the read of a
project as a plan (for progress and re-planning).

Every check that can refuse a request runs before the first write, so a refused request
changes nothing: a cycle, an unknown dependency or a dependency on another project's milestone
is a 422 naming the offending field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import is_valid_id, new_id
from domain import records
from domain.audit import service as audit
from domain.dates import Timestamp
from domain.errors import Conflict, InvalidRequest
from domain.money import check_currency, from_minor, to_minor
from domain.pagination import Page, paginate
from domain.projects.milestone_planning import (
    SessionRequestInput,
    session_row,
    validate_sessions,
)
from domain.projects.models import Milestone, MilestoneSession, Project
from domain.projects.plan import MIN_LEAD, CycleError, topological_order
from domain.roster.models import Artist

ID = r"^[a-z]{2,5}_[0-9a-hjkmnp-tv-z]{26}$"
KEY = r"^[a-z0-9][a-z0-9_-]{0,59}$"
MAX_MILESTONES = 100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChecklistItemInput(_Strict):
    id: str = Field(pattern=KEY, description="Stable key, e.g. `stems-uploaded`")
    label: str = Field(min_length=1, max_length=200)


class MilestoneInput(_Strict):
    key: str = Field(pattern=KEY, description="Unique within the project, e.g. `tracking`")
    name: str = Field(min_length=1, max_length=200)
    depends_on: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Keys or ids (`mst_…`) of milestones of the same project",
    )
    due_at: Timestamp | None = None
    sessions: list[SessionRequestInput] = Field(default_factory=list, max_length=100)
    checklist: list[ChecklistItemInput] = Field(default_factory=list, max_length=50)

    @field_validator("checklist")
    @classmethod
    def _unique_items(cls, items: list[ChecklistItemInput]) -> list[ChecklistItemInput]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"checklist item '{item.id}' appears twice")
            seen.add(item.id)
        return items


class ProjectInput(_Strict):
    name: str = Field(min_length=1, max_length=200)
    artist_id: str | None = Field(default=None, pattern=ID)
    budget: Decimal | None = Field(default=None, ge=0, max_digits=14)
    currency: str = Field(min_length=3, max_length=3)
    due_at: Timestamp | None = None
    milestones: list[MilestoneInput] = Field(default_factory=list, max_length=MAX_MILESTONES)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return check_currency(value)

    @model_validator(mode="after")
    def _budget(self) -> ProjectInput:
        if self.budget is not None:
            to_minor(self.budget, self.currency)
        return self


class ProjectChanges(_Strict):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    budget: Decimal | None = Field(default=None, ge=0, max_digits=14)
    due_at: Timestamp | None = None


# --- validation -----------------------------------------------------------------------------


def _check_dag(edges: dict[str, list[str]], param_of: dict[str, str]) -> None:
    try:
        topological_order(edges)
    except CycleError as exc:
        raise InvalidRequest(
            f"the milestones' dependencies form a cycle: {' → '.join(exc.path)}",
            param=param_of[exc.path[0]],
            code="dependency_cycle",
            extra={"cycle": exc.path},
        ) from None


async def _resolve_dependency(
    session: AsyncSession,
    *,
    ref: str,
    project_id: str | None,
    keys: dict[str, str],
    param: str,
) -> str:
    """A dependency by key (same project) or by id; another project's milestone is refused."""
    if ref in keys:
        return keys[ref]
    if is_valid_id(ref, "mst"):
        other = await session.get(Milestone, ref)
        if other is not None and other.project_id == project_id:
            return other.id
        if other is not None:
            raise InvalidRequest(
                f"milestone {ref} belongs to another project; dependencies stay inside a project",
                param=param,
                code="foreign_dependency",
            )
    raise InvalidRequest(f"no milestone '{ref}' in this project", param=param, code="unknown_id")


# --- projects -------------------------------------------------------------------------------


def _add_milestone_rows(
    session: AsyncSession,
    *,
    organization_id: str,
    project_id: str,
    milestone_id: str,
    data: MilestoneInput,
    depends_on: list[str],
    position: int,
) -> Milestone:
    milestone = Milestone(
        id=milestone_id,
        organization_id=organization_id,
        project_id=project_id,
        key=data.key,
        name=data.name,
        position=position,
        depends_on=depends_on,
        due_at=data.due_at,
        checklist=[
            {"id": i.id, "label": i.label, "done": False, "done_at": None, "done_by": None}
            for i in data.checklist
        ],
        status="pending",
        shift_minutes=0,
    )
    session.add(milestone)
    for s in data.sessions:
        session.add(
            session_row(
                s,
                organization_id=organization_id,
                project_id=project_id,
                milestone_id=milestone_id,
            )
        )
    return milestone


async def create_project(
    session: AsyncSession,
    *,
    organization_id: str,
    data: ProjectInput,
    actor: audit.Actor,
    now: datetime,
) -> Project:
    if data.artist_id and await session.get(Artist, data.artist_id) is None:
        raise InvalidRequest(f"no artist {data.artist_id}", param="artist_id", code="unknown_id")
    keys: dict[str, str] = {}
    for i, m in enumerate(data.milestones):
        if m.key in keys:
            raise InvalidRequest(
                f"milestone key '{m.key}' appears twice", param=f"milestones.{i}.key"
            )
        keys[m.key] = new_id("mst")
        await validate_sessions(
            session, m.sessions, param=f"milestones.{i}.sessions", now=now, due_at=m.due_at
        )
    edges: dict[str, list[str]] = {}
    param_of: dict[str, str] = {}
    for i, m in enumerate(data.milestones):
        deps: list[str] = []
        for j, ref in enumerate(m.depends_on):
            if ref not in keys:
                raise InvalidRequest(
                    f"no milestone '{ref}' in this project",
                    param=f"milestones.{i}.depends_on.{j}",
                    code="unknown_id",
                )
            deps.append(keys[ref])
        edges[keys[m.key]] = deps
        param_of[keys[m.key]] = f"milestones.{i}.depends_on"
    _check_dag(edges, param_of)

    project = Project(
        id=new_id("prj"),
        organization_id=organization_id,
        name=data.name,
        artist_id=data.artist_id,
        budget_minor=to_minor(data.budget, data.currency) if data.budget is not None else None,
        currency=data.currency,
        due_at=data.due_at,
        status="draft",
        created_by=actor.id,
        status_reason="",
    )
    await records.create(session, project, actor=actor, kind="project")
    for i, m in enumerate(data.milestones):
        _add_milestone_rows(
            session,
            organization_id=organization_id,
            project_id=project.id,
            milestone_id=keys[m.key],
            data=m,
            depends_on=edges[keys[m.key]],
            position=i,
        )
    await session.flush()
    return project


async def update_project(
    session: AsyncSession, project: Project, changes: ProjectChanges, *, actor: audit.Actor
) -> Project:
    values: dict[str, Any] = {}
    fields = changes.model_fields_set
    if "name" in fields and changes.name is not None:
        values["name"] = changes.name
    if "budget" in fields:
        values["budget_minor"] = (
            to_minor(changes.budget, project.currency) if changes.budget is not None else None
        )
    if "due_at" in fields:
        values["due_at"] = changes.due_at
    return await records.update(session, project, values, actor=actor, kind="project")


async def add_milestone(
    session: AsyncSession,
    project: Project,
    data: MilestoneInput,
    *,
    actor: audit.Actor,
    now: datetime,
) -> Milestone:
    if project.status in ("completed", "cancelled"):
        raise Conflict(
            f"a {project.status} project cannot get new milestones",
            code="invalid_status_transition",
        )
    existing = await milestones_of(session, project.id)
    keys = {m.key: m.id for m in existing}
    if data.key in keys:
        raise InvalidRequest(f"milestone key '{data.key}' exists in this project", param="key")
    await validate_sessions(session, data.sessions, param="sessions", now=now, due_at=data.due_at)
    milestone_id = new_id("mst")
    deps: list[str] = []
    for j, ref in enumerate(data.depends_on):
        deps.append(
            await _resolve_dependency(
                session, ref=ref, project_id=project.id, keys=keys, param=f"depends_on.{j}"
            )
        )
    edges = {m.id: list(m.depends_on) for m in existing}
    edges[milestone_id] = deps
    _check_dag(edges, {mid: "depends_on" for mid in edges})
    milestone = _add_milestone_rows(
        session,
        organization_id=project.organization_id,
        project_id=project.id,
        milestone_id=milestone_id,
        data=data,
        depends_on=deps,
        position=len(existing),
    )
    await session.flush()
    await audit.record(
        session,
        organization_id=project.organization_id,
        actor=actor,
        action="milestone.created",
        target_type="milestone",
        target_id=milestone.id,
        after={"project_id": project.id, "key": data.key, "depends_on": deps},
    )
    return milestone


async def set_checklist_item(
    session: AsyncSession,
    milestone: Milestone,
    *,
    item_id: str,
    done: bool,
    actor: audit.Actor,
    now: datetime,
) -> Milestone:
    items = [dict(i) for i in milestone.checklist]
    match = next((i for i in items if i["id"] == item_id), None)
    if match is None:
        raise InvalidRequest(
            f"milestone {milestone.id} has no checklist item '{item_id}'", param="item_id"
        )
    if milestone.status in ("done", "cancelled"):
        raise Conflict(f"the milestone is {milestone.status}", code="invalid_status_transition")
    before = {"item": item_id, "done": match["done"]}
    match.update(done=done, done_at=now.isoformat() if done else None, done_by=actor.id)
    milestone.checklist = items
    await session.flush()
    await audit.record(
        session,
        organization_id=milestone.organization_id,
        actor=actor,
        action="milestone.checklist_updated",
        target_type="milestone",
        target_id=milestone.id,
        before=before,
        after={"item": item_id, "done": done},
    )
    return milestone


async def list_projects(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    status: str | None,
) -> Page[Project]:
    stmt = select(Project).where(Project.organization_id == organization_id)
    if status:
        stmt = stmt.where(Project.status == status)
    return await paginate(session, stmt, Project.id, limit=limit, starting_after=starting_after)


async def milestones_of(session: AsyncSession, project_id: str) -> list[Milestone]:
    return list(
        (
            await session.execute(
                select(Milestone)
                .where(Milestone.project_id == project_id)
                .order_by(Milestone.position, Milestone.id)
            )
        )
        .scalars()
        .all()
    )


async def sessions_of(session: AsyncSession, project_id: str) -> list[MilestoneSession]:
    return list(
        (
            await session.execute(
                select(MilestoneSession)
                .where(MilestoneSession.project_id == project_id)
                .order_by(MilestoneSession.start, MilestoneSession.id)
            )
        )
        .scalars()
        .all()
    )


async def check_startable(session: AsyncSession, project: Project, *, now: datetime) -> None:
    """Refuse to start a project whose first sessions are too close to book as asked.

    A fixed session of a milestone that depends on nothing is booked at its own time as soon
    as the project starts, so it must start at least :data:`MIN_LEAD` after now; moving it
    silently would book something nobody asked for.
    """
    milestones = await milestones_of(session, project.id)
    if not milestones:
        raise InvalidRequest("add at least one milestone before starting", param="milestones")
    first = {m.id: m for m in milestones if not m.depends_on and m.status == "pending"}
    lead_minutes = int(MIN_LEAD.total_seconds() // 60)
    lead = f"{lead_minutes // 60} hour" if lead_minutes == 60 else f"{lead_minutes} minutes"
    for row in await sessions_of(session, project.id):
        milestone = first.get(row.milestone_id)
        if milestone is None or row.creator_id is None:
            continue
        start = row.start + timedelta(minutes=milestone.shift_minutes)
        if start < now + MIN_LEAD:
            raise InvalidRequest(
                f"the session of milestone “{milestone.name}” starts at "
                f"{start:%Y-%m-%d %H:%M} UTC, less than {lead} from now: sessions of a "
                f"project's first milestones must start at least {lead} after it starts; "
                "move the session later",
                param="milestones",
                code="session_too_soon",
            )


def budget_out(project: Project) -> str | None:
    if project.budget_minor is None:
        return None
    return str(from_minor(project.budget_minor, project.currency))
