"""Request and response models of ``api/routes/webhook_endpoints.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ID_PATTERN, RequestBody
from domain.dates import Timestamp
from domain.events.service import EVENT_TYPES
from domain.webhooks import service
from domain.webhooks.models import WebhookEndpoint


class EndpointOut(BaseModel):
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    failing_since: datetime | None
    created_at: datetime
    updated_at: datetime
    secret: str | None = Field(
        default=None, description="The signing secret: only in the answer that created it"
    )


def endpoint_out(endpoint: WebhookEndpoint, secret: str | None = None) -> EndpointOut:
    return EndpointOut(
        id=endpoint.id,
        url=endpoint.url,
        description=endpoint.description,
        event_types=list(endpoint.event_types),
        enabled=endpoint.enabled,
        disabled_reason=endpoint.disabled_reason,
        failing_since=endpoint.failing_since,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
        secret=secret,
    )


class EndpointCreate(RequestBody):
    url: str = Field(min_length=1, max_length=2000, description="https:// URL of the receiver")
    event_types: list[str] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: str = Field(default="", max_length=500)


class EndpointUpdate(RequestBody):
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    event_types: list[str] | None = Field(default=None, min_length=1, max_length=len(EVENT_TYPES))
    description: str | None = Field(default=None, max_length=500)
    enabled: bool | None = None


class RotateIn(RequestBody):
    grace_hours: float = Field(
        default=24,
        ge=0,
        le=service.MAX_GRACE.total_seconds() / 3600,
        description="How long the previous secret keeps signing (0 = stop at once)",
    )


class SecretOut(BaseModel):
    object: Literal["webhook_secret"] = "webhook_secret"
    endpoint_id: str
    secret: str
    previous_valid_until: datetime | None


class AttemptOut(BaseModel):
    object: Literal["webhook_attempt"] = "webhook_attempt"
    id: str
    endpoint_id: str
    event_id: str
    delivery_id: str
    attempt: int
    outcome: str
    status_code: int | None
    error: str | None
    response_excerpt: str
    duration_ms: int
    attempted_at: datetime


class ResendIn(RequestBody):
    event_id: str = Field(pattern=ID_PATTERN)


class RecoverIn(RequestBody):
    since: Timestamp = Field(description="Resend every delivery that failed since this time")


class ResendOut(BaseModel):
    object: Literal["webhook_resend"] = "webhook_resend"
    endpoint_id: str
    event_ids: list[str]
