"""Request and response models of ``api/routes/clients.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody
from domain.resources import service as resources


class ClientOut(ResponseBody):
    object: Literal["client"] = "client"
    id: str
    name: str
    email: str | None
    domain: str | None
    phone: str | None
    notes: str
    external_ref: str | None
    created_at: datetime
    updated_at: datetime


class ClientCreate(resources.ClientInput, RequestBody):
    pass


class ClientUpdate(RequestBody):
    name: str | None = None
    email: str | None = None
    domain: str | None = None
    phone: str | None = None
    notes: str | None = None
    external_ref: str | None = Field(default=None, max_length=120)
