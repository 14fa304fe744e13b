"""Composition root of the Temporal worker.

Builds the settings, the database engine and the Temporal client, injects them into the
activity classes, registers every workflow and activity, and shuts down gracefully on
SIGINT/SIGTERM (in-flight activities get ``graceful_shutdown_timeout`` to finish).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker, WorkerDeploymentConfig

from activities.accounting.reconciliation import InvoiceReconciliation
from activities.approvals import ApprovalActivities
from activities.bulk_bookings import BulkBookingActivities
from activities.health import HealthActivities
from activities.lifecycle import LifecycleActivities
from activities.organization_deletion import OrganizationDeletionActivities
from activities.privacy import ErasureActivities, ExportActivities, RetentionActivities
from activities.projects import ProjectActivities
from activities.quickbooks.invoicing import QuickBooksInvoicing
from activities.quickbooks.reconciliation import QuickBooksReconciliation
from activities.reconcile import ReconcileActivities
from activities.salesforce_backfill import SalesforceBackfillActivities
from activities.slack_notices import SlackNoticeActivities
from activities.sync import SyncActivities
from activities.task_reconciliation import TaskReconciliation
from activities.task_sync import TaskSync
from activities.tenant_move import TenantMoveActivities
from activities.trials import TrialActivities
from activities.webhooks import WebhookActivities
from activities.xero.invoicing import XeroInvoicing
from channels.chat import approval_chat_channels
from channels.email import EmailApprovalChannel
from channels.notice import Channel
from core import metrics, versioning
from core.config import Settings, load_settings
from core.crypto import SecretBox
from core.db import create_sessionmaker
from core.temporal import StartObserver, client_in_namespace, connect_temporal
from core.tracing import Tracing
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.keys.sealed import Sealing
from domain.keys.store import KeyStore
from domain.placements.move import PlacementRouting, routing_of
from domain.placements.namespaces import RegionNamespaces
from domain.placements.queues import RegionQueues
from domain.placements.registry import Placements
from domain.placements.router import PlacementRouter
from domain.usage import meter as usage_meter
from integrations.asana import asana_factory
from integrations.asana_oauth import AsanaOAuth
from integrations.monday import MondayGateway
from integrations.slack import slack_client_factory
from integrations.smtp import SmtpMailer
from relays.approvals import relay_unstarted_approvals
from relays.audit_sealer import seal_audit_chains
from relays.bulk_bookings import relay_unstarted_bulk_bookings
from relays.deleted_keys import DeletedOrganizationKeys
from relays.events import relay_all_events
from relays.lifecycle import NewOrganizations, ensure_all
from relays.reconcile_schedules import ensure_reconcile_schedules
from relays.retention_schedules import ensure_retention_schedules
from relays.sweep import Sweep, running_sweeps
from workflows.approval import ApprovalChainWorkflow
from workflows.bulk_booking import BulkBookingWorkflow
from workflows.data_export import DataExportWorkflow
from workflows.erasure import ErasureWorkflow
from workflows.health import HealthProbeWorkflow
from workflows.lifecycle import LifecycleDispatcherWorkflow, StakeholderReportWorkflow
from workflows.organization_deletion import OrganizationDeletionWorkflow
from workflows.project import ProjectWorkflow
from workflows.reconcile import ReconcileWorkflow
from workflows.relocation import WorkflowRelocation
from workflows.retention import RetentionWorkflow
from workflows.salesforce_backfill import SalesforceBackfillWorkflow
from workflows.slack_notice import SlackNoticeWorkflow
from workflows.sync import SyncWorkflow
from workflows.tenant_move import TenantMoveWorkflow
from workflows.trial import TrialWorkflow
from workflows.webhook_delivery import WebhookDeliveryWorkflow

log = logging.getLogger("auditoryx.worker")


class TemporalUnreachable(Exception):
    """The worker could not connect to Temporal at start; the message says where it looked."""


WORKFLOWS: Sequence[type] = (
    HealthProbeWorkflow,
    ApprovalChainWorkflow,
    WebhookDeliveryWorkflow,
    SyncWorkflow,
    ReconcileWorkflow,
    SalesforceBackfillWorkflow,
    SlackNoticeWorkflow,
    BulkBookingWorkflow,
    ProjectWorkflow,
    LifecycleDispatcherWorkflow,
    StakeholderReportWorkflow,
    DataExportWorkflow,
    RetentionWorkflow,
    TrialWorkflow,
    ErasureWorkflow,
    TenantMoveWorkflow,
    OrganizationDeletionWorkflow,
)
# What every workflow runs inside, here and wherever histories are replayed (the replay gate,
# the tests): every workflow can be sent to another region's queue when its organization moves.
WORKFLOW_INTERCEPTORS: Sequence[WorkflowRelocation] = (WorkflowRelocation(),)

# What the worker sweeps besides running workflows (docs/operations.md lists them); each runs at
# start and then every ``every_seconds``.
SWEEPS: Sequence[Sweep] = (
    Sweep("approval relay", relay_unstarted_approvals, every_seconds=30.0),
    Sweep("audit sealer", seal_audit_chains, every_seconds=0.5),
    Sweep("bulk booking relay", relay_unstarted_bulk_bookings, every_seconds=30.0),
    Sweep("event relay", relay_all_events, every_seconds=1.0),
    Sweep("lifecycle supervisor", ensure_all, every_seconds=300.0),
    Sweep("new organizations", NewOrganizations(), every_seconds=2.0),
    Sweep("reconcile schedule", ensure_reconcile_schedules, every_seconds=3600.0),
    Sweep("retention schedule", ensure_retention_schedules, every_seconds=3600.0),
)


def deleted_organization_keys(keystore: KeyStore, router: PlacementRouter, placement: str) -> Sweep:
    """The sweep that needs the key store and the directory: keys of organizations deleted
    by hand from ``placement``'s database."""
    return Sweep(
        "deleted organizations' keys",
        DeletedOrganizationKeys(keystore, router, placement),
        every_seconds=3600.0,
    )


