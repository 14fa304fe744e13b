"""Projects and their milestones: CRUD, start, replan, cancel, progress, checklists."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, status
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import (
    WorkflowQueryFailedError,
    WorkflowQueryRejectedError,
    WorkflowUpdateFailedError,
)
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError

from api.after_commit import project_changed, start_project_workflow
from api.deps import (
    ActorDep,
    CanReadProjects,
    CanWriteProjects,
    SessionmakerDep,
    TemporalDep,
    TenantSession,
)
from api.loaders import MilestoneDep, ProjectDep
from api.schemas import Limit, ListResponse, Reason, StartingAfter
from api.schemas.projects import (
    ChecklistUpdate,
    MilestoneCreate,
    MilestoneOut,
    ProjectCreate,
    ProjectOut,
    ProjectProgressOut,
    ProjectUpdate,
    Replan,
    milestone_out,
)
from core.db import tenant_session
from domain import records
from domain.audit.service import Actor
from domain.errors import Conflict, DomainError, InvalidRequest
from domain.free_text import texts
from domain.projects import plan_view, service
from domain.projects.models import PROJECT_STATUSES, Milestone, Project
from domain.projects.plan import progress as compute_progress
from domain.projects.progress_types import ProjectProgress
from workflows.clients.project import project_handle
from workflows.project import ProjectWorkflow
from workflows.project_types import CancelProject, ReplanRequest

router = APIRouter(prefix="/v1/projects", tags=["projects"])
milestones_router = APIRouter(prefix="/v1/milestones", tags=["projects"])


async def project_out(session: Any, project: Project, *, full: bool = True) -> ProjectOut:
    milestones = await service.milestones_of(session, project.id) if full else []
    sessions = await service.sessions_of(session, project.id) if full else []
    return ProjectOut(
        id=project.id,
        name=project.name,
        artist_id=project.artist_id,
        budget=service.budget_out(project),
        currency=project.currency,
        due_at=project.due_at,
        status=project.status,
        status_reason=project.status_reason,
        started_at=project.started_at,
        finished_at=project.finished_at,
        created_at=project.created_at,
        updated_at=project.updated_at,
        milestones=[milestone_out(m, sessions) for m in milestones],
    )


def _now() -> datetime:
    return datetime.now(UTC)


_UPDATE_ERRORS: dict[str, tuple[type[DomainError], str, str | None]] = {
    "ProjectClosed": (Conflict, "invalid_status_transition", None),
    "MilestoneClosed": (Conflict, "invalid_status_transition", "milestone_id"),
    "UnknownMilestone": (InvalidRequest, "unknown_id", "milestone_id"),
}


def _update_error(exc: WorkflowUpdateFailedError) -> Exception:
    cause = exc.cause
    if isinstance(cause, ApplicationError) and cause.type in _UPDATE_ERRORS:
        kind, code, param = _UPDATE_ERRORS[cause.type]
        return kind(cause.message, code=code, param=param)
    return exc


@router.get("", summary="List projects")
async def list_projects(
    principal: CanReadProjects,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[Literal[PROJECT_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
) -> ListResponse[ProjectOut]:
    page = await service.list_projects(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        status=status_,
    )
    return ListResponse(
        data=[await project_out(session, p, full=False) for p in page.items],
        has_more=page.has_more,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a project and its milestones")
async def create_project(
    body: ProjectCreate,
    principal: CanWriteProjects,
    session: TenantSession,
    actor: ActorDep,
) -> ProjectOut:
    project = await service.create_project(
        session, organization_id=principal.organization_id, data=body, actor=actor, now=_now()
    )
    return await project_out(session, project)


@router.get("/{id}", summary="A project with its milestones and sessions")
async def get_project(
    principal: CanReadProjects,
    project: ProjectDep,
    session: TenantSession,
) -> ProjectOut:
    return await project_out(session, project)


@router.patch("/{id}", summary="Rename a project, change its budget or due date")
async def update_project(
    body: ProjectUpdate,
    principal: CanWriteProjects,
    project: ProjectDep,
    session: TenantSession,
    actor: ActorDep,
) -> ProjectOut:
    project = await service.update_project(session, project, body, actor=actor)
    return await project_out(session, project)


@router.post(
    "/{id}/milestones", status_code=status.HTTP_201_CREATED, summary="Add a milestone to a project"
)
async def add_milestone(
    body: MilestoneCreate,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteProjects,
    project: ProjectDep,
    session: TenantSession,
    actor: ActorDep,
) -> MilestoneOut:
    milestone = await service.add_milestone(session, project, body, actor=actor, now=_now())
    if project.status == "active":
        background.add_task(
            project_changed, request.app.state, project.organization_id, project.id, "milestone"
        )
    return milestone_out(milestone, await service.sessions_of(session, project.id))


@router.post("/{id}/start", summary="Start the project: its workflow books what is ready")
async def start_project(
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteProjects,
    project: ProjectDep,
    session: TenantSession,
    actor: ActorDep,
) -> ProjectOut:
    if project.status != "draft":
        raise Conflict(
            f"a {project.status} project cannot be started", code="invalid_status_transition"
        )
    await service.check_startable(session, project, now=_now())
    await records.update(
        session,
        project,
        {"status": "active", "started_at": _now()},
        actor=actor,
        kind="project",
    )
    background.add_task(
        start_project_workflow, request.app.state, project.organization_id, project.id
    )
    return await project_out(session, project)


@router.post("/{id}/replan", summary="Delay a milestone; what depends on it is re-planned")
async def replan_project(
    body: Replan,
    principal: CanWriteProjects,
    project: ProjectDep,
    session: TenantSession,
    sessionmaker: SessionmakerDep,
    actor: ActorDep,
    client: TemporalDep,
) -> ProjectProgress:
    milestone = await session.get(Milestone, body.milestone_id)
    if milestone is None or milestone.project_id != project.id:
        raise InvalidRequest(
            f"no milestone {body.milestone_id} in this project",
            param="milestone_id",
            code="unknown_id",
        )
    if project.status != "active":
        raise Conflict(
            f"only an active project can be re-planned; this one is {project.status}",
            code="invalid_status_transition",
        )
    reason_ref = await _typed(
        sessionmaker, actor, project, "replan_reason", body.reason, subject_id=milestone.id
    )
    try:
        return await project_handle(client, project.organization_id, project.id).execute_update(
            ProjectWorkflow.replan,
            ReplanRequest(
                milestone_id=milestone.id, delay_minutes=body.minutes, reason_ref=reason_ref
            ),
        )
    except WorkflowUpdateFailedError as exc:
        await texts.discard_apart(_own(sessionmaker, project), reason_ref)
        raise _update_error(exc) from None


@router.post("/{id}/cancel", summary="Cancel a project; sessions not started are released")
async def cancel_project(
    principal: CanWriteProjects,
    project: ProjectDep,
    session: TenantSession,
    sessionmaker: SessionmakerDep,
    actor: ActorDep,
    client: TemporalDep,
    body: Reason | None = None,
) -> ProjectOut:
    reason = body.reason if body else ""
    if project.status == "draft":
        await records.update(
            session,
            project,
            {"status": "cancelled", "finished_at": _now(), "status_reason": reason},
            actor=actor,
            kind="project",
        )
        return await project_out(session, project)
    if project.status != "active":
        raise Conflict(
            f"a {project.status} project cannot be cancelled", code="invalid_status_transition"
        )
    reason_ref = await _typed(sessionmaker, actor, project, "cancel_reason", reason)
    try:
        await project_handle(client, project.organization_id, project.id).execute_update(
            ProjectWorkflow.cancel, CancelProject(reason_ref=reason_ref)
        )
    except WorkflowUpdateFailedError as exc:
        await texts.discard_apart(_own(sessionmaker, project), reason_ref)
        raise _update_error(exc) from None
    await session.refresh(project)
    return await project_out(session, project)


def _own(
    sessionmaker: async_sessionmaker[AsyncSession], project: Project
) -> Callable[[], AbstractAsyncContextManager[AsyncSession]]:
    """Opens a transaction of its own, scoped to the project's organization."""
    return partial(tenant_session, sessionmaker, [project.organization_id])


