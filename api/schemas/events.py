"""Request and response models of ``api/routes/events.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from api.schemas.bookings import BookingOut
from domain.events.models import Event


class EventOut(BaseModel):
    object: Literal["event"] = "event"
    id: str
    type: str
    data: dict[str, Any]
    created_at: datetime


class EventTypeOut(BaseModel):
    object: Literal["event_type"] = "event_type"
    type: str
    description: str
    example: dict[str, Any]


def event_out(event: Event) -> EventOut:
    return EventOut(
        id=event.id, type=event.type, data=event.delivered_data, created_at=event.created_at
    )


# --- webhook payloads: the ``data`` of each kind of object an event carries ------------------
# Snapshots taken when the change committed (domain/events/service.py), in the shape of the API.
# Receivers should ignore fields they do not know: new ones may be added.


class EventData(BaseModel):
    model_config = ConfigDict(extra="allow")


# A booking's snapshot is its API shape without the bookkeeping fields (see booking_data).
_BOOKING_SNAPSHOT: tuple[str, ...] = (
    *("object", "id", "status", "creator_id", "room_id", "artist_id", "client_id"),
    *("project_id", "batch_id", "title", "start", "end", "price", "currency"),
    *("status_reason", "version"),
)
BookingEventData = create_model(
    "BookingEventData",
    __base__=EventData,
    **{name: (BookingOut.model_fields[name].annotation, ...) for name in _BOOKING_SNAPSHOT},  # type: ignore[call-overload]
)


class ClientEventData(EventData):
    object: Literal["client"]
    id: str
    name: str
    email: str | None
    domain: str | None
    phone: str | None
    external_ref: str | None


class ApprovalEventData(EventData):
    object: Literal["approval_request"]
    id: str
    subject_type: str
    subject_id: str
    summary: str
    status: str = Field(description="`pending`, `approved` or `rejected`")
    amount: str | None
    currency: str | None
    reason: str


class BulkBookingEventData(EventData):
    object: Literal["bulk_booking"]
    id: str
    status: str
    mode: str
    title: str
    item_count: int
    counts: dict[str, int] = Field(description="Items by status")
    total_price: str | None
    currency: str | None
    reason: str


class MilestoneEventData(EventData):
    object: Literal["milestone"]
    id: str
    project_id: str
    key: str
    name: str
    status: str
    completed_at: datetime | None


class InvoiceEventData(EventData):
    object: Literal["invoice"]
    provider: str = Field(description="The accounting system, such as `quickbooks`")
    external_id: str = Field(description="The invoice's id in the accounting system")
    doc_number: str
    booking_id: str | None
    booking_ids: list[str] = Field(default_factory=list)
    client_id: str | None
    total: str
    currency: str
    payment_status: str | None = None
    replaces: str | None = Field(default=None, description="The invoice this one replaces")


class WebhookEndpointEventData(EventData):
    object: Literal["webhook_endpoint"]
    id: str
    url: str
    failing_since: datetime | None
    disabled_reason: str | None


class RetentionRunEventData(EventData):
    object: Literal["retention_run"]
    id: str
    ran_at: datetime
    removed: dict[str, int] = Field(description="Rows deleted, per entity")


# The ``object`` of an event's data → its model; every type of the catalog has one (a test
# walks the catalog).
EVENT_DATA: dict[str, type[EventData]] = {
    model.model_fields["object"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        BookingEventData,
        ClientEventData,
        ApprovalEventData,
        BulkBookingEventData,
        MilestoneEventData,
        InvoiceEventData,
        WebhookEndpointEventData,
        RetentionRunEventData,
    )
}
