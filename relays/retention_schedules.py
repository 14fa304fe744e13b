"""Keeps a retention Schedule for every organization that set retention periods.

The API ensures the Schedule when periods are set; this sweep (at the worker's start, then
hourly) catches what was set while Temporal was unreachable. Idempotent.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError

from core.db import system_session
from workflows.clients.privacy import ensure_retention_schedule

log = logging.getLogger("auditoryx.worker")


async def ensure_retention_schedules(
    sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
) -> int:
    async with system_session(sessionmaker) as session:
        organization_ids = (
            (await session.execute(text("SELECT organization_id FROM retention_organizations()")))
            .scalars()
            .all()
        )
    ensured = 0
    for organization_id in organization_ids:
        try:
            await ensure_retention_schedule(client, organization_id, task_queue=task_queue)
            ensured += 1
        except RPCError as exc:  # one organization's trouble must not starve the others
            log.warning("retention schedule of %s not ensured: %s", organization_id, exc)
    return ensured
