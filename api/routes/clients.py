"""Clients: the organization's customers (synced to the CRM later)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import Field
from sqlalchemy import func, select

from api.deps import ActorDep, Authorize, TenantSession
from api.schemas import Limit, ListResponse, RequestBody, ResponseBody, StartingAfter, id_path
from domain import records
from domain.pagination import paginate
from domain.resources import service
from domain.resources.models import Client
from domain.tenancy.access import Principal

router = APIRouter(prefix="/v1/clients", tags=["clients"])


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


class ClientCreate(service.ClientInput, RequestBody):
    pass


class ClientUpdate(RequestBody):
    name: str | None = None
    email: str | None = None
    domain: str | None = None
    phone: str | None = None
    notes: str | None = None
    external_ref: str | None = Field(default=None, max_length=120)


@router.get("", summary="List clients")
async def list_clients(
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> ListResponse[ClientOut]:
    stmt = select(Client).where(Client.organization_id == principal.organization_id)
    if q:
        stmt = stmt.where(func.lower(Client.name).contains(q.lower()))
    page = await paginate(session, stmt, Client.id, limit=limit, starting_after=starting_after)
    return ListResponse(
        data=[ClientOut.model_validate(c) for c in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a client")
async def create_client(
    body: ClientCreate,
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ClientOut:
    return ClientOut.model_validate(
        await service.create_client(
            session, organization_id=principal.organization_id, data=body, actor=actor
        )
    )


@router.get("/{id}", summary="A client")
async def get_client(
    id: Annotated[str, id_path("cli")],
    principal: Annotated[Principal, Depends(Authorize("creators:read"))],
    session: TenantSession,
) -> ClientOut:
    return ClientOut.model_validate(await records.get_or_404(session, Client, id, label="client"))


@router.patch("/{id}", summary="Change a client")
async def update_client(
    id: Annotated[str, id_path("cli")],
    body: ClientUpdate,
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> ClientOut:
    client = await records.get_or_404(session, Client, id, label="client")
    return ClientOut.model_validate(
        await service.update_client(
            session, client, body.model_dump(exclude_unset=True), actor=actor
        )
    )


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a client without bookings"
)
async def delete_client(
    id: Annotated[str, id_path("cli")],
    principal: Annotated[Principal, Depends(Authorize("creators:write"))],
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    client = await records.get_or_404(session, Client, id, label="client")
    await records.delete(
        session, client, actor=actor, kind="client", in_use_message="the client has bookings"
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
