"""Response models of ``api/routes/health.py``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class ComponentStatus(BaseModel):
    status: Literal["up", "down"]


class Readiness(BaseModel):
    """Each component's status only: where they live and why they failed go to the log."""

    status: Literal["ready", "unavailable"]
    components: dict[str, ComponentStatus]
