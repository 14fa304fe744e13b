"""Request and response models of ``api/routes/scim_tokens.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody


class ScimTokenOut(ResponseBody):
    object: Literal["scim_token"] = "scim_token"
    id: str
    name: str
    redacted: str
    created_by: str | None
    created_at: datetime
    revoked_at: datetime | None
    rotated_from: str | None = Field(description="The token this one replaced, if a rotation")


class ScimTokenCreated(ScimTokenOut):
    token: str = Field(
        description="The bearer token for the identity provider. Shown once; store it now."
    )


class ScimTokenCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200, description="Such as 'Okta' or 'Entra ID'")


class ScimGroupMappingOut(ResponseBody):
    object: Literal["scim_group_mapping"] = "scim_group_mapping"
    id: str
    group: str = Field(description="The SCIM group's displayName or externalId")
    role: str
    created_at: datetime


class ScimGroupMappingCreate(RequestBody):
    group: str = Field(
        min_length=1, max_length=255, description="The SCIM group's displayName or externalId"
    )
    role: str = Field(
        min_length=1, max_length=40, description="A built-in role name or a custom role id"
    )
