"""Keeps a reconciliation Schedule for every organization connected to a reconciled provider.

The worker runs this sweep at start and then hourly, so connections made while Temporal was
down, or Schedules deleted by hand, are picked up; the API keeps Schedules in step with
connects, interval changes and disconnects in between. Every step is idempotent.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.service import RPCError

from core.db import system_session, tenant_session
from domain.connections.models import IntegrationConnection
from workflows.clients.reconcile import ensure_reconcile_schedule
from workflows.reconcile_types import RECONCILED_PROVIDERS, reconcile_every_hours

log = logging.getLogger("auditoryx.worker")


async def ensure_reconcile_schedules(
    sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
) -> int:
    """A Schedule for every organization connected to a reconciled provider, at the interval
    its connection asks for; returns how many were ensured."""
    ensured = 0
    for provider in RECONCILED_PROVIDERS:
        async with system_session(sessionmaker) as session:
            organization_ids = (
                (
                    await session.execute(
                        text("SELECT organization_id FROM connected_organizations(:p)"),
                        {"p": provider},
                    )
                )
                .scalars()
                .all()
            )
        for organization_id in organization_ids:
            async with tenant_session(sessionmaker, [organization_id]) as session:
                connection = (
                    await session.execute(
                        select(IntegrationConnection).where(
                            IntegrationConnection.provider == provider
                        )
                    )
                ).scalar_one_or_none()
                if connection is None:
                    continue
                every_hours = reconcile_every_hours(connection.settings)
            try:
                await ensure_reconcile_schedule(
                    client,
                    organization_id,
                    provider,
                    every_hours=every_hours,
                    task_queue=task_queue,
                )
                ensured += 1
            except RPCError as exc:  # one organization's trouble must not starve the others
                log.warning("reconcile schedule of %s not ensured: %s", organization_id, exc)
    return ensured
