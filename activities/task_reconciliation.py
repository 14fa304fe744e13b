"""The page check of ``ReconcileWorkflow`` for project tools (Asana): one page of milestones
(of projects not cancelled) against their tasks, read back in batches. A milestone without a
task, or whose task changed since its link last saw it (or is gone), is drift: it gets the
signal-with-start a change would, so its ``SyncWorkflow`` repairs it with the conflict rule.
Nothing here writes to the tool.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import to_application_error
from activities.sync import NotConnected, record_auth_error
from activities.task_sync import TaskSync
from core.db import tenant_session
from domain.project_tools.models import TaskLink
from domain.projects.models import Milestone, Project
from integrations.errors import IntegrationError, Unauthorized
from integrations.project_management import TaskState
from integrations.registry import display_name
from workflows.clients.sync import request_sync
from workflows.reconcile_types import ReconcilePage, ReconcilePageInput
from workflows.sync_types import SyncInput


class TaskReconciliation:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], sync: TaskSync) -> None:
        self._sessionmaker = sessionmaker
        self._sync = sync

    async def check_page(self, page: ReconcilePageInput) -> ReconcilePage:
        """One page of milestones (of projects not cancelled): a milestone without a task,
        or whose task changed since the link last saw it (or is gone), is drift; each gets
        the signal-with-start a change would."""
        try:
            tool = await self._sync.tool(page.organization_id, page.provider)
        except NotConnected:
            return ReconcilePage(
                status="stopped", reason=f"{display_name(page.provider)} is not connected"
            )
        async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
            query = (
                select(Milestone.id, TaskLink)
                .join(Project, Project.id == Milestone.project_id)
                .outerjoin(
                    TaskLink,
                    (TaskLink.milestone_id == Milestone.id) & (TaskLink.provider == page.provider),
                )
                .where(Project.status != "cancelled")
            )
            if page.after is not None:
                query = query.where(Milestone.id > page.after)
            rows = (await session.execute(query.order_by(Milestone.id).limit(page.limit))).all()
        linked = {link.task_id: link for _, link in rows if link is not None}
        try:
            found = await tool.read_tasks(list(linked))
        except Unauthorized as exc:
            async with tenant_session(self._sessionmaker, [page.organization_id]) as session:
                await record_auth_error(session, page.provider, exc.message)
            reason = f"{display_name(page.provider)} rejected the token: {exc.message}"
            return ReconcilePage(status="stopped", reason=reason)
        except IntegrationError as exc:
            raise to_application_error(exc, during="reconciliation") from None
        drifted = [
            milestone_id
            for milestone_id, link in rows
            if link is None or _drifted(link, found.get(link.task_id))
        ]
        for milestone_id in drifted:
            await request_sync(
                activity.client(),
                SyncInput(
                    organization_id=page.organization_id,
                    provider=page.provider,
                    entity_type="milestone",
                    entity_id=milestone_id,
                ),
                task_queue=activity.info().task_queue,
            )
        next_after = rows[-1][0] if len(rows) == page.limit else None
        return ReconcilePage(checked=len(rows), repaired=len(drifted), next_after=next_after)


def _drifted(link: TaskLink, state: TaskState | None) -> bool:
    if state is None:
        return True  # deleted in the tool: made again
    if link.provider_modified_at is not None and state.modified_at <= link.provider_modified_at:
        return False
    return state.completed != link.completed
