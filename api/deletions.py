"""Scheduling an organization's deletion from the API: the owner's route and the operator's."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from temporalio.client import Client
from temporalio.service import RPCError

from api.errors import ServiceUnavailable
from domain.audit.service import Actor
from domain.tenancy import deletion
from domain.tenancy.deletion import Sessionmaker
from domain.tenancy.models import OrganizationDeletion
from workflows.clients.organization_deletion import start_deletion
from workflows.organization_deletion_types import DeletionInput

log = logging.getLogger("auditoryx.api")


async def schedule_deletion(
    client: Client,
    sessionmaker: Sessionmaker,
    *,
    organization_id: str,
    actor: Actor,
    grace: timedelta,
    task_queue: str,
    confirmation: str | None = None,
) -> OrganizationDeletion:
    """Record the request, then start its workflow (the owner's route and the operator's).
    When the start fails nothing has happened yet: the request is withdrawn, so it may be sent
    again, and the answer is 503 ``temporal_unavailable``."""
    row = await deletion.request_deletion(
        sessionmaker,
        organization_id=organization_id,
        actor=actor,
        now=datetime.now(UTC),
        grace=grace,
        confirmation=confirmation,
    )
    job = DeletionInput(
        organization_id=organization_id, deletion_id=row.id, delete_after=row.delete_after
    )
    try:
        await start_deletion(client, job, task_queue=task_queue)
    except RPCError as exc:
        await deletion.cancel_deletion(
            sessionmaker,
            organization_id=organization_id,
            actor=Actor.system("deletion-not-started"),
            now=datetime.now(UTC),
        )
        log.warning("deletion %s not started: %s", row.id, exc)
        raise ServiceUnavailable(
            "the deletion could not be scheduled (Temporal unreachable); send it again",
            code="temporal_unavailable",
        ) from exc
    return row
