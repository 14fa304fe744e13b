"""Bulk bookings: submit a batch of sessions (or plan it with ``dry_run``), follow its progress
from the read model, cancel it. The saga itself runs in ``BulkBookingWorkflow``."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from api.deps import ActorDep, CanReadBookings, CanWriteBookings, TenantSession
from api.errors import ServiceUnavailable
from api.loaders import BulkBookingDep
from api.schemas import Limit, ListResponse, Reason, StartingAfter, money
from api.schemas.bulk_bookings import (
    BulkBookingCreate,
    BulkBookingOut,
    ItemListOut,
    PlanOut,
    item_out,
    plan_out,
)
from core.db import tenant_session
from domain.audit import service as audit
from domain.bulk import batches as service
from domain.bulk.clashes import explain_fixed_clashes
from domain.bulk.models import BATCH_STATUSES, ITEM_STATUSES, BulkBooking
from domain.errors import Conflict
from domain.free_text import texts
from domain.pagination import Page
from domain.scheduling import planning, validation
from workflows.bulk_booking import BulkBookingWorkflow
from workflows.bulk_booking_types import BulkBookingInput, CancelBulkInput
from workflows.clients.bulk_booking import bulk_handle, start_bulk_booking

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/v1/bulk-bookings", tags=["bulk bookings"])


def _now() -> datetime:
    return datetime.now(UTC)


async def batch_out(
    session: AsyncSession,
    batch: BulkBooking,
    *,
    items_limit: int = 0,
    totals: dict[str, int] | None = None,
) -> BulkBookingOut:
    """The batch as the API shows it; ``totals`` when the caller fetched them for a page."""
    if totals is None:
        totals = (await service.price_totals(session, [batch.id]))[batch.id]
    page = (
        await service.list_items(
            session, batch, limit=items_limit, starting_after=None, status=None
        )
        if items_limit
        else Page([], batch.item_count > 0)
    )
    return BulkBookingOut(
        id=batch.id,
        status=batch.status,
        mode=batch.mode,
        title=batch.title,
        item_count=batch.item_count,
        counts=batch.counts,
        plan=batch.plan,
        total_price=money(batch.total_price_minor, batch.currency) if batch.currency else None,
        currency=batch.currency,
        totals={c: money(minor, c) or "0" for c, minor in sorted(totals.items())},
        approval_request_id=batch.approval_request_id,
        reason=batch.reason,
        hold_minutes=batch.hold_minutes,
        created_at=batch.created_at,
        updated_at=batch.updated_at,
        finished_at=batch.finished_at,
        items=[item_out(i) for i in page.items],
        items_has_more=page.has_more,
    )


async def start_batch(state: Any, organization_id: str, batch_id: str) -> None:
    """Start the saga once the batch is committed; if Temporal is unreachable the batch stays
    ``pending`` and the worker's relay starts it later."""
    client = await state.temporal.get()
    if client is None:
        log.warning("bulk booking %s not started: Temporal unreachable; relay will", batch_id)
        return
    job = BulkBookingInput(organization_id=organization_id, batch_id=batch_id)
    try:
        await start_bulk_booking(client, job, task_queue=state.settings.temporal_task_queue)
    except Exception as exc:  # an RPC or connection failure; the relay retries
        log.warning("bulk booking %s not started (%s); the relay will retry", batch_id, exc)
        return
    async with tenant_session(state.sessionmaker, [organization_id]) as session:
        await service.mark_started(session, batch_id, now=_now())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Book many sessions at once (or plan them with dry_run)",
    # Two shapes by outcome: documented per status below rather than as one union.
    response_model=None,
    responses={
        201: {
            "model": BulkBookingOut,
            "description": "The batch was created; its saga holds and books the sessions",
        },
        200: {
            "model": PlanOut | BulkBookingOut,
            "description": "With `dry_run`: the plan (nothing held). With an Idempotency-Key "
            "already used for a batch: that batch.",
        },
        422: {"description": "A session is invalid: `param` names its index and field"},
    },
)
async def create_bulk_booking(
    body: BulkBookingCreate,
    request: Request,
    response: Response,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    session: TenantSession,
    actor: ActorDep,
) -> BulkBookingOut | PlanOut:
    now = _now()
    await validation.validate_requests(session, body.sessions, now=now)
    if body.dry_run:
        response.status_code = status.HTTP_200_OK
        plan = await planning.plan_sessions(session, body.sessions, now=now)
        return plan_out(await explain_fixed_clashes(session, body.sessions, plan, now=now))
    batch, created = await service.create_batch(
        session,
        organization_id=principal.organization_id,
        options=service.BatchOptions(
            mode=body.mode, title=body.title, hold_minutes=body.hold_minutes
        ),
        sessions=body.sessions,
        actor=actor,
        idempotency_key=request.headers.get("idempotency-key"),
    )
    response.headers["Location"] = f"/v1/bulk-bookings/{batch.id}"
    if created:
        background.add_task(start_batch, request.app.state, batch.organization_id, batch.id)
    else:
        response.status_code = status.HTTP_200_OK
    return await batch_out(session, batch, items_limit=100)


