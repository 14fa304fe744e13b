"""Outbox relay: start the approval chains whose start was lost.

The API starts a chain right after committing its request; if the process died in between,
or Temporal was down, the request row stays without ``workflow_started_at``. The worker runs
this sweep periodically. Starting is idempotent by workflow id, so a race with the API is
harmless.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core import metrics
from core.db import system_session, tenant_session
from domain.approvals import requests as approvals
from domain.approvals.models import ApprovalRequest
from workflows.clients.approval import start_approval_chain

log = logging.getLogger("auditoryx.worker")


async def relay_unstarted_approvals(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: Client,
    *,
    task_queue: str,
    older_than_seconds: int = 30,
) -> int:
    async with system_session(sessionmaker) as session:
        rows = (
            await session.execute(
                text(
                    "SELECT organization_id, id FROM unstarted_approval_requests("
                    "make_interval(secs => :secs))"
                ),
                {"secs": older_than_seconds},
            )
        ).all()
    metrics.set_relay_pending("approvals", len(rows))
    started = 0
    for organization_id, request_id in rows:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            request = await session.get(ApprovalRequest, request_id)
            if request is None or request.workflow_started_at is not None:
                continue
            chain = approvals.chain_input(request)
        await start_approval_chain(client, chain, task_queue=task_queue)
        async with tenant_session(sessionmaker, [organization_id]) as session:
            await approvals.mark_started(session, request_id)
        started += 1
    if started:
        log.info("relayed %d unstarted approval chain(s)", started)
    return started
