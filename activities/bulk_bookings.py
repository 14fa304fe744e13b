"""Activities of the bulk-booking saga: thin transactions around :mod:`domain.bulk.saga`.

Each one reads the batch from PostgreSQL (the workflow passes ids and chunk numbers only) and
is idempotent, because Temporal runs an activity again when a worker dies mid-way. Business
refusals become non-retryable ``ApplicationError``s; anything else fails the attempt and is
retried by the workflow's retry policy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from core.db import tenant_session
from core.workflow_ids import bulk_workflow_id
from domain.approvals.chain_types import ApprovalChainInput
from domain.audit import service as audit
from domain.bulk import holds as bulk_holds
from domain.bulk import saga as bulk_saga
from domain.bulk import settlement as bulk_settlement
from domain.bulk.batches import chunk_count
from domain.bulk.clashes import explain_fixed_clashes
from domain.bulk.models import BulkBooking
from domain.errors import DomainError
from domain.free_text import texts
from domain.scheduling import planning


class BatchRef(BaseModel):
    organization_id: str
    batch_id: str


class ChunkInput(BatchRef):
    chunk: int


class ReleaseInput(ChunkInput):
    reason: str = ""
    reason_ref: str | None = Field(default=None, description="Free text completing ``reason``")


class FinishInput(BatchRef):
    status: str
    reason: str = ""
    reason_ref: str | None = Field(default=None, description="Free text completing ``reason``")


class BeginResult(BaseModel):
    proceed: bool
    status: str
    mode: str = ""
    item_count: int = 0
    chunks: int = 0


class PlanResult(BaseModel):
    placed: int
    unplaced: list[int] = Field(default_factory=list)
    plan_status: str = ""


class ChunkResult(BaseModel):
    done: list[int] = Field(default_factory=list)
    conflicts: list[int] = Field(default_factory=list)
    failed: list[int] = Field(default_factory=list)


class ApprovalNeeded(BaseModel):
    chain: ApprovalChainInput | None = None


def _actor(ref: BatchRef) -> audit.Actor:
    return audit.Actor(type="workflow", id=bulk_workflow_id(ref.organization_id, ref.batch_id))


def _result(step: bulk_saga.StepResult) -> ChunkResult:
    return ChunkResult(done=step.done, conflicts=step.conflicts, failed=step.failed)


class BulkBookingActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, plan_time_limit_s: float = 5.0
    ) -> None:
        self._sessionmaker = sessionmaker
        self._plan_time_limit_s = plan_time_limit_s

    @asynccontextmanager
    async def _batch(self, ref: BatchRef) -> AsyncIterator[tuple[AsyncSession, BulkBooking]]:
        """One tenant transaction with the batch row locked: two attempts of one step (a
        retry racing a slow first attempt) run one after the other, never interleaved."""
        async with tenant_session(self._sessionmaker, [ref.organization_id]) as session:
            batch = await session.get(BulkBooking, ref.batch_id, with_for_update=True)
            if batch is None:
                raise ApplicationError(
                    f"bulk booking {ref.batch_id} is not visible", type="BatchMissing"
                )
            try:
                yield session, batch
            except DomainError as exc:
                raise ApplicationError(exc.detail, type=exc.code, non_retryable=True) from exc

    @activity.defn(name="bulk_begin")
    async def begin(self, ref: BatchRef) -> BeginResult:
        async with self._batch(ref) as (session, batch):
            proceed = await bulk_saga.begin(session, batch, now=datetime.now(UTC))
            return BeginResult(
                proceed=proceed,
                status=batch.status,
                mode=batch.mode,
                item_count=batch.item_count,
                chunks=chunk_count(batch.item_count),
            )

    @activity.defn(name="bulk_plan")
    async def plan(self, ref: BatchRef) -> PlanResult:
        """Solve once: a retry (or a replay after a crash) returns the plan already recorded,
        because holds may already rest on it."""
        async with self._batch(ref) as (session, batch):
            if batch.plan is None:
                requests = bulk_saga.requests_of(batch)
                now = datetime.now(UTC)
                plan = await planning.plan_sessions(
                    session, requests, now=now, time_limit_s=self._plan_time_limit_s
                )
                plan = await explain_fixed_clashes(session, requests, plan, now=now)
                await bulk_saga.record_plan(session, batch, plan)
            unplaced, placed = await bulk_saga.recorded_plan(session, batch)
            return PlanResult(
                placed=placed,
                unplaced=unplaced,
                plan_status=str((batch.plan or {}).get("status", "")),
            )

    @activity.defn(name="bulk_hold_chunk")
    async def hold_chunk(self, job: ChunkInput) -> ChunkResult:
        async with self._batch(job) as (session, batch):
            step = await bulk_holds.hold_chunk(
                session, batch, job.chunk, now=datetime.now(UTC), actor=_actor(job)
            )
            return _result(step)

    @activity.defn(name="bulk_request_approval")
    async def request_approval(self, ref: BatchRef) -> ApprovalNeeded:
        async with self._batch(ref) as (session, batch):
            chain = await bulk_saga.request_approval(
                session, batch, actor=_actor(ref), now=datetime.now(UTC)
            )
            return ApprovalNeeded(chain=chain)

    @activity.defn(name="bulk_confirm_chunk")
    async def confirm_chunk(self, job: ChunkInput) -> ChunkResult:
        async with self._batch(job) as (session, batch):
            step = await bulk_settlement.confirm_chunk(
                session, batch, job.chunk, now=datetime.now(UTC), actor=_actor(job)
            )
            return _result(step)

    @activity.defn(name="bulk_release_chunk")
    async def release_chunk(self, job: ReleaseInput) -> ChunkResult:
        async with self._batch(job) as (session, batch):
            step = await bulk_settlement.release_chunk(
                session,
                batch,
                job.chunk,
                reason=await texts.completed(session, job.reason, job.reason_ref),
                now=datetime.now(UTC),
                actor=_actor(job),
            )
            return _result(step)

    @activity.defn(name="bulk_finish")
    async def finish(self, job: FinishInput) -> None:
        async with self._batch(job) as (session, batch):
            await bulk_settlement.finish(
                session,
                batch,
                status=job.status,
                reason=await texts.completed(session, job.reason, job.reason_ref),
                now=datetime.now(UTC),
                actor=_actor(job),
            )

    def all(self) -> list[object]:
        """Every activity of the saga, for the worker's registration."""
        return [
            self.begin,
            self.plan,
            self.hold_chunk,
            self.request_approval,
            self.confirm_chunk,
            self.release_chunk,
            self.finish,
        ]
