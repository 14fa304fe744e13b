"""Clients: the organization's customers (synced to the CRM later)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import ActorDep, CanReadCreators, CanWriteCreators, SealingDep, TenantSession
from api.loaders import ClientDep
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.clients import ClientCreate, ClientOut, ClientUpdate
from domain import records
from domain.resources import service

router = APIRouter(prefix="/v1/clients", tags=["clients"])


@router.get("", summary="List clients")
async def list_clients(
    principal: CanReadCreators,
    session: TenantSession,
    sealing: SealingDep,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> ListResponse[ClientOut]:
    page = await service.list_clients(
        session,
        sealing,
        organization_id=principal.organization_id,
        q=q,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[ClientOut.model_validate(c) for c in page.items], has_more=page.has_more
    )


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a client")
async def create_client(
    body: ClientCreate,
    principal: CanWriteCreators,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> ClientOut:
    return ClientOut.model_validate(
        await service.create_client(
            session, sealing, organization_id=principal.organization_id, data=body, actor=actor
        )
    )


@router.get("/{id}", summary="A client")
async def get_client(
    principal: CanReadCreators,
    client: ClientDep,
) -> ClientOut:
    return ClientOut.model_validate(client)


@router.patch("/{id}", summary="Change a client")
async def update_client(
    body: ClientUpdate,
    principal: CanWriteCreators,
    client: ClientDep,
    session: TenantSession,
    sealing: SealingDep,
    actor: ActorDep,
) -> ClientOut:
    return ClientOut.model_validate(
        await service.update_client(
            session, sealing, client, body.model_dump(exclude_unset=True), actor=actor
        )
    )


@router.delete(
    "/{id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a client without bookings"
)
async def delete_client(
    principal: CanWriteCreators,
    client: ClientDep,
    session: TenantSession,
    actor: ActorDep,
) -> Response:
    await records.delete(
        session, client, actor=actor, kind="client", in_use_message="the client has bookings"
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
