"""Keeps every organization's lifecycle processes running: its reminder dispatcher, its report
Schedule, and the workflow of every active project.

The worker runs this sweep at start and then every few minutes, so a schedule deleted by hand or
a project whose start was lost (Temporal was down when the API tried) is picked up without
anyone noticing; a running dispatcher is left asleep (it wakes on its own timer and on the
event relay's wakes). A new organization is picked up within seconds by
:class:`NewOrganizations`. Every step is idempotent.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError

from core.db import system_session, tenant_session
from domain.notices import settings as notice_settings
from domain.projects.models import Project
from workflows.clients.lifecycle import ensure_report_schedule, start_dispatcher
from workflows.clients.project import start_project

log = logging.getLogger("auditoryx.worker")


async def ensure_organization(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: Client,
    organization_id: str,
    *,
    task_queue: str,
) -> None:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        settings = await notice_settings.get_settings(session, organization_id)
        cron, timezone, enabled = (
            settings.report_cron,
            settings.timezone,
            settings.report_enabled,
        )
        active = (
            (await session.execute(select(Project.id).where(Project.status == "active")))
            .scalars()
            .all()
        )
    await start_dispatcher(client, organization_id, task_queue=task_queue)
    await ensure_report_schedule(
        client,
        organization_id,
        cron=cron,
        timezone=timezone,
        enabled=enabled,
        task_queue=task_queue,
    )
    for project_id in active:
        await start_project(client, organization_id, project_id, task_queue=task_queue)


async def _organization_ids(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with system_session(sessionmaker) as session:
        return list(
            (await session.execute(text("SELECT id FROM lifecycle_organization_ids()")))
            .scalars()
            .all()
        )


async def ensure_all(
    sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
) -> int:
    ids = await _organization_ids(sessionmaker)
    for organization_id in ids:
        try:
            await ensure_organization(sessionmaker, client, organization_id, task_queue=task_queue)
        except RPCError as exc:  # one organization's trouble must not starve the others
            log.warning("lifecycle of %s not ensured: %s", organization_id, exc)
    return len(ids)


class NewOrganizations:
    """A quick sweep for organizations created since the last one (by the CLI or the API): their
    dispatcher, report Schedule and projects are ensured within seconds rather than at the
    supervisor's next full sweep. It remembers, per task queue, which organizations it has
    seen; the first sweep only learns them (the full sweep ensures those at start)."""

    def __init__(self) -> None:
        self._seen: dict[str, set[str]] = {}

    async def __call__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: Client,
        *,
        task_queue: str,
    ) -> int:
        ids = set(await _organization_ids(sessionmaker))
        seen = self._seen.get(task_queue)
        self._seen[task_queue] = ids
        if seen is None:
            return 0
        new = sorted(ids - seen)
        for organization_id in new:
            try:
                await ensure_organization(
                    sessionmaker, client, organization_id, task_queue=task_queue
                )
            except RPCError as exc:
                self._seen[task_queue].discard(organization_id)  # try again next sweep
                log.warning("lifecycle of new %s not ensured: %s", organization_id, exc)
        return len(new)
