"""Every long-running workflow replays the histories recorded from real runs of it.

A deployment meets executions that started under the previous code: a bulk booking waiting
for its approval, a project weeks into its milestones, a webhook between two retries. Their
next workflow task replays the history they have so far against the new code; a command
issued in a different order, an activity added or removed without ``workflow.patched``, ends
them with a nondeterminism error. The replay tests below find that out first, in
milliseconds and without a server.

The histories come from the scenarios the feature tests already run: a recording calls the
feature test itself (or, where none fits, builds the scenario from their helpers), so each
history is of a run whose outcome was checked. Record them again only after a deliberate,
``workflow.patched``-guarded change, and first copy the files about to be overwritten to new
names (every history of a guarded workflow type is replayed, so the old ones keep proving that
executions started before the change still replay)::

    REGENERATE_HISTORIES=1 .venv/bin/python -m pytest \
        tests/workflows/test_replay_histories.py -k records

See "Changing workflow code" in docs/operations.md.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import psycopg
import pytest
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError

from tests.support.approvals import create_policy, member_key
from tests.workflows import test_bulk_bookings as bulk
from tests.workflows import test_hubspot_sync as crm
from tests.workflows import test_project_lifecycle as lifecycle
from tests.workflows import test_quickbooks_sync as invoicing
from tests.workflows import test_reconciliation as reconciliation
from tests.workflows import test_slack_notifications as notices
from tests.workflows import test_webhook_delivery as webhooks
from tests.workflows.recorded_histories import (
    HISTORIES,
    exercised,
    histories_of,
    load,
    record,
    replayer,
    workflow_type,
)
from worker import WORKFLOWS
from workflows.clients.slack_notice import notice_workflow_id
from workflows.clients.sync import sync_workflow_id
from workflows.clients.webhook import delivery_workflow_id
from workflows.lifecycle import StakeholderReportWorkflow
from workflows.lifecycle_types import ReportInput
from workflows.project import dispatcher_id
from workflows.reconcile_types import ReconcileInput
from workflows.slack_notice_types import NoticeInput
from workflows.sync_types import SyncInput

# What each committed history must show its run did, so a regeneration from a run that took a
# shorter path (and would guard less) is noticed. Names as `recorded_histories.exercised` gives.
RECORDINGS: dict[str, tuple[str, frozenset[str]]] = {
    name: (workflow, frozenset(did))
    for name, workflow, did in [
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
            "reconcile_stopped",
            "ReconcileWorkflow",
            {"activity:reconcile_check_page", "activity:reconcile_record", "completed"},
        ),
    ]
}
GUARDED = frozenset(workflow for workflow, _did in RECORDINGS.values())

# The scenarios' fixtures, so the recordings below can run them: pytest finds fixtures by name
# in the module. The scenario tests themselves are reached through their modules only, so they
# are not collected twice.
hooks, smtp_sink = webhooks.hooks, webhooks.smtp_sink
life, lifecycle_env, sink = lifecycle.life, lifecycle.lifecycle_env, lifecycle.sink
crm_stack, hubspot = crm.crm_stack, crm.hubspot
qb_stack, quickbooks = invoicing.qb_stack, invoicing.quickbooks
notice_stack, slack = notices.notice_stack, notices.slack
ts_stack = reconciliation.ts_stack

# Deselected (not skipped) unless REGENERATE_HISTORIES=1: see tests/conftest.py.
recording = pytest.mark.record_histories


# --- replay: always, no server ------------------------------------------------------------------


@pytest.mark.parametrize("path", histories_of(*GUARDED), ids=lambda p: p.stem)
async def test_a_recorded_history_replays_against_todays_code(path: Path) -> None:
    # Raises NondeterminismError (or the workflow's own failure) when today's code issues
    # other commands, or in another order, than the run that wrote this history.
    await replayer().replay_workflow(load(path))


@pytest.mark.parametrize("name", sorted(RECORDINGS))
def test_the_recording_is_committed_and_shows_the_path_it_guards(name: str) -> None:
    path = HISTORIES / f"{name}.json"
    assert path.exists(), f"{path.name} is missing; record it (see the module docstring)"
    history = load(path)
    workflow, did = RECORDINGS[name]
    assert workflow_type(history) == workflow
    assert not did - exercised(history), (
        f"{name} no longer shows {sorted(did - exercised(history))}"
    )


def test_every_workflow_the_worker_runs_has_a_recorded_history() -> None:
    """A workflow added to the worker without a history would be the one left unguarded."""
    recorded = {workflow_type(load(p)) for p in HISTORIES.glob("*.json")}
    missing = {w.__name__ for w in WORKFLOWS} - recorded
    assert not missing, f"record a history of {sorted(missing)} (see the module docstring)"


# --- recording: REGENERATE_HISTORIES=1 only -----------------------------------------------------


def by_recording(*cases: tuple[Any, ...]) -> list[Any]:
    """Parameters of a recording test that runs several scenarios, each named by the recording
    (its last value) it writes."""
    return [pytest.param(*case, id=case[-1]) for case in cases]


def rows(owner_conninfo: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(query, args).fetchall()


async def _record(
    client: Client, workflow_id: str, name: str, *, run_id: str | None = None
) -> None:
    assert name in RECORDINGS, f"add {name} to RECORDINGS with what its run must show"
    await record(client, workflow_id, name, run_id=run_id)


async def _deliveries(client: Client, owner_conninfo: str, *names: str) -> None:
    """Record the scenario's webhook deliveries, oldest first, as ``names``."""
    found = rows(
        owner_conninfo,
        "SELECT organization_id, event_id, endpoint_id FROM webhook_deliveries "
        "ORDER BY created_at, id",
    )
    assert len(found) == len(names), found
    for (org, event, endpoint), name in zip(found, names, strict=True):
        await _record(client, delivery_workflow_id(org, event, endpoint), name)


