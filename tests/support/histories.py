"""Recorded workflow histories: where they live, what each must show, how they are written.

A history under ``tests/workflows/histories/<release>/`` is what a real run of that release's
code sent to Temporal; there is one folder per package version (``pyproject.toml``), and a
release's folder is never written again once the version has moved on. The replay gate
(``tests/workflows/test_replay_histories.py``) replays every release's histories against the
current code, which is how we learn, before deploying, that a change would break executions
still running from an earlier release (a command in a different order, an activity added or
removed without ``workflow.patched``). See docs/adr/0025-worker-versioning-and-replay-gate.md.

The feature tests write them: a test whose run is worth keeping ends with :func:`keep` (or one
of the ``keep_*`` helpers that find its workflow), which does nothing unless
``REGENERATE_HISTORIES=1``. So every history is of a run whose outcome a test checked.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.worker import Replayer, WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from core.payload_codec import decode_in_place
from tests.stubs import _quiet
from worker import WORKFLOW_INTERCEPTORS, WORKFLOWS
from workflows.clients.slack_notice import notice_workflow_id
from workflows.clients.sync import sync_workflow_id
from workflows.clients.webhook import delivery_workflow_id
from workflows.slack_notice_types import NoticeInput
from workflows.sync_types import SyncInput

RELEASES = Path(__file__).resolve().parents[1] / "workflows" / "histories"
_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def current_release() -> str:
    """The package version being developed (``[project] version`` of ``pyproject.toml``)."""
    found = re.search(r'^version\s*=\s*"([^"]+)"', _PYPROJECT.read_text(), re.MULTILINE)
    assert found, "pyproject.toml has no [project] version"
    return found.group(1)


def release_key(release: str) -> tuple[int, ...]:
    """``"0.10.2"`` sorts after ``"0.9.0"``."""
    return tuple(int(part) for part in re.findall(r"\d+", release))


def release_folders() -> list[Path]:
    """Every release's folder of histories, oldest first."""
    folders = [p for p in RELEASES.iterdir() if p.is_dir()] if RELEASES.is_dir() else []
    return sorted(folders, key=lambda p: release_key(p.name))


# The current release's folder: where `keep` writes, what RECORDINGS describes.
HISTORIES = RELEASES / current_release()
REGENERATING = os.environ.get("REGENERATE_HISTORIES") == "1"
# Failures carry Python tracebacks, i.e. where this checkout lives; replay never reads them.
_ROOT = str(Path(__file__).resolve().parents[2])

