"""Milestones ↔ project-tool tasks (Asana; Monday.com plugs in with a registry entry): the push
of ``SyncWorkflow`` for a milestone (its reconciliation: ``activities/task_reconciliation.py``).

One turn (:meth:`TaskSync.push`) syncs one milestone both ways, so pushes (a change here),
pulls (the tool's webhook) and repairs (reconciliation) of a milestone all run in its one
``SyncWorkflow`` (``{org}:sync:{provider}:milestone:{id}``), one after the other: concurrent
deliveries for one task collapse into one more turn, which finds the change already taken.

A turn: make sure the AuditoryX project has its project (board) in the tool — created under
a row lock so two milestones of a new project make one — and its webhook; read the linked
task back; decide with the conflict rule (``domain/project_tools/sync.py``); tick the
checklist here and/or write the task there; keep what both sides now agree on. Writing is
idempotent: an unchanged milestone is not written again (the origin marker is a digest of
the write), and a task created by an attempt that crashed before the link was saved is found
again by its key. Errors reach Temporal through ``activities/errors.py``; a refused token is
recorded on the connection first.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.service import RPCError

from activities.errors import to_application_error
from activities.sync import NotConnected, record_refusal, record_state
from activities.tool_tokens import fresh_token
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from core.workflow_ids import project_workflow_id
from domain.audit import service as audit
from domain.project_tools import sync as rules
from domain.project_tools.models import PENDING, TaskContainer, TaskLink
from domain.projects.models import Milestone, Project
from domain.tenancy.models import Member
from integrations.crm import CrmAuth
from integrations.errors import IntegrationError, Rejected, Unauthorized
from integrations.oauth import TokenCredentials
from integrations.project_management import ProjectManagement, Task, TaskState, ToolFactory
from integrations.registry import ProviderRegistry, display_name
from workflows.project_types import RefreshSignal
from workflows.sync_types import SyncInput, SyncResult

# A webhook claim older than this was left by a turn that died: another turn may retry it.
CLAIM_TIMEOUT = timedelta(minutes=10)


def webhook_path(provider: str, organization_id: str, container_row_id: str) -> str:
    """Where a tool delivers a container's webhooks
    (``api/routes/integrations_project_tools.py``)."""
    return f"/integrations/{provider}/webhooks/{organization_id}/{container_row_id}"


def container_name(project: Project) -> str:
    """The tool project's name: found again by it after a crash, so it names our id."""
    return f"{project.name} · AuditoryX {project.id}"


def _notes(project: Project, milestone: Milestone) -> str:
    """The task's description: where it comes from, and the checklist it stands for (its
    ticks live here; the task's completion is the whole checklist's)."""
    head = f"{project.name} — milestone {milestone.key} (synced from AuditoryX)"
    labels = "\n".join(f"- {i.get('label')}" for i in milestone.checklist)
    return f"{head}\nChecklist:\n{labels}" if labels else head