delivered_on_the_fourth_attempt = (
    webhooks.test_a_receiver_failing_three_times_gets_the_event_on_the_fourth_attempt_on_schedule
)


@recording
async def test_records_a_webhook_delivered_on_the_fourth_attempt(hooks, org_a, owner_conninfo):
    await delivered_on_the_fourth_attempt(hooks=hooks, org_a=org_a, owner_conninfo=owner_conninfo)
    await _deliveries(hooks[1].client, owner_conninfo, "webhook_retried_then_delivered")


@recording
async def test_records_a_webhook_whose_endpoint_is_disabled(
    hooks, org_a, owner_conninfo, smtp_sink
):
    await webhooks.test_an_endpoint_failing_for_five_days_is_disabled_and_the_organization_alerted(
        hooks=hooks, org_a=org_a, owner_conninfo=owner_conninfo, smtp_sink=smtp_sink
    )
    await _deliveries(hooks[1].client, owner_conninfo, "webhook_endpoint_disabled")


async def _batches(client: Client, owner_conninfo: str, name: str) -> None:
    [(workflow_id,)] = rows(owner_conninfo, "SELECT workflow_id FROM bulk_bookings")
    await _record(client, workflow_id, name)


@recording
@pytest.mark.parametrize(
    ("scenario", "name"),
    by_recording(
        (bulk.test_an_album_is_planned_held_approved_and_confirmed, "bulk_booking_approved"),
        (
            bulk.test_cancel_while_awaiting_approval_releases_and_closes_the_request,
            "bulk_booking_cancelled_awaiting_approval",
        ),
        (bulk.test_all_or_nothing_with_conflicts_keeps_nothing, "bulk_booking_conflicts_released"),
    ),
)
async def test_records_a_bulk_booking(stack, org_a, owner_conninfo, scenario, name):
    await scenario(stack=stack, org_a=org_a, owner_conninfo=owner_conninfo)
    await _batches(stack[1].client, owner_conninfo, name)


async def _project(client: Client, owner_conninfo: str, name: str) -> None:
    [(workflow_id,)] = rows(
        owner_conninfo, "SELECT organization_id || ':project:' || id FROM projects"
    )
    await _record(client, workflow_id, name)


@recording
@pytest.mark.parametrize(
    ("scenario", "name"),
    by_recording(
        (lifecycle.test_a_four_milestone_project_completes_in_order, "project_completed_in_order"),
        (
            lifecycle.test_delaying_tracking_moves_the_mix_sessions_and_their_reminders,
            "project_replanned",
        ),
    ),
)
async def test_records_a_project(life, org_a, owner_conninfo, scenario, name):
    await scenario(life=life, org_a=org_a, owner_conninfo=owner_conninfo)
    await _project(life[1].client, owner_conninfo, name)