def build_activities(
    engine: AsyncEngine,
    *,
    identity: str,
    channels: Sequence[Channel] = (),
    settings: Settings | None = None,
    box: SecretBox | None = None,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    placement_routing: PlacementRouting | None = None,
    client: Client | None = None,
    keystore: KeyStore | None = None,
    every_placement: async_sessionmaker[AsyncSession] | None = None,
) -> list[Any]:
    """Every activity callable, with its dependencies injected: ``sessionmaker`` (by default
    one of ``engine``), a :class:`PlacementRouter` when organizations live in several
    databases; ``every_placement``: one that reaches every placement, for the activities of
    system workflows (an organization deletion), where ``sessionmaker`` serves one region
    (``WORKER_REGION``); ``placement_routing``: the placements and directory tenant moves
    use (without it a move is refused); ``client``: what a move signals the tenant's running
    workflows with (without it they are not relocated to another region's queue);
    ``keystore``: the per-person keys (by default the one ``KEYSTORE_URL`` names)."""
    sessionmaker = sessionmaker or create_sessionmaker(engine)
    settings = settings or load_settings()
    box = box or SecretBox.from_settings(settings)
    # A move's record and the directory are in the control database: never a tenant route.
    control = (
        placement_routing.control_sessionmaker()
        if placement_routing is not None
        else create_sessionmaker(engine)
    )
    keystore = keystore or KeyStore.from_settings(settings, fallback=engine)
    # Persons' sealed fields are opened wherever they leave for a CRM, an accounting system,
    # a webhook receiver or an export (domain/keys/sealed.py).
    sealing = Sealing.from_settings(settings, keystore)
    webhooks = WebhookActivities(sessionmaker, settings, box, sealing=sealing)
    invoicing = QuickBooksInvoicing(sessionmaker, box, sealing=sealing)
    xero = XeroInvoicing(sessionmaker, box, sealing=sealing)
    tasks = TaskSync(
        sessionmaker,
        box,
        {
            "asana": asana_factory(settings.asana_api_base_url),
            "monday": MondayGateway(api_url=settings.monday_api_url).factory(),
        },
        public_base_url=settings.public_base_url,
        auths={"asana": AsanaOAuth(settings.asana_auth_url)},
    )
    task_pages = TaskReconciliation(sessionmaker, tasks).check_page
    syncs = SyncActivities(
        sessionmaker,
        box,
        quickbooks=invoicing.push,
        xero=xero.push,
        asana=tasks.push,
        monday=tasks.push,
        sealing=sealing,
    )
    reconcile = ReconcileActivities(
        sessionmaker,
        box,
        quickbooks=QuickBooksReconciliation(sessionmaker, invoicing),
        xero=InvoiceReconciliation(sessionmaker, xero),
        asana=task_pages,
        monday=task_pages,
    )
    backfill = SalesforceBackfillActivities(sessionmaker, box, sealing=sealing)
    slack_notices = SlackNoticeActivities(
        sessionmaker,
        box,
        slack_clients=slack_client_factory(settings.slack_api_base_url),
        sealing=sealing,
    )
    health = HealthActivities(sessionmaker, worker_identity=identity)
    approvals = ApprovalActivities(sessionmaker, channels=channels)
    bulk = BulkBookingActivities(sessionmaker)
    projects = ProjectActivities(sessionmaker)
    lifecycle = LifecycleActivities(
        sessionmaker,
        SmtpMailer.from_settings(settings),
        sealing,
        every_placement=every_placement,
    )
    exports = ExportActivities(sessionmaker, sealing)
    retention = RetentionActivities(sessionmaker)
    erasures = ErasureActivities(sessionmaker, sealing)
    trials = TrialActivities(sessionmaker)
    moves = TenantMoveActivities(
        control,
        placement_routing,
        client=client,
        task_queue_of=settings.task_queue_of,
        namespace_of=settings.namespace_of,
    )
    deletions = OrganizationDeletionActivities.configured(
        every_placement or sessionmaker,
        settings,
        keystore,
        routing=placement_routing,
        client=client,
    )
    return [
        health.record_probe,
        approvals.resolve_approvers,
        approvals.notify,
        approvals.record_decision,
        approvals.step_finished,
        approvals.apply_outcome,
        webhooks.attempt,
        webhooks.alert_endpoint_disabled,
        syncs.push,
        reconcile.check_page,
        reconcile.record,
        *backfill.all(),
        slack_notices.post,
        *bulk.all(),
        projects.step,
        projects.book_milestone,
        projects.delay_milestone,
        projects.finish,
        projects.mark_chains_started,
        lifecycle.dispatch,
        lifecycle.deliver,
        lifecycle.send_report,
        exports.begin,
        exports.write_entity,
        exports.finish,
        exports.fail,
        exports.delete_files,
        retention.purge_batch,
        retention.record,
        erasures.erase,
        erasures.fail,
        trials.queue_reminder,
        trials.expire,
        *moves.all(),
        *deletions.all(),
    ]