class TaskSync:
    """Syncs milestones with the project tool of the sync's provider."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        tools: Mapping[str, ToolFactory | None],
        *,
        public_base_url: str = "",
        auths: Mapping[str, CrmAuth] | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._box = box
        self._auths = dict(auths or {})  # the OAuth of tools whose tokens expire (Asana)
        self._tools = ProviderRegistry[ToolFactory]("project tool", tools)
        self._base_url = public_base_url.rstrip("/")

    # --- connection -----------------------------------------------------------------------

    async def tool(self, organization_id: str, provider: str) -> ProjectManagement:
        """The adapter of the organization's connection; :class:`NotConnected` without one."""
        return (await self._connected(organization_id, provider))[0]

    async def _connected(
        self, organization_id: str, provider: str, *, refused: str | None = None
    ) -> tuple[ProjectManagement, TokenCredentials]:
        """The adapter and the credentials it was made with: an OAuth access token is
        refreshed (and persisted) when it expires soon or is ``refused``."""
        factory = self._tools.resolve(provider)
        credentials, settings = await fresh_token(
            self._sessionmaker, self._box, organization_id, provider, self._auths, refused=refused
        )
        return factory(credentials.access_token, settings), credentials

    # --- the push of SyncWorkflow -----------------------------------------------------------

    async def push(self, sync: SyncInput) -> SyncResult:
        if sync.entity_type != "milestone":
            return SyncResult(status="skipped", error="only milestones become tasks")
        try:
            tool, credentials = await self._connected(sync.organization_id, sync.provider)
            try:
                task_id = await self._turn(tool, sync)
            except Unauthorized:
                if not credentials.renewable:
                    raise
                # Refused before it expired (revoked and re-granted, or a clock apart):
                # refreshed once, and the turn taken again (it is idempotent).
                tool, _ = await self._connected(
                    sync.organization_id, sync.provider, refused=credentials.access_token
                )
                task_id = await self._turn(tool, sync)
        except NotConnected:
            return SyncResult(
                status="skipped", error=f"{display_name(sync.provider)} is not connected"
            )
        except IntegrationError as exc:
            if isinstance(exc, Rejected):
                await record_refusal(self._sessionmaker, sync, exc)
            raise to_application_error(exc, during="the task sync", refused="the task") from None
        if task_id is None:
            return SyncResult(status="skipped", error="the milestone is gone")
        return SyncResult(status="synced", external_id=task_id)

    async def _turn(self, tool: ProjectManagement, sync: SyncInput) -> str | None:
        org, provider = sync.organization_id, sync.provider
        async with tenant_session(self._sessionmaker, [org]) as session:
            milestone = await session.get(Milestone, sync.entity_id)
            if milestone is None:
                return None
            project = await session.get(Project, milestone.project_id)
            assert project is not None
            link = await rules.link_of(session, provider, milestone.id)
            # The task is assigned to whoever created the project, when they are a member.
            creator = await session.get(Member, project.created_by)
            assignee = creator.email if creator is not None else None
            known = (link.task_id, link.marker, link.completed) if link else None
        container_id = await self._container(tool, sync, project)
        seen: TaskState | None = None
        if known is not None:
            seen = (await tool.read_tasks([known[0]])).get(known[0])
        async with tenant_session(self._sessionmaker, [org]) as session:
            milestone = await session.get(Milestone, sync.entity_id, with_for_update=True)
            if milestone is None:
                return None
            link = await rules.link_of(session, provider, milestone.id)
            decision = rules.decide(
                here=rules.completion_here(milestone),
                final_here=milestone.status == "done",
                seen=rules.Seen(seen.completed, seen.modified_at, seen.marker) if seen else None,
                link=link,
            )
            ticked = 0
            if decision.apply_here is not None:
                ticked = await rules.apply_completion(
                    session,
                    milestone,
                    done=decision.apply_here,
                    actor=audit.Actor(type="integration", id=provider),
                    now=datetime.now(UTC),
                )
            task = Task(
                name=milestone.name,
                notes=_notes(project, milestone),
                due_on=milestone.due_at.astimezone(UTC).date() if milestone.due_at else None,
                completed=decision.completed,
                key=milestone.id,
                marker="",
                assignee_email=assignee,
            )
        if ticked:
            await self._refresh_project(org, project.id)  # once the ticks are committed
        content = rules.revision(task.name, task.notes, task.due_on, task.assignee_email)
        marker = f"{content}.{'done' if task.completed else 'open'}"
        task_id = link.task_id if link is not None and seen is not None else None
        # Written when there is no task yet, what we show changed, or the tool's completion
        # is not the agreed one; a pulled completion (already there) is not written back.
        if (
            task_id is None
            or link is None
            or link.marker.partition(".")[0] != content
            or (seen is not None and seen.completed != decision.completed)
        ):
            task_id = await tool.upsert_task(
                container_id,
                dataclasses.replace(task, marker=marker),
                known_id=link.task_id if link else None,
            )
            # Our own write moves the tool's modification time: re-read it, so the webhook
            # that reports this write is seen as not newer (stale) as well as ours (marker).
            written = (await tool.read_tasks([task_id])).get(task_id)
            modified = written.modified_at if written else None
        else:
            modified = seen.modified_at if seen else None
        async with tenant_session(self._sessionmaker, [org]) as session:
            await self._save_link(
                session,
                sync,
                container_id=container_id,
                task_id=task_id,
                marker=marker,
                completed=decision.completed,
                modified=modified,
            )
            await record_state(session, sync, status="synced", error=None)
        return task_id

    async def _refresh_project(self, organization_id: str, project_id: str) -> None:
        """A ticked checklist may finish the milestone: its project workflow looks again."""
        with contextlib.suppress(RPCError, RuntimeError):
            await (
                activity.client()
                .get_workflow_handle(project_workflow_id(organization_id, project_id))
                .signal("refresh", RefreshSignal(reason="checklist"))
            )

    async def _save_link(
        self,
        session: AsyncSession,
        sync: SyncInput,
        *,
        container_id: str,
        task_id: str,
        marker: str,
        completed: bool,
        modified: datetime | None,
    ) -> None:
        link = await rules.link_of(session, sync.provider, sync.entity_id)
        if link is None:
            link = TaskLink(
                id=new_id("ptl"),
                organization_id=sync.organization_id,
                provider=sync.provider,
                milestone_id=sync.entity_id,
            )
            session.add(link)
        link.container_id, link.task_id = container_id, task_id
        link.marker, link.completed = marker, completed
        if modified is not None and (
            link.provider_modified_at is None or modified > link.provider_modified_at
        ):
            link.provider_modified_at = modified
        await session.flush()

    # --- containers and their webhooks ------------------------------------------------------

    async def _container(self, tool: ProjectManagement, sync: SyncInput, project: Project) -> str:
        """The project's container in the tool, then its webhook. A known container is
        checked without holding any lock (the tool's webhook handshake needs the row); a new
        one is made under the row's lock, so concurrent milestones of a new project wait and
        find it rather than make a second."""
        org, provider = sync.organization_id, sync.provider
        async with tenant_session(self._sessionmaker, [org]) as session:
            known = (
                await session.execute(
                    select(TaskContainer.container_id).where(
                        TaskContainer.provider == provider,
                        TaskContainer.project_id == project.id,
                    )
                )
            ).scalar_one_or_none()
        checked = (
            await tool.ensure_container(container_name(project), known_id=known) if known else None
        )
        async with tenant_session(self._sessionmaker, [org]) as session:
            await session.execute(
                insert(TaskContainer)
                .values(
                    id=new_id("ptc"),
                    organization_id=org,
                    provider=provider,
                    project_id=project.id,
                )
                .on_conflict_do_nothing()
            )
            row = (
                await session.execute(
                    select(TaskContainer)
                    .where(
                        TaskContainer.provider == provider,
                        TaskContainer.project_id == project.id,
                    )
                    .with_for_update()
                )
            ).scalar_one()
            if checked is None or row.container_id != known:
                # New (or gone in the tool): made while the row is locked.
                checked = await tool.ensure_container(
                    container_name(project), known_id=row.container_id
                )
            if row.container_id != checked:
                row.container_id = checked
                row.webhook_id, row.webhook_secret = None, None  # the old project's hook
            row_id = row.id
            claimed = self._claim(row)
        if claimed:
            await self._subscribe(tool, org, provider, row_id, checked)
        return checked

    def _claim(self, row: TaskContainer) -> bool:
        """Whether this turn subscribes the webhook: none yet, or an abandoned claim. The
        claim is committed before subscribing, since the tool's handshake (which arrives
        while we subscribe) must find the row and store the secret."""
        if not self._base_url:
            return False  # nowhere to be called: reconciliation finds changes instead
        abandoned = row.webhook_id is not None and row.webhook_id.startswith(PENDING)
        if row.webhook_id is not None and not (
            abandoned and row.updated_at < datetime.now(UTC) - CLAIM_TIMEOUT
        ):
            return False
        row.webhook_id = f"{PENDING}{new_id('claim')}"
        row.webhook_secret = None
        row.updated_at = datetime.now(UTC)
        return True

    async def _subscribe(
        self,
        tool: ProjectManagement,
        organization_id: str,
        provider: str,
        row_id: str,
        container_id: str,
    ) -> None:
        url = self._base_url + webhook_path(provider, organization_id, row_id)
        webhook_id = await tool.subscribe(container_id, url)
        async with tenant_session(self._sessionmaker, [organization_id]) as session:
            row = await session.get(TaskContainer, row_id, with_for_update=True)
            if row is not None:
                row.webhook_id = webhook_id
