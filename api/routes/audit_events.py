"""The audit log, read-only."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import CanReadAudit, TenantSession
from api.loaders import AuditEventDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.audit_events import AuditEventOut
from domain.audit import service as audit
from domain.dates import Timestamp

router = APIRouter(prefix="/v1/audit-events", tags=["audit"])


@router.get("", summary="List audit events, newest first")
async def list_audit_events(
    principal: CanReadAudit,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    action: Annotated[str | None, Query(max_length=80)] = None,
    actor_type: Annotated[
        Literal["user", "api_key", "scim_token", "system", "workflow"] | None, Query()
    ] = None,
    actor_id: Annotated[str | None, Query(max_length=80)] = None,
    target_type: Annotated[str | None, Query(max_length=40)] = None,
    target_id: Annotated[str | None, Query(max_length=80)] = None,
    request_id: Annotated[str | None, Query(max_length=80)] = None,
    occurred_after: Annotated[Timestamp | None, Query()] = None,
    occurred_before: Annotated[Timestamp | None, Query()] = None,
) -> ListResponse[AuditEventOut]:
    page = await audit.list_audit_events(
        session,
        organization_id=principal.organization_id,
        filters=audit.AuditFilters(
            action=action,
            actor_type=actor_type,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            request_id=request_id,
            occurred_after=occurred_after,
            occurred_before=occurred_before,
        ),
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[AuditEventOut.model_validate(e) for e in page.items], has_more=page.has_more
    )


@router.get("/{id}", summary="An audit event")
async def get_audit_event(
    principal: CanReadAudit,
    event: AuditEventDep,
) -> AuditEventOut:
    return AuditEventOut.model_validate(event)
