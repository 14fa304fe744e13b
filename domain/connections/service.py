"""Integration connections: connecting (credentials already sealed by the caller),
disconnecting, listing, and reading and changing their settings.

Settings live on the connection row (``settings``): the organization's choices (notice
routes, reconcile interval, invoicing) and history (the last reconciliations). The audit log
keeps what a connection was and became, never its credentials.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.connections.models import IntegrationConnection, SyncState
from domain.errors import InvalidRequest, NotFound
from domain.events.service import EVENT_TYPES
from domain.pagination import Page
from domain.records import flush_or_conflict

# Keys of ``settings`` that are the organization's choices or history, not the connection's:
# a reconnect (new token) keeps them.
KEPT_ON_RECONNECT = (
    "notifications",
    "reconcile_every_hours",
    "reconciliations",
    "invoice_per",
    "opportunity_stages",
    "api_usage",
    "last_backfill",
)


def _snapshot(connection: IntegrationConnection) -> dict[str, Any]:
    """What the audit log may keep of a connection: never its credentials."""
    return {
        "provider": connection.provider,
        "status": connection.status,
        "external_account_id": connection.external_account_id,
        "settings": dict(connection.settings or {}),
    }


async def list_connections(session: AsyncSession) -> Page[IntegrationConnection]:
    """Every connection of the organization, by provider: one page (one per provider)."""
    rows = (
        (
            await session.execute(
                select(IntegrationConnection).order_by(IntegrationConnection.provider)
            )
        )
        .scalars()
        .all()
    )
    return Page(items=rows, has_more=False)


async def save_connection(
    session: AsyncSession,
    *,
    organization_id: str,
    provider: str,
    credentials: bytes,
    external_account_id: str | None,
    settings: dict[str, Any],
    actor: audit.Actor,
) -> IntegrationConnection:
    """Connect ``provider`` with sealed ``credentials``, or reconnect it: the connection is
    created or its credentials replaced, its last error cleared, and the settings that are the
    organization's (``KEPT_ON_RECONNECT``) kept under the new ``settings``. Audited."""
    connection = (
        await session.execute(
            select(IntegrationConnection).where(IntegrationConnection.provider == provider)
        )
    ).scalar_one_or_none()
    before = _snapshot(connection) if connection is not None else None
    if connection is None:
        connection = IntegrationConnection(
            id=new_id("int"), organization_id=organization_id, provider=provider, settings={}
        )
        # Two first connects at once: the one that loses the insert is a 409, not a 500.
        await flush_or_conflict(
            session,
            {
                "uq_integration_connections_organization_id_provider": (
                    f"{provider} was connected by another request at the same moment; "
                    "connect again to replace it",
                    "provider",
                )
            },
            add=connection,
        )
    connection.credentials = credentials
    connection.external_account_id = external_account_id
    kept = {k: v for k, v in (connection.settings or {}).items() if k in KEPT_ON_RECONNECT}
    connection.settings = {**kept, **settings}
    connection.status = "connected"
    connection.last_error = None
    connection.last_error_at = None
    return await _recorded(
        session, connection, organization_id, actor, "connected", before, credentials="replaced"
    )


async def disconnect(
    session: AsyncSession, *, organization_id: str, provider: str, actor: audit.Actor
) -> IntegrationConnection:
    """Wipe the credentials of the connection to ``provider`` and keep the record (its
    settings and history survive for a reconnect); 404 without one. Audited."""
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
    return await _recorded(
        session, connection, organization_id, actor, "disconnected", before, credentials="wiped"
    )


async def _recorded(
    session: AsyncSession,
    connection: IntegrationConnection,
    organization_id: str,
    actor: audit.Actor,
    what: str,
    before: dict[str, Any] | None,
    *,
    credentials: str,
) -> IntegrationConnection:
    """Flush a change of ``connection`` and audit it as ``integration.<what>``; the audit
    record says what happened to the credentials, never what they are."""
    await session.flush()
    await session.refresh(connection)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action=f"integration.{what}",
        target_type="integration",
        target_id=connection.id,
        before=before,
        after={**_snapshot(connection), "credentials": credentials},
    )
    return connection


