"""Activities of the Salesforce backfill (``SalesforceBackfillWorkflow``): count what is to be
pushed, hand a few records to their own syncs, or load a Bulk API 2.0 ingest job, read its
state, and keep its results (record ids as external mappings, refused rows on each client's
sync state). None of them waits for Salesforce to process a job: the workflow polls on
timers. The connection's credentials are renewed like a push's (``CrmWork``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from activities.errors import to_application_error
from activities.sync import CrmWork, NotConnected, provider_connection, record_auth_error
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.connections.models import ExternalMapping, SyncState
from domain.keys.sealed import Sealing
from domain.resources.models import Client
from integrations.crm import Company, CrmAuth
from integrations.errors import IntegrationError, Unauthorized
from integrations.oauth import TokenCredentials
from integrations.salesforce import (
    EXTERNAL_ID_FIELD,
    SalesforceOAuth,
    account_fields,
    contact_fields,
    salesforce_factory,
)
from integrations.salesforce_bulk import ACCOUNT_BY_KEY, BulkJob, SalesforceBulk, to_csv
from workflows.clients.sync import request_sync
from workflows.salesforce_backfill_types import (
    ERROR_SAMPLES,
    BackfillInput,
    BackfillPlan,
    BackfillSummary,
    BulkJobInput,
    BulkJobState,
    BulkJobSummary,
)
from workflows.sync_types import SyncInput

PROVIDER = "salesforce"
PAGE = 500  # clients read (and heartbeats sent) per page
OBJECT_TYPES = {"Account": "company", "Contact": "contact"}
T = TypeVar("T")
BulkFactory = Callable[[TokenCredentials], SalesforceBulk]

# Clients whose keys are opened in one key store round trip.
OPEN_CHUNK = 500


def _state(job: BulkJob) -> BulkJobState:
    return BulkJobState(
        job_id=job.id,
        state=job.state,
        processed=job.processed,
        failed=job.failed,
        error_message=job.error_message,
    )


async def _clients(
    sessionmaker: async_sessionmaker[AsyncSession], sealing: Sealing, organization_id: str
) -> list[tuple[str, str, str | None, str | None]]:
    """(id, name, domain, email) of every client, by id (e-mails opened a chunk at a time)."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        clients = list((await session.execute(select(Client).order_by(Client.id))).scalars().all())
        for start in range(0, len(clients), OPEN_CHUNK):
            await sealing.open(session, clients[start : start + OPEN_CHUNK])
        return [(c.id, c.name, c.domain, c.email) for c in clients]


def _rows(sobject: str, clients: Sequence[tuple[str, str, str | None, str | None]]) -> str:
    """The CSV of one object's rows: Accounts for every client, Contacts for those with an
    e-mail, each keyed by the client's id (a Contact names its Account by it too)."""
    if sobject == "Account":
        accounts = [
            {EXTERNAL_ID_FIELD: cid, **account_fields(Company(name, domain))}
            for cid, name, domain, _ in clients
        ]
        return to_csv((EXTERNAL_ID_FIELD, "Name", "Website"), accounts)
    contacts = [
        {EXTERNAL_ID_FIELD: cid, ACCOUNT_BY_KEY: cid, **contact_fields(email, name)}
        for cid, name, _, email in clients
        if email
    ]
    columns = (EXTERNAL_ID_FIELD, "Email", "FirstName", "LastName", ACCOUNT_BY_KEY)
    return to_csv(columns, contacts)


