"""Activities of data exports, erasures and retention sweeps: each opens its own tenant transaction
and calls the domain (``domain/privacy``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from core.db import tenant_session
from domain.errors import NotFound
from domain.keys.sealed import Sealing
from domain.privacy import archive, erasure, exports, retention
from workflows.privacy_types import (
    EntityInput,
    EntityWritten,
    ErasureFailInput,
    ErasureInput,
    ErasureResult,
    ExportInput,
    ExportPlan,
    FailInput,
    FinishInput,
    RetentionBatch,
    RetentionBatchInput,
    RetentionReport,
)

RETENTION_ENTITIES: tuple[str, ...] = tuple(retention.PERIODS)


class ExportActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], sealing: Sealing | None = None
    ) -> None:
        self._sessionmaker = sessionmaker
        self._sealing = sealing or Sealing.configured(sessionmaker)

    @activity.defn(name="export_begin")
    async def begin(self, job: ExportInput) -> ExportPlan:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            try:
                entities = await exports.begin(session, job.export_id, now=datetime.now(UTC))
            except NotFound as exc:  # the export (or its person) is gone: nothing to build
                raise ApplicationError(exc.detail, non_retryable=True) from exc
        return ExportPlan(entities=entities)

    @activity.defn(name="export_write_entity")
    async def write_entity(self, job: EntityInput) -> EntityWritten:
        """Write one entity's files in one transaction (a retry replaces them), heartbeating
        after every batch of rows."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            export = await exports.get_export(session, job.export_id)
            subject = await exports.subject_of(session, export, self._sealing)
            entry = await archive.write_entity(
                session,
                export_id=job.export_id,
                subject=subject,
                entity=job.entity,
                sealing=self._sealing,
                on_batch=lambda rows: activity.heartbeat(rows),
            )
            await exports.entity_done(session, job.export_id, entry)
        return EntityWritten.model_validate(entry)

    @activity.defn(name="export_finish")
    async def finish(self, job: FinishInput) -> None:
        now = datetime.now(UTC)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            export = await exports.get_export(session, job.export_id)
            subject = await exports.subject_of(session, export, self._sealing)
            document = exports.manifest(
                export, subject, [e.model_dump() for e in job.entities], now=now
            )
            await archive.write_document(
                session,
                organization_id=job.organization_id,
                export_id=job.export_id,
                name=exports.MANIFEST,
                body=exports.manifest_bytes(document),
            )
            await exports.finish(session, job.export_id, document, now=now)

    @activity.defn(name="export_delete_files")
    async def delete_files(self, job: ExportInput) -> int:
        """The export's link has expired: its files go (the export's row stays)."""
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            return await exports.delete_files(session, job.export_id, now=datetime.now(UTC))

    @activity.defn(name="export_fail")
    async def fail(self, job: FailInput) -> None:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            await exports.fail(session, job.export_id, job.reason, now=datetime.now(UTC))


class RetentionActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @activity.defn(name="retention_purge_batch")
    async def purge_batch(self, job: RetentionBatchInput) -> RetentionBatch:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            removed, more = await retention.purge_batch(
                session,
                organization_id=job.organization_id,
                entity=job.entity,
                now=job.now,
                limit=job.batch_size,
            )
        return RetentionBatch(removed=removed, more=more)

    @activity.defn(name="retention_record")
    async def record(self, report: RetentionReport) -> None:
        async with tenant_session(self._sessionmaker, [report.organization_id]) as session:
            await retention.record_run(
                session,
                organization_id=report.organization_id,
                removed=report.removed,
                now=report.ran_at or datetime.now(UTC),
            )


class ErasureActivities:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], sealing: Sealing) -> None:
        self._sessionmaker = sessionmaker
        self._sealing = sealing

    @activity.defn(name="erasure_erase")
    async def erase(self, job: ErasureInput) -> ErasureResult:
        """Mark the erasure running and note what to replace (its own commit, so the API
        shows it), destroy the person's key in the key store (committed there), then erase
        in one transaction of the data database. A retry after a crash between the two finds
        the key destroyed and erases. Answers counts only: the person's values never leave
        the database."""
        now = datetime.now(UTC)
        destroyed: bool | None = None
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            await erasure.mark_running(session, job.erasure_id, now=now)
            try:
                prepared = await erasure.prepare(session, self._sealing, job.erasure_id)
            except NotFound as exc:
                raise ApplicationError(exc.detail, non_retryable=True) from exc
        if prepared is not None:
            destroyed = await erasure.destroy_key(self._sealing.store, prepared)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            try:
                counts = await erasure.erase(
                    session,
                    job.erasure_id,
                    now=now,
                    sealing=self._sealing,
                    key_destroyed=bool(destroyed),
                )
            except NotFound as exc:  # the erasure (or its person) is gone: nothing to erase
                raise ApplicationError(exc.detail, non_retryable=True) from exc
        return ErasureResult(status="completed", counts=counts)

    @activity.defn(name="erasure_fail")
    async def fail(self, job: ErasureFailInput) -> None:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            await erasure.fail(session, job.erasure_id, job.reason, now=datetime.now(UTC))