def build_channels(
    engine: AsyncEngine,
    settings: Settings,
    box: SecretBox,
    *,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
) -> list[Channel]:
    """The notification channels of approval requests, besides the API inbox."""
    sessionmaker = sessionmaker or create_sessionmaker(engine)
    return [
        EmailApprovalChannel(sessionmaker, settings),
        *approval_chat_channels(sessionmaker, settings, box),
    ]


def build_worker(
    client: Client,
    engine: AsyncEngine,
    *,
    task_queue: str,
    identity: str,
    channels: Sequence[Channel] = (),
    settings: Settings | None = None,
    box: SecretBox | None = None,
    deployment_config: WorkerDeploymentConfig | None = None,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    placement_routing: PlacementRouting | None = None,
    keystore: KeyStore | None = None,
    every_placement: async_sessionmaker[AsyncSession] | None = None,
) -> Worker:
    """The worker, versioned (core/versioning.py): ``deployment_config``, by default the
    deployment and build id of ``settings``. On a dev server nothing is routed to it until its
    version is current (``versioning.register`` or ``versioning.make_current``)."""
    settings = settings or load_settings()
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS),
        activities=build_activities(
            engine,
            identity=identity,
            channels=channels,
            settings=settings,
            box=box,
            sessionmaker=sessionmaker,
            placement_routing=placement_routing,
            every_placement=every_placement,
            client=client,
            keystore=keystore,
        ),
        interceptors=list(WORKFLOW_INTERCEPTORS),
        graceful_shutdown_timeout=timedelta(seconds=20),
        identity=identity,
        deployment_config=deployment_config or versioning.deployment_config(settings),
    )


class RegionNotConfigured(Exception):
    """The worker was asked to serve a region no placement is in."""


