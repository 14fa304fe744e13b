"""Project tools (Asana, Monday.com): connect with a token (checked with the tool before
anything is stored), and the receiver of the tools' webhooks.

Each AuditoryX project's container in a tool (an Asana project, a Monday board) gets a
webhook whose URL names the provider, the organization and the container row
(``/integrations/{provider}/webhooks/{organization_id}/{hook_id}``). How a delivery proves
it is the tool's differs:

- **Asana** hands over a secret in its handshake (``X-Hook-Secret``), accepted only while the
  worker that subscribed is waiting for it (the row holds its claim and no secret yet); the
  secret is sealed on the row. Every delivery after it must carry ``X-Hook-Signature``
  (HMAC-SHA256 of the raw body with that secret).
- **Monday.com**'s set-up is a ``{"challenge": …}`` echo with no secret; every delivery
  carries an HS256 JWT signed with the Monday app's signing secret
  (``MONDAY_SIGNING_SECRET``), with an expiry.

Unsigned, forged or expired deliveries are 401 and change nothing. A verified delivery names
tasks (items); each linked milestone gets the signal-with-start of its sync workflow, which
reads the task back and applies the conflict rule (docs/adr/0030-project-tool-sync.md). An
unknown organization or hook (another organization's, a deleted project's, another tool's)
is 404.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, BackgroundTasks, Request, Response
from fastapi.responses import JSONResponse

from api import project_tools
from api.after_commit import connected
from api.deps import (
    ActorDep,
    CanWriteIntegrations,
    SecretBoxDep,
    SessionmakerDep,
    SettingsDep,
    TenantSession,
    get_temporal,
)
from api.integration_deps import AsanaAuthDep, AsanaDep, MondayDep, MondayGatewayDep
from api.schemas.integrations import IntegrationOut
from api.schemas.integrations_asana import AsanaConnectIn
from api.schemas.integrations_monday import MondayConnectIn
from core.config import Settings
from core.crypto import DecryptionError, SecretBox
from core.db import tenant_session
from core.ids import is_valid_id
from domain.errors import NotFound, Unauthenticated
from domain.project_tools.models import PENDING, TaskContainer
from domain.project_tools.sync import milestones_of_tasks
from integrations.asana import AsanaWebhooks
from integrations.monday_webhooks import MondayWebhooks
from integrations.project_management import TaskWebhooks
from workflows.clients.sync import request_sync
from workflows.sync_types import SyncInput

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])
webhooks = APIRouter(prefix="/integrations", tags=["integrations"])
HOOKS: dict[str, TaskWebhooks] = {"asana": AsanaWebhooks(), "monday": MondayWebhooks()}


@router.put(
    "/asana",
    summary="Connect Asana with a token or an OAuth authorization code, and the workspace to "
    "sync with",
)
async def connect_asana(
    body: AsanaConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    asana: AsanaDep,
    auth: AsanaAuthDep,
    box: SecretBoxDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """A personal or service-account token, or an authorization code from Asana's consent
    redirect (exchanged at Asana's token endpoint with the app's client id and secret; the
    worker refreshes the access token as it expires and keeps the new one sealed). Nothing
    is stored unless Asana accepted the token for the workspace; the token is sealed.
    Milestones then sync as tasks (docs/integrations/asana.md); a reconnect keeps the links,
    so no task is made twice."""
    connection = await project_tools.connect_asana(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        asana=asana,
        auth=auth,
        actor=actor,
    )
    background.add_task(
        connected, request.app.state, principal.organization_id, "asana", connection.settings
    )
    return IntegrationOut.model_validate(connection)


@router.put(
    "/monday",
    summary="Connect Monday.com with a token or an OAuth authorization code (and the workspace "
    "for boards)",
)
async def connect_monday(
    body: MondayConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    monday: MondayDep,
    gateway: MondayGatewayDep,
    box: SecretBoxDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """An API token, or an authorization code from Monday's consent redirect (exchanged at
    Monday's token endpoint with the app's client id and secret). Nothing is stored unless
    Monday accepted the token; the token is sealed. Milestones then sync as items of one
    board per project (docs/integrations/monday.md); a reconnect keeps the links, so no item
    is made twice."""
    connection = await project_tools.connect_monday(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        monday=monday,
        gateway=gateway,
        actor=actor,
    )
    background.add_task(
        connected, request.app.state, principal.organization_id, "monday", connection.settings
    )
    return IntegrationOut.model_validate(connection)


def _secret(provider: str, box: SecretBox, settings: Settings, row: TaskContainer) -> str:
    """What a delivery is signed with: Asana's secret of the handshake (sealed on the row),
    Monday's app signing secret."""
    if provider == "monday":
        return settings.monday_signing_secret
    if row.webhook_secret is None:
        return ""
    try:
        return str(box.open(row.webhook_secret)["secret"])
    except (DecryptionError, KeyError, ValueError):
        return ""


