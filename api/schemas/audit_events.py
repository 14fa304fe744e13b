"""Request and response models of ``api/routes/audit_events.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from api.schemas import ResponseBody


class AuditEventOut(ResponseBody):
    object: Literal["audit_event"] = "audit_event"
    id: str
    # The chain fields are empty until the sealer links the record, about a second after commit.
    seq: int | None
    occurred_at: datetime
    actor_type: str
    actor_id: str
    action: str
    target_type: str
    target_id: str
    changes: dict[str, Any]
    request_id: str | None
    ip_hmac: str | None
    hash: str | None
    prev_hash: str | None
