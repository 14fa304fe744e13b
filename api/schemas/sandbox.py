"""Models of the sandbox routes: the reset and the captured e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from api.schemas import RequestBody, ResponseBody


class SandboxReset(RequestBody):
    seed: Literal["demo"] | None = None


class SandboxResetOut(ResponseBody):
    object: Literal["sandbox_reset"] = "sandbox_reset"
    organization_id: str
    deleted: dict[str, int]
    workflows_terminated: int
    seed: str | None
    seeded: dict[str, int]


class CapturedEmailOut(ResponseBody):
    object: Literal["sandbox_email"] = "sandbox_email"
    id: str
    recipients: list[str]
    subject: str
    text: str
    html: str
    reply_to: str | None
    template: str
    created_at: datetime