@webhooks.post(
    "/{provider}/webhooks/{organization_id}/{hook_id}",
    summary="A project tool's webhook deliveries for one project (the target the worker registers)",
    description="Called by Asana or Monday.com, not by API clients. Asana: the handshake "
    "(`X-Hook-Secret`) is echoed while the subscription is being made; deliveries must be "
    "signed (`X-Hook-Signature`: HMAC-SHA256 of the body with that secret). Monday.com: the "
    '`{"challenge": …}` is echoed; deliveries must carry a JWT signed with the app\'s '
    "signing secret, not expired. Else 401. See docs/integrations/asana.md and "
    "docs/integrations/monday.md.",
    response_class=Response,
    responses={
        200: {"description": "Handshake answered, or the delivery taken"},
        401: {
            "description": "Unsigned, forged or expired delivery, or a handshake nobody asked for"
        },
        404: {"description": "No such organization or webhook"},
    },
)
async def project_tool_webhook(
    provider: Literal["asana", "monday"],
    organization_id: str,
    hook_id: str,
    request: Request,
    sessionmaker: SessionmakerDep,
    box: SecretBoxDep,
    settings: SettingsDep,
) -> Response:
    if not is_valid_id(organization_id, "org") or not is_valid_id(hook_id, "ptc"):
        raise NotFound("no such webhook", param="hook_id")
    hooks = HOOKS[provider]
    body = await request.body()
    headers = dict(request.headers)
    async with tenant_session(sessionmaker, [organization_id]) as session:
        row = await session.get(TaskContainer, hook_id, with_for_update=True)
        if row is None or row.provider != provider:
            raise NotFound("no such webhook", param="hook_id")
        handshake = hooks.handshake(headers, body)
        if handshake is not None:
            if handshake.secret is None:  # Monday: an echo, nothing kept
                return JSONResponse(dict(handshake.body or {}), headers=dict(handshake.headers))
            waiting = (row.webhook_id or "").startswith(PENDING) and row.webhook_secret is None
            if not waiting or not handshake.secret:
                raise Unauthenticated("no subscription of this webhook is waiting for Asana")
            row.webhook_secret = box.seal({"secret": handshake.secret})
            return Response(status_code=200, headers=dict(handshake.headers))
        if not hooks.verify(_secret(provider, box, settings, row), headers, body):
            raise Unauthenticated("the delivery is not signed with this webhook's secret")
        milestones = await milestones_of_tasks(session, provider, hooks.changed_task_ids(body))
    if not milestones:
        return Response(status_code=200)
    # Only a verified delivery needs Temporal: unsigned ones are 401 even while it is down
    # (a 503 here makes the tool deliver again later).
    temporal = await get_temporal(request)
    for milestone_id in milestones:
        await request_sync(
            temporal,
            SyncInput(
                organization_id=organization_id,
                provider=provider,
                entity_type="milestone",
                entity_id=milestone_id,
            ),
            task_queue=settings.temporal_task_queue,
        )
    return Response(status_code=200)
