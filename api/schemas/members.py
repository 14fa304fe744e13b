"""Request and response models of ``api/routes/members.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import EmailStr, Field

from api.schemas import RequestBody, ResponseBody

RoleRef = Annotated[
    str,
    Field(
        min_length=1, max_length=40, description="A built-in role name or a custom role id (rol_…)"
    ),
]


class MemberOut(ResponseBody):
    object: Literal["member"] = "member"
    id: str
    email: str
    name: str
    role: str
    status: str
    created_at: datetime
    updated_at: datetime


class MemberCreate(RequestBody):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: RoleRef


class MemberUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: RoleRef | None = None
    status: Literal["active", "disabled"] | None = None
