"""Activities of the health probe: one write to PostgreSQL from the worker."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from core.db import system_session


class RecordProbeInput(BaseModel):
    probe_id: str


class RecordProbeResult(BaseModel):
    worker_identity: str
    database_time: str


class HealthActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], worker_identity: str
    ) -> None:
        self._sessionmaker = sessionmaker
        self._worker_identity = worker_identity

    @activity.defn(name="record_health_probe")
    async def record_probe(self, probe: RecordProbeInput) -> RecordProbeResult:
        worker_identity = self._worker_identity
        async with system_session(self._sessionmaker) as session:
            row = (
                await session.execute(
                    text(
                        "INSERT INTO health_probes (id, worker_identity, recorded_at) "
                        "VALUES (:id, :who, now()) ON CONFLICT (id) DO UPDATE SET "
                        "recorded_at = excluded.recorded_at RETURNING recorded_at"
                    ),
                    {"id": probe.probe_id, "who": worker_identity},
                )
            ).scalar_one()
            # Probes are proof of life, not history: keep the table small.
            await session.execute(
                text("DELETE FROM health_probes WHERE recorded_at < now() - interval '1 day'")
            )
        return RecordProbeResult(worker_identity=worker_identity, database_time=row.isoformat())
