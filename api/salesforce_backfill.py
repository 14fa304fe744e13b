"""An operator's request for a Salesforce backfill: every client pushed again, through Bulk API
2.0 above the threshold (``workflows/salesforce_backfill.py``). The API and the dashboard call
this; it checks the connection, starts (or joins) the organization's backfill and audits the
request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from domain.audit import service as audit
from domain.connections.models import IntegrationConnection
from domain.errors import Conflict
from workflows.clients.salesforce_backfill import backfill_workflow_id, start_backfill
from workflows.salesforce_backfill_types import BackfillInput


async def request_backfill(
    session: AsyncSession,
    temporal: Callable[[], Awaitable[Client]],
    *,
    organization_id: str,
    task_queue: str,
    actor: audit.Actor,
) -> str:
    """The backfill's workflow id; a 409 ``salesforce_not_connected`` without a working
    connection (said before Temporal is reached: ``temporal`` gives the client). A backfill
    already running is joined, not started twice."""
    connection = (
        await session.execute(
            select(IntegrationConnection).where(
                IntegrationConnection.provider == "salesforce",
                IntegrationConnection.status != "disconnected",
            )
        )
    ).scalar_one_or_none()
    if connection is None:
        raise Conflict(
            "Salesforce is not connected; connect it before asking for a backfill",
            code="salesforce_not_connected",
        )
    await start_backfill(
        await temporal(),
        BackfillInput(organization_id=organization_id, reason="requested"),
        task_queue=task_queue,
    )
    workflow_id = backfill_workflow_id(organization_id)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="integration.backfill_requested",
        target_type="integration",
        target_id=connection.id,
        after={"provider": "salesforce", "workflow_id": workflow_id},
    )
    return workflow_id
