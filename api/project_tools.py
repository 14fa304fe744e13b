"""What the API does the same way for every project tool (Asana, Monday.com): check a token
with the tool before a connection is saved, and on a disconnect, take its webhooks down.

A disconnect wipes the credentials in its transaction, so the tool's client is made from the
token *before* (:func:`released_webhooks`), the containers' webhooks are forgotten in the same
transaction, and the client unsubscribes them once it committed
(``api.after_commit.unsubscribe_webhooks``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ServiceUnavailable
from core.crypto import SecretBox
from domain.errors import InvalidRequest
from domain.project_tools.models import PROJECT_TOOL_PROVIDERS
from domain.project_tools.sync import connection_token, release_webhooks
from integrations.errors import IntegrationError, RateLimited, Rejected, Unauthorized
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
