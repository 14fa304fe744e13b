"""Outbox relay: start the bulk-booking sagas whose start was lost.

The API starts a batch's workflow right after committing the batch; if the process died in
between, or Temporal was down, the batch stays ``pending`` without ``workflow_started_at``.
The worker sweeps for those periodically. Starting is idempotent by workflow id, and the saga
reads the batch first, so a race with the API (or with a cancel) is harmless.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core import metrics
from core.db import system_session, tenant_session
from domain.bulk import batches as bulk_bookings
from workflows.bulk_booking_types import BulkBookingInput
from workflows.clients.bulk_booking import start_bulk_booking

log = logging.getLogger("auditoryx.worker")


async def relay_unstarted_bulk_bookings(
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
                    "SELECT organization_id, id FROM unstarted_bulk_bookings("
                    "make_interval(secs => :secs))"
                ),
                {"secs": older_than_seconds},
            )
        ).all()
    metrics.set_relay_pending("bulk_bookings", len(rows))
    started = 0
    for organization_id, batch_id in rows:
        job = BulkBookingInput(organization_id=organization_id, batch_id=batch_id)
        try:
            await start_bulk_booking(client, job, task_queue=task_queue)
            async with tenant_session(sessionmaker, [organization_id]) as session:
                await bulk_bookings.mark_started(session, batch_id, now=datetime.now(UTC))
        except Exception:  # one batch that cannot start must not hold back the others
            log.exception("bulk booking %s not relayed; the next sweep retries", batch_id)
            continue
        started += 1
    if started:
        log.info("relayed %d unstarted bulk booking(s)", started)
    return started