@recording
async def test_records_a_project_cancelled_while_its_first_session_awaits_approval(
    life, org_a, owner_conninfo
):
    """No feature test cancels a running project: the scenario is built from their helpers."""
    api, env, _sink = life
    manager_id, _manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    await create_policy(
        api, org_a, steps=[{"name": "Manager", "approvers": [{"member_id": manager_id}]}]
    )
    pat = await lifecycle.creator(api, org_a, "Pat Producer", "pat@studio.example")
    body = {
        "name": "Single",
        "currency": "EUR",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [lifecycle.session(pat, await lifecycle.server_day(env, 2), 3)],
            },
            {
                "key": "mix",
                "name": "Mix",
                "depends_on": ["tracking"],
                "sessions": [lifecycle.session(pat, await lifecycle.server_day(env, 3), 2)],
            },
        ],
    }
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    r = await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    assert r.status_code == 200, r.text
    [(request_id,)] = await lifecycle.eventually(
        lambda: rows(owner_conninfo, "SELECT id FROM approval_requests WHERE status = 'pending'"),
        "the tracking session's approval request",
    )
    r = await api.post(
        f"/v1/projects/{project['id']}/cancel",
        headers=org_a.headers,
        json={"reason": "the artist left the label"},
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
    chain = env.client.get_workflow_handle(f"{org_a.id}:approval:{request_id}")
    async with env.time_skipping_unlocked():
        with contextlib.suppress(WorkflowFailureError):
            await chain.result()
    assert (await chain.describe()).status == WorkflowExecutionStatus.CANCELED
    await _project(env.client, owner_conninfo, "project_cancelled_awaiting_approval")


@recording
async def test_records_the_dispatcher_sending_reminders_and_dropping_a_late_one(
    life, org_a, owner_conninfo
):
    await lifecycle.test_cancelled_and_started_sessions_get_no_reminders(
        life=life, org_a=org_a, owner_conninfo=owner_conninfo
    )
    # Still running, as it always is: the history so far is what a new worker would replay.
    await _record(life[1].client, dispatcher_id(org_a.id), "lifecycle_dispatcher_reminders")


@recording
async def test_records_a_stakeholder_report(life, org_a):
    """The report feature test names its run with a random id; this one names it to find it."""
    api, env, mail = life
    r = await api.patch(
        "/v1/communication-settings",
        headers=org_a.headers,
        json={"report_recipients": ["ceo@northstar.example"], "brand_name": "Northstar"},
    )
    assert r.status_code == 200, r.text
    queue = api._transport.app.state.settings.temporal_task_queue
    workflow_id = f"{org_a.id}:report:recorded"
    result = await env.client.execute_workflow(
        StakeholderReportWorkflow.run,
        ReportInput(organization_id=org_a.id),
        id=workflow_id,
        task_queue=queue,
    )
    assert result.recipients == ["ceo@northstar.example"] and result.sent == 1
    assert [m["To"] for m in mail.messages] == ["ceo@northstar.example"]
    await _record(env.client, workflow_id, "stakeholder_report")


async def _sync(client: Client, owner_conninfo: str, provider: str, entity_type: str, name: str):
    """Record the (latest run of the) sync of the scenario's one entity of ``entity_type``."""
    [(org, entity_id)] = rows(
        owner_conninfo,
        "SELECT organization_id, entity_id FROM sync_states WHERE provider = %s "
        "AND entity_type = %s",
        provider,
        entity_type,
    )
    sync = SyncInput(
        organization_id=org, provider=provider, entity_type=entity_type, entity_id=entity_id
    )
    await _record(client, sync_workflow_id(sync), name)


@recording
@pytest.mark.parametrize(
    ("scenario", "name"),
    by_recording(
        (
            crm.test_clients_match_by_domain_and_bookings_become_deals_following_their_status,
            "sync_hubspot_client_matched",
        ),
        (
            crm.test_a_token_revoked_after_connecting_shows_on_the_connection_and_the_entity,
            "sync_hubspot_token_revoked",
        ),
    ),
)
async def test_records_a_hubspot_client_sync(
    crm_stack, org_a, hubspot, owner_conninfo, scenario, name
):
    await scenario(crm_stack=crm_stack, org_a=org_a, hubspot=hubspot, owner_conninfo=owner_conninfo)
    await _sync(crm_stack[1].client, owner_conninfo, "hubspot", "client", name)


@recording
async def test_records_a_quickbooks_invoice_adopted_after_a_lost_answer(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    await invoicing.test_a_crash_after_quickbooks_created_the_invoice_adopts_it_on_retry(
        qb_stack=qb_stack, org_a=org_a, quickbooks=quickbooks, owner_conninfo=owner_conninfo
    )
    await _sync(
        qb_stack[1].client,
        owner_conninfo,
        "quickbooks",
        "booking",
        "sync_quickbooks_invoice_adopted_on_retry",
    )


async def _notice(client: Client, owner_conninfo: str, event_type: str, name: str) -> None:
    [(org, event_id)] = rows(
        owner_conninfo, "SELECT organization_id, id FROM events WHERE type = %s", event_type
    )
    notice = NoticeInput(organization_id=org, event_id=event_id, channel=notices.CHANNEL)
    await _record(client, notice_workflow_id(notice), name)


@recording
@pytest.mark.parametrize(
    ("scenario", "event_type", "name"),
    by_recording(
        (
            notices.test_a_routed_event_arrives_once_with_its_blocks_and_an_unrouted_one_never,
            "booking.confirmed",
            "slack_notice_posted",
        ),
        (
            notices.test_a_429_waits_for_retry_after_and_a_lost_answer_is_not_posted_twice,
            "booking.created",
            "slack_notice_retried",
        ),
    ),
)
async def test_records_a_slack_notice(
    notice_stack, time_skipping_env, org_a, slack, owner_conninfo, scenario, event_type, name
):
    await scenario(
        notice_stack=notice_stack,
        time_skipping_env=time_skipping_env,
        org_a=org_a,
        slack=slack,
        owner_conninfo=owner_conninfo,
    )
    await _notice(time_skipping_env.client, owner_conninfo, event_type, name)


async def _run_chain(client: Client, workflow_id: str) -> list[str]:
    """Run ids of the latest run and the runs it continued from, first run first."""
    run_id: str = (await client.get_workflow_handle(workflow_id).describe()).run_id
    chain = [run_id]
    while True:
        history = await client.get_workflow_handle(workflow_id, run_id=chain[0]).fetch_history()
        started = history.events[0].workflow_execution_started_event_attributes
        if not started.continued_execution_run_id:
            return chain
        chain.insert(0, started.continued_execution_run_id)


@recording
async def test_records_a_paged_reconciliation_repairing_drift(
    ts_stack, time_skipping_env, org_a, hubspot
):
    """The feature test starts a second run under the same id, which hides the first chain:
    the scenario is its first half, built from its helpers."""
    api, queue, relay = ts_stack
    env = time_skipping_env
    await reconciliation._connect(api, org_a)
    _client, _bookings, (d1, d2, _d3) = await reconciliation._client_and_bookings(
        api, org_a, env, relay, 3
    )
    del hubspot.objects["deals"][d1]
    hubspot.objects["deals"][d2]["dealstage"] = "closedwon"
    # Two mappings a page, one page a run: five mappings take three runs chained by
    # continue-as-new.
    job = ReconcileInput(organization_id=org_a.id, provider="hubspot", page_size=2, pages_per_run=1)
    async with env.time_skipping_unlocked():
        summary = await reconciliation._reconcile(env, job, queue)
    assert (summary.status, summary.checked, summary.repaired) == ("completed", 5, 2)
    workflow_id = f"{org_a.id}:reconcile:hubspot"
    first, *_middle, last = await _run_chain(env.client, workflow_id)
    await _record(env.client, workflow_id, "reconcile_page_continued_as_new", run_id=first)
    await _record(env.client, workflow_id, "reconcile_last_page_completed", run_id=last)


@recording
async def test_records_a_reconciliation_stopped_by_a_revoked_token(
    ts_stack, time_skipping_env, org_a, org_b, hubspot
):
    await reconciliation.test_a_revoked_token_stops_reconciliation_and_shows_on_the_connection(
        ts_stack=ts_stack,
        time_skipping_env=time_skipping_env,
        org_a=org_a,
        org_b=org_b,
        hubspot=hubspot,
    )
    await _record(time_skipping_env.client, f"{org_a.id}:reconcile:hubspot", "reconcile_stopped")
