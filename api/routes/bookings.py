"""Bookings: create (held or confirmed), list, lifecycle actions, conflict checks."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request, status

from api.after_commit import booking_changed
from api.chains import cancel_chain, start_chain_after_commit
from api.deps import (
    ActorDep,
    CanReadBookings,
    CanWriteBookings,
    TenantSession,
    TransactionRetryRoute,
)
from api.loaders import BookingDep
from api.schemas import ID_PATTERN, Limit, ListResponse, Reason, StartingAfter
from api.schemas.bookings import (
    BookingCreate,
    BookingOut,
    ConflictCheck,
    ConflictItemOut,
    ConflictReportOut,
    Reschedule,
    booking_out,
)
from domain.approvals import requests as approvals
from domain.approvals.chain_types import ApprovalChainInput
from domain.bookings import creation, lifecycle
from domain.bookings.models import BOOKING_STATUSES, Booking
from domain.dates import Timestamp
from domain.free_text import texts
from domain.scheduling.conflicts import check_conflicts

# A request whose transaction PostgreSQL rolls back for timing (a deadlock, a race it lost)
# runs again before anyone is told: see api/deps.py.
router = APIRouter(prefix="/v1/bookings", tags=["bookings"], route_class=TransactionRetryRoute)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("", summary="List bookings")
async def list_bookings(
    principal: CanReadBookings,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    creator_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    room_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    artist_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    client_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    batch_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    status_: Annotated[Literal[BOOKING_STATUSES] | None, Query(alias="status")] = None,  # type: ignore[valid-type]
    start: Annotated[Timestamp | None, Query(alias="from", description="Overlapping from")] = None,
    end: Annotated[Timestamp | None, Query(alias="to", description="Overlapping until")] = None,
) -> ListResponse[BookingOut]:
    await lifecycle.expire_stale_holds(
        session, organization_id=principal.organization_id, now=_now()
    )
    page = await lifecycle.list_bookings(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
        filters={
            "creator_id": creator_id,
            "room_id": room_id,
            "artist_id": artist_id,
            "client_id": client_id,
            "batch_id": batch_id,
            "status": status_,
            "from": start,
            "to": end,
        },
    )
    return ListResponse(data=[booking_out(b) for b in page.items], has_more=page.has_more)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Book a session",
    responses={
        409: {
            "description": "Overlaps another booking: the body lists the "
            "conflicting bookings and suggested free slots"
        }
    },
)
async def create_booking(
    body: BookingCreate,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    session: TenantSession,
    actor: ActorDep,
) -> BookingOut:
    # Confirmed or pending approval is decided before the row is written: one insert.
    created = await creation.book(
        session, organization_id=principal.organization_id, data=body, actor=actor, now=_now()
    )
    if body.status != "confirmed":
        return booking_out(created.booking)
    return await _handover(session, request, background, created.booking, created.chain)


async def _confirm(
    session: Any, booking: Booking, actor: Any, request: Request, background: BackgroundTasks
) -> BookingOut:
    """Confirm, or hand over to the approval chain a policy asks for (started after commit,
    before the response)."""
    chain = await approvals.confirm_or_request_approval(session, booking, actor=actor, now=_now())
    return await _handover(session, request, background, booking, chain)


async def _handover(
    session: Any,
    request: Request,
    background: BackgroundTasks,
    booking: Booking,
    chain: ApprovalChainInput | None,
) -> BookingOut:
    """The lifecycle hears of the confirmation (after the response), or the approval chain a
    policy asks for is started: the transaction commits and the chain starts before the
    response, so the 201 means the chain exists."""
    _tell_lifecycle(request, background, booking.organization_id, booking, "confirmed")
    if chain is None:
        return booking_out(booking)
    out = booking_out(booking, chain.request_id)
    await start_chain_after_commit(session, request.app.state, chain)
    return out


@router.post("/conflicts", summary="Check proposed sessions for conflicts without booking")
async def conflicts(
    body: ConflictCheck,
    principal: CanReadBookings,
    session: TenantSession,
) -> ConflictReportOut:
    reports = await check_conflicts(
        session, organization_id=principal.organization_id, items=body.sessions, now=_now()
    )
    items = [ConflictItemOut(index=r.index, ok=r.ok, conflicts=r.conflicts) for r in reports]
    return ConflictReportOut(ok=all(i.ok for i in items), items=items)


@router.get("/{id}", summary="A booking")
async def get_booking(
    principal: CanReadBookings,
    booking: BookingDep,
) -> BookingOut:
    return booking_out(booking)


def _tell_lifecycle(
    request: Request,
    background: BackgroundTasks,
    organization_id: str,
    booking: Booking | BookingOut,
    reason: str,
) -> None:
    """After commit: reminders move or stop, the booking's project re-plans or moves on."""
    background.add_task(
        booking_changed,
        request.app.state,
        organization_id,
        booking_id=booking.id,
        project_id=booking.project_id,
        reason=reason,
    )