@router.get("", summary="List bulk bookings")
async def list_bulk_bookings(
    principal: CanReadBookings,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    status_: Annotated[Literal[BATCH_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
) -> ListResponse[BulkBookingOut]:
    page = await service.list_batches(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        status=status_,
    )
    totals = await service.price_totals(session, [b.id for b in page.items])
    return ListResponse(
        data=[await batch_out(session, b, totals=totals[b.id]) for b in page.items],
        has_more=page.has_more,
    )


@router.get("/{id}", summary="A bulk booking: progress, plan summary and its first items")
async def get_bulk_booking(
    principal: CanReadBookings,
    batch: BulkBookingDep,
    session: TenantSession,
    items_limit: Annotated[
        int, Query(ge=0, le=1000, description="Items embedded in request order (0: none)")
    ] = 100,
) -> BulkBookingOut:
    return await batch_out(session, batch, items_limit=items_limit)


@router.get("/{id}/items", summary="The items of a bulk booking, in request order")
async def list_bulk_booking_items(
    principal: CanReadBookings,
    batch: BulkBookingDep,
    session: TenantSession,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size, 1 to 1000")] = 100,
    starting_after: Annotated[
        int | None, Query(ge=0, description="Cursor: the index of the last item seen")
    ] = None,
    status_: Annotated[Literal[ITEM_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
) -> ItemListOut:
    page = await service.list_items(
        session, batch, limit=limit, starting_after=starting_after, status=status_
    )
    return ItemListOut(data=[item_out(i) for i in page.items], has_more=page.has_more)


@router.post(
    "/{id}/cancel",
    summary="Cancel a bulk booking: every hold is released",
    responses={409: {"description": "Already settled, or being confirmed"}},
)
async def cancel_bulk_booking(
    request: Request,
    principal: CanWriteBookings,
    batch: BulkBookingDep,
    session: TenantSession,
    actor: ActorDep,
    body: Reason | None = None,
) -> BulkBookingOut:
    service.ensure_cancellable(batch)
    reason = (body.reason if body else "") or "cancelled"
    if batch.status == "pending" and batch.workflow_started_at is None:
        await service.cancel_unstarted(session, batch, reason=reason, actor=actor, now=_now())
        return await batch_out(session, batch, items_limit=100)
    client = await request.app.state.temporal.get()
    if client is None:
        raise ServiceUnavailable(
            "the workflow engine (Temporal) is unreachable; retry shortly",
            code="temporal_unavailable",
        )
    # Committed on its own: the saga's release steps append to the same audit chain, whose
    # head this request's transaction must not keep locked while it waits for them.
    # The typed reason is committed here too, and the saga gets its id, not the text (ADR 0034).
    own_transaction = partial(
        tenant_session, request.app.state.sessionmaker, [batch.organization_id]
    )
    async with own_transaction() as own:
        await audit.record(
            own,
            organization_id=batch.organization_id,
            actor=actor,
            action="bulk_booking.cancel_requested",
            target_type="bulk_booking",
            target_id=batch.id,
            after={"reason": reason},
        )
        reason_ref = await texts.write(
            own,
            organization_id=batch.organization_id,
            author=actor,
            subject_type="bulk_booking",
            subject_id=batch.id,
            purpose="cancel_reason",
            body=body.reason if body else "",
        )
    handle = bulk_handle(client, batch.organization_id, batch.id)
    try:
        await handle.execute_update(
            BulkBookingWorkflow.cancel,
            CancelBulkInput(
                reason="" if reason_ref else reason,
                reason_ref=reason_ref,
                actor_type=actor.type,
                actor_id=actor.id,
            ),
        )
    except WorkflowUpdateFailedError as exc:
        await texts.discard_apart(own_transaction, reason_ref)
        raise Conflict(
            str(exc.cause) if exc.cause else "the bulk booking can no longer be cancelled",
            code="invalid_status_transition",
        ) from None
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        await texts.discard_apart(own_transaction, reason_ref)
        raise Conflict(
            "the bulk booking's workflow has ended", code="invalid_status_transition"
        ) from None
    await session.refresh(batch)
    return await batch_out(session, batch, items_limit=100)
