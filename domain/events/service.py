"""The event catalog, and how events are written: in the transaction of the change itself.

Every mutation in this codebase writes an audit record (``domain.audit.service.record``) in its own
transaction, from the API, from workflows and from chat callbacks alike. A ``before_flush``
listener turns the audit records whose action is in :data:`AUDIT_ACTIONS` (and new approval
requests) into :class:`~domain.webhooks.models.Event` rows in the same flush, so an event exists
if and only if its change committed: no change without its event, no event for a change that
rolled back. The worker's relay (``relays/events.py``) then fans events out.

An event's ``data`` is a snapshot of the object at the time of the change, in the shape the
API returns it, taken from the session's identity map (the changed object is always there,
since it was just flushed); the audit diff is the fallback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from core.ids import new_id
from domain.approvals.models import ApprovalRequest
from domain.audit.models import AuditEvent
from domain.bookings.models import Booking
from domain.bulk.models import BulkBooking
from domain.errors import InvalidRequest
from domain.events.models import Event
from domain.keys.copies import open_fields, seal_fields
from domain.keys.sealed import Sealing, remembered_key
from domain.keys.subjects import SubjectDataKey
from domain.money import from_minor
from domain.pagination import Page, paginate
from domain.projects.models import Milestone
from domain.resources.models import Client

EVENT_ID_PREFIX = "ev"

# type → (description, example ``data``). The example payloads are the documentation's too.
_BOOKING_EXAMPLE: dict[str, Any] = {
    "object": "booking",
    "id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
    "status": "confirmed",
    "creator_id": "cre_01jd7v2x3y4z5a6b7c8d9e0f1h",
    "room_id": None,
    "artist_id": "art_01jd7v2x3y4z5a6b7c8d9e0f1j",
    "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
    "project_id": None,
    "batch_id": None,
    "title": "Vocal tracking",
    "start": "2026-12-01T10:00:00+00:00",
    "end": "2026-12-01T14:00:00+00:00",
    "price": "480.00",
    "currency": "EUR",
    "status_reason": "",
    "version": 2,
}
_CLIENT_EXAMPLE: dict[str, Any] = {
    "object": "client",
    "id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
    "name": "Helix Music Ltd",
    "email": "bookings@helix.example",
    "domain": "helix.example",
    "phone": None,
    "external_ref": None,
}
_APPROVAL_EXAMPLE: dict[str, Any] = {
    "object": "approval_request",
    "id": "apr_01jd7v2x3y4z5a6b7c8d9e0f1m",
    "subject_type": "booking",
    "subject_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
    "summary": "Vocal tracking, 4 h, EUR 480.00",
    "status": "approved",
    "amount": "480.00",
    "currency": "EUR",
    "reason": "every step approved",
}

_BULK_EXAMPLE: dict[str, Any] = {
    "object": "bulk_booking",
    "id": "blk_01jd7v2x3y4z5a6b7c8d9e0f1n",
    "status": "confirmed",
    "mode": "all_or_nothing",
    "title": "Album sessions",
    "item_count": 40,
    "counts": {"confirmed": 40},
    "total_price": "9120.00",
    "currency": "EUR",
    "reason": "",
}

CATALOG: dict[str, tuple[str, dict[str, Any]]] = {
    "booking.created": ("A booking was made (held or confirmed)", _BOOKING_EXAMPLE),
    "booking.confirmed": ("A booking was confirmed", _BOOKING_EXAMPLE),
    "booking.cancelled": ("A booking was cancelled", _BOOKING_EXAMPLE),
    "booking.completed": ("A session took place", _BOOKING_EXAMPLE),
    "booking.no_show": ("A session was marked as a no-show", _BOOKING_EXAMPLE),
    "booking.rescheduled": ("A booking moved to new times", _BOOKING_EXAMPLE),
    "client.created": ("A client was added", _CLIENT_EXAMPLE),
    "client.updated": ("A client changed", _CLIENT_EXAMPLE),
    "approval.requested": (
        "An approval chain started",
        {**_APPROVAL_EXAMPLE, "status": "pending", "reason": ""},
    ),
    "approval.decided": ("An approval chain ended: approved or rejected", _APPROVAL_EXAMPLE),
    "bulk_booking.created": (
        "A bulk booking was accepted; its saga plans and holds the sessions next",
        {**_BULK_EXAMPLE, "status": "pending", "total_price": None, "currency": None},
    ),
    "bulk_booking.confirmed": ("Every kept session of a bulk booking was confirmed", _BULK_EXAMPLE),
    "bulk_booking.cancelled": (
        "A bulk booking was cancelled and its holds released",
        {**_BULK_EXAMPLE, "status": "cancelled", "reason": "album shelved"},
    ),
    "bulk_booking.completed": (
        "A bulk booking finished: confirmed, failed, rejected or cancelled (see status)",
        _BULK_EXAMPLE,
    ),
    "project.milestone_completed": (
        "A milestone of a project was completed",
        {
            "object": "milestone",
            "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
            "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
            "key": "mixing",
            "name": "Mixing",
            "status": "done",
            "completed_at": "2026-12-04T18:00:00+00:00",
        },
    ),
    "project.milestone_created": (
        "A milestone was added to a project",
        {
            "object": "milestone",
            "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
            "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
            "key": "mixing",
            "name": "Mixing",
            "status": "pending",
            "completed_at": None,
        },
    ),
    "project.milestone_updated": (
        "A milestone's checklist changed (ticked here, or completed in a project tool such as "
        "Asana)",
        {
            "object": "milestone",
            "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
            "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
            "key": "mixing",
            "name": "Mixing",
            "status": "booked",
            "completed_at": None,
        },
    ),
    "project.milestone_cancelled": (
        "A milestone ended unfinished because its project was cancelled (its completed "
        "sessions are still billed)",
        {
            "object": "milestone",
            "id": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
            "project_id": "prj_01jd7v2x3y4z5a6b7c8d9e0f1q",
            "key": "mixing",
            "name": "Mixing",
            "status": "cancelled",
            "completed_at": None,
        },
    ),
    "invoice.created": (
        "An invoice was created in the accounting system for completed work",
        {
            "object": "invoice",
            "provider": "quickbooks",
            "external_id": "145",
            "doc_number": "AX-4E0F1G2H3J",
            "booking_id": "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g",
            "client_id": "cli_01jd7v2x3y4z5a6b7c8d9e0f1k",
            "total": "480.00",
            "currency": "EUR",
        },
    ),
    "webhook_endpoint.disabled": (
        "An endpoint was disabled after failing every delivery for 5 days",
        {
            "object": "webhook_endpoint",
            "id": "we_01jd7v2x3y4z5a6b7c8d9e0f1r",
            "url": "https://hooks.example.com/auditoryx",
            "failing_since": "2026-11-25T10:00:00+00:00",
            "disabled_reason": "every delivery failed for 5 days",
        },
    ),
    "retention.completed": (
        "A retention sweep deleted what was past the organization's retention periods",
        {
            "object": "retention_run",
            "id": "ret_01jd7v2x3y4z5a6b7c8d9e0f1s",
            "ran_at": "2026-12-05T03:00:00+00:00",
            "removed": {"bookings": 0, "sent_emails": 12, "webhook_attempts": 340, "events": 95},
        },
    ),
}
EVENT_TYPES: tuple[str, ...] = tuple(CATALOG)

# audit action → event type
AUDIT_ACTIONS: dict[str, str] = {
    "booking.created": "booking.created",
    "booking.confirmed": "booking.confirmed",
    "booking.cancelled": "booking.cancelled",
    "booking.completed": "booking.completed",
    "booking.no_show": "booking.no_show",
    "booking.rescheduled": "booking.rescheduled",
    "client.created": "client.created",
    "client.updated": "client.updated",
    "approval_request.approved": "approval.decided",
    "approval_request.rejected": "approval.decided",
    "bulk_booking.created": "bulk_booking.created",
    "bulk_booking.confirmed": "bulk_booking.confirmed",
    "bulk_booking.cancelled": "bulk_booking.cancelled",
    "bulk_booking.completed": "bulk_booking.completed",
    "milestone.done": "project.milestone_completed",  # what ProjectActivities.step records
    "milestone.completed": "project.milestone_completed",
    "project.milestone_completed": "project.milestone_completed",
    "milestone.cancelled": "project.milestone_cancelled",  # ProjectActivities.finish
    "milestone.created": "project.milestone_created",
    "milestone.checklist_updated": "project.milestone_updated",
}


def _confirmed_at_creation(record: AuditEvent) -> str | None:
    """A booking made confirmed at once is one change with one audit record
    (``booking.created``), but subscribers of ``booking.confirmed`` hear of every
    confirmation."""
    after = (record.changes or {}).get("after") or {}
    return "booking.confirmed" if after.get("status") == "confirmed" else None


# Audit actions that may stand for a second event besides their own: every way a bulk booking
# ends is also ``bulk_booking.completed`` (its ``status`` says which), and a booking created
# confirmed is also ``booking.confirmed``.
ALSO_EMITS: dict[str, Callable[[AuditEvent], str | None]] = {
    **{
        f"bulk_booking.{status}": lambda _record: "bulk_booking.completed"
        for status in ("confirmed", "failed", "rejected", "cancelled")
    },
    "booking.created": _confirmed_at_creation,
}


def jsonable(value: Any) -> Any:
    """``value`` with datetimes, dates and decimals as the strings the API uses."""

    def default(item: Any) -> str:
        if isinstance(item, datetime):
            return item.astimezone(UTC).isoformat()
        if isinstance(item, date | Decimal):
            return str(item)
        return str(item)

    return json.loads(json.dumps(value, default=default))


def booking_data(booking: Booking) -> dict[str, Any]:
    return {
        "object": "booking",
        "id": booking.id,
        "status": booking.status,
        "creator_id": booking.creator_id,
        "room_id": booking.room_id,
        "artist_id": booking.artist_id,
        "client_id": booking.client_id,
        "project_id": booking.project_id,
        "batch_id": booking.batch_id,
        "title": booking.title,
        "start": booking.period.lower,
        "end": booking.period.upper,
        "price": str(from_minor(booking.price_minor, booking.currency)),
        "currency": booking.currency,
        "status_reason": booking.status_reason,
        "version": booking.version,
    }


def client_data(client: Client) -> dict[str, Any]:
    return {
        "object": "client",
        "id": client.id,
        "name": client.name,
        "email": client.email,
        "domain": client.domain,
        "phone": client.phone,
        "external_ref": client.external_ref,
    }


def approval_data(request: ApprovalRequest) -> dict[str, Any]:
    amount = (
        str(from_minor(request.amount_minor, request.currency))
        if request.amount_minor is not None and request.currency
        else None
    )
    return {
        "object": "approval_request",
        "id": request.id,
        "subject_type": request.subject_type,
        "subject_id": request.subject_id,
        "summary": request.summary,
        "status": request.status,
        "amount": amount,
        "currency": request.currency,
        "reason": request.reason,
    }


def bulk_booking_data(batch: BulkBooking) -> dict[str, Any]:
    total = (
        str(from_minor(batch.total_price_minor, batch.currency))
        if batch.total_price_minor is not None and batch.currency
        else None
    )
    return {
        "object": "bulk_booking",
        "id": batch.id,
        "status": batch.status,
        "mode": batch.mode,
        "title": batch.title,
        "item_count": batch.item_count,
        "counts": dict(batch.counts or {}),
        "total_price": total,
        "currency": batch.currency,
        "reason": batch.reason,
    }


def milestone_data(milestone: Milestone) -> dict[str, Any]:
    return {
        "object": "milestone",
        "id": milestone.id,
        "project_id": milestone.project_id,
        "key": milestone.key,
        "name": milestone.name,
        "status": milestone.status,
        "completed_at": milestone.completed_at,
    }


_SNAPSHOTS: dict[str, tuple[type[Any], Callable[[Any], dict[str, Any]]]] = {
    "booking": (Booking, booking_data),
    "client": (Client, client_data),
    "approval_request": (ApprovalRequest, approval_data),
    "bulk_booking": (BulkBooking, bulk_booking_data),
    "milestone": (Milestone, milestone_data),
}


def new_event(
    organization_id: str, type_: str, data: dict[str, Any], *, about: object | None = None
) -> Event:
    """An event of ``type_`` carrying ``data``. When ``about`` (the object of the snapshot) is
    a person with sealed fields, those fields are sealed out of ``data`` with the key that
    sealed or opened the person in this unit of work (ADR 0034, revision 0045)."""
    if type_ not in CATALOG:
        raise ValueError(f"{type_!r} is not in the event catalog")
    event = Event(
        id=new_id(EVENT_ID_PREFIX),
        organization_id=organization_id,
        type=type_,
        data=jsonable(data),
        created_at=datetime.now(UTC),
    )
    fields = [f for f in getattr(about, "sealed_fields", ()) if f in event.data]
    key = remembered_key(about) if fields else None
    if key is not None:
        # The person's row was sealed or opened with its key in this transaction. A row of the
        # previous release nobody converted yet has no key: its values stay in clear here as
        # they are in its own row, until ``seal-backfill`` converts both.
        personal = {name: event.data[name] for name in fields}
        event.data = {**event.data, **dict.fromkeys(fields)}
        event.subject_kind, event.subject_id = key.subject_kind, key.subject_id
        event.sealed_data = seal_fields(key, event_copy(event.id), personal)
    return event


def event_copy(event_id: str) -> str:
    """Where an event's sealed fields are bound (they open for this event only)."""
    return f"event:{event_id}"


