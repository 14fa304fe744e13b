"""Messages of the bulk-booking saga. Ids only: the batch and its items live in PostgreSQL.

Every model has defaults for optional fields so new fields can be added without breaking the
histories of running sagas.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class BulkBookingInput(BaseModel):
    organization_id: str
    batch_id: str


class CancelBulkInput(BaseModel):
    """A cancel: what the person typed travels by reference (``reason_ref``, a
    ``free_texts`` id); messages sent before carry it inline in ``reason``."""

    reason: str = ""
    reason_ref: str | None = None
    actor_type: str = "api_key"
    actor_id: str = ""


class BulkProgress(BaseModel):
    """The saga's own view: its phase, items per state, and each item's state by index."""

    batch_id: str
    status: str
    mode: str = ""
    counts: dict[str, int] = Field(default_factory=dict)
    item_statuses: list[str] = Field(default_factory=list)
    approval_request_id: str | None = None
    reason: str = ""
    reason_ref: str | None = Field(
        default=None,
        description="The free text that completes ``reason`` (read it from PostgreSQL)",
    )
