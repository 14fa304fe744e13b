"""Examples of the main request and response models, shown by ``/docs`` and copied by client
generators into their docs. Each is checked against its schema by the tests, so an example
cannot drift from the model it illustrates."""

from __future__ import annotations

from typing import Any

from api.schemas.events import EVENT_DATA
from domain.events.service import CATALOG

_BOOKING_ID = "bkg_01jd7v2x3y4z5a6b7c8d9e0f1g"
_CREATOR_ID = "cre_01jd7v2x3y4z5a6b7c8d9e0f1h"
_ROOM_ID = "rm_01jd7v2x3y4z5a6b7c8d9e0f1t"
_CLIENT_ID = "cli_01jd7v2x3y4z5a6b7c8d9e0f1k"
_CREATED = "2026-11-20T09:30:00Z"

_CLIENT = {
    "name": "Helix Music Ltd",
    "email": "bookings@helix.example",
    "domain": "helix.example",
    "phone": "+44 20 7946 0000",
    "notes": "Invoices to accounts@helix.example",
    "external_ref": "crm-4711",
}
_ENDPOINT = {
    "url": "https://hooks.example.com/auditoryx",
    "event_types": ["booking.confirmed", "booking.cancelled"],
    "description": "CRM sync",
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "BookingCreate": {
        "creator_id": _CREATOR_ID,
        "room_id": _ROOM_ID,
        "client_id": _CLIENT_ID,
        "title": "Vocal tracking",
        "start": "2026-12-01T10:00:00Z",
        "end": "2026-12-01T14:00:00Z",
    },
    "BookingOut": {
        "object": "booking",
        "id": _BOOKING_ID,
        "status": "held",
        "creator_id": _CREATOR_ID,
        "room_id": _ROOM_ID,
        "artist_id": None,
        "client_id": _CLIENT_ID,
        "project_id": None,
        "batch_id": None,
        "title": "Vocal tracking",
        "notes": "",
        "start": "2026-12-01T10:00:00Z",
        "end": "2026-12-01T14:00:00Z",
        "price": "480.00",
        "currency": "EUR",
        "hold_expires_at": "2026-11-20T10:30:00Z",
        "status_reason": "",
        "version": 1,
        "created_at": _CREATED,
        "updated_at": _CREATED,
        "approval_request_id": None,
    },
    "ClientCreate": _CLIENT,
    "ClientOut": {
        "object": "client",
        "id": _CLIENT_ID,
        **_CLIENT,
        "created_at": _CREATED,
        "updated_at": _CREATED,
    },
    "BulkBookingCreate": {
        "mode": "all_or_nothing",
        "title": "Album sessions",
        "dry_run": True,
        "sessions": [
            {"creator_id": _CREATOR_ID, "start": "2026-12-01T10:00:00Z", "duration_minutes": 240},
            {
                "skills": [{"skill": "mixing", "min_level": 3}],
                "duration_minutes": 480,
                "window_start": "2026-12-02T00:00:00Z",
                "window_end": "2026-12-12T00:00:00Z",
                "depends_on": [0],
            },
        ],
    },
    "EndpointCreate": _ENDPOINT,
    "EndpointOut": {
        "object": "webhook_endpoint",
        "id": "we_01jd7v2x3y4z5a6b7c8d9e0f1r",
        **_ENDPOINT,
        "enabled": True,
        "disabled_reason": None,
        "failing_since": None,
        "created_at": _CREATED,
        "updated_at": _CREATED,
        "secret": "whsec_MfKQ9r8GKYqXe5H3nFt7k0hPwdLzB1sU",
    },
    "DecisionIn": {"decision": "approve", "comment": "Within this quarter's budget"},
    # Each kind of event data: the catalog's example of the first event type carrying it.
    **{
        EVENT_DATA[example["object"]].__name__: example
        for _description, example in reversed(CATALOG.values())
    },
}


def add_examples(schemas: dict[str, Any]) -> None:
    """Put each example on its component schema."""
    for name, example in EXAMPLES.items():
        schemas[name]["examples"] = [example]
