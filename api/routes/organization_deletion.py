"""Deleting the caller's organization (``/v1/organization/deletion``): an owner asks, typing
the organization's name; ``OrganizationDeletionWorkflow`` waits out the grace period, during
which an owner may cancel, then deletes everything of the organization
(domain/tenancy/deletion.py)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Response, status
from temporalio.service import RPCError

from api.deletions import schedule_deletion
from api.deps import (
    CanReadOrganization,
    CanWriteOrganization,
    SessionmakerDep,
    SettingsDep,
    TemporalDep,
    TenantSession,
    actor_is_owner,
)
from api.schemas.organizations import DeletionCreate, OrganizationDeletionOut
from domain.audit.service import Actor
from domain.errors import PermissionDenied
from domain.tenancy import deletion
from domain.tenancy.access import Principal
from workflows.clients.organization_deletion import signal_cancel

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/v1/organization/deletion", tags=["organizations"])


def deletion_out(row: object) -> OrganizationDeletionOut:
    return OrganizationDeletionOut.model_validate(deletion.deletion_document(row))  # type: ignore[arg-type]


async def _owner(session: TenantSession, principal: Principal) -> Actor:
    """The owner behind the credential; 403 ``owner_only`` for anyone else (admins included:
    deleting the organization is the owners' decision)."""
    if not await actor_is_owner(session, principal) or principal.member_id is None:
        raise PermissionDenied(
            "only an owner of this organization can delete it or cancel its deletion",
            code="owner_only",
        )
    return Actor(type="member", id=principal.member_id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Delete the caller's organization after a grace period",
    responses={201: {"description": "The deletion is scheduled; its grace period runs"}},
)
async def request_organization_deletion(
    body: DeletionCreate,
    response: Response,
    principal: CanWriteOrganization,
    session: TenantSession,
    sessionmaker: SessionmakerDep,
    settings: SettingsDep,
    temporal: TemporalDep,
) -> OrganizationDeletionOut:
    """Schedule the deletion of the organization, its sub-organizations and sandboxes: owners
    only (403 ``owner_only``), `confirm` must be the organization's name (422
    ``confirmation_mismatch``), one deletion at a time (409 ``deletion_already_requested``)."""
    actor = await _owner(session, principal)
    row = await schedule_deletion(
        temporal,
        sessionmaker,
        organization_id=principal.organization_id,
        actor=actor,
        grace=timedelta(seconds=settings.organization_deletion_grace_seconds),
        task_queue=settings.temporal_task_queue,
        confirmation=body.confirm,
    )
    response.headers["Location"] = "/v1/organization/deletion"
    return deletion_out(row)


@router.get("", summary="The organization's deletion: its state and grace period")
async def get_organization_deletion(
    principal: CanReadOrganization, sessionmaker: SessionmakerDep
) -> OrganizationDeletionOut:
    """The latest deletion request of the organization; 404 ``no_deletion`` when none."""
    return deletion_out(await deletion.get_deletion(sessionmaker, principal.organization_id))


@router.delete("", summary="Cancel the organization's deletion during its grace period")
async def cancel_organization_deletion(
    principal: CanWriteOrganization,
    session: TenantSession,
    sessionmaker: SessionmakerDep,
    temporal: TemporalDep,
) -> OrganizationDeletionOut:
    """Owners only (403 ``owner_only``); 404 ``no_deletion`` when none is scheduled, 409
    ``deletion_in_progress`` once the grace period is over."""
    actor = await _owner(session, principal)
    row = await deletion.cancel_deletion(
        sessionmaker,
        organization_id=principal.organization_id,
        actor=actor,
        now=datetime.now(UTC),
    )
    try:
        await signal_cancel(temporal, row.id)
    except RPCError as exc:  # the cancel is recorded: the workflow finds it when it wakes
        log.warning("deletion %s: cancel not signalled: %s", row.id, exc)
    return deletion_out(row)