# Every history file, by name, with the workflow type it is of and what its run must show (in
# the words of `exercised`), so a regeneration from a run that took a shorter path, and would
# guard less, is noticed. A file that is not listed here fails the replay module.
RECORDINGS: dict[str, tuple[str, frozenset[str]]] = {
    name: (workflow, frozenset(did))
    for name, workflow, did in [
        (
            "approval_two_steps",
            "ApprovalChainWorkflow",
            {
                "patch:approval-local-projection",
                "local:approval_resolve_approvers",
                "activity:approval_notify",
                "update:decide",
                "local:approval_step_finished",
                "local:approval_apply_outcome",
                "completed",
            },
        ),
        (
            "approval_rejected",
            "ApprovalChainWorkflow",
            {
                "patch:approval-local-projection",
                "update:decide",
                "local:approval_apply_outcome",
                "completed",
            },
        ),
        (
            "approval_escalated",
            "ApprovalChainWorkflow",
            {
                "patch:approval-local-projection",
                "timer",
                "update:decide",
                "local:approval_apply_outcome",
                "completed",
            },
        ),
        ("health_probe", "HealthProbeWorkflow", {"activity:record_health_probe", "completed"}),
        (
            "trial_expired",
            "TrialWorkflow",
            {
                "timer",
                "activity:trial_queue_reminder",
                "activity:lifecycle_deliver",
                "activity:trial_expire",
                "completed",
            },
        ),
        (
            "tenant_move_done",
            "TenantMoveWorkflow",
            {
                "activity:tenant_move_prepare",
                "activity:tenant_move_copy",
                "activity:tenant_move_catch_up",
                "activity:tenant_move_freeze",
                "activity:tenant_move_finish",
                "activity:tenant_move_switch",
                "timer",
                "activity:tenant_move_cleanup",
                "completed",
            },
        ),
        (
            "trial_converted",
            "TrialWorkflow",
            {"timer", "activity:trial_queue_reminder", "signal:convert", "completed"},
        ),
        (
            "bulk_booking_approved",
            "BulkBookingWorkflow",
            {
                "activity:bulk_plan",
                "activity:bulk_hold_chunk",
                "child:ApprovalChainWorkflow",
                "activity:bulk_confirm_chunk",
                "completed",
            },
        ),
        (
            "bulk_booking_cancelled_awaiting_approval",
            "BulkBookingWorkflow",
            {
                "child:ApprovalChainWorkflow",
                "update:cancel",
                "cancel-external",
                "activity:bulk_release_chunk",
                "completed",
            },
        ),
        (
            "bulk_booking_conflicts_released",
            "BulkBookingWorkflow",
            {"activity:bulk_plan", "activity:bulk_release_chunk", "activity:bulk_finish"},
        ),
        (
            "project_completed_in_order",
            "ProjectWorkflow",
            {
                "activity:project_book_milestone",
                "signal:refresh",
                "signal-external:wake",
                "timer",
                "activity:project_finish",
                "completed",
            },
        ),
        (
            "project_replanned",
            "ProjectWorkflow",
            {"update:replan", "activity:project_delay_milestone", "signal:refresh", "timer"},
        ),
        (
            "project_cancelled_awaiting_approval",
            "ProjectWorkflow",
            {
                "child:ApprovalChainWorkflow",
                "activity:project_mark_chains_started",
                "update:cancel",
                "cancel-external",
                "completed",
            },
        ),
        (
            "lifecycle_dispatcher_reminders",
            "LifecycleDispatcherWorkflow",
            {"activity:lifecycle_dispatch", "activity:lifecycle_deliver", "signal:wake", "timer"},
        ),
        (
            "lifecycle_dispatcher_continued_as_new",
            "LifecycleDispatcherWorkflow",
            {"activity:lifecycle_dispatch", "signal:wake", "timer", "continued-as-new"},
        ),
        (
            "project_continued_as_new",
            "ProjectWorkflow",
            {"activity:project_step", "update:replan", "continued-as-new"},
        ),
        (
            "data_export_organization",
            "DataExportWorkflow",
            {
                "activity:export_begin",
                "activity:export_write_entity",
                "activity:export_finish",
                "timer",
                "activity:export_delete_files",
                "completed",
            },
        ),
        (
            "organization_deletion_done",
            "OrganizationDeletionWorkflow",
            {
                "activity:organization_deletion_notify",
                "activity:lifecycle_deliver",
                "timer",
                "activity:organization_deletion_begin",
                "activity:organization_deletion_stop_workflows",
                "activity:organization_deletion_destroy_person_keys",
                "activity:organization_deletion_destroy_payload_keys",
                "activity:organization_deletion_delete_rows",
                "activity:organization_deletion_release",
                "activity:organization_deletion_finish",
                "completed",
            },
        ),
        (
            "erasure_artist",
            "ErasureWorkflow",
            {"activity:erasure_erase", "completed"},
        ),
        (
            "retention_sweep",
            "RetentionWorkflow",
            {"activity:retention_purge_batch", "activity:retention_record", "completed"},
        ),
        (
            "stakeholder_report",
            "StakeholderReportWorkflow",
            {"activity:lifecycle_send_report", "activity:lifecycle_deliver", "completed"},
        ),
        (
            "webhook_retried_then_delivered",
            "WebhookDeliveryWorkflow",
            {"activity:webhook_attempt", "timer", "completed"},
        ),
        (
            "webhook_endpoint_disabled",
            "WebhookDeliveryWorkflow",
            {"activity:webhook_attempt", "activity:webhook_alert_endpoint_disabled", "completed"},
        ),
        (
            "sync_hubspot_client_matched",
            "SyncWorkflow",
            {"signal:changed", "activity:sync_push", "completed"},
        ),
        (
            "sync_hubspot_token_revoked",
            "SyncWorkflow",
            {"activity:sync_push", "activity-failed", "completed"},
        ),
        (
            "sync_quickbooks_invoice_adopted_on_retry",
            "SyncWorkflow",
            {"activity:sync_push", "activity-retried", "completed"},
        ),
        (
            "sync_asana_task_found_on_retry",
            "SyncWorkflow",
            {"activity:sync_push", "activity-retried", "completed"},
        ),
        (
            "slack_notice_posted",
            "SlackNoticeWorkflow",
            {"activity:slack_notice_post", "completed"},
        ),
        (
            "slack_notice_retried",
            "SlackNoticeWorkflow",
            {"activity:slack_notice_post", "activity-retried", "completed"},
        ),
        (
            "reconcile_page_continued_as_new",
            "ReconcileWorkflow",
            {"activity:reconcile_check_page", "continued-as-new"},
        ),
        (
            "reconcile_last_page_completed",
            "ReconcileWorkflow",
            {"activity:reconcile_check_page", "activity:reconcile_record", "completed"},
        ),
        (
            "salesforce_backfill_bulk",
            "SalesforceBackfillWorkflow",
            {
                "activity:salesforce_backfill_plan",
                "activity:salesforce_bulk_start",
                "timer",
                "activity:salesforce_bulk_state",
                "activity:salesforce_bulk_results",
                "activity:salesforce_backfill_record",
                "completed",
            },
        ),
        (
            "reconcile_stopped",
            "ReconcileWorkflow",
            {"activity:reconcile_check_page", "activity:reconcile_record", "completed"},
        ),
    ]
}


