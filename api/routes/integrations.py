"""Integration connections: connect Slack and Teams, list connections, disconnect.

Credentials are sealed with the deployment's ``SecretBox`` before they reach the database and
never leave the API again; listings show provider, status and the last error only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Request
from pydantic import Field, SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ActorDep, Authorize, SettingsDep, TenantSession
from api.errors import ServiceUnavailable
from api.integration_deps import SlackClientsDep, secret_box
from api.routes.integration_settings import (
    KEPT_ON_RECONNECT,
    sync_reconcile_schedule,
)
from api.schemas import ListResponse, RequestBody, ResponseBody
from core.ids import new_id
from core.url_guard import UnresolvableHost, check_url
from domain.audit import service as audit
from domain.connections.models import PROVIDERS, IntegrationConnection
from domain.errors import InvalidRequest, NotFound
from domain.tenancy.access import Principal
from integrations.hubspot import (
    CrmAuthError,
    CrmFactory,
    CrmRateLimited,
    CrmRejected,
    CrmTransientError,
    hubspot_factory,
)
from integrations.slack import (
    SlackPermanentError,
    SlackRateLimited,
    SlackTransientError,
)
from integrations.teams import check_webhook_url, webhook_host
from workflows.reconcile_types import reconcile_every_hours

router = APIRouter(prefix="/v1/integrations", tags=["integrations"])


class IntegrationOut(ResponseBody):
    object: Literal["integration"] = "integration"
    provider: str
    status: str
    external_account_id: str | None
    settings: dict[str, Any]
    last_error: str | None
    last_error_at: datetime | None
    created_at: datetime
    updated_at: datetime


class SlackConnectIn(RequestBody):
    bot_token: SecretStr = Field(min_length=10, max_length=255, description="xoxb-… bot token")
    signing_secret: SecretStr = Field(min_length=10, max_length=255)
    team_id: str | None = Field(
        default=None,
        pattern=r"^[TE][A-Z0-9]{2,30}$",
        description="When given, the token must belong to this workspace",
    )
    default_channel: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="Where to post when an approver has no Slack account (channel id or #name)",
    )


class TeamsConnectIn(RequestBody):
    webhook_url: SecretStr = Field(
        max_length=2000, description="The https:// URL of a Teams Workflows webhook"
    )


def _snapshot(connection: IntegrationConnection) -> dict[str, Any]:
    """What the audit log may keep of a connection: never its credentials."""
    return {
        "provider": connection.provider,
        "status": connection.status,
        "external_account_id": connection.external_account_id,
        "settings": dict(connection.settings or {}),
    }


async def _save(
    session: AsyncSession,
    principal: Principal,
    actor: audit.Actor,
    *,
    provider: str,
    credentials: bytes,
    external_account_id: str | None,
    settings: dict[str, Any],
) -> IntegrationConnection:
    connection = (
        await session.execute(
            select(IntegrationConnection).where(IntegrationConnection.provider == provider)
        )
    ).scalar_one_or_none()
    before = _snapshot(connection) if connection is not None else None
    if connection is None:
        connection = IntegrationConnection(
            id=new_id("int"), organization_id=principal.organization_id, provider=provider
        )
        session.add(connection)
    connection.credentials = credentials
    connection.external_account_id = external_account_id
    # The organization's choices (notice routes, reconcile interval) outlive a new token.
    kept = {k: v for k, v in (connection.settings or {}).items() if k in KEPT_ON_RECONNECT}
    connection.settings = {**kept, **settings}
    connection.status = "connected"
    connection.last_error = None
    connection.last_error_at = None
    await session.flush()
    await session.refresh(connection)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        action="integration.connected",
        target_type="integration",
        target_id=connection.id,
        before=before,
        after={**_snapshot(connection), "credentials": "replaced"},
    )
    return connection


@router.get("", summary="List integration connections (never their credentials)")
async def list_integrations(
    principal: Annotated[Principal, Depends(Authorize("integrations:read"))],
    session: TenantSession,
) -> ListResponse[IntegrationOut]:
    rows = (
        (
            await session.execute(
                select(IntegrationConnection).order_by(IntegrationConnection.provider)
            )
        )
        .scalars()
        .all()
    )
    return ListResponse(data=[IntegrationOut.model_validate(r) for r in rows], has_more=False)


@router.put("/slack", summary="Connect Slack with a bot token and the app's signing secret")
async def connect_slack(
    body: SlackConnectIn,
    principal: Annotated[Principal, Depends(Authorize("integrations:write"))],
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    slack_clients: SlackClientsDep,
) -> IntegrationOut:
    """The token is checked with Slack's ``auth.test`` first; the workspace id stored is the
    one Slack names there (interaction callbacks are routed by it), never one from the body."""
    token = body.bot_token.get_secret_value()
    try:
        workspace = await slack_clients(token).auth_test()
    except SlackPermanentError as exc:
        raise InvalidRequest(
            f"Slack rejected the bot token: {exc.code}",
            param="bot_token",
            code="slack_auth_failed",
            extra={"slack_error": exc.code},
        ) from None
    except SlackRateLimited as exc:
        raise ServiceUnavailable(
            f"Slack is rate limiting us; retry after {exc.retry_after} s",
            code="slack_rate_limited",
            extra={"retry_after": exc.retry_after},
        ) from None
    except SlackTransientError:
        raise ServiceUnavailable(
            "Slack is unreachable; retry shortly", code="slack_unavailable"
        ) from None
    if not workspace.team_id:
        raise InvalidRequest(
            "Slack did not name a workspace for this token",
            param="bot_token",
            code="slack_auth_failed",
        )
    if body.team_id is not None and body.team_id != workspace.team_id:
        raise InvalidRequest(
            f"the token belongs to workspace {workspace.team_id}, not {body.team_id}",
            param="team_id",
            code="slack_team_mismatch",
        )
    connection_settings: dict[str, Any] = {"team_name": workspace.team}
    if body.default_channel:
        connection_settings["default_channel"] = body.default_channel
    connection = await _save(
        session,
        principal,
        actor,
        provider="slack",
        credentials=secret_box(settings).seal(
            {"bot_token": token, "signing_secret": body.signing_secret.get_secret_value()}
        ),
        external_account_id=workspace.team_id,
        settings=connection_settings,
    )
    return IntegrationOut.model_validate(connection)


@router.put("/teams", summary="Connect Microsoft Teams with a Workflows webhook URL")
async def connect_teams(
    body: TeamsConnectIn,
    principal: Annotated[Principal, Depends(Authorize("integrations:write"))],
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
) -> IntegrationOut:
    url = body.webhook_url.get_secret_value()
    try:
        check_webhook_url(url)
        await check_url(
            url, require_https=True, allow_private=settings.outbound_allow_private_networks
        )
    except UnresolvableHost:
        # Nothing to call yet; every delivery runs the guard again before it connects.
        pass
    except ValueError as exc:  # UnsafeUrl included: private, loopback, link-local…
        raise InvalidRequest(str(exc), param="webhook_url", code="invalid_webhook_url") from None
    connection = await _save(
        session,
        principal,
        actor,
        provider="teams",
        credentials=secret_box(settings).seal({"webhook_url": url}),
        external_account_id=None,
        settings={"webhook_host": webhook_host(url)},
    )
    return IntegrationOut.model_validate(connection)


def get_hubspot(request: Request) -> CrmFactory:
    """``app.state.hubspot_factory`` when set (tests point it at a stub), else HubSpot."""
    factory: CrmFactory | None = getattr(request.app.state, "hubspot_factory", None)
    return factory or hubspot_factory()


class HubSpotConnectIn(RequestBody):
    access_token: SecretStr = Field(
        min_length=10,
        max_length=500,
        description="A private-app access token (pat-…) or an OAuth access token with the "
        "crm.objects.companies/contacts/deals read and write scopes",
    )


@router.put("/hubspot", summary="Connect HubSpot with a private-app or OAuth access token")
async def connect_hubspot(
    body: HubSpotConnectIn,
    principal: Annotated[Principal, Depends(Authorize("integrations:write"))],
    session: TenantSession,
    actor: ActorDep,
    settings: SettingsDep,
    hubspot: Annotated[CrmFactory, Depends(get_hubspot)],
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    """The token is tried against HubSpot first; a token HubSpot refuses is a 422 and nothing
    is stored."""
    token = body.access_token.get_secret_value()
    try:
        await hubspot(token).check_token()
    except CrmAuthError as exc:
        raise InvalidRequest(
            f"HubSpot rejected the access token: {exc.message}",
            param="access_token",
            code="hubspot_auth_failed",
        ) from None
    except CrmRateLimited as exc:
        raise ServiceUnavailable(
            f"HubSpot is rate limiting us; retry after {exc.retry_after} s",
            code="hubspot_rate_limited",
            extra={"retry_after": exc.retry_after},
        ) from None
    except (CrmRejected, CrmTransientError) as exc:
        raise ServiceUnavailable(
            f"HubSpot could not check the token: {exc.message}", code="hubspot_unavailable"
        ) from None
    connection = await _save(
        session,
        principal,
        actor,
        provider="hubspot",
        credentials=secret_box(settings).seal({"access_token": token}),
        external_account_id=None,
        settings={},
    )
    background.add_task(
        sync_reconcile_schedule,
        request.app.state,
        principal.organization_id,
        "hubspot",
        reconcile_every_hours(connection.settings),
    )
    return IntegrationOut.model_validate(connection)


@router.delete("/{provider}", summary="Disconnect: wipe the credentials, keep the record")
async def disconnect(
    provider: Annotated[str, Path(pattern=f"^({'|'.join(PROVIDERS)})$")],
    principal: Annotated[Principal, Depends(Authorize("integrations:write"))],
    session: TenantSession,
    actor: ActorDep,
    request: Request,
    background: BackgroundTasks,
) -> IntegrationOut:
    connection = (
        await session.execute(
            select(IntegrationConnection).where(IntegrationConnection.provider == provider)
        )
    ).scalar_one_or_none()
    if connection is None:
        raise NotFound(f"no {provider} connection", param="provider")
    before = _snapshot(connection)
    connection.credentials = None
    connection.status = "disconnected"
    await session.flush()
    await session.refresh(connection)
    await audit.record(
        session,
        organization_id=principal.organization_id,
        actor=actor,
        action="integration.disconnected",
        target_type="integration",
        target_id=connection.id,
        before=before,
        after={**_snapshot(connection), "credentials": "wiped"},
    )
    background.add_task(
        sync_reconcile_schedule, request.app.state, principal.organization_id, provider, None
    )
    return IntegrationOut.model_validate(connection)
