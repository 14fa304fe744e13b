"""Request and response models of ``api/routes/roles.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody
from domain.tenancy.permissions import BUILTIN_ROLE_DESCRIPTIONS, BUILTIN_ROLE_PERMISSIONS

PermissionName = Annotated[str, Field(min_length=3, max_length=60)]


class RoleOut(ResponseBody):
    object: Literal["role"] = "role"
    id: str
    name: str
    description: str
    permissions: list[str]
    builtin: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None


class RoleCreate(RequestBody):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_\- ]*$")
    description: str = Field(default="", max_length=500)
    permissions: list[PermissionName] = Field(max_length=100)


class RoleUpdate(RequestBody):
    name: str | None = Field(
        default=None, min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_\- ]*$"
    )
    description: str | None = Field(default=None, max_length=500)
    permissions: list[PermissionName] | None = Field(default=None, max_length=100)


class PermissionOut(ResponseBody):
    object: Literal["permission"] = "permission"
    name: str
    description: str


BUILTIN_ROLES = [
    RoleOut(
        id=role.value,
        name=role.value,
        description=BUILTIN_ROLE_DESCRIPTIONS[role],
        permissions=sorted(perms),
        builtin=True,
    )
    for role, perms in BUILTIN_ROLE_PERMISSIONS.items()
]
