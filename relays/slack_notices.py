"""Routing events to Slack channels: the event relay's fan-out that starts one
``SlackNoticeWorkflow`` per event and routed channel.

Routes live on the Slack connection's settings (``notifications``: a list of
``{"event_type", "channel", "since"}``), set with ``PUT /v1/integrations/slack/notifications``;
an event is posted only if it happened after its route was set (``since``); a disconnected or
broken connection routes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from domain.connections.models import IntegrationConnection
from domain.events.models import Event
from workflows.clients.slack_notice import start_notice
from workflows.slack_notice_types import NoticeInput

NOTIFICATIONS = "notifications"  # the key of the routes in the connection's settings


def routes_of(settings: dict[str, Any] | None) -> list[dict[str, str]]:
    return [
        r
        for r in (settings or {}).get(NOTIFICATIONS) or []
        if isinstance(r, dict) and r.get("event_type") and r.get("channel")
    ]


def _after_route_began(event: Event, route: dict[str, str]) -> bool:
    """Only events that happened once the route was set are posted (a route set before
    routes were dated has no ``since`` and takes every event)."""
    since = route.get("since")
    if not since:
        return True
    try:
        return event.created_at >= datetime.fromisoformat(since)
    except ValueError:
        return True


async def slack_notice_starts(
    session: AsyncSession, client: Client, batch: Sequence[Event], task_queue: str
) -> list[Callable[[], Awaitable[object]]]:
    connection = (
        await session.execute(
            select(IntegrationConnection).where(
                IntegrationConnection.provider == "slack",
                IntegrationConnection.status == "connected",
                IntegrationConnection.credentials.is_not(None),
            )
        )
    ).scalar_one_or_none()
    routes = routes_of(connection.settings) if connection is not None else []
    if not routes:
        return []
    starts: list[Callable[[], Awaitable[object]]] = []
    for event in batch:
        for route in routes:
            if route["event_type"] == event.type and _after_route_began(event, route):
                notice = NoticeInput(
                    organization_id=event.organization_id,
                    event_id=event.id,
                    channel=route["channel"],
                )
                starts.append(
                    lambda n=notice: start_notice(client, n, task_queue=task_queue)  # type: ignore[misc]
                )
    return starts
