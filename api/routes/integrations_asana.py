"""Asana: connect with a token and a workspace (checked with Asana before anything is stored),
and the receiver of Asana's webhooks.

Each AuditoryX project's Asana project gets a webhook whose URL names the organization and
the container row (``/integrations/asana/webhooks/{organization_id}/{hook_id}``). Asana's
handshake (``X-Hook-Secret``) is accepted only while the worker that subscribed is waiting
for it (the row holds its claim and no secret yet); the secret is sealed on the row. Every
delivery after it must carry ``X-Hook-Signature`` (HMAC-SHA256 of the raw body with that
secret): unsigned or forged deliveries are 401 and change nothing. A verified delivery names
tasks; each linked milestone gets the signal-with-start of its sync workflow, which reads the
task back and applies the conflict rule (docs/adr/0030-project-tool-sync.md). An unknown
organization or hook (another organization's, a deleted project's) is 404.
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request, Response

from api.after_commit import sync_reconcile_schedule
from api.deps import (
    ActorDep,
    CanWriteIntegrations,
    SecretBoxDep,
    SessionmakerDep,
    SettingsDep,
    TenantSession,
    get_temporal,
)
from api.errors import ServiceUnavailable
from api.integration_deps import AsanaDep, AsanaFactory
from api.schemas.integrations import IntegrationOut
from api.schemas.integrations_asana import AsanaConnectIn
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from core.ids import is_valid_id
from domain.connections import service as connections
from domain.errors import InvalidRequest, NotFound, Unauthenticated
from domain.project_tools.models import PENDING, TaskContainer
from domain.project_tools.sync import milestones_of_tasks
from integrations.asana import AsanaWebhooks
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized
from workflows.clients.sync import request_sync
from workflows.reconcile_types import reconcile_every_hours
from workflows.sync_types import SyncInput

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
webhooks = APIRouter(prefix="/integrations/asana", tags=["integrations"])
HOOKS = AsanaWebhooks()


async def _checked(factory: AsanaFactory, body: AsanaConnectIn) -> None:
    """Asana accepts the token and shows it the workspace; else a 422 naming the field to
    fix (Asana's own words), or a 503 while Asana rate limits or is down."""
    settings = {"workspace_gid": body.workspace_gid, "team_gid": body.team_gid}
    try:
        await factory(body.access_token.get_secret_value(), settings).check_token()
    except RateLimited as exc:
        raise ServiceUnavailable(
            f"Asana is rate limiting us; retry after {exc.retry_after:g} s",
            code="asana_rate_limited",
            extra={"retry_after": exc.retry_after},
        ) from None
    except Unauthorized as exc:
        # 401: the token; 403: the token is good, but not for this workspace.
        param = "workspace_gid" if exc.status == 403 else "access_token"
        raise InvalidRequest(
            f"Asana rejected the {param.replace('_', ' ')}: {exc.message}",
            param=param,
            code="asana_auth_failed",
        ) from None
    except Rejected as exc:
        raise InvalidRequest(
            f"Asana refused the check of the workspace: {exc.message}",
            param="workspace_gid",
            code="asana_refused",
        ) from None
    except IntegrationError as exc:
        raise ServiceUnavailable(
            f"Asana could not check the connection: {exc.message}", code="asana_unavailable"
        ) from None


@router.put("/asana", summary="Connect Asana with a token and the workspace to sync with")
async def connect_asana(
    body: AsanaConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    asana: AsanaDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """Nothing is stored unless Asana accepted the token for the workspace; the token is
    sealed. Milestones then sync as tasks (docs/integrations/asana.md); a reconnect keeps the
    links, so no task is made twice."""
    await _checked(asana, body)
    connection = await connections.save_connection(
        session,
        organization_id=principal.organization_id,
        provider="asana",
        credentials=box.seal({"access_token": body.access_token.get_secret_value()}),
        external_account_id=body.workspace_gid,
        settings={"workspace_gid": body.workspace_gid, "team_gid": body.team_gid},
        actor=actor,
    )
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "asana",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)


def _secret(box: SecretBox, row: TaskContainer) -> str:
    if row.webhook_secret is None:
        return ""
    try:
        return str(box.open(row.webhook_secret)["secret"])
    except (DecryptionError, KeyError, ValueError):
        return ""


@webhooks.post(
    "/webhooks/{organization_id}/{hook_id}",
    summary="Asana's webhook deliveries for one project (the target the worker registers)",
    description="Called by Asana, not by API clients. The handshake (`X-Hook-Secret`) is "
    "echoed while the subscription is being made; deliveries must be signed "
    "(`X-Hook-Signature`: HMAC-SHA256 of the body with that secret), else 401. "
    "See docs/integrations/asana.md.",
    response_class=Response,
    responses={
        200: {"description": "Handshake answered, or the delivery taken (empty body)"},
        401: {"description": "Unsigned or forged delivery, or a handshake nobody asked for"},
        404: {"description": "No such organization or webhook"},
    },
)
async def asana_webhook(
    organization_id: str,
    hook_id: str,
    request: Request,
    sessionmaker: SessionmakerDep,
    box: SecretBoxDep,
    settings: SettingsDep,
) -> Response:
    if not is_valid_id(organization_id, "org") or not is_valid_id(hook_id, "ptc"):
        raise NotFound("no such webhook", param="hook_id")
    body = await request.body()
    headers = dict(request.headers)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        row = await session.get(TaskContainer, hook_id, with_for_update=True)
        if row is None or row.provider != "asana":
            raise NotFound("no such webhook", param="hook_id")
        handshake = HOOKS.handshake(headers, body)
        if handshake is not None:
            waiting = (row.webhook_id or "").startswith(PENDING) and row.webhook_secret is None
            if not waiting or not handshake.secret:
                raise Unauthenticated("no subscription of this webhook is waiting for Asana")
            row.webhook_secret = box.seal({"secret": handshake.secret})
            return Response(status_code=200, headers=dict(handshake.headers))
        if not HOOKS.verify(_secret(box, row), headers, body):
            raise Unauthenticated("the delivery is not signed with this webhook's secret")
        milestones = await milestones_of_tasks(session, "asana", HOOKS.changed_task_ids(body))
    if not milestones:
        return Response(status_code=200)
    # Only a verified delivery needs Temporal: unsigned ones are 401 even while it is down
    # (a 503 here makes Asana deliver again later).
    temporal = await get_temporal(request)
    for milestone_id in milestones:
        await request_sync(
            temporal,
            SyncInput(
                organization_id=organization_id,
                provider="asana",
                entity_type="milestone",
                entity_id=milestone_id,
            ),
            task_queue=settings.temporal_task_queue,
        )
    return Response(status_code=200)
