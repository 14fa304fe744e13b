"""Out-of-office periods: while one lasts, the member's approvals go to their delegate."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import AwareDatetime, BaseModel, Field, model_validator
from sqlalchemy import select

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import ID_PATTERN, Limit, ListResponse, RequestBody, StartingAfter, id_path
from core.ids import new_id
from domain import records
from domain.pagination import paginate
from domain.tenancy.access import Principal
from domain.tenancy.models import Member, MemberAbsence

router = APIRouter(prefix="/v1/absences", tags=["approvals"])


class AbsenceOut(BaseModel):
    object: Literal["absence"] = "absence"
    id: str
    member_id: str
    delegate_member_id: str
    starts_at: datetime
    ends_at: datetime


class AbsenceCreate(RequestBody):
    member_id: str = Field(pattern=ID_PATTERN)
    delegate_member_id: str = Field(pattern=ID_PATTERN)
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _valid(self) -> AbsenceCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        if self.member_id == self.delegate_member_id:
            raise ValueError("a member cannot delegate to themselves")
        return self


@router.get("", summary="List out-of-office periods")
async def list_absences(
    principal: Annotated[Principal, Depends(Authorize("members:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    member_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[AbsenceOut]:
    stmt = select(MemberAbsence).where(MemberAbsence.organization_id == principal.organization_id)
    if member_id:
        stmt = stmt.where(MemberAbsence.member_id == member_id)
    page = await paginate(
        session, stmt, MemberAbsence.id, limit=limit, starting_after=starting_after
    )
    return ListResponse(
        data=[AbsenceOut.model_validate(a, from_attributes=True) for a in page.items],
        has_more=page.has_more,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add an out-of-office period")
async def create_absence(
    body: AbsenceCreate,
    principal: Annotated[Principal, Depends(Authorize("members:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> AbsenceOut:
    await records.get_or_404(session, Member, body.member_id, label="member", param="member_id")
    await records.get_or_404(
        session, Member, body.delegate_member_id, label="member", param="delegate_member_id"
    )
    absence = MemberAbsence(
        id=new_id("abs"), organization_id=principal.organization_id, **body.model_dump()
    )
    await records.create(session, absence, actor=actor, kind="absence")
    return AbsenceOut.model_validate(absence, from_attributes=True)


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove an out-of-office period"
)
async def delete_absence(
    id: Annotated[str, id_path("abs")],
    principal: Annotated[Principal, Depends(Authorize("members:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    absence = await records.get_or_404(session, MemberAbsence, id, label="absence")
    await records.delete(session, absence, actor=actor, kind="absence", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
