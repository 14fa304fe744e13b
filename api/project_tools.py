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

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api import oauth_connect
from api.errors import ServiceUnavailable
from api.schemas.integrations_asana import AsanaConnectIn
from api.schemas.integrations_monday import MondayConnectIn
from core.crypto import DecryptionError, SecretBox
from domain.audit import service as audit
from domain.connections import service as connections
from domain.connections.models import IntegrationConnection
from domain.errors import InvalidRequest
from domain.project_tools.models import PROJECT_TOOL_PROVIDERS
from domain.project_tools.sync import connection_token, release_webhooks, seal_token
from integrations.asana_oauth import AsanaOAuth
from integrations.crm import CrmAuth, renew
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized
from integrations.monday import MondayGateway
from integrations.oauth import OAuthApp, TokenCredentials
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
    session: AsyncSession,
    box: SecretBox,
    provider: str,
    tools: Mapping[str, ToolFactory],
    auths: Mapping[str, CrmAuth] | None = None,
) -> ProjectManagement | None:
    """The tool's client of the organization's connection while it still has its token (call
    it before the disconnect wipes it); ``None`` for other providers or without one. An OAuth
    connection's access token is refreshed first (with ``auths``): it has most likely
    expired since the last sync, and the webhooks are removed with it. A refused refresh
    leaves the kept token (removing them then fails, and is logged)."""
    factory = tools.get(provider) if provider in PROJECT_TOOL_PROVIDERS else None
    if factory is None:
        return None
    found = await connection_token(session, box, provider)
    if found is None:
        return None
    token, settings = found
    auth = (auths or {}).get(provider)
    connection = await session.scalar(
        select(IntegrationConnection).where(IntegrationConnection.provider == provider)
    )
    if auth is not None and connection is not None and connection.credentials is not None:
        with contextlib.suppress(DecryptionError, KeyError, ValueError, IntegrationError):
            credentials = TokenCredentials.open(box, connection.credentials)
            if credentials.renewable:
                token = (await renew(auth, credentials)).access_token
    return factory(token, settings)


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
    credentials: bytes,
    account: str | None,
    settings: dict[str, Any],
    actor: audit.Actor,
) -> IntegrationConnection:
    return await connections.save_connection(
        session,
        organization_id=organization_id,
        provider=provider,
        credentials=credentials,
        external_account_id=account,
        settings=settings,
        actor=actor,
    )


class _CodeBody(Protocol):
    """The fields of a connect body that name the OAuth app a code was issued to."""

    client_id: str | None
    client_secret: SecretStr | None
    redirect_uri: str | None


def tool_app(provider: str, body: _CodeBody) -> OAuthApp:
    """The OAuth app an authorization code was issued to; a 422 naming the first missing
    field (``asana_oauth_app_required`` / ``monday_oauth_app_required``). The dashboard's
    consent forms check with it too."""
    for name in ("client_id", "client_secret", "redirect_uri"):
        if getattr(body, name):
            continue
        message = f"{name} is required with authorization_code"
        if provider == "asana":
            raise InvalidRequest(message, param=name, code="asana_oauth_app_required")
        raise InvalidRequest(message, param=name, code="monday_oauth_app_required")
    assert body.client_id is not None and body.client_secret is not None
    return OAuthApp(body.client_id, body.client_secret.get_secret_value(), body.redirect_uri or "")


async def _asana_credentials(body: AsanaConnectIn, auth: AsanaOAuth) -> TokenCredentials:
    if body.authorization_code is not None:
        app = tool_app("asana", body)
        try:
            tokens = await auth.exchange_code(app, body.authorization_code.get_secret_value())
        except IntegrationError as exc:
            raise oauth_connect.refused(exc, "asana", "authorization_code") from None
        return TokenCredentials(tokens.access_token, tokens.refresh_token, tokens.expires_at, app)
    if body.access_token is None:
        raise InvalidRequest(
            "give access_token, or authorization_code with the app's client_id, "
            "client_secret and redirect_uri",
            param="access_token",
            code="asana_token_required",
        )
    return TokenCredentials(body.access_token.get_secret_value())


async def connect_asana(
    session: AsyncSession,
    body: AsanaConnectIn,
    *,
    organization_id: str,
    box: SecretBox,
    asana: Callable[[str, Mapping[str, Any]], ProjectManagement],
    auth: AsanaOAuth,
    actor: audit.Actor,
) -> IntegrationConnection:
    """A token, or an authorization code exchanged at Asana's token endpoint first (the
    refresh token and the app are sealed with the access token: the worker refreshes it as it
    expires). Saved (sealed, audited) only once Asana accepted the token for the workspace: a
    401 names the token, a 403 the workspace (the token is good, not there)."""
    credentials = await _asana_credentials(body, auth)
    settings = {"workspace_gid": body.workspace_gid, "team_gid": body.team_gid}
    await check_token(
        asana(credentials.access_token, settings), "asana", forbidden_param="workspace_gid"
    )
    return await _save(
        session,
        organization_id=organization_id,
        provider="asana",
        credentials=credentials.seal(box),
        account=body.workspace_gid,
        settings={**settings, "auth": "token" if credentials.app is None else "oauth"},
        actor=actor,
    )


async def _monday_token(body: MondayConnectIn, gateway: MondayGateway) -> tuple[str, str]:
    """(the token, how it was had: ``oauth`` or ``token``)."""
    if body.authorization_code is not None:
        app = tool_app("monday", body)
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
        credentials=seal_token(box, token),
        account=body.workspace_id,
        settings={**settings, "auth": how},
        actor=actor,
    )
