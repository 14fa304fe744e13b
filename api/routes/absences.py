"""Out-of-office periods: while one lasts, the member's approvals go to their delegate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadMembers, CanWriteMembers, TenantSession
from api.loaders import AbsenceDep
from api.schemas import ID_PATTERN, Limit, ListResponse, StartingAfter
from api.schemas.absences import AbsenceCreate, AbsenceOut
from core.ids import new_id
from domain import records
from domain.tenancy import members
from domain.tenancy.models import Member, MemberAbsence

router = APIRouter(prefix="/v1/absences", tags=["approvals"])


@router.get("", summary="List out-of-office periods")
async def list_absences(
    principal: CanReadMembers,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    member_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> ListResponse[AbsenceOut]:
    page = await members.list_absences(
        session,
        organization_id=principal.organization_id,
        member_id=member_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[AbsenceOut.model_validate(a, from_attributes=True) for a in page.items],
        has_more=page.has_more,
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add an out-of-office period")
async def create_absence(
    body: AbsenceCreate,
    principal: CanWriteMembers,
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
    principal: CanWriteMembers,
    absence: AbsenceDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(session, absence, actor=actor, kind="absence", in_use_message="in use")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
