"""The operator API (``/operator/…``): plans, an organization's plan, its own terms, its
trial, its moves between placements and its deletion. Not a tenant's API: it is authenticated by the
deployment's ``OPERATOR_TOKEN`` (a bearer token compared in constant time), answers 404 when
none is set, and is left out of the public reference (docs/operations.md documents it).
``auditoryx plan …``, ``auditoryx org …`` and ``auditoryx tenant …`` call the same services.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from temporalio.service import RPCError

from api.deletions import schedule_deletion
from api.deps import SessionmakerDep, SettingsDep
from api.errors import ServiceUnavailable
from api.schemas.plans import (
    DeletionStart,
    MoveStart,
    OverrideIn,
    PlanChoice,
    PlanIn,
    TrialStart,
)
from core.config import Settings
from core.db import tenant_session
from core.logging import request_id_var
from core.security import bearer_matches
from core.temporal import client_in_namespace
from domain.audit import service as audit
from domain.errors import Conflict, NotFound, Unauthenticated
from domain.placements import move as moves
from domain.tenancy import deletion, organizations, plan_admin, trials
from workflows.clients.namespace_move import count_running
from workflows.clients.organization_deletion import signal_cancel
from workflows.clients.tenant_move import start_tenant_move
from workflows.clients.trial import signal_conversion, start_trial_workflow

log = logging.getLogger("auditoryx.api")


def operator_actor(request: Request, settings: SettingsDep) -> audit.Actor:
    """The operator, once the bearer token matched ``OPERATOR_TOKEN``."""
    if not settings.operator_token:
        raise NotFound("not found")
    if not bearer_matches(request.headers.get("authorization"), settings.operator_token):
        raise Unauthenticated("the operator API needs Authorization: Bearer <OPERATOR_TOKEN>")
    return audit.Actor(type="operator", id="operator-api", request_id=request_id_var.get())


Operator = Annotated[audit.Actor, Depends(operator_actor)]
router = APIRouter(prefix="/operator", tags=["operator"], include_in_schema=False)


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/plans")
async def list_plans(_operator: Operator, sessionmaker: SessionmakerDep) -> dict[str, Any]:
    async with sessionmaker() as session:
        rows = await plan_admin.list_plans(session)
        return {"object": "list", "data": [plan_admin.plan_document(r) for r in rows]}


@router.put("/plans/{name}")
async def put_plan(
    name: str, body: PlanIn, operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    """Create (``version`` 0) or change a plan; 409 ``version_conflict`` when it moved.

    Plans are in every placement's database: the control database's version decides, and
    ``placements`` reports each database (``changed``, ``unreachable`` or ``failed``); the
    same request again, once a placement is back, brings it level."""
    row, outcomes = await plan_admin.put_plan_everywhere(
        sessionmaker, name=name, values=body.values(), version=body.version, actor=operator
    )
    return {
        **plan_admin.plan_document(row),
        "placements": [outcome.document() for outcome in outcomes],
    }


async def _line(sessionmaker: Any, organization_id: str) -> list[str]:
    """The organization's line from its root (what a plan change must see)."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        return list((await organizations.get_organization(session, organization_id)).path)


def _override_document(view: plan_admin.OverrideView) -> dict[str, Any]:
    return {
        "organization_id": view.organization_id,
        **view.values,
        "quotas": view.quotas,
        "version": view.version,
    }


