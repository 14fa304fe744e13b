"""Stopping an organization's workflows and Schedules for good (its deletion's activities):
Schedules first, so none starts another run, then every running workflow."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from core.temporal import client_of_organization
from workflows.clients.sandbox import counted_from, no_tick, schedule_ids_of, terminate_running

log = logging.getLogger("auditoryx.workflows")


async def delete_schedules(
    client: Client,
    organization_ids: Sequence[str],
    *,
    tick: Callable[[], object] = no_tick,
) -> int:
    """Delete every Schedule whose id one of the organizations prefixes (``{org}:report``,
    ``{org}:reconcile:…``, ``{org}:retention:daily``), listed in each organization's region's
    namespace; how many. ``tick`` is called per Schedule listed and deleted."""
    by_namespace: dict[str, tuple[Client, list[str]]] = {}
    for organization_id in organization_ids:
        own = await client_of_organization(client, organization_id)
        by_namespace.setdefault(own.namespace, (own, []))[1].append(organization_id)
    deleted = 0
    for own, of_namespace in by_namespace.values():
        for schedule_id in await schedule_ids_of(own, of_namespace, tick=tick):
            tick()
            try:
                await own.get_schedule_handle(schedule_id).delete()
            except RPCError as exc:
                if exc.status != RPCStatusCode.NOT_FOUND:
                    raise
                continue
            deleted += 1
    return deleted


async def stop_organization(
    client: Client,
    organization_ids: Sequence[str],
    *,
    reason: str,
    heartbeat: Callable[..., object] = no_tick,
) -> tuple[int, int]:
    """Delete the organizations' Schedules (so none starts another run), then terminate their
    running workflows; (workflows terminated, Schedules deleted). ``heartbeat`` is called as
    it goes: with nothing per Schedule, with the count of workflows stopped so far per group
    (an activity heartbeats there)."""
    schedules = await delete_schedules(client, organization_ids, tick=heartbeat)
    terminated = 0
    for organization_id in organization_ids:
        terminated += await terminate_running(
            client, organization_id, reason=reason, progress=counted_from(terminated, heartbeat)
        )
    if terminated or schedules:
        log.info(
            "stopped %d workflow(s) and %d schedule(s) of %s",
            terminated,
            schedules,
            ",".join(organization_ids),
        )
    return terminated, schedules
