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


class DeletionCreate(RequestBody):
    confirm: str = Field(
        min_length=1,
        max_length=200,
        description="The organization's name, typed exactly as `GET /v1/organization` shows it",
    )


class DeletionRequester(ResponseBody):
    type: str = Field(description="`member` (an owner's key) or `operator`")
    id: str


class OrganizationDeletionOut(ResponseBody):
    object: Literal["organization_deletion"] = "organization_deletion"
    id: str
    organization_id: str
    state: Literal["scheduled", "cancelled", "deleting", "deleted"] = Field(
        description="`scheduled`: in its grace period (cancellable); `deleting`: under way, "
        "the API keys revoked; `deleted`: done; `cancelled`: an owner cancelled it"
    )
    requested_by: DeletionRequester
    requested_at: datetime
    delete_after: datetime = Field(description="When the grace period ends")
    cancelled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    organization_ids: list[str] = Field(
        description="Once under way: the organization, its sub-organizations and sandboxes"
    )
    counts: dict[str, int] = Field(description="Once deleted: what was removed")
