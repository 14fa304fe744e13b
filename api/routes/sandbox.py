"""The sandbox (test-mode keys only): reset it, optionally seeded with the demo label, and
read the e-mail it captured instead of sending."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from temporalio.client import Client
from temporalio.service import RPCError

from api.deps import (
    ActorDep,
    CanReadOrganization,
    CanWriteOrganization,
    SealingDep,
    TemporalDep,
    TenantSession,
)
from api.errors import ServiceUnavailable
from api.schemas import Limit, ListResponse, StartingAfter
from api.schemas.sandbox import CapturedEmailOut, SandboxReset, SandboxResetOut
from domain.errors import PermissionDenied
from domain.placements import claims
from domain.sandbox import mail as sandbox_mail
from domain.sandbox.reset import reset_sandbox
from domain.tenancy.access import Principal
from workflows.clients.sandbox import terminate_running

router = APIRouter(prefix="/v1/sandbox", tags=["sandbox"])
log = logging.getLogger("auditoryx.api")


def _sandbox_only(principal: Principal) -> None:
    if principal.mode != "test":
        raise PermissionDenied(
            "the sandbox routes take a test-mode key (ax_test_…); a live key never touches "
            "the sandbox, nor the sandbox routes the live organization",
            code="sandbox_only",
        )


async def _terminate(temporal: Client, organization_id: str) -> int:
    try:
        return await terminate_running(temporal, organization_id, reason="sandbox reset")
    except (RPCError, RuntimeError) as exc:  # RuntimeError: the client cannot connect
        # Nothing is deleted while the sandbox's workflows might still write into it.
        raise ServiceUnavailable(
            "the workflow engine (Temporal) is unreachable; the sandbox was not reset",
            code="temporal_unavailable",
        ) from exc


@router.post("/reset", summary="Reset the sandbox (optionally seeded with the demo label)")
async def reset(
    request: Request,
    principal: CanWriteOrganization,
    session: TenantSession,
    actor: ActorDep,
    temporal: TemporalDep,
    sealing: SealingDep,
    body: SandboxReset | None = None,
) -> SandboxResetOut:
    _sandbox_only(principal)
    result = await reset_sandbox(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        now=datetime.now(UTC),
        stop_workflows=lambda org: _terminate(temporal, org),
        seed=body.seed if body else None,
        sealing=sealing,
    )
    out = SandboxResetOut(
        organization_id=result.organization_id,
        deleted=result.deleted,
        workflows_terminated=result.workflows_terminated,
        seed=result.seed,
        seeded=result.seeded,
    )
    # The SSO settings are gone once the reset commits; only then are their names released
    # (a reset rolled back keeps them claimed, as the settings it kept need).
    await session.commit()
    try:
        await claims.release(
            request.app.state.sessionmaker, result.organization_id, result.released_claims
        )
    except Exception:
        # The reset stands. The names stay with the sandbox, unused: its next SSO save
        # changes them, or the next reconciliation of the registry releases them
        # (domain/placements/claim_backfill.py).
        log.exception("sandbox %s reset, its claimed names not released", result.organization_id)
    return out


@router.get("/emails", summary="E-mail the sandbox captured instead of sending")
async def list_emails(
    principal: CanReadOrganization,
    session: TenantSession,
    limit: Limit = 20,
    starting_after: StartingAfter = None,
    template: Annotated[str | None, Query(max_length=60)] = None,
    recipient: Annotated[str | None, Query(max_length=320)] = None,
) -> ListResponse[CapturedEmailOut]:
    _sandbox_only(principal)
    page = await sandbox_mail.list_captured(
        session,
        organization_id=principal.organization_id,
        template=template,
        recipient=recipient,
        limit=limit,
        starting_after=starting_after,
    )
    return ListResponse(
        data=[CapturedEmailOut.model_validate(m) for m in page.items], has_more=page.has_more
    )