async def run_worker(settings: Settings) -> None:
    """Poll the task queue of the worker's region (``WORKER_REGION``), or of every region with a
    placement, touching only that region's placements (docs/adr/0035), each region's in its
    namespace (``REGION_NAMESPACES``, else ``TEMPORAL_NAMESPACE``)."""
    identity = f"worker-{os.getpid()}@{socket.gethostname()}"
    # Observability (docs/operations.md): metrics endpoints as configured, spans when OTLP is.
    runtime = metrics.serve_worker_metrics(settings)
    tracing = Tracing.from_settings(settings, service="auditoryx-worker")
    placements = Placements.from_settings(settings)
    regions = [settings.worker_region] if settings.worker_region else placements.regions()
    for region in regions:
        if not placements.in_region(region):
            raise RegionNotConfigured(
                f"WORKER_REGION {region}: no placement is in that region (PLACEMENTS has "
                f"{', '.join(placements.regions())})"
            )
    # Reads the directory (organization ids and placement names only) in the control
    # database; every tenant read goes to a placement of the region served.
    everywhere = PlacementRouter(placements, cache_seconds=settings.placement_cache_seconds)
    routers = {
        region: PlacementRouter(
            placements, region=region, cache_seconds=settings.placement_cache_seconds
        )
        for region in regions
    }
    control = placements.engine(placements.control)
    # Per-person keys and the organizations' key-encryption keys, outside the data's backups.
    keystore = KeyStore.from_settings(settings, fallback=control)
    try:
        client = await connect_temporal(
            settings,
            identity=identity,
            namespace=settings.namespace_of(regions[0]) if settings.worker_region else None,
            interceptors=[
                # Calls about an organization's workflows go to its region's namespace.
                RegionNamespaces(settings, everywhere),
                # An organization's workflows start on its region's task queue.
                RegionQueues(settings, everywhere),
                StartObserver(usage_meter.count_workflow_start),
                *tracing.interceptors(),
            ],
            runtime=runtime,
            # Workflows run, and activities receive, their organization's payloads decrypted.
            payload_codec=payload_codec(
                settings, OrganizationKeyring.from_settings(settings, everywhere, keystore)
            ),
        )
    except RuntimeError as exc:  # the SDK's bridge reports every connect failure this way
        await placements.dispose()
        await keystore.dispose()
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise TemporalUnreachable(
            f"cannot reach Temporal at {settings.temporal_address} (TEMPORAL_ADDRESS, namespace "
            f"{settings.namespace_of(regions[0])}): {reason}"
        ) from None
    for name in placements.names():
        if placements.region(name) in regions:
            tracing.instrument(placements.engine(name))
    box = SecretBox.from_settings(settings)
    # Tenant moves: every placement's owner URL and the directory (a move copies between two
    # placements whatever region this worker serves).
    routing = routing_of(placements)
    # The activities' routers. A process that serves every region gives each queue's
    # activities every placement: a workflow that was running when its organization moved to
    # another region stays on the old region's queue, and its next activity must reach the
    # new home. A regional worker (WORKER_REGION) keeps to its region's placements.
    serving = routers if settings.worker_region else {region: everywhere for region in regions}
    # Each region's worker polls in the region's namespace (the same connection).
    clients = {
        region: client_in_namespace(client, settings.namespace_of(region)) for region in regions
    }
    workers = [
        build_worker(
            clients[region],
            control,
            task_queue=settings.task_queue_of(region),
            identity=identity,
            channels=build_channels(control, settings, box, sessionmaker=serving[region]),
            settings=settings,
            box=box,
            deployment_config=versioning.deployment_config(settings),
            sessionmaker=serving[region],
            placement_routing=routing,
            keystore=keystore,
            every_placement=everywhere,
        )
        for region in regions
    ]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    for region in regions:
        log.info(
            "worker polling",
            extra={
                "task_queue": settings.task_queue_of(region),
                "namespace": clients[region].namespace,
                "region": region,
                "placements": routers[region].served(),
                "identity": identity,
            },
        )
    try:
        async with contextlib.AsyncExitStack() as stack:
            # Exits last, after the workers and the sweeps stopped: their last counts are flushed.
            await stack.enter_async_context(
                usage_meter.flushing(
                    everywhere,
                    [usage_meter.process_meter()],
                    every_seconds=settings.usage_flush_seconds,
                )
            )
            for worker in workers:
                await stack.enter_async_context(worker)
            # Sweeps scan one database each: every placement of the regions served.
            for region in regions:
                for name in routers[region].served():
                    await stack.enter_async_context(
                        running_sweeps(
                            (*SWEEPS, deleted_organization_keys(keystore, everywhere, name)),
                            # That database only, its tenant writes held by a move's freeze.
                            routers[region].pinned(placements.sessionmaker(name)),
                            clients[region],
                            task_queue=settings.task_queue_of(region),
                        )
                    )
            # --- worker versioning: once polling, this build may become the current version
            for namespace_client in {id(c): c for c in clients.values()}.values():
                await versioning.register(namespace_client, settings, identity=identity)
            await stop.wait()
            log.info("worker shutting down")
    finally:
        tracing.shutdown()
        await placements.dispose()
        await keystore.dispose()
    log.info("worker stopped")
