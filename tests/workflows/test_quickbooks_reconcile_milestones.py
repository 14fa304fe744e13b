"""QuickBooks beyond one invoice per session: payments read back by the reconciliation
Schedule's run (no re-push needed), a deleted invoice recreated once, and invoicing per
milestone — never two invoices for the same work, in either order. The real python-quickbooks
and intuit-oauth clients against the QuickBooks stub, workflows on the time-skipping server."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from temporalio.client import WorkflowExecutionStatus

from activities.projects import ProjectActivities
from activities.quickbooks.invoicing import QuickBooksInvoicing
from activities.quickbooks.reconciliation import QuickBooksReconciliation
from activities.reconcile import ReconcileActivities
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker, tenant_session
from core.ids import new_id
from domain.finance.invoicing import invoice_doc_number
from domain.projects.models import Milestone, MilestoneSession, Project
from integrations.quickbooks import QuickBooksEndpoints, QuickBooksGateway
from tests.stubs.quickbooks_stub import QuickBooksStub
from tests.support.quickbooks import (
    CLIENT_ID,
    CLIENT_SECRET,
    REALM,
    add_client,
    completed_session,
    connect_quickbooks,
    fetch_rows,
)
from tests.support.workers import whole_worker
from workflows.clients.sync import request_sync, sync_workflow_id
from workflows.project_types import FinishInput, ProjectStepInput
from workflows.reconcile import ReconcileWorkflow
from workflows.reconcile_types import ReconcileInput
from workflows.sync_types import SyncInput


@pytest.fixture
def qbo():
    with QuickBooksStub(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, realm_id=REALM) as stub:
        yield stub


@pytest.fixture
async def qbr(time_skipping_env, engine, app_factory, settings, org_a, qbo, sessionmaker):
    """API and the project's whole worker, with syncs and reconciliation pointed at the stub;
    yields (api, env, relay, reconcile)."""
    env = time_skipping_env
    queue = f"qbr-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=env.client, temporal_task_queue=queue)
    endpoints = QuickBooksEndpoints(qbo.api_url, qbo.discovery_url)
    gateway = QuickBooksGateway(production=endpoints, sandbox=endpoints, timeout=5)
    api._transport.app.state.quickbooks_gateway = gateway  # type: ignore[attr-defined]
    maker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    invoicing = QuickBooksInvoicing(maker, box, gateway=gateway)
    syncs = SyncActivities(maker, box, quickbooks=invoicing.push)
    reconcile = ReconcileActivities(
        maker, box, quickbooks=QuickBooksReconciliation(maker, invoicing)
    )

    async def run_reconcile(org_id: str):
        """As the Schedule would: one run, awaited in real time (it has no timers; skipping
        time while its activities run would time them out and run them twice)."""
        handle = await env.client.start_workflow(
            ReconcileWorkflow.run,
            ReconcileInput(organization_id=org_id, provider="quickbooks", page_size=2),
            id=f"{org_id}:reconcile:quickbooks:{uuid.uuid4().hex[:6]}",
            task_queue=queue,
        )
        for _ in range(300):
            if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
                break
            await asyncio.sleep(0.1)
        return await handle.result()

    async with whole_worker(
        env, engine, settings, queue, org_a.id, [syncs.push, reconcile.check_page, reconcile.record]
    ) as relay:
        yield api, env, relay, run_reconcile, queue


def _sync(org_id: str, entity_type: str, entity_id: str) -> SyncInput:
    return SyncInput(
        organization_id=org_id,
        provider="quickbooks",
        entity_type=entity_type,  # type: ignore[arg-type]
        entity_id=entity_id,
    )


async def _pushed(env, org_id: str, entity_type: str, entity_id: str) -> dict:
    handle = env.client.get_workflow_handle(sync_workflow_id(_sync(org_id, entity_type, entity_id)))
    async with env.time_skipping_unlocked():
        return await handle.result()


def _invoice_events(owner_conninfo: str) -> list[dict]:
    rows = fetch_rows(
        owner_conninfo, "SELECT data FROM events WHERE type = 'invoice.created' ORDER BY created_at"
    )
    return [data for (data,) in rows]


LEDGER = "SELECT external_ref, amount_minor FROM ledger_entries ORDER BY external_ref"


async def test_reconciliation_reads_payments_back_and_recreates_a_deleted_invoice_once(
    qbr, org_a, org_b, qbo, owner_conninfo
):
    api, env, relay, run_reconcile, _queue = qbr
    await connect_quickbooks(api, org_a, qbo)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    first = await _pushed(env, org_a.id, "booking", booking["id"])
    assert first["status"] == "synced" and first["payment_status"] == "open"
    invoice_id = first["external_id"]

    # Paid in QuickBooks; the scheduled run brings it into the ledger, no push needed.
    qbo.pay(invoice_id, "80.00")
    summary = await run_reconcile(org_a.id)
    assert (summary.status, summary.checked, summary.repaired) == ("completed", 1, 0)
    assert fetch_rows(owner_conninfo, LEDGER) == [(f"quickbooks:invoice:{invoice_id}", 8000)]
    qbo.pay(invoice_id, "120.00")
    await run_reconcile(org_a.id)
    assert fetch_rows(owner_conninfo, LEDGER) == [(f"quickbooks:invoice:{invoice_id}", 20000)]
    assert len(qbo.writes("invoice")) == 1

    # Deleted in QuickBooks: the booking still warrants it, so its sync creates it again —
    # once, under the same DocNumber, with a requestid of its own — and the deleted one's
    # payments leave the ledger.
    del qbo.invoices[invoice_id]
    summary = await run_reconcile(org_a.id)
    assert summary.repaired == 1
    again = await _pushed(env, org_a.id, "booking", booking["id"])
    assert again["status"] == "synced" and again["external_id"] != invoice_id
    [recreated] = qbo.invoices.values()
    assert recreated["DocNumber"] == invoice_doc_number(org_a.id, booking["id"])
    request_ids = [r.query.get("requestid") for r in qbo.writes("invoice")]
    assert len(set(request_ids)) == 2 and request_ids[1].endswith(f"-after-{invoice_id}")
    events = _invoice_events(owner_conninfo)
    assert [e["external_id"] for e in events] == [invoice_id, recreated["Id"]]
    assert events[1]["replaces"] == invoice_id
    assert fetch_rows(owner_conninfo, LEDGER) == []  # the new invoice is open
    assert (await run_reconcile(org_a.id)).repaired == 0
    assert len(qbo.writes("invoice")) == 2

    # Another organization's run sees none of it and stops: it is not connected.
    other = await run_reconcile(org_b.id)
    assert other.status == "stopped" and other.checked == 0


async def test_a_revoked_authorization_stops_reconciliation_and_shows_on_the_connection(
    qbr, org_a, qbo, owner_conninfo
):
    api, env, relay, run_reconcile, _queue = qbr
    await connect_quickbooks(api, org_a, qbo)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    await _pushed(env, org_a.id, "booking", booking["id"])
    qbo.revoke_all()
    summary = await run_reconcile(org_a.id)
    assert summary.status == "stopped" and "reconnect QuickBooks" in summary.reason
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error" and "reconnect QuickBooks" in connection["last_error"]


# --- invoicing per milestone -------------------------------------------------------------


async def _milestone(sessionmaker, org, bookings: list[dict]) -> tuple[str, str]:
    """A project whose one milestone was booked with ``bookings`` (as the ProjectWorkflow
    would have booked them); returns (project id, milestone id)."""
    project_id, milestone_id = new_id("prj"), new_id("mst")
    async with tenant_session(sessionmaker, [org.id]) as session:
        session.add(
            Project(
                id=project_id,
                organization_id=org.id,
                name="Debut album",
                currency="USD",
                status="active",
                created_by="test",
                started_at=datetime.now(UTC),
            )
        )
        await session.flush()
        session.add(
            Milestone(
                id=milestone_id,
                organization_id=org.id,
                project_id=project_id,
                key="tracking",
                name="Tracking",
                status="booked",
                checklist=[],
                depends_on=[],
                booked_at=datetime.now(UTC),
            )
        )
        await session.flush()
        for booking in bookings:
            session.add(
                MilestoneSession(
                    id=new_id("mss"),
                    organization_id=org.id,
                    project_id=project_id,
                    milestone_id=milestone_id,
                    creator_id=booking["creator_id"],
                    title=booking["title"],
                    start=datetime.fromisoformat(booking["start"]),
                    duration_minutes=120,
                    booking_id=booking["id"],
                    status="booked",
                )
            )
    return project_id, milestone_id


async def _complete_milestone(sessionmaker, org, project_id: str) -> None:
    """The ProjectWorkflow's step: it finds the milestone done and records it."""
    progress = await ProjectActivities(sessionmaker).step(
        ProjectStepInput(organization_id=org.id, project_id=project_id, now=datetime.now(UTC))
    )
    assert progress.milestones[0].status == "done", progress


