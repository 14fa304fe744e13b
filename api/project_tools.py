"""What the API does the same way for every project tool (Asana, Monday.com): connect (a token,
or Monday's authorization code exchanged first) after checking it with the tool, and on a
disconnect, take its webhooks down. The API's routes and the dashboard's forms call the same
connect services.

A disconnect wipes the credentials in its transaction, so the tool's client is made from the
token *before* (:func:`released_webhooks`), the containers' webhooks are forgotten in the same
transaction, and the client unsubscribes them once it committed
(``api.after_commit.unsubscribe_webhooks``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api import oauth_connect
from api.errors import ServiceUnavailable
from api.schemas.integrations_asana import AsanaConnectIn
from api.schemas.integrations_monday import MondayConnectIn
from core.crypto import SecretBox
from domain.audit import service as audit
from domain.connections import service as connections
from domain.connections.models import IntegrationConnection
from domain.errors import InvalidRequest
from domain.project_tools.models import PROJECT_TOOL_PROVIDERS
from domain.project_tools.sync import connection_token, release_webhooks, seal_token
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized
from integrations.monday import MondayGateway
from integrations.oauth import OAuthApp
from integrations.project_management import ProjectManagement, ToolFactory
from integrations.registry import display_name


async def check_token(
    tool: ProjectManagement, provider: str, *, forbidden_param: str = "access_token"
) -> None:
    """The tool accepts the token; else a 422 naming the field to fix (the tool's own words;
    a 403 names ``forbidden_param``: the token is good, not for that account), or a 503 while
    the tool rate limits or is down. Codes: ``{provider}_auth_failed``, ``_refused``,
    ``_rate_limited``, ``_unavailable``."""
    name = display_name(provider)
    try:
        await tool.check_token()
    except RateLimited as exc:
        raise ServiceUnavailable(
            f"{name} is rate limiting us; retry after {exc.retry_after:g} s",
            code=f"{provider}_rate_limited",
            extra={"retry_after": exc.retry_after},
        ) from None
    except Unauthorized as exc:
        param = forbidden_param if exc.status == 403 else "access_token"
        raise InvalidRequest(
            f"{name} rejected the {param.replace('_', ' ')}: {exc.message}",
            param=param,
            code=f"{provider}_auth_failed",
        ) from None
    except Rejected as exc:
        raise InvalidRequest(
            f"{name} refused the check of the connection: {exc.message}",
            param=forbidden_param,
            code=f"{provider}_refused",
        ) from None
    except IntegrationError as exc:
        raise ServiceUnavailable(
            f"{name} could not check the connection: {exc.message}",
            code=f"{provider}_unavailable",
        ) from None


@dataclass(frozen=True, slots=True)
class ReleasedWebhooks:
    """The webhooks a disconnect forgot, and the client (of the wiped token) to remove them."""

    provider: str
    tool: ProjectManagement
    webhook_ids: list[str]


async def connection_tool(
    session: AsyncSession, box: SecretBox, provider: str, tools: Mapping[str, ToolFactory]
) -> ProjectManagement | None:
    """The tool's client of the organization's connection while it still has its token (call
    it before the disconnect wipes it); ``None`` for other providers or without one."""
    factory = tools.get(provider) if provider in PROJECT_TOOL_PROVIDERS else None
    if factory is None:
        return None
    found = await connection_token(session, box, provider)
    return factory(*found) if found is not None else None


async def released_webhooks(
    session: AsyncSession, provider: str, tool: ProjectManagement | None
) -> ReleasedWebhooks | None:
    """After the disconnect, in its transaction: the containers' webhooks are forgotten
    (a reconnect subscribes afresh); what to unsubscribe once it committed, if anything."""
    if provider not in PROJECT_TOOL_PROVIDERS:
        return None
    webhook_ids = await release_webhooks(session, provider)
    if tool is None or not webhook_ids:
        return None
    return ReleasedWebhooks(provider, tool, webhook_ids)


async def _save(
    session: AsyncSession,
    *,
    organization_id: str,
    provider: str,
    token: str,
    account: str | None,
    settings: dict[str, Any],
    box: SecretBox,
    actor: audit.Actor,
) -> IntegrationConnection:
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider=provider,
        credentials=seal_token(box, token),
        external_account_id=account,
        settings=settings,
        actor=actor,
    )


async def connect_asana(
    session: AsyncSession,
    body: AsanaConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    asana: Callable[[str, Mapping[str, Any]], ProjectManagement],
    actor: audit.Actor,
) -> IntegrationConnection:
    """Saved (the token sealed, audited) only once Asana accepted the token for the
    workspace: a 401 names the token, a 403 the workspace (the token is good, not there)."""
    token = body.access_token.get_secret_value()
    settings = {"workspace_gid": body.workspace_gid, "team_gid": body.team_gid}
    await check_token(asana(token, settings), "asana", forbidden_param="workspace_gid")
    return await _save(
        session,
        organization_id=organization_id,
        provider="asana",
        token=token,
        account=body.workspace_gid,
        settings=settings,
        box=box,
        actor=actor,
    )


def monday_app(body: MondayConnectIn) -> OAuthApp:
    """The Monday app an authorization code was issued to; a 422 naming the first missing
    field (``monday_oauth_app_required``). The dashboard's consent form checks with it too."""
    for name in ("client_id", "client_secret", "redirect_uri"):
        if not getattr(body, name):
            raise InvalidRequest(
                f"{name} is required with authorization_code",
                param=name,
                code="monday_oauth_app_required",
            )
    assert body.client_id is not None and body.client_secret is not None
    return OAuthApp(body.client_id, body.client_secret.get_secret_value(), body.redirect_uri or "")


async def _monday_token(body: MondayConnectIn, gateway: MondayGateway) -> tuple[str, str]:
    """(the token, how it was had: ``oauth`` or ``token``)."""
    if body.authorization_code is not None:
        app = monday_app(body)
        try:
            grant = await gateway.exchange_code(app, body.authorization_code.get_secret_value())
        except IntegrationError as exc:
            raise oauth_connect.refused(exc, "monday", "authorization_code") from None
        return grant.access_token, "oauth"
    if body.access_token is None:
        raise InvalidRequest(
            "give access_token, or authorization_code with the app's client_id, "
            "client_secret and redirect_uri",
            param="access_token",
            code="monday_token_required",
        )
    return body.access_token.get_secret_value(), "token"


async def connect_monday(
    session: AsyncSession,
    body: MondayConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    monday: ToolFactory,
    gateway: MondayGateway,
    actor: audit.Actor,
) -> IntegrationConnection:
    """A token, or an authorization code exchanged at Monday's token endpoint first (its
    token never expires; nothing else of the app is kept). Saved (sealed, audited) only once
    Monday accepted the token; a revoked one is a 422 naming ``access_token``."""
    token, how = await _monday_token(body, gateway)
    settings = {"workspace_id": body.workspace_id}
    await check_token(monday(token, settings), "monday")
    return await _save(
        session,
        organization_id=organization_id,
        provider="monday",
        token=token,
        account=body.workspace_id,
        settings={**settings, "auth": how},
        box=box,
        actor=actor,
    )
