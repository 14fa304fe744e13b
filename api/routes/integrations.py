"""Integration connections: connect Slack and Teams (a Workflows webhook or a bot), list
connections, disconnect (HubSpot and QuickBooks connect in their own modules).

Credentials are sealed with the deployment's ``SecretBox`` before they reach the database and
never leave the API again; listings show provider, status and the last error only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request

from api import integration_connect as connect
from api.after_commit import sync_reconcile_schedule, unsubscribe_webhooks
from api.deps import (
    ActorDep,
    CanReadIntegrations,
    CanWriteIntegrations,
    SecretBoxDep,
    SettingsDep,
    TenantSession,
)
from api.integration_deps import AsanaAuthDep, ProjectToolsDep, SlackClientsDep
from api.project_tools import connection_tool, released_webhooks
from api.schemas import ListResponse
from api.schemas.integrations import (
    IntegrationOut,
    SlackConnectIn,
    TeamsBotConnectIn,
    TeamsConnectIn,
)
from domain.connections import service as connections
from domain.connections.models import PROVIDERS

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


@router.get("", summary="List integration connections (never their credentials)")
async def list_integrations(
    principal: CanReadIntegrations,
    session: TenantSession,
) -> ListResponse[IntegrationOut]:
    page = await connections.list_connections(session)
    return ListResponse(
        data=[IntegrationOut.model_validate(c) for c in page.items], has_more=page.has_more
    )


@router.put("/slack", summary="Connect Slack with a bot token and the app's signing secret")
async def connect_slack(
    body: SlackConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
    slack_clients: SlackClientsDep,
) -> IntegrationOut:
    """The token is checked with Slack's ``auth.test`` first; the workspace id stored is the
    one Slack names there (interaction callbacks are routed by it), never one from the body."""
    connection = await connect.connect_slack(
        session,
        body,
        organization_id=principal.organization_id,
        box=box,
        slack_clients=slack_clients,
        actor=actor,
    )
    return IntegrationOut.model_validate(connection)


@router.put("/teams", summary="Connect Microsoft Teams with a Workflows webhook URL")
async def connect_teams(
    body: TeamsConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    box: SecretBoxDep,
) -> IntegrationOut:
    connection = await connect.connect_teams(
        session,
        body,
        organization_id=principal.organization_id,
        settings=settings,
        box=box,
        actor=actor,
    )
    return IntegrationOut.model_validate(connection)


@router.put(
    "/teams/bot",
    summary="Connect Microsoft Teams with the organization's bot (approve inside Teams)",
)
async def connect_teams_bot(
    body: TeamsBotConnectIn,
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    box: SecretBoxDep,
) -> IntegrationOut:
    """The bot's app id names the organization to the callbacks Teams sends (their tokens are
    issued for it); the secret is sealed. Replaces a Workflows webhook connection. Approval
    cards go to the conversation the bot is installed in, once Teams told us about it; a
    reconnect of the same bot (a new secret) keeps that conversation."""
    connection = await connect.connect_teams_bot(
        session, body, organization_id=principal.organization_id, box=box, actor=actor
    )
    return IntegrationOut.model_validate(connection)


@router.delete("/{provider}", summary="Disconnect: wipe the credentials, keep the record")
async def disconnect(
    provider: Annotated[str, Path(pattern=f"^({'|'.join(PROVIDERS)})$")],
    principal: CanWriteIntegrations,
    session: TenantSession,
    actor: ActorDep,
    request: Request,
    background: BackgroundTasks,
    box: SecretBoxDep,
    tools: ProjectToolsDep,
    asana_auth: AsanaAuthDep,
) -> IntegrationOut:
    """A project tool's webhooks are unsubscribed once the disconnect committed."""
    tool = await connection_tool(session, box, provider, tools, {"asana": asana_auth})
    connection = await connections.disconnect(
        session, organization_id=principal.organization_id, provider=provider, actor=actor
    )
    released = await released_webhooks(session, provider, tool)
    background.add_task(
        sync_reconcile_schedule, request.app.state, principal.organization_id, provider, None
    )
    background.add_task(unsubscribe_webhooks, principal.organization_id, released)
    return IntegrationOut.model_validate(connection)