class SalesforceBackfillActivities(CrmWork):
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        box: SecretBox,
        *,
        salesforce_auth: CrmAuth | None = None,
        verify: bool | str = True,
        sealing: Sealing | None = None,
    ) -> None:
        super().__init__(
            sessionmaker,
            box,
            salesforce_factory(verify),
            salesforce_auth or SalesforceOAuth(),
            sealing,
        )
        self._verify = verify

    async def _with_bulk(
        self, organization_id: str, work: Callable[[SalesforceBulk], Awaitable[T]]
    ) -> T:
        async def with_client(credentials: TokenCredentials, _settings: dict[str, Any]) -> T:
            return await work(SalesforceBulk(credentials, verify=self._verify))

        try:
            return await self.with_credentials(organization_id, PROVIDER, with_client)
        except IntegrationError as exc:
            if isinstance(exc, Unauthorized):
                async with tenant_session(self._sessionmaker, [organization_id]) as session:
                    await record_auth_error(session, PROVIDER, exc.message)
            raise to_application_error(exc, during="the backfill", refused="the job") from None

    def all(self) -> list[Any]:
        """Every activity of the backfill, for the worker."""
        return [
            self.plan,
            self.per_record,
            self.start_job,
            self.job_state,
            self.results,
            self.record,
        ]

    @activity.defn(name="salesforce_backfill_plan")
    async def plan(self, job: BackfillInput) -> BackfillPlan:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            if await provider_connection(session, PROVIDER) is None:
                return BackfillPlan(stopped="Salesforce is not connected")
            count = (await session.execute(select(func.count()).select_from(Client))).scalar_one()
        return BackfillPlan(records=int(count))

    @activity.defn(name="salesforce_backfill_per_record")
    async def per_record(self, job: BackfillInput) -> int:
        """Signal each client's own sync (as a change would); how many were signalled."""
        clients = await _clients(self._sessionmaker, self._sealing, job.organization_id)
        for index, (client_id, *_rest) in enumerate(clients):
            sync = SyncInput(
                organization_id=job.organization_id,
                provider=PROVIDER,
                entity_type="client",
                entity_id=client_id,
            )
            await request_sync(activity.client(), sync, task_queue=activity.info().task_queue)
            if index % PAGE == 0:
                activity.heartbeat(index)
        return len(clients)

    @activity.defn(name="salesforce_bulk_start")
    async def start_job(self, target: BulkJobInput) -> BulkJobState:
        """An ingest job of ``target.sobject`` with every client's row, closed for
        processing. A retry creates another job: its rows upsert the same records."""
        clients = await _clients(self._sessionmaker, self._sealing, target.organization_id)
        data = _rows(target.sobject, clients)
        activity.heartbeat("csv built")

        async def load(bulk: SalesforceBulk) -> BulkJob:
            job = await bulk.create_upsert_job(target.sobject)
            activity.heartbeat(job.id)
            await bulk.upload(job.id, data)
            activity.heartbeat(job.id)
            return await bulk.close(job.id)

        try:
            return _state(await self._with_bulk(target.organization_id, load))
        except NotConnected:
            return BulkJobState(job_id="", state="Aborted", error_message="not connected")

    @activity.defn(name="salesforce_bulk_state")
    async def job_state(self, target: BulkJobInput) -> BulkJobState:
        assert target.job_id is not None
        job_id = target.job_id
        try:
            return _state(await self._with_bulk(target.organization_id, lambda b: b.job(job_id)))
        except NotConnected:
            return BulkJobState(job_id=job_id, state="Aborted", error_message="not connected")

    @activity.defn(name="salesforce_bulk_results")
    async def results(self, target: BulkJobInput) -> BulkJobSummary:
        """The job's successful rows kept as mappings (and their clients marked synced), its
        failed rows on their clients' sync state."""
        assert target.job_id is not None
        job_id = target.job_id

        async def read(
            bulk: SalesforceBulk,
        ) -> tuple[BulkJob, list[dict[str, str]], list[dict[str, str]]]:
            job = await bulk.job(job_id)
            if job.state != "JobComplete":
                return job, [], []
            return job, await bulk.successful_results(job_id), await bulk.failed_results(job_id)

        try:
            job, succeeded, failed = await self._with_bulk(target.organization_id, read)
        except NotConnected:
            return BulkJobSummary(
                sobject=target.sobject,
                job_id=job_id,
                state="Aborted",
                error_message="not connected",
            )
        activity.heartbeat("results read")
        await self._keep(target, succeeded, failed)
        errors = [f"{row.get(EXTERNAL_ID_FIELD, '')}: {row.get('sf__Error', '')}" for row in failed]
        return BulkJobSummary(
            sobject=target.sobject,
            job_id=job_id,
            state=job.state,
            succeeded=len(succeeded),
            failed=len(failed),
            error_message=job.error_message,
            error_samples=errors[:ERROR_SAMPLES],
        )

    async def _keep(
        self, target: BulkJobInput, succeeded: list[dict[str, str]], failed: list[dict[str, str]]
    ) -> None:
        object_type = OBJECT_TYPES[target.sobject]
        now = datetime.now(UTC)
        ids = {row[EXTERNAL_ID_FIELD]: row["sf__Id"] for row in succeeded}
        errors = {row[EXTERNAL_ID_FIELD]: row.get("sf__Error", "") for row in failed}
        async with tenant_session(self._sessionmaker, [target.organization_id]) as session:
            mappings = {
                m.entity_id: m
                for m in (
                    await session.execute(
                        select(ExternalMapping).where(
                            ExternalMapping.provider == PROVIDER,
                            ExternalMapping.entity_type == "client",
                            ExternalMapping.object_type == object_type,
                        )
                    )
                ).scalars()
            }
            states = {
                s.entity_id: s
                for s in (
                    await session.execute(
                        select(SyncState).where(
                            SyncState.provider == PROVIDER, SyncState.entity_type == "client"
                        )
                    )
                ).scalars()
            }
            for client_id, external_id in ids.items():
                mapping = mappings.get(client_id)
                if mapping is None:
                    session.add(
                        ExternalMapping(
                            id=new_id("xmap"),
                            organization_id=target.organization_id,
                            provider=PROVIDER,
                            entity_type="client",
                            entity_id=client_id,
                            object_type=object_type,
                            external_id=external_id,
                        )
                    )
                else:
                    mapping.external_id = external_id
            for client_id in {*ids, *errors}:
                state = states.get(client_id)
                if state is None:
                    state = SyncState(
                        id=new_id("sync"),
                        organization_id=target.organization_id,
                        provider=PROVIDER,
                        entity_type="client",
                        entity_id=client_id,
                    )
                    session.add(state)
                if client_id in errors:
                    state.status, state.last_error = "failed", errors[client_id][:1000]
                elif target.sobject == "Account":
                    state.status, state.last_error, state.synced_at = "synced", None, now
                state.last_attempt_at = now

    @activity.defn(name="salesforce_backfill_record")
    async def record(self, summary: BackfillSummary) -> None:
        """Keep the summary on the connection (``settings.last_backfill``)."""
        async with tenant_session(self._sessionmaker, [summary.organization_id]) as session:
            connection = await provider_connection(session, PROVIDER, lock=True)
            if connection is None:
                return
            connection.settings = {
                **(connection.settings or {}),
                "last_backfill": summary.model_dump(mode="json"),
            }
