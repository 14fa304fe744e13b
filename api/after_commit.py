"""Telling the lifecycle processes about changes, after the request's transaction committed.

Routes schedule these as background tasks. A lost message costs little: the dispatcher wakes
on its own at the next due time (at most hours later), and the worker's supervisor starts
whatever is missing (the API only signals a dispatcher, never starts one: a worker that does
not run the dispatcher's workflow could otherwise be handed it); nothing here may fail a
request that already succeeded.
"""

from __future__ import annotations

import logging
from typing import Any

from temporalio.service import RPCError

from api.project_tools import ReleasedWebhooks
from workflows.clients.lifecycle import ensure_report_schedule
from workflows.clients.project import project_handle, start_project
from workflows.clients.reconcile import ensure_reconcile_schedule, remove_reconcile_schedule
from workflows.clients.salesforce_backfill import start_backfill
from workflows.project import ProjectWorkflow
from workflows.project_types import RefreshSignal
from workflows.reconcile_types import RECONCILED_PROVIDERS, reconcile_every_hours
from workflows.salesforce_backfill_types import BackfillInput

log = logging.getLogger("auditoryx.api")


async def booking_changed(
    state: Any,
    organization_id: str,
    *,
    booking_id: str,
    project_id: str | None,
    reason: str,
) -> None:
    """Tell the booking's project. (The organization's reminder dispatcher is woken by the
    event relay, which sees every committed booking change, bulk and project ones too.)"""
    if not project_id:
        return
    client = await state.temporal.get()
    if client is None:
        log.warning("booking %s changed while Temporal is unreachable", booking_id)
        return
    try:
        await project_handle(client, organization_id, project_id).signal(
            ProjectWorkflow.refresh, RefreshSignal(reason=reason, booking_id=booking_id)
        )
    except (RPCError, RuntimeError) as exc:  # RuntimeError: the client cannot connect
        log.info("lifecycle not told about booking %s: %s", booking_id, exc)


async def project_changed(state: Any, organization_id: str, project_id: str, reason: str) -> None:
    client = await state.temporal.get()
    if client is None:
        return
    try:
        await project_handle(client, organization_id, project_id).signal(
            ProjectWorkflow.refresh, RefreshSignal(reason=reason)
        )
    except (RPCError, RuntimeError) as exc:  # RuntimeError: the client cannot connect
        log.info("project %s not told (%s): %s", project_id, reason, exc)


async def start_project_workflow(state: Any, organization_id: str, project_id: str) -> None:
    client = await state.temporal.get()
    if client is None:
        log.warning("project %s not started: Temporal unreachable; the worker will", project_id)
        return
    try:
        await start_project(
            client, organization_id, project_id, task_queue=state.settings.temporal_task_queue
        )
    except (RPCError, RuntimeError) as exc:  # RuntimeError: the client cannot connect
        log.warning("project %s not started (%s); the worker's supervisor will", project_id, exc)


async def sync_reconcile_schedule(
    state: Any, organization_id: str, provider: str, every_hours: int | None
) -> None:
    """Create/update the Schedule (``every_hours``) or delete it (``None``). Runs after the
    response; a failure is logged and the worker's hourly sweep repairs it."""
    if provider not in RECONCILED_PROVIDERS:
        return
    client = await state.temporal.get()
    if client is None:
        return
    try:
        if every_hours is None:
            await remove_reconcile_schedule(client, organization_id, provider)
        else:
            await ensure_reconcile_schedule(
                client,
                organization_id,
                provider,
                every_hours=every_hours,
                task_queue=state.settings.temporal_task_queue,
            )
    except Exception as exc:  # never fail a request that already succeeded
        log.warning("reconcile schedule of %s not updated: %s", organization_id, exc)


async def connected(
    state: Any, organization_id: str, provider: str, settings: dict[str, Any] | None
) -> None:
    """After a connect (API or dashboard): the provider's reconciliation Schedule, and for a
    Salesforce connection that never ran a backfill, the first one."""
    await sync_reconcile_schedule(state, organization_id, provider, reconcile_every_hours(settings))
    if provider == "salesforce" and "last_backfill" not in (settings or {}):
        await first_salesforce_backfill(state, organization_id)


async def first_salesforce_backfill(state: Any, organization_id: str) -> None:
    """Push the organization's existing clients once Salesforce is first connected. A lost
    start costs a backfill an operator can ask for (``POST …/salesforce/backfills``)."""
    client = await state.temporal.get()
    if client is None:
        return
    try:
        await start_backfill(
            client,
            BackfillInput(organization_id=organization_id, reason="connected"),
            task_queue=state.settings.temporal_task_queue,
        )
    except Exception as exc:  # never fail a request that already succeeded
        log.warning("salesforce backfill of %s not started: %s", organization_id, exc)


async def sync_report_schedule(state: Any, organization_id: str, row: dict[str, Any]) -> None:
    """Bring the weekly report Schedule in line with the communication settings ``row``."""
    client = await state.temporal.get()
    if client is None:
        return  # the worker's supervisor applies it on its next sweep
    try:
        await ensure_report_schedule(
            client,
            organization_id,
            cron=row["report_cron"],
            timezone=row["timezone"],
            enabled=row["report_enabled"],
            task_queue=state.settings.temporal_task_queue,
        )
    except Exception as exc:  # never fail a request that already succeeded
        log.warning("report schedule of %s not updated: %s", organization_id, exc)


async def unsubscribe_webhooks(organization_id: str, released: ReleasedWebhooks | None) -> None:
    """After a project tool's disconnect: its webhooks are deleted in the tool, with the
    client of the token the disconnect wiped. One already gone (deleted by a person, or by
    an earlier try) counts as done; a failure is logged, and the tool's later deliveries
    find no connection to sync with."""
    if released is None:
        return
    for webhook_id in released.webhook_ids:
        try:
            await released.tool.unsubscribe(webhook_id)
        except Exception as exc:  # never fail a request that already succeeded
            log.warning(
                "%s webhook %s of %s not unsubscribed: %s",
                released.provider,
                webhook_id,
                organization_id,
                exc,
            )