async def _typed(
    sessionmaker: async_sessionmaker[AsyncSession],
    actor: Actor,
    project: Project,
    purpose: str,
    body: str,
    *,
    subject_id: str | None = None,
) -> str | None:
    """Commit what the person typed to ``free_texts`` before the workflow is asked: the
    update names the row (ADR 0034), and the workflow's activity reads it in its own
    transaction while this request waits for the update."""
    async with _own(sessionmaker, project)() as own:
        return await texts.write(
            own,
            organization_id=project.organization_id,
            author=actor,
            subject_type="milestone" if subject_id else "project",
            subject_id=subject_id or project.id,
            purpose=purpose,
            body=body,
        )


PROGRESS_QUERY_TIMEOUT = timedelta(seconds=2)


@router.get("/{id}/progress", summary="Percent per milestone, critical path, projected finish")
async def project_progress(
    principal: CanReadProjects,
    project: ProjectDep,
    session: TenantSession,
    request: Request,
) -> ProjectProgressOut:
    answered = await _workflow_progress(request, project)
    if answered is not None:
        return ProjectProgressOut.model_validate({**answered.model_dump(), "source": "workflow"})
    _rows, plan = await plan_view.load_plan(session, project.id)
    computed = compute_progress(
        project_id=project.id,
        status=project.status,
        due_at=project.due_at,
        milestones=plan,
        now=_now(),
    )
    return ProjectProgressOut.model_validate({**computed.model_dump(), "source": "database"})


async def _workflow_progress(request: Request, project: Project) -> ProjectProgress | None:
    """The running workflow's progress, or ``None`` when the database should answer.

    A workflow answers its ``progress`` query with an empty progress until its first turn
    has read the plan (``computed_at`` unset): a client polling right after ``start`` would
    see a project without milestones. A worker that is down leaves the query waiting, so it
    gets a short deadline; the database holds the same plan the workflow reads."""
    if project.status != "active":
        return None
    client = await request.app.state.temporal.get()
    if client is None:
        return None
    try:
        answered: ProjectProgress = await project_handle(
            client, project.organization_id, project.id
        ).query(ProjectWorkflow.progress, rpc_timeout=PROGRESS_QUERY_TIMEOUT)
    except (RPCError, RuntimeError, WorkflowQueryFailedError, WorkflowQueryRejectedError):
        return None  # not running (yet), or nobody polls its task queue
    return answered if answered.computed_at is not None else None


@milestones_router.get("/{id}", summary="A milestone")
async def get_milestone(
    principal: CanReadProjects,
    milestone: MilestoneDep,
    session: TenantSession,
) -> MilestoneOut:
    return milestone_out(milestone, await service.sessions_of(session, milestone.project_id))


@milestones_router.post("/{id}/checklist", summary="Tick (or untick) a checklist item")
async def update_checklist(
    body: ChecklistUpdate,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteProjects,
    milestone: MilestoneDep,
    session: TenantSession,
    actor: ActorDep,
) -> MilestoneOut:
    await service.set_checklist_item(
        session, milestone, item_id=body.item_id, done=body.done, actor=actor, now=_now()
    )
    background.add_task(
        project_changed,
        request.app.state,
        milestone.organization_id,
        milestone.project_id,
        "checklist",
    )
    return milestone_out(milestone, await service.sessions_of(session, milestone.project_id))
