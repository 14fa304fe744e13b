"""Request and response models of ``api/routes/bookings.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import RequestBody, money
from domain.bookings import creation, rules
from domain.bookings.models import Booking
from domain.scheduling.conflicts import MAX_PROPOSALS, ProposedSession


class BookingOut(BaseModel):
    object: Literal["booking"] = "booking"
    id: str
    status: str
    creator_id: str
    room_id: str | None
    artist_id: str | None
    client_id: str | None
    project_id: str | None
    batch_id: str | None
    title: str
    notes: str
    start: datetime
    end: datetime
    price: str
    currency: str
    hold_expires_at: datetime | None
    status_reason: str
    version: int
    created_at: datetime
    updated_at: datetime
    approval_request_id: str | None = None


def booking_out(booking: Booking, approval_request_id: str | None = None) -> BookingOut:
    assert booking.period.lower is not None and booking.period.upper is not None
    return BookingOut(
        id=booking.id,
        status=booking.status,
        creator_id=booking.creator_id,
        room_id=booking.room_id,
        artist_id=booking.artist_id,
        client_id=booking.client_id,
        project_id=booking.project_id,
        batch_id=booking.batch_id,
        title=booking.title,
        notes=booking.notes,
        start=booking.period.lower,
        end=booking.period.upper,
        price=money(booking.price_minor, booking.currency) or "0",
        currency=booking.currency,
        hold_expires_at=booking.hold_expires_at,
        status_reason=booking.status_reason,
        version=booking.version,
        created_at=booking.created_at,
        updated_at=booking.updated_at,
        approval_request_id=approval_request_id,
    )


class BookingCreate(creation.BookingInput, RequestBody):
    pass


class Reschedule(rules.SessionTimes, RequestBody):
    allow_outside_working_hours: bool = False


class ConflictCheck(RequestBody):
    sessions: list[ProposedSession] = Field(min_length=1, max_length=MAX_PROPOSALS)


class ConflictItemOut(BaseModel):
    index: int
    ok: bool
    conflicts: list[dict[str, Any]]


class ConflictReportOut(BaseModel):
    object: Literal["conflict_report"] = "conflict_report"
    ok: bool
    items: list[ConflictItemOut]