def replayer(data_converter: DataConverter = pydantic_data_converter) -> Replayer:
    """The worker's own workflow set, as production replays them, with the data converter of
    the client whose histories are replayed (its codec opens their sealed payloads)."""
    return Replayer(
        workflows=list(WORKFLOWS),
        data_converter=data_converter,
        interceptors=list(WORKFLOW_INTERCEPTORS),
    )


def load(path: Path) -> WorkflowHistory:
    return WorkflowHistory.from_json(path.stem, path.read_text())


def workflow_type(history: WorkflowHistory) -> str:
    started = history.events[0].workflow_execution_started_event_attributes
    return started.workflow_type.name


def histories_of(*types: str) -> list[Path]:
    """Every committed history, of every release, whose workflow type is one of ``types``."""
    return [p for p in every_history() if workflow_type(load(p)) in types]


def every_history() -> list[Path]:
    """Every release's histories, oldest release first."""
    return [p for folder in release_folders() for p in sorted(folder.glob("*.json"))]


async def replay_gate(
    workflows: Iterable[type] = WORKFLOWS,
    *,
    paths: Iterable[Path] | None = None,
    runner: WorkflowRunner | None = None,
    data_converter: DataConverter = pydantic_data_converter,
) -> dict[str, str]:
    """Replay every release's histories (or ``paths``) against ``workflows``; what failed, as
    ``{"<release>/<name>": "<error>"}``. Empty: a deploy of this code strands no run."""
    registered = list(workflows)
    gate = Replayer(
        workflows=registered,
        data_converter=data_converter,
        interceptors=list(WORKFLOW_INTERCEPTORS),
        workflow_runner=runner or SandboxedWorkflowRunner(),
    )
    names = {getattr(w, "__temporal_workflow_definition").name for w in registered}
    failures: dict[str, str] = {}
    for path in every_history() if paths is None else paths:
        key = f"{path.parent.name}/{path.stem}"
        history = load(path)
        if workflow_type(history) not in names:
            failures[key] = f"no workflow {workflow_type(history)} is registered any more"
            continue
        result = await gate.replay_workflow(history, raise_on_replay_failure=False)
        if result.replay_failure is not None:
            failures[key] = f"{type(result.replay_failure).__name__}: {result.replay_failure}"
    return failures


