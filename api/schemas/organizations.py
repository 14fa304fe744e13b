"""Request and response models of ``api/routes/organizations.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody

# Plans are data (the operator adds them): a name the plans table knows, checked by the domain.
Plan = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")]

Region = Literal["eu", "us", "uk", "apac"]


class OrganizationOut(ResponseBody):
    object: Literal["organization"] = "organization"
    id: str
    name: str
    plan: str
    region: str
    parent_id: str | None
    sandbox: bool = False
    settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def organization_out(org: Any) -> OrganizationOut:
    return OrganizationOut(
        id=org.id,
        name=org.name,
        plan=org.plan,
        region=org.region,
        parent_id=org.parent_id,
        sandbox=org.sandbox_of is not None,
        settings=org.settings,
        created_at=org.created_at,
        updated_at=org.updated_at,
    )


class OrganizationUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    region: Region | None = None
    settings: dict[str, Any] | None = None


class ChildCreate(RequestBody):
    name: str = Field(min_length=1, max_length=200)
    plan: Plan | None = None
    region: Region | None = None