async def connection_for_update(session: AsyncSession, provider: str) -> IntegrationConnection:
    """The organization's live connection to ``provider``, locked until commit; else 404."""
    connection = (
        await session.execute(
            select(IntegrationConnection)
            .where(IntegrationConnection.provider == provider)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if connection is None or connection.status == "disconnected":
        raise NotFound(f"no {provider} connection", param="provider")
    return connection


async def connection_settings(session: AsyncSession, provider: str) -> dict[str, Any]:
    """The settings of the organization's connection to ``provider`` (empty without one)."""
    settings = (
        await session.execute(
            select(IntegrationConnection.settings).where(IntegrationConnection.provider == provider)
        )
    ).scalar_one_or_none()
    return dict(settings or {})


async def change_settings(
    session: AsyncSession,
    connection: IntegrationConnection,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
) -> None:
    """Merge ``changes`` into the connection's settings, audited."""
    before = {k: (connection.settings or {}).get(k) for k in changes}
    connection.settings = {**(connection.settings or {}), **changes}
    await session.flush()
    await audit.record(
        session,
        organization_id=connection.organization_id,
        actor=actor,
        action="integration.settings_changed",
        target_type="integration",
        target_id=connection.id,
        before=before,
        after=changes,
    )


def dated_routes(
    routes: list[dict[str, str]], settings: dict[str, Any] | None, *, now: datetime
) -> list[dict[str, str]]:
    """Slack notice ``routes``, each with ``since``: when it began. A route the connection's
    ``settings`` already hold keeps its start; a new one starts ``now``, so events that
    happened before it are never posted."""
    previous = (settings or {}).get("notifications") or []
    began = {(r.get("event_type"), r.get("channel")): r.get("since") for r in previous}
    return [
        {**route, "since": began.get((route["event_type"], route["channel"])) or now.isoformat()}
        for route in routes
    ]


def check_notification_routes(routes: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Slack notice routes ``(event_type, channel)``, de-duplicated and in order; an event
    type not in the catalog is a 422 that names it and lists the valid ones."""
    for index, (event_type, _channel) in enumerate(routes):
        if event_type not in EVENT_TYPES:
            raise InvalidRequest(
                f"unknown event type {event_type!r}; valid types are: " + ", ".join(EVENT_TYPES),
                param=f"routes.{index}.event_type",
                code="unknown_event_type",
                extra={"valid_event_types": list(EVENT_TYPES)},
            )
    unique = dict.fromkeys(routes)
    return [{"event_type": e, "channel": c} for e, c in unique]


async def set_notification_routes(
    session: AsyncSession,
    routes: list[tuple[str, str]],
    *,
    now: datetime,
    actor: audit.Actor,
) -> list[dict[str, str]]:
    """Replace the Slack connection's notice routes (an empty list stops every notice); 404
    without a live Slack connection. Concurrent replacements run one after the other (the
    connection is locked): the last one wins, whole."""
    connection = await connection_for_update(session, "slack")
    checked = check_notification_routes(routes)
    dated = dated_routes(checked, connection.settings, now=now)
    await change_settings(session, connection, {"notifications": dated}, actor=actor)
    return dated


@dataclass(frozen=True, slots=True)
class SyncHealth:
    """How pushes to one provider have gone: the last one that succeeded, and how many
    entities' last push failed."""

    last_synced_at: datetime | None
    failing: int


async def sync_health(session: AsyncSession) -> dict[str, SyncHealth]:
    """The organization's sync health per provider (only providers that synced anything)."""
    rows = await session.execute(
        select(
            SyncState.provider,
            func.max(SyncState.synced_at),
            func.count().filter(SyncState.status == "failed"),
        ).group_by(SyncState.provider)
    )
    return {provider: SyncHealth(last, int(failing)) for provider, last, failing in rows}
