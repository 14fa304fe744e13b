"""Messages of the TenantMoveWorkflow."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class TenantMoveInput(BaseModel):
    organization_id: str
    move_id: str
    # Between the switch and the deletion of the source's rows: longer than any process
    # trusts its cached copy of a placement, so none still reads the old copy when it goes.
    cleanup_delay_seconds: float = 60.0
    # Rows per keyset page of the first copy.
    page_rows: int = 500


class MoveStep(BaseModel):
    organization_id: str
    move_id: str
    page_rows: int = 500


class MoveFailure(BaseModel):
    organization_id: str
    move_id: str
    error: str


class TenantMoveResult(BaseModel):
    # "done", or "failed" (the move stopped before the switch; the source is the home still).
    state: str
    copied_rows: int = 0
    report: dict[str, Any] | None = None
    error: str | None = None
