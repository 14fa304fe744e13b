"""Activities of the OrganizationDeletionWorkflow: one per step (domain/tenancy/deletion.py).

Each is idempotent: run again after a crash, it finds what the earlier attempt did and does
the rest (a destroyed key is destroyed again, rows already gone are not counted twice in the
database, a workflow that already ended is not an error).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from core.config import Settings
from core.db import libpq_conninfo
from domain.audit.service import Actor
from domain.errors import InvalidRequest
from domain.keys.service import destroy_keys
from domain.keys.store import KeyStore
from domain.placements import claims
from domain.placements.move import PlacementRouting, Sessionmaker
from domain.tenancy import deletion
from workflows.clients.organization_stop import stop_organization
from workflows.organization_deletion_types import (
    DeletionBegun,
    DeletionInput,
    DeletionStep,
    FinishDeletion,
    StepCounts,
)

ACTOR = Actor.system("organization-deletion")
OwnerConninfo = Callable[[str], Awaitable[str]]


class OrganizationDeletionActivities:
    def __init__(
        self,
        sessionmaker: Sessionmaker,
        keystore: KeyStore,
        *,
        owner_conninfo_of: OwnerConninfo,
        control_owner_conninfo: str,
        client: Client | None = None,
    ) -> None:
        """``sessionmaker``: the deployment's (a router where there are placements);
        ``owner_conninfo_of(organization_id)``: the schema owner of the placement the
        organization lives in (what the row sweep connects as); ``control_owner_conninfo``:
        the control database's (the directory); ``client``: what stops the organization's
        workflows and Schedules."""
        self._sessionmaker = sessionmaker
        self._keystore = keystore
        self._owner_conninfo_of = owner_conninfo_of
        self._control_owner = control_owner_conninfo
        self._client = client

    @classmethod
    def configured(
        cls,
        sessionmaker: Sessionmaker,
        settings: Settings,
        keystore: KeyStore,
        *,
        routing: PlacementRouting | None = None,
        client: Client | None = None,
    ) -> OrganizationDeletionActivities:
        """Owners from the placements' routing, else the one database's owner
        (``MIGRATIONS_DATABASE_URL``, else ``DATABASE_URL``, else the sessionmaker's URL).

        ``sessionmaker`` must reach every placement whatever region this worker serves (the
        worker passes its ``every_placement``): the deletion's workflow names no
        organization, so it runs on the system queue, and the organization may live in
        another region than its worker's."""
        if routing is None:
            # The engine's URL is DATABASE_URL's where the worker was built from the settings.
            bind = sessionmaker.kw.get("bind")
            engine_url = bind.url.render_as_string(hide_password=False) if bind else ""
            owner = libpq_conninfo(settings.owner_database_url or engine_url)

            async def single(_organization_id: str) -> str:
                return owner

            return cls(
                sessionmaker,
                keystore,
                owner_conninfo_of=single,
                control_owner_conninfo=owner,
                client=client,
            )
        placed = routing

        async def placed_owner(organization_id: str) -> str:
            name = await placed.placement_of(placed.control_sessionmaker(), organization_id)
            return placed.owner_conninfo(name)

        return cls(
            sessionmaker,
            keystore,
            owner_conninfo_of=placed_owner,
            control_owner_conninfo=routing.owner_conninfo(routing.placements.control),
            client=client,
        )

    def all(self) -> list[Any]:
        return [
            self.notify,
            self.begin,
            self.stop_workflows,
            self.destroy_person_keys,
            self.destroy_payload_keys,
            self.delete_rows,
            self.release,
            self.finish,
        ]

    @activity.defn(name="organization_deletion_notify")
    async def notify(self, job: DeletionInput) -> int:
        """Audit the request and queue the e-mail to the owners; how many were queued."""
        return await deletion.notify_owners(
            self._sessionmaker,
            organization_id=job.organization_id,
            deletion_id=job.deletion_id,
            now=datetime.now(UTC),
        )

    @activity.defn(name="organization_deletion_begin")
    async def begin(self, job: DeletionInput) -> DeletionBegun:
        """End the grace period (unless cancelled) and revoke the API keys."""
        ids = await deletion.begin(
            self._sessionmaker,
            organization_id=job.organization_id,
            deletion_id=job.deletion_id,
            now=datetime.now(UTC),
        )
        return DeletionBegun(organization_ids=ids)

    @activity.defn(name="organization_deletion_stop_workflows")
    async def stop_workflows(self, step: DeletionStep) -> StepCounts:
        """Terminate the organizations' running workflows and delete their Schedules,
        heartbeating with the count so far."""
        if self._client is None:
            raise ApplicationError(
                "this worker was started without a Temporal client: it cannot stop an "
                "organization's workflows",
                non_retryable=True,
            )
        terminated, schedules = await stop_organization(
            self._client,
            step.organization_ids,
            reason=f"organization deleted ({step.deletion_id})",
            heartbeat=activity.heartbeat,
        )
        return StepCounts(
            counts={"workflows_terminated": terminated, "schedules_deleted": schedules}
        )

    @activity.defn(name="organization_deletion_destroy_person_keys")
    async def destroy_person_keys(self, step: DeletionStep) -> StepCounts:
        """Forget every person key of the organizations in the key store, and their
        key-encryption keys (first of all: from then on nothing sealed for a person, and no
        payload key, opens, in the data or in its backups)."""
        destroyed, _keks = await self._keystore.destroy_organizations(step.organization_ids)
        return StepCounts(counts={"person_keys_destroyed": destroyed})

    @activity.defn(name="organization_deletion_destroy_payload_keys")
    async def destroy_payload_keys(self, step: DeletionStep) -> StepCounts:
        """Destroy every version of the organizations' payload keys."""
        destroyed = 0
        for organization_id in step.organization_ids:
            try:
                rows = await destroy_keys(
                    self._sessionmaker,
                    organization_id=organization_id,
                    actor=ACTOR,
                    store=self._keystore,
                )
            except InvalidRequest:  # none live: never issued, or destroyed by an earlier try
                continue
            destroyed += len(rows)
        return StepCounts(counts={"payload_keys_destroyed": destroyed})

    @activity.defn(name="organization_deletion_delete_rows")
    async def delete_rows(self, step: DeletionStep) -> StepCounts:
        """Delete every row of the organizations in their placement, heartbeating per page."""
        conninfo = await self._owner_conninfo_of(step.organization_id)

        async def progress(table: str, deleted: int) -> None:
            activity.heartbeat({"table": table, "deleted": deleted})

        counts = await deletion.delete_rows(conninfo, step.organization_ids, progress=progress)
        return StepCounts(counts={f"rows.{table}": n for table, n in sorted(counts.items())})

    @activity.defn(name="organization_deletion_release")
    async def release(self, step: DeletionStep) -> StepCounts:
        """Forget the organizations' directory entries and claimed names, and stop any
        workflow or Schedule a supervisor started for them while the rows were going."""
        entries = await deletion.remove_directory_entries(
            self._control_owner, step.organization_ids
        )
        for organization_id in step.organization_ids:
            await claims.release(self._sessionmaker, organization_id)
        counts = {"directory_entries": entries}
        if self._client is not None:
            late, schedules = await stop_organization(
                self._client,
                step.organization_ids,
                reason=f"organization deleted ({step.deletion_id})",
                heartbeat=activity.heartbeat,
            )
            counts["workflows_terminated_late"] = late
            counts["schedules_deleted_late"] = schedules
        return StepCounts(counts=counts)

    @activity.defn(name="organization_deletion_finish")
    async def finish(self, job: FinishDeletion) -> None:
        """Record the deletion as done, with its counts."""
        await deletion.finish(
            self._sessionmaker,
            organization_id=job.organization_id,
            deletion_id=job.deletion_id,
            counts=job.counts,
            now=datetime.now(UTC),
        )