@router.get("/organizations/{organization_id}/plan-override")
async def get_override(
    organization_id: str, _operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        return _override_document(await plan_admin.get_override(session, organization_id))


@router.put("/organizations/{organization_id}/plan-override")
async def put_override(
    organization_id: str, body: OverrideIn, operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    """The organization's own terms over its plan; 409 ``version_conflict`` when they moved."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        view = await plan_admin.put_override(
            session,
            organization_id=organization_id,
            values=body.values(),
            quota_limits=body.quotas,
            version=body.version,
            actor=operator,
        )
        return _override_document(view)


@router.put("/organizations/{organization_id}/plan")
async def put_organization_plan(
    organization_id: str, body: PlanChoice, operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    org = await organizations.set_plan(
        sessionmaker, organization_id=organization_id, plan=body.plan, actor=operator
    )
    return {"organization_id": org.id, "plan": org.plan}


async def _temporal(request: Request) -> Any:
    try:
        return await request.app.state.temporal.get()
    except (RPCError, RuntimeError) as exc:
        log.warning("Temporal unreachable: %s", exc)
        return None


@router.post("/organizations/{organization_id}/trial", status_code=status.HTTP_201_CREATED)
async def start_trial(
    organization_id: str,
    body: TrialStart,
    request: Request,
    operator: Operator,
    sessionmaker: SessionmakerDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Put a root organization on a trial plan and start its TrialWorkflow."""
    async with tenant_session(sessionmaker, await _line(sessionmaker, organization_id)) as session:
        trial = await trials.start_trial(
            session, organization_id=organization_id, now=_now(), actor=operator, plan=body.plan
        )
        document = trials.trial_document(trial)
    started = await _start_workflow(request, settings, organization_id, trial.ends_at)
    return {**document, "workflow_started": started}


async def _start_workflow(
    request: Request, settings: Settings, organization_id: str, ends_at: datetime
) -> bool:
    client = await _temporal(request)
    if client is None:
        return False
    try:
        await start_trial_workflow(
            client, organization_id, ends_at, task_queue=settings.temporal_task_queue
        )
    except RPCError as exc:
        log.warning("trial workflow of %s not started: %s", organization_id, exc)
        return False
    return True


@router.get("/organizations/{organization_id}/trial")
async def get_trial(
    organization_id: str, _operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        return trials.trial_document(await trials.get_trial(session, organization_id))


@router.post("/organizations/{organization_id}/trial/convert")
async def convert_trial(
    organization_id: str,
    body: PlanChoice,
    request: Request,
    operator: Operator,
    sessionmaker: SessionmakerDep,
) -> dict[str, Any]:
    """Convert the trial to ``plan``: the organization is writable on it, and the
    TrialWorkflow is told (it ends before any further reminder or the downgrade)."""
    async with tenant_session(sessionmaker, await _line(sessionmaker, organization_id)) as session:
        trial = await trials.convert_trial(
            session, organization_id=organization_id, plan=body.plan, now=_now(), actor=operator
        )
        document = trials.trial_document(trial)
    client = await _temporal(request)
    signalled = False
    if client is not None:
        try:
            await signal_conversion(client, organization_id, body.plan)
            signalled = True
        except RPCError as exc:
            # The workflow finds the trial converted when it wakes; nothing is lost.
            log.info("trial workflow of %s not signalled: %s", organization_id, exc)
    return {**document, "workflow_signalled": signalled}


# The cleanup waits this much longer than PLACEMENT_CACHE_SECONDS after the switch.
CACHE_MARGIN_SECONDS = 1.0


def _placement_routing(request: Request) -> moves.PlacementRouting:
    """The deployment's placements and directory (``app.state.placement_routing``)."""
    routing: moves.PlacementRouting | None = getattr(request.app.state, "placement_routing", None)
    if routing is None:
        raise ServiceUnavailable("this deployment has no placements configured (PLACEMENTS)")
    return routing


PlacementRoutingDep = Annotated[moves.PlacementRouting, Depends(_placement_routing)]


@router.post("/organizations/{organization_id}/moves", status_code=status.HTTP_202_ACCEPTED)
async def start_move(
    organization_id: str,
    body: MoveStart,
    request: Request,
    _operator: Operator,
    settings: SettingsDep,
    routing: PlacementRoutingDep,
) -> dict[str, Any]:
    """Move a root organization (and its tree) to placement ``to``: 422 ``unknown_placement``,
    422 ``not_a_root_organization``, 409 ``already_in_placement`` or ``move_in_progress``;
    409 ``open_workflows_in_namespace`` (with ``open_workflows``, ``namespace``) to a region of
    another Temporal namespace while the tree has open workflows in its own (the move is
    recorded as failed: a running workflow cannot change namespace)."""
    # The move's record is in the control database, wherever the organization lives.
    sessionmaker = routing.control_sessionmaker()
    move = await moves.start_move(
        sessionmaker, routing, organization_id=organization_id, target=body.to
    )
    client = await _temporal(request)
    try:
        if client is None:
            raise RuntimeError("Temporal unreachable")
        await _refuse_open_workflows(client, settings, routing, move)
        await start_tenant_move(
            client,
            organization_id,
            move.id,
            task_queue=settings.temporal_task_queue,
            # Past every process's cached route: none still reads the copy it deletes.
            cleanup_delay_seconds=max(
                body.cleanup_delay_seconds,
                settings.placement_cache_seconds + CACHE_MARGIN_SECONDS,
            ),
        )
    except (RPCError, RuntimeError) as exc:
        # Nothing was copied: the move ends here, and another may start.
        await moves.update_move(
            sessionmaker, organization_id, move.id, state="failed", error=f"not started: {exc}"
        )
        raise ServiceUnavailable("the move could not be started (Temporal unreachable)") from exc
    return moves.move_document(move)


async def _refuse_open_workflows(
    client: Any, settings: Settings, routing: moves.PlacementRouting, move: Any
) -> None:
    """Conflict ``open_workflows_in_namespace`` (the move recorded as failed) when the move
    changes namespace and the tree's workflows are not all ended in the source one."""
    source = settings.namespace_of(routing.placements.region(move.source))
    if source == settings.namespace_of(routing.placements.region(move.target)):
        return
    running = await count_running(
        client_in_namespace(client, source, pinned=True), move.organization_ids
    )
    if not running:
        return
    detail = (
        f"{running} open workflow(s) of the organization in Temporal namespace {source}; a "
        "running workflow cannot change namespace: move once they have ended"
    )
    await moves.update_move(
        routing.control_sessionmaker(),
        move.organization_id,
        move.id,
        state="failed",
        error=f"open_workflows_in_namespace: {detail}",
    )
    raise Conflict(
        detail,
        param="to",
        code="open_workflows_in_namespace",
        extra={"open_workflows": running, "namespace": source},
    )


@router.get("/organizations/{organization_id}/moves/latest")
async def latest_move(
    organization_id: str, _operator: Operator, routing: PlacementRoutingDep
) -> dict[str, Any]:
    """The organization's latest move: state, progress and verification report."""
    return moves.move_document(
        await moves.get_move(routing.control_sessionmaker(), organization_id=organization_id)
    )


@router.get("/organizations/{organization_id}/moves/{move_id}")
async def get_move(
    organization_id: str, move_id: str, _operator: Operator, routing: PlacementRoutingDep
) -> dict[str, Any]:
    """One move of the organization: state, progress and verification report."""
    return moves.move_document(
        await moves.get_move(
            routing.control_sessionmaker(), organization_id=organization_id, move_id=move_id
        )
    )


@router.post("/organizations/{organization_id}/deletion", status_code=status.HTTP_201_CREATED)
async def request_deletion(
    organization_id: str,
    body: DeletionStart,
    request: Request,
    operator: Operator,
    sessionmaker: SessionmakerDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Schedule the organization's deletion (no name to type: the CLI asks for ``--yes``):
    409 ``deletion_already_requested``, 422 ``sandbox_not_deletable``, 503 without Temporal."""
    client = await _temporal(request)
    if client is None:
        raise ServiceUnavailable("the deletion could not be scheduled (Temporal unreachable)")
    grace = (
        body.grace_seconds
        if body.grace_seconds is not None
        else settings.organization_deletion_grace_seconds
    )
    row = await schedule_deletion(
        client,
        sessionmaker,
        organization_id=organization_id,
        actor=operator,
        grace=timedelta(seconds=grace),
        task_queue=settings.temporal_task_queue,
    )
    return deletion.deletion_document(row)


@router.get("/organizations/{organization_id}/deletion")
async def get_deletion(
    organization_id: str, _operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    """The organization's latest deletion (also once the organization is gone: its record)."""
    return deletion.deletion_document(await deletion.get_deletion(sessionmaker, organization_id))


@router.delete("/organizations/{organization_id}/deletion")
async def cancel_deletion(
    organization_id: str, request: Request, operator: Operator, sessionmaker: SessionmakerDep
) -> dict[str, Any]:
    """Cancel the scheduled deletion during its grace period (409 ``deletion_in_progress``
    after it)."""
    row = await deletion.cancel_deletion(
        sessionmaker, organization_id=organization_id, actor=operator, now=_now()
    )
    client = await _temporal(request)
    if client is not None:
        try:
            await signal_cancel(client, row.id)
        except RPCError as exc:
            log.info("deletion %s: cancel not signalled: %s", row.id, exc)
    return deletion.deletion_document(row)