async def _act(
    session: Any, booking: Booking, action: str, actor: Any, reason: str = ""
) -> BookingOut:
    booking = await lifecycle.transition(
        session, booking, action, actor=actor, now=_now(), reason=reason
    )
    return booking_out(booking)


@router.post("/{id}/confirm", summary="Confirm a held booking")
async def confirm_booking(
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    booking: BookingDep,
    session: TenantSession,
    actor: ActorDep,
) -> BookingOut:
    if booking.status != "held":
        # Lets the transition explain why (pending approval, expired, already confirmed…).
        return await _act(session, booking, "confirm", actor)
    return await _confirm(session, booking, actor, request, background)


@router.post("/{id}/cancel", summary="Cancel a booking")
async def cancel_booking(
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    booking: BookingDep,
    session: TenantSession,
    actor: ActorDep,
    body: Reason | None = None,
) -> BookingOut:
    reason = body.reason if body else ""
    pending = await approvals.pending_request_for(
        session, subject_type="booking", subject_id=booking.id
    )
    out = await _act(session, booking, "cancel", actor, reason)
    _tell_lifecycle(request, background, principal.organization_id, out, "cancelled")
    if pending is not None:
        # What was typed goes to the chain by reference (ADR 0034), committed with the cancel.
        reason_ref = await texts.write(
            session,
            organization_id=pending.organization_id,
            author=actor,
            subject_type="booking",
            subject_id=booking.id,
            purpose="cancel_reason",
            body=reason,
        )
        background.add_task(
            cancel_chain,
            request.app.state,
            pending.organization_id,
            pending.id,
            "booking cancelled",
            reason_ref,
        )
    return out


@router.post("/{id}/complete", summary="Mark a session as completed")
async def complete_booking(
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    booking: BookingDep,
    session: TenantSession,
    actor: ActorDep,
) -> BookingOut:
    out = await _act(session, booking, "complete", actor)
    _tell_lifecycle(request, background, principal.organization_id, out, "completed")
    return out


@router.post("/{id}/no-show", summary="Mark a session as a no-show")
async def no_show_booking(
    principal: CanWriteBookings,
    booking: BookingDep,
    session: TenantSession,
    actor: ActorDep,
    body: Reason | None = None,
) -> BookingOut:
    return await _act(session, booking, "no_show", actor, body.reason if body else "")


@router.post("/{id}/reschedule", summary="Move a booking to new times")
async def reschedule_booking(
    body: Reschedule,
    request: Request,
    background: BackgroundTasks,
    principal: CanWriteBookings,
    booking: BookingDep,
    session: TenantSession,
    actor: ActorDep,
) -> BookingOut:
    booking = await lifecycle.reschedule(
        session,
        booking,
        body,
        actor=actor,
        now=_now(),
        allow_outside_working_hours=body.allow_outside_working_hours,
    )
    _tell_lifecycle(request, background, principal.organization_id, booking, "rescheduled")
    return booking_out(booking)