async def record(client: Client, workflow_id: str, name: str, *, run_id: str | None = None) -> None:
    """Fetch a run's history (waiting until no task of it is in flight), check that it replays,
    and keep it as ``histories/<current release>/<name>.json`` without stack traces. Earlier
    releases' folders are never written: they are what runs started by those releases look
    like, and the gate keeps replaying them."""
    handle = client.get_workflow_handle(workflow_id, run_id=run_id)
    await _quiet(handle)
    history = await handle.fetch_history()
    codec = client.data_converter.payload_codec
    if codec is not None:
        # Committed in clear: the keys that sealed them live only in this run's database.
        await decode_in_place(codec, history.events)
    raw = json.loads(history.to_json())
    _drop_stack_traces(raw)
    text = json.dumps(raw, indent=2) + "\n"
    leaked = [s for s in _strings(raw) if _ROOT in s]
    assert not leaked, f"{name}: a path of this machine would be committed: {leaked[:1]}"
    scrubbed = WorkflowHistory.from_json(workflow_id, text)
    await replayer(client.data_converter).replay_workflow(scrubbed)
    HISTORIES.mkdir(parents=True, exist_ok=True)
    (HISTORIES / f"{name}.json").write_text(text)


def _drop_stack_traces(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("stackTrace", None)
        for value in node.values():
            _drop_stack_traces(value)
    elif isinstance(node, list):
        for value in node:
            _drop_stack_traces(value)


def _strings(node: Any) -> Iterator[str]:
    """Every string of the history, payload data decoded (payloads are base64 in JSON)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "data" and isinstance(value, str):
                yield value
                with contextlib.suppress(binascii.Error, ValueError):
                    yield base64.b64decode(value, validate=True).decode(errors="replace")
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def exercised(history: WorkflowHistory) -> set[str]:
    """What a run did, in words a reader of the workflow's code recognises: ``activity:<name>``,
    ``local:<name>`` (a local activity), ``patch:<id>`` (``workflow.patched``),
    ``child:<workflow>``, ``signal:<name>``, ``update:<name>``, ``timer``,
    ``signal-external:<name>``, ``cancel-external``, ``activity-retried``, ``activity-failed``,
    ``continued-as-new``, ``completed``."""
    seen: set[str] = set()
    for event in history.events:
        kind = event.event_type
        if kind == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = event.activity_task_scheduled_event_attributes.activity_type.name
            seen.add(f"activity:{name}")
        elif kind == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            if event.activity_task_started_event_attributes.attempt > 1:
                seen.add("activity-retried")
        elif kind == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
            name = (
                event.start_child_workflow_execution_initiated_event_attributes.workflow_type.name
            )
            seen.add(f"child:{name}")
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
            seen.add(f"signal:{event.workflow_execution_signaled_event_attributes.signal_name}")
        elif kind == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            request = event.workflow_execution_update_accepted_event_attributes.accepted_request
            seen.add(f"update:{request.input.name}")
        elif kind == EventType.EVENT_TYPE_MARKER_RECORDED:
            seen.update(_marker(event.marker_recorded_event_attributes))
        elif kind == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED:
            attrs = event.signal_external_workflow_execution_initiated_event_attributes
            seen.add(f"signal-external:{attrs.signal_name}")
        else:
            seen.update(_PLAIN.get(kind, ()))
    return seen


def _marker(attributes: Any) -> set[str]:
    """``local:<activity type>`` for a local activity's marker, ``patch:<id>`` for a patch's."""
    found: set[str] = set()
    for detail, key, word in (("data", "activity_type", "local"), ("patch-data", "id", "patch")):
        if detail in attributes.details:
            for payload in attributes.details[detail].payloads:
                with contextlib.suppress(ValueError):
                    value = json.loads(payload.data).get(key)
                    if value:
                        found.add(f"{word}:{value}")
    return found


_PLAIN: dict[EventType.ValueType, tuple[str, ...]] = {
    EventType.EVENT_TYPE_TIMER_STARTED: ("timer",),
    EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: ("cancel-external",),
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: ("activity-failed",),
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: ("continued-as-new",),
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: ("completed",),
}


# --- keeping a feature test's run -----------------------------------------------------------


async def keep(client: Client, workflow_id: str, name: str, *, run_id: str | None = None) -> None:
    """With ``REGENERATE_HISTORIES=1``, write the run's history as ``histories/<name>.json``;
    otherwise nothing (the file already there is what the replay module replays)."""
    if not REGENERATING:
        return
    assert name in RECORDINGS, f"add {name} to RECORDINGS with what its run must show"
    await record(client, workflow_id, name, run_id=run_id)


def _rows(owner_conninfo: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(query, args).fetchall()


async def keep_batch(client: Client, owner_conninfo: str, name: str) -> None:
    """Keep the run of the scenario's one bulk booking."""
    if REGENERATING:
        [(workflow_id,)] = _rows(owner_conninfo, "SELECT workflow_id FROM bulk_bookings")
        await keep(client, workflow_id, name)


async def keep_project(client: Client, owner_conninfo: str, name: str) -> None:
    """Keep the run of the scenario's one project."""
    if REGENERATING:
        [(workflow_id,)] = _rows(
            owner_conninfo, "SELECT organization_id || ':project:' || id FROM projects"
        )
        await keep(client, workflow_id, name)


async def keep_deliveries(client: Client, owner_conninfo: str, *names: str) -> None:
    """Keep the scenario's webhook deliveries, oldest first, as ``names``."""
    if not REGENERATING:
        return
    found = _rows(
        owner_conninfo,
        "SELECT organization_id, event_id, endpoint_id FROM webhook_deliveries "
        "ORDER BY created_at, id",
    )
    assert len(found) == len(names), found
    for (org, event, endpoint), name in zip(found, names, strict=True):
        await keep(client, delivery_workflow_id(org, event, endpoint), name)


async def keep_sync(
    client: Client, owner_conninfo: str, provider: str, entity_type: str, name: str
) -> None:
    """Keep the (latest run of the) sync of the scenario's one entity of ``entity_type``."""
    if not REGENERATING:
        return
    [(org, entity_id)] = _rows(
        owner_conninfo,
        "SELECT organization_id, entity_id FROM sync_states WHERE provider = %s "
        "AND entity_type = %s",
        provider,
        entity_type,
    )
    sync = SyncInput(
        organization_id=org, provider=provider, entity_type=entity_type, entity_id=entity_id
    )
    await keep(client, sync_workflow_id(sync), name)


async def keep_notice(
    client: Client, owner_conninfo: str, event_type: str, channel: str, name: str
) -> None:
    """Keep the Slack notice of the scenario's one event of ``event_type``."""
    if not REGENERATING:
        return
    [(org, event_id)] = _rows(
        owner_conninfo, "SELECT organization_id, id FROM events WHERE type = %s", event_type
    )
    notice = NoticeInput(organization_id=org, event_id=event_id, channel=channel)
    await keep(client, notice_workflow_id(notice), name)


async def keep_run_chain(client: Client, workflow_id: str, first: str, last: str) -> None:
    """Keep the first run of a chain continued as new as ``first``, its latest as ``last``."""
    if not REGENERATING:
        return
    run_id: str = (await client.get_workflow_handle(workflow_id).describe()).run_id
    chain = [run_id]
    while True:
        history = await client.get_workflow_handle(workflow_id, run_id=chain[0]).fetch_history()
        started = history.events[0].workflow_execution_started_event_attributes
        if not started.continued_execution_run_id:
            break
        chain.insert(0, started.continued_execution_run_id)
    await keep(client, workflow_id, first, run_id=chain[0])
    await keep(client, workflow_id, last, run_id=chain[-1])


async def first_activity_start(handle: Any) -> tuple[int, timedelta]:
    """The attempt the workflow's first activity ran as, and how long after it was scheduled
    that attempt started (the retry delay a rate limit asked for, in skipped time)."""
    history = await handle.fetch_history()
    scheduled = next(
        e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    )
    started = next(
        e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    )
    waited = started.event_time.ToDatetime() - scheduled.event_time.ToDatetime()
    return started.activity_task_started_event_attributes.attempt, waited
