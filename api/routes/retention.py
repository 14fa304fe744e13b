"""Retention periods: how long the organization keeps bookings, sent e-mail, webhook
delivery attempts and events, and what the daily sweeps removed."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request

from api.deps import ActorDep, CanExportData, TenantSession
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.privacy import RetentionOut, RetentionRunOut, RetentionUpdate
from domain.privacy import retention
from workflows.clients.privacy import ensure_retention_schedule

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/v1/retention", tags=["privacy"])


def retention_out(periods: dict[str, int | None]) -> RetentionOut:
    return RetentionOut(
        bookings_days=periods["bookings"],
        sent_emails_days=periods["sent_emails"],
        webhook_attempts_days=periods["webhook_attempts"],
        events_days=periods["events"],
        minimum_days={entity: minimum for entity, (_, minimum) in retention.PERIODS.items()},
    )


async def ensure_schedule(state: Any, organization_id: str) -> None:
    """The daily sweep's Schedule; the worker's hourly sweep catches it up if this fails."""
    client = await state.temporal.get()
    if client is None:
        return
    try:
        await ensure_retention_schedule(
            client, organization_id, task_queue=state.settings.temporal_task_queue
        )
    except Exception as exc:  # an RPC or connection failure: the worker's sweep retries
        log.warning("retention schedule of %s not ensured: %s", organization_id, exc)


@router.get("", summary="The organization's retention periods")
async def get_retention_policy(principal: CanExportData, session: TenantSession) -> RetentionOut:
    return retention_out(await retention.get_policy(session, principal.organization_id))


@router.patch(
    "",
    summary="Change retention periods (each at least its minimum; null keeps forever)",
    responses={422: {"description": "A period is under its minimum: `param` names it"}},
)
async def update_retention_policy(
    body: RetentionUpdate,
    request: Request,
    background: BackgroundTasks,
    principal: CanExportData,
    session: TenantSession,
    actor: ActorDep,
) -> RetentionOut:
    fields = body.model_dump(exclude_unset=True)
    periods = {name.removesuffix("_days"): days for name, days in fields.items()}
    after = await retention.set_policy(
        session, organization_id=principal.organization_id, periods=periods, actor=actor
    )
    background.add_task(ensure_schedule, request.app.state, principal.organization_id)
    return retention_out(after)


@router.get("/runs", summary="What the retention sweeps removed, newest first")
async def list_retention_runs(
    principal: CanExportData,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[RetentionRunOut]:
    page = await retention.list_runs(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[RetentionRunOut.model_validate(r, from_attributes=True) for r in page.items],
        has_more=page.has_more,
    )