def _opened(event: Event, key: SubjectDataKey | None) -> dict[str, Any]:
    if key is None or event.sealed_data is None:
        return event.data  # the person was erased: their fields stay null
    return {**event.data, **open_fields(key, event_copy(event.id), event.sealed_data)}


async def open_events(session: AsyncSession, sealing: Sealing, batch: Sequence[Event]) -> None:
    """Open the sealed fields of ``batch`` (a page, a delivery) into ``delivered_data``: the
    keys of each organization's people in one round trip."""
    by_org: dict[str, list[Event]] = {}
    for event in batch:
        if event.sealed_data is not None and event.subject_kind and event.subject_id:
            by_org.setdefault(event.organization_id, []).append(event)
    for organization_id, of_org in by_org.items():
        keys = await sealing.keys(
            session,
            organization_id,
            [(e.subject_kind or "", e.subject_id or "") for e in of_org],
        )
        for event in of_org:
            key = keys.get((event.subject_kind or "", event.subject_id or ""))
            event.__dict__["_opened_data"] = _opened(event, key)


async def emit(
    session: AsyncSession, *, organization_id: str, type_: str, data: dict[str, Any]
) -> Event:
    """Record an event in the caller's transaction (for events no audit record stands for)."""
    event = new_event(organization_id, type_, data)
    session.add(event)
    await session.flush()
    return event


