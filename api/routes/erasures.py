"""Erasures: erase one person's data (artist, creator, member, client contact) and follow the
erasure. The work is done by ``ErasureWorkflow``; a repeated request for the same person
answers the first erasure."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response, status

from api.deps import ActorDep, CanEraseData, TenantSession
from api.schemas import Limit, ListResponse, StartingAfter, id_path
from api.schemas.privacy import ErasureCreate, ErasureOut
from domain.privacy import erasure as erasures
from domain.privacy.models import Erasure
from workflows.clients.privacy import start_erasure
from workflows.privacy_types import ErasureInput

log = logging.getLogger("auditoryx.api")
router = APIRouter(prefix="/v1/erasures", tags=["privacy"])


def erasure_out(erasure: Erasure) -> ErasureOut:
    return ErasureOut(
        id=erasure.id,
        subject_kind=erasure.subject_kind,
        subject_id=erasure.subject_id,
        status=erasure.status,
        counts=erasure.counts,
        error=erasure.error,
        created_at=erasure.created_at,
        started_at=erasure.started_at,
        finished_at=erasure.finished_at,
    )


async def load_erasure(id: Annotated[str, id_path("ers")], session: TenantSession) -> Erasure:
    return await erasures.get_erasure(session, id)


ErasureDep = Annotated[Erasure, Depends(load_erasure)]


async def start_after_commit(state: Any, organization_id: str, erasure_id: str) -> None:
    """Start the workflow once the erasure is committed; if Temporal is unreachable the
    erasure stays ``pending`` and repeating the request starts it (docs/privacy.md)."""
    client = await state.temporal.get()
    if client is None:
        log.warning("erasure %s not started: Temporal unreachable", erasure_id)
        return
    job = ErasureInput(organization_id=organization_id, erasure_id=erasure_id)
    try:
        await start_erasure(client, job, task_queue=state.settings.temporal_task_queue)
    except Exception as exc:  # an RPC or connection failure: the erasure stays pending
        log.warning("erasure %s not started: %s", erasure_id, exc)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Erase one person's data",
    responses={
        200: {"description": "The person's erasure was requested before: that erasure"},
        404: {"description": "The person is not in this organization"},
    },
)
async def create_erasure(
    body: ErasureCreate,
    request: Request,
    response: Response,
    background: BackgroundTasks,
    principal: CanEraseData,
    session: TenantSession,
    actor: ActorDep,
) -> ErasureOut:
    erasure, created = await erasures.request_erasure(
        session,
        organization_id=principal.organization_id,
        kind=body.kind,
        subject_id=body.id,
        actor=actor,
    )
    response.headers["Location"] = f"/v1/erasures/{erasure.id}"
    if not created:
        response.status_code = status.HTTP_200_OK
    if erasure.status in ("pending", "running"):
        # Starting is idempotent (the workflow id is the erasure's): a request repeated
        # while Temporal was away starts the erasure it left pending.
        background.add_task(
            start_after_commit, request.app.state, erasure.organization_id, erasure.id
        )
    return erasure_out(erasure)


@router.get("", summary="List erasures")
async def list_erasures(
    principal: CanEraseData,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
) -> ListResponse[ErasureOut]:
    page = await erasures.list_erasures(
        session,
        organization_id=principal.organization_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(data=[erasure_out(e) for e in page.items], has_more=page.has_more)


@router.get("/{id}", summary="An erasure: its status and what it changed")
async def get_erasure(principal: CanEraseData, erasure: ErasureDep) -> ErasureOut:
    return erasure_out(erasure)
