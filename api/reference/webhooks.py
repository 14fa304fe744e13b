"""The document's ``webhooks``: one entry per event type of the catalog, as receivers get it.

Each delivery is a signed ``POST`` (Standard Webhooks, see ``domain/webhooks/service.py``):
the JSON body ``{id, type, timestamp, data}`` (``activities/webhooks.py``) and the headers
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature``. The payload schema of a type is
its envelope around the model of its ``data`` (``api/schemas/events.py``), chosen by the
``object`` of the catalog's example.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from api.schemas.events import EVENT_DATA
from domain.events.service import CATALOG

_SCHEMAS = "#/components/schemas/"
_SIGNATURE_HEADERS: list[dict[str, Any]] = [
    {
        "name": "webhook-id",
        "in": "header",
        "required": True,
        "description": "The event's id, the same on every retry: de-duplicate on it",
        "schema": {"type": "string"},
        "example": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
    },
    {
        "name": "webhook-timestamp",
        "in": "header",
        "required": True,
        "description": "Unix seconds of this attempt; refuse one too far from your clock",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "example": "1764669600",
    },
    {
        "name": "webhook-signature",
        "in": "header",
        "required": True,
        "description": "Space-separated `v1,<base64>` signatures: HMAC-SHA256, keyed with the "
        "base64-decoded part of the endpoint's `whsec_…` secret, of "
        "`{webhook-id}.{webhook-timestamp}.{body}`. During a secret rotation's grace period "
        "both the new and the previous secret sign; accept the request if one matches",
        "schema": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"},
        "example": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
    },
]
_RESPONSES = {
    "2XX": {"description": "Received: any 2xx ends the delivery"},
    "default": {
        "description": "Anything else (or no answer within 15 s) is retried: after 5 s, 5 min, "
        "30 min, 2 h, 5 h, 10 h and 10 h; an endpoint failing every delivery for 5 days is "
        "disabled"
    },
}


def payload_schema_name(event_type: str) -> str:
    """``booking.created`` → ``BookingCreatedEvent``."""
    words = event_type.replace(".", "_").split("_")
    return "".join(word.capitalize() for word in words) + "Event"


def webhooks() -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``webhooks`` section and the component schemas it refers to."""
    _, definitions = models_json_schema(
        [(model, "validation") for model in EVENT_DATA.values()],
        ref_template=_SCHEMAS + "{model}",
    )
    schemas: dict[str, Any] = dict(definitions.get("$defs", {}))
    entries: dict[str, Any] = {}
    for event_type, (description, example) in CATALOG.items():
        data_model = EVENT_DATA.get(example["object"])
        if data_model is None:
            raise LookupError(
                f"event type {event_type!r} carries a {example['object']!r}, which has no "
                "model in api/schemas/events.py EVENT_DATA"
            )
        name = payload_schema_name(event_type)
        schemas[name] = {
            "title": name,
            "description": description,
            "type": "object",
            "required": ["id", "type", "timestamp", "data"],
            "properties": {
                "id": {"type": "string", "description": "The event's id (`ev_…`)"},
                "type": {"type": "string", "const": event_type},
                "timestamp": {"type": "string", "format": "date-time"},
                "data": {"$ref": _SCHEMAS + data_model.__name__},
            },
        }
        entries[event_type] = {
            "post": {
                "operationId": _camel(name),
                "summary": description,
                "tags": ["webhooks"],
                "parameters": _SIGNATURE_HEADERS,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": _SCHEMAS + name},
                            "example": {
                                "id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1s",
                                "type": event_type,
                                "timestamp": "2026-12-01T14:00:00.123456+00:00",
                                "data": example,
                            },
                        }
                    },
                },
                "responses": _RESPONSES,
            }
        }
    return entries, schemas


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]