async def _invoice_per(api, org, choice: str) -> None:
    r = await api.patch(
        "/v1/integrations/quickbooks", json={"invoice_per": choice}, headers=org.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["invoice_per"] == choice and r.json()["reconcile_every_hours"] == 24


async def test_per_milestone_one_invoice_with_a_line_per_completed_session(
    qbr, org_a, qbo, owner_conninfo, sessionmaker
):
    api, env, relay, run_reconcile, _queue = qbr
    await connect_quickbooks(api, org_a, qbo)
    await _invoice_per(api, org_a, "milestone")
    client_id = await add_client(api, org_a)
    sessions = [
        await completed_session(api, org_a, owner_conninfo, client_id, title=t)
        for t in ("Drums", "Bass")
    ]
    project_id, milestone_id = await _milestone(sessionmaker, org_a, sessions)
    await relay()  # both booking.completed events: pushed through the milestone's sync
    waiting = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert waiting["status"] == "skipped" and "when the milestone is done" in waiting["error"]
    assert not qbo.invoices

    await _complete_milestone(sessionmaker, org_a, project_id)
    await relay()  # project.milestone_completed
    result = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert result["status"] == "synced"
    [invoice] = qbo.invoices.values()
    assert invoice["DocNumber"] == invoice_doc_number(org_a.id, milestone_id)
    assert [line["Amount"] for line in invoice["Line"]] == ["200.00", "200.00"]
    assert "Drums" in invoice["Line"][0]["Description"]
    assert "Bass" in invoice["Line"][1]["Description"]
    assert invoice["TotalAmt"] == "400.00" and milestone_id in invoice["PrivateNote"]
    [event] = _invoice_events(owner_conninfo)
    assert event["milestone_id"] == milestone_id and event["booking_id"] is None
    assert sorted(event["booking_ids"]) == sorted(s["id"] for s in sessions)
    assert fetch_rows(
        owner_conninfo,
        "SELECT type FROM events WHERE type = 'project.milestone_completed' AND data->>'id' = %s",
        milestone_id,
    ) == [("project.milestone_completed",)]

    # Paid: the milestone's revenue is the project's; the reconciliation run reads it back.
    qbo.pay(invoice["Id"], "400.00")
    await run_reconcile(org_a.id)
    assert fetch_rows(
        owner_conninfo, "SELECT project_id, booking_id, amount_minor FROM ledger_entries"
    ) == [(project_id, None, 40000)]

    # The other order: switching back to per-session and pushing a session again (a repair,
    # a late event) bills nothing twice.
    await _invoice_per(api, org_a, "session")
    for session in sessions:
        await request_sync(env.client, _sync(org_a.id, "booking", session["id"]), task_queue=_queue)
    again = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert again["external_id"] == invoice["Id"]
    assert len(qbo.writes("invoice")) == 1 and len(qbo.invoices) == 1


async def test_a_session_invoiced_on_its_own_is_left_off_the_milestone_invoice(
    qbr, org_a, qbo, owner_conninfo, sessionmaker
):
    api, env, relay, _run, _queue = qbr
    await connect_quickbooks(api, org_a, qbo)  # per session, the default
    client_id = await add_client(api, org_a)
    drums = await completed_session(api, org_a, owner_conninfo, client_id, title="Drums")
    project_id, milestone_id = await _milestone(sessionmaker, org_a, [drums])
    await relay()
    alone = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert alone["status"] == "synced"
    [own] = qbo.invoices.values()
    assert own["DocNumber"] == invoice_doc_number(org_a.id, drums["id"])

    # Now per milestone; a second session completes, then the milestone.
    await _invoice_per(api, org_a, "milestone")
    bass = await completed_session(api, org_a, owner_conninfo, client_id, title="Bass")
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        session.add(
            MilestoneSession(
                id=new_id("mss"),
                organization_id=org_a.id,
                project_id=project_id,
                milestone_id=milestone_id,
                creator_id=bass["creator_id"],
                title="Bass",
                start=datetime.fromisoformat(bass["start"]),
                duration_minutes=120,
                booking_id=bass["id"],
                status="booked",
            )
        )
    await _complete_milestone(sessionmaker, org_a, project_id)
    await relay()
    await _pushed(env, org_a.id, "milestone", milestone_id)
    milestone_invoice = next(i for i in qbo.invoices.values() if i["Id"] != own["Id"])
    assert [line["Description"].split(" — ")[0] for line in milestone_invoice["Line"]] == ["Bass"]
    assert len(qbo.invoices) == 2 and len(qbo.writes("invoice")) == 2


async def test_invoice_per_is_validated_and_kept_on_reconnect(qbr, org_a, qbo):
    api, *_ = qbr
    r = await api.patch(
        "/v1/integrations/quickbooks", json={"invoice_per": "project"}, headers=org_a.headers
    )
    assert r.status_code == 422 and r.json()["param"] == "invoice_per"
    r = await api.patch(
        "/v1/integrations/hubspot", json={"invoice_per": "milestone"}, headers=org_a.headers
    )
    assert r.status_code == 422 and r.json()["param"] == "invoice_per"
    r = await api.patch("/v1/integrations/quickbooks", json={}, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["code"] == "no_settings"
    r = await api.patch(
        "/v1/integrations/quickbooks", json={"invoice_per": "milestone"}, headers=org_a.headers
    )
    assert r.status_code == 404  # not connected yet
    await connect_quickbooks(api, org_a, qbo)
    await _invoice_per(api, org_a, "milestone")
    connected = await connect_quickbooks(api, org_a, qbo)  # a new token keeps the choice
    assert connected["settings"]["invoice_per"] == "milestone"


async def test_per_milestone_a_cancelled_milestones_completed_sessions_are_still_invoiced(
    qbr, org_a, qbo, owner_conninfo, sessionmaker
):
    """The project is cancelled before the milestone is done: the work that did happen is
    billed on the milestone's one invoice, not forgotten."""
    api, env, relay, _run, _queue = qbr
    await connect_quickbooks(api, org_a, qbo)
    await _invoice_per(api, org_a, "milestone")
    client_id = await add_client(api, org_a)
    drums = await completed_session(api, org_a, owner_conninfo, client_id, title="Drums")
    project_id, milestone_id = await _milestone(sessionmaker, org_a, [drums])
    await relay()
    waiting = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert waiting["status"] == "skipped" and not qbo.invoices

    await ProjectActivities(sessionmaker).finish(
        FinishInput(
            organization_id=org_a.id,
            project_id=project_id,
            status="cancelled",
            reason="the album was dropped",
            now=datetime.now(UTC),
        )
    )
    await relay()  # project.milestone_cancelled
    result = await _pushed(env, org_a.id, "milestone", milestone_id)
    assert result["status"] == "synced", result
    [invoice] = qbo.invoices.values()
    assert invoice["DocNumber"] == invoice_doc_number(org_a.id, milestone_id)
    assert [line["Amount"] for line in invoice["Line"]] == ["200.00"]
    assert "Drums" in invoice["Line"][0]["Description"]
    assert fetch_rows(
        owner_conninfo,
        "SELECT type FROM events WHERE type = 'project.milestone_cancelled' AND data->>'id' = %s",
        milestone_id,
    ) == [("project.milestone_cancelled",)]