def _snapshot(session: Session, record: AuditEvent) -> tuple[dict[str, Any], object | None]:
    """The snapshot of the record's object, and the object when it came from the session."""
    model = _SNAPSHOTS.get(record.target_type)
    if model is not None:
        found = session.identity_map.get(identity_key(model[0], record.target_id))
        if found is not None:
            return model[1](found), found
    after = (record.changes or {}).get("after") or {}
    return {"object": record.target_type, "id": record.target_id, **after}, None


def _events_for_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Add an :class:`Event` for every cataloged audit record and new approval request."""
    for instance in list(session.new):
        if isinstance(instance, AuditEvent):
            also = ALSO_EMITS.get(instance.action)
            types = [AUDIT_ACTIONS.get(instance.action), also(instance) if also else None]
            previous: Event | None = None
            for type_ in filter(None, types):
                data, about = _snapshot(session, instance)
                event = new_event(instance.organization_id, type_, data, about=about)
                if previous is not None and event.created_at <= previous.created_at:
                    # Relayed in creation order: the record's own event first.
                    event.created_at = previous.created_at + timedelta(microseconds=1)
                session.add(event)
                previous = event
        elif isinstance(instance, ApprovalRequest) and instance.status in (None, "pending"):
            data = {**approval_data(instance), "status": "pending"}
            session.add(new_event(instance.organization_id, "approval.requested", data))


sa_event.listen(Session, "before_flush", _events_for_flush)


async def list_events(
    session: AsyncSession,
    *,
    organization_id: str,
    type: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[Event]:
    """The organization's events, newest first; only ``type`` when given (422 when ``type``
    is not in the catalog, listing the valid ones)."""
    stmt = select(Event).where(Event.organization_id == organization_id)
    if type is not None:
        if type not in CATALOG:
            raise InvalidRequest(
                f"unknown event type {type!r}; valid types are: {', '.join(EVENT_TYPES)}",
                param="type",
                code="unknown_event_type",
                extra={"valid_event_types": list(EVENT_TYPES)},
            )
        stmt = stmt.where(Event.type == type)
    return await paginate(session, stmt, Event.id, limit=limit, starting_after=starting_after)
