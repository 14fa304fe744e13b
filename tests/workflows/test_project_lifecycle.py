"""ProjectWorkflow and the lifecycle dispatcher on the time-skipping server, with the real API,
the real worker, PostgreSQL and a real SMTP server (aiosmtpd) receiving the mail.

Times are taken from the test server's clock (it runs ahead of the wall clock once a test has
skipped time). Completing a session needs its start to be past on the *wall* clock (the API
checks), so those tests move a booking into the past through the owner connection first:
the session "happened".
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
from temporalio.client import WorkflowExecutionStatus, WorkflowFailureError
from temporalio.testing import WorkflowEnvironment

from core.workflow_ids import dispatcher_workflow_id
from tests.support.approvals import WEEK, create_policy, decide, member_key
from tests.support.harness import start_time_skipping_server
from tests.support.histories import keep, keep_project
from tests.support.projects import (
    booked,
    complete,
    eventually,
    milestones,
    server_day,
    session,
    sql,
)
from worker import build_worker
from workflows.clients.lifecycle import start_dispatcher
from workflows.lifecycle import LifecycleDispatcherWorkflow, StakeholderReportWorkflow
from workflows.lifecycle_types import ReportInput


@pytest.fixture(scope="module")
async def lifecycle_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server of this module's own: these tests skip days, and the shared
    server's clock is read by other tests that compare it with the wall clock."""
    env = await start_time_skipping_server()
    yield env
    await env.shutdown()


@pytest.fixture
async def life(lifecycle_env, engine, app_factory, settings, smtp_sink, org_a, owner_conninfo):
    time_skipping_env = lifecycle_env
    receiver, port = smtp_sink
    queue = f"life-{uuid.uuid4().hex[:8]}"
    worker_settings = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "temporal_task_queue": queue}
    )
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    worker = build_worker(
        time_skipping_env.client,
        engine,
        task_queue=queue,
        identity="life",
        settings=worker_settings,
    )
    async with worker:
        # What the worker's supervisor does for every organization when it starts.
        await start_dispatcher(time_skipping_env.client, org_a.id, task_queue=queue)
        yield api, time_skipping_env, receiver
        # Terminate while the worker runs: the server skips time for every workflow at once.
        with psycopg.connect(owner_conninfo) as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT organization_id || ':project:' || id FROM projects "
                    "UNION ALL SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
                )
            ]
        for workflow_id in [*ids, dispatcher_workflow_id(org_a.id)]:
            with contextlib.suppress(Exception):
                await time_skipping_env.client.get_workflow_handle(workflow_id).terminate("done")


async def creator(api, org, name: str, email_address: str) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": name,
            "email": email_address,
            "timezone": "Europe/Berlin",
            "currency": "EUR",
            "hourly_rate": "50",
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_a_four_milestone_project_completes_in_order(life, org_a, owner_conninfo):
    api, env, _sink = life
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    body = {
        "name": "Debut album",
        "currency": "EUR",
        "budget": "5000",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [session(pat, await server_day(env, 2), 4)],
            },
            {
                "key": "overdubs",
                "name": "Overdubs",
                "depends_on": ["tracking"],
                "sessions": [session(pat, await server_day(env, 3), 2)],
            },
            {
                "key": "mixing",
                "name": "Mixing",
                "depends_on": ["overdubs"],
                "sessions": [session(pat, await server_day(env, 4), 3)],
            },
            {
                "key": "mastering",
                "name": "Mastering",
                "depends_on": ["mixing"],
                "sessions": [session(pat, await server_day(env, 5), 2)],
                "checklist": [{"id": "masters", "label": "Masters delivered"}],
            },
        ],
    }
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    r = await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["status"] == "active", r.text

    order = ["tracking", "overdubs", "mixing", "mastering"]
    for index, key in enumerate(order):
        booking_id = await booked(api, org_a, project["id"], key)
        state = await milestones(api, org_a, project["id"])
        # Nothing after this milestone is booked before it is done.
        for later in order[index + 1 :]:
            assert state[later]["status"] == "pending", (key, later)
            assert state[later]["sessions"][0]["booking_id"] is None
        await complete(api, org_a, owner_conninfo, booking_id, days_ago=10 - index)
        if key == "mastering":
            progress = (
                await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
            ).json()
            assert progress["status"] == "active"  # the checklist is still open
            r = await api.post(
                f"/v1/milestones/{state[key]['id']}/checklist",
                headers=org_a.headers,
                json={"item_id": "masters"},
            )
            assert r.status_code == 200, r.text

    handle = env.client.get_workflow_handle(f"{org_a.id}:project:{project['id']}")
    result = await handle.result()
    assert result["status"] if isinstance(result, dict) else result.status == "completed"
    final = (await api.get(f"/v1/projects/{project['id']}", headers=org_a.headers)).json()
    assert final["status"] == "completed"
    done = {m["key"]: m for m in final["milestones"]}
    # As instants: a timestamp on a whole second is serialised without a fraction, which
    # would sort after one with a fraction of the same second as text.
    finished = [datetime.fromisoformat(done[k]["completed_at"]) for k in order]
    booked_at = [datetime.fromisoformat(done[k]["booked_at"]) for k in order]
    assert all(m["status"] == "done" for m in done.values())
    assert finished == sorted(finished)
    for previous, following in itertools.pairwise(order):
        assert datetime.fromisoformat(done[following]["booked_at"]) >= datetime.fromisoformat(
            done[previous]["completed_at"]
        )
    assert booked_at == sorted(booked_at)
    await keep_project(env.client, owner_conninfo, "project_completed_in_order")


async def test_delaying_tracking_moves_the_mix_sessions_and_their_reminders(
    life, org_a, owner_conninfo
):
    api, env, sink = life
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    mo = await creator(api, org_a, "Mo Mixer", "mo@mix.example")
    tracking_start = await server_day(env, 2)
    mix_start = await server_day(env, 3)
    body = {
        "name": "EP",
        "currency": "EUR",
        "milestones": [
            {"key": "tracking", "name": "Tracking", "sessions": [session(pat, tracking_start, 4)]},
            {
                "key": "mix",
                "name": "Mix",
                "depends_on": ["tracking"],
                "sessions": [session(mo, mix_start, 3)],
            },
        ],
    }
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    tracking_booking = await booked(api, org_a, project["id"], "tracking")

    r = await api.post(
        f"/v1/projects/{project['id']}/replan",
        headers=org_a.headers,
        json={
            "milestone_id": (await milestones(api, org_a, project["id"]))["tracking"]["id"],
            "delay_days": 2,
            "reason": "singer ill",
        },
    )
    assert r.status_code == 200, r.text
    progress = {m["key"]: m for m in r.json()["milestones"]}
    assert progress["mix"]["shift_minutes"] == 2 * 24 * 60
    assert datetime.fromisoformat(progress["mix"]["planned_start"]) == mix_start + timedelta(days=2)
    moved = (await api.get(f"/v1/bookings/{tracking_booking}", headers=org_a.headers)).json()
    assert datetime.fromisoformat(moved["start"]) == tracking_start + timedelta(days=2)
    state = await milestones(api, org_a, project["id"])
    assert datetime.fromisoformat(state["mix"]["sessions"][0]["planned_start"]) == (
        mix_start + timedelta(days=2)
    )

    await complete(api, org_a, owner_conninfo, tracking_booking, days_ago=9)
    mix_booking = await booked(api, org_a, project["id"], "mix")
    # A replan the workflow refuses (tracking is done) keeps nothing of what was typed.
    refused = await api.post(
        f"/v1/projects/{project['id']}/replan",
        headers=org_a.headers,
        json={
            "milestone_id": (await milestones(api, org_a, project["id"]))["tracking"]["id"],
            "delay_days": 1,
            "reason": "a note on a refused replan",
        },
    )
    assert refused.status_code == 409, refused.text
    assert not sql(
        owner_conninfo, "SELECT 1 FROM free_texts WHERE body = %s", "a note on a refused replan"
    )
    mix = (await api.get(f"/v1/bookings/{mix_booking}", headers=org_a.headers)).json()
    new_start = mix_start + timedelta(days=2)
    assert datetime.fromisoformat(mix["start"]) == new_start

    # Skip to just past the 24-hour reminder of the *moved* mix session.
    await env.sleep(
        new_start - timedelta(hours=24) - await env.get_current_time() + timedelta(minutes=5)
    )
    rows = await eventually(
        lambda: sql(
            owner_conninfo,
            "SELECT due_at, recipient FROM notifications_sent "
            "WHERE subject_id = %s AND kind = 'reminder'",
            mix_booking,
        ),
        "the mix reminder",
    )
    assert {due for due, _r in rows} == {new_start - timedelta(hours=24)}
    assert "mo@mix.example" in {r for _d, r in rows}
    mail = await eventually(
        lambda: [
            m
            for m in sink.messages
            if m["To"] == "mo@mix.example" and m["Subject"].startswith("Reminder")
        ],
        "the reminder e-mail",
    )
    text = next(p for p in mail[0].walk() if p.get_content_type() == "text/plain").get_content()
    # In the creator's timezone (Berlin is UTC+1 or +2), on the new day.
    local = new_start.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.strftime("%H:%M") in text and "Europe/Berlin" in text
    # Never at the original time, never twice.
    assert not sql(
        owner_conninfo,
        "SELECT 1 FROM notifications_sent WHERE subject_id = %s "
        "AND kind = 'reminder' AND due_at < %s",
        mix_booking,
        new_start - timedelta(hours=25),
    )
    await keep_project(env.client, owner_conninfo, "project_replanned")


async def test_cancelled_and_started_sessions_get_no_reminders(life, org_a, owner_conninfo):
    api, env, sink = life
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    now = await env.get_current_time()
    start = (now + timedelta(hours=30)).replace(minute=0, second=0, microsecond=0)

    async def book(at: datetime) -> str:
        r = await api.post(
            "/v1/bookings",
            headers=org_a.headers,
            json={
                "creator_id": pat,
                "start": at.isoformat(),
                "end": (at + timedelta(hours=2)).isoformat(),
                "status": "confirmed",
            },
        )
        assert r.status_code == 201, r.text
        return r.json()["id"]

    kept = await book(start)
    cancelled = await book(start + timedelta(hours=3))
    r = await api.post(
        f"/v1/bookings/{cancelled}/cancel",
        headers=org_a.headers,
        json={"reason": "client pulled out"},
    )
    assert r.status_code == 200

    def reminders(booking_id: str) -> list[tuple[Any, ...]]:
        return sql(
            owner_conninfo,
            "SELECT key, due_at, sent_at FROM notifications_sent "
            "WHERE subject_id = %s AND kind = 'reminder' ORDER BY due_at",
            booking_id,
        )

    # Past both reminders and past the start of the kept session.
    await env.sleep(start + timedelta(hours=6) - await env.get_current_time())
    # Creator and booker each get the 24-hour and the 1-hour reminder, once.
    rows = await eventually(lambda: len(reminders(kept)) == 4 and reminders(kept), "reminders")
    pats = [due for key, due, _s in rows if key.endswith(":pat@studio.example")]
    assert pats == [start - timedelta(hours=24), start - timedelta(hours=1)]
    assert all(sent < start for _k, _d, sent in rows)
    assert reminders(cancelled) == []
    assert not sql(
        owner_conninfo,
        "SELECT 1 FROM email_outbox WHERE subject_id = %s AND kind = 'reminder'",
        cancelled,
    )
    to_pat = [m["Subject"] for m in sink.messages if m["To"] == "pat@studio.example"]
    assert sum(s.startswith("Reminder") for s in to_pat) == 2

    # A reminder that was queued but not delivered before the session started is dropped.
    sql(
        owner_conninfo,
        "INSERT INTO email_outbox (id, organization_id, kind, to_address, subject, html, text, "
        "subject_id, not_after, status, attempts, last_error, created_at) VALUES ('eml_late', "
        "%s, 'reminder', 'pat@studio.example', 'Reminder: late', '<p>x</p>', 'x', %s, %s, "
        "'queued', 0, '', now())",
        org_a.id,
        kept,
        start,
    )
    await env.client.get_workflow_handle_for(
        LifecycleDispatcherWorkflow.run, dispatcher_workflow_id(org_a.id)
    ).signal(LifecycleDispatcherWorkflow.wake)
    late = await eventually(
        lambda: (
            (
                r := sql(
                    owner_conninfo,
                    "SELECT status, last_error FROM email_outbox WHERE id = 'eml_late'",
                )
            )
            and r[0][0] != "queued"
            and r[0]
        ),
        "the late reminder to be settled",
    )
    assert late[0] == "dropped" and "started" in late[1]
    assert not any(m["Subject"] == "Reminder: late" for m in sink.messages)
    # Still running, as it always is: the history so far is what a new worker would replay.
    await keep(env.client, dispatcher_workflow_id(org_a.id), "lifecycle_dispatcher_reminders")


async def test_the_chaser_stops_when_the_approval_is_decided(life, org_a, owner_conninfo):
    api, env, sink = life
    manager_id, manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    await create_policy(
        api,
        org_a,
        steps=[
            {
                "name": "Manager",
                "approvers": [{"member_id": manager_id}],
                "timeout_hours": 24 * 30,
                "reminder_every_hours": None,
            }
        ],
    )
    start = await server_day(env, 20)
    r = await api.post(
        "/v1/bookings",
        headers=org_a.headers,
        json={
            "creator_id": pat,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "status": "confirmed",
        },
    )
    assert r.status_code == 201 and r.json()["status"] == "pending_approval", r.text
    request_id = r.json()["approval_request_id"]

    def chasers() -> list[tuple[Any, ...]]:
        return sql(
            owner_conninfo,
            "SELECT key FROM notifications_sent WHERE subject_id = %s AND kind = 'chaser'",
            request_id,
        )

    await env.sleep(timedelta(hours=25))
    sent = await eventually(chasers, "a chaser")
    assert all(key.endswith(":mara@northstar.example") for (key,) in sent)
    await eventually(
        lambda: any(
            m["To"] == "mara@northstar.example" and m["Subject"].startswith("Still")
            for m in sink.messages
        ),
        "the chaser e-mail",
    )
    decision = await decide(api, manager, request_id, "approve")
    assert decision.status_code == 200, decision.text
    await env.client.get_workflow_handle(f"{org_a.id}:approval:{request_id}").result()
    count = len(chasers())
    await env.sleep(timedelta(hours=73))
    await asyncio.sleep(1.0)
    assert len(chasers()) == count
    assert not sql(
        owner_conninfo,
        "SELECT 1 FROM email_outbox WHERE subject_id = %s AND status = 'queued'",
        request_id,
    )


async def test_the_weekly_report_summarises_spend_and_reaches_the_recipients(
    life, org_a, owner_conninfo
):
    api, env, sink = life
    queue = api._transport.app.state.settings.temporal_task_queue
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    ceo = {"email": "ceo@northstar.example", "name": "Cee Eo", "role": "viewer"}
    assert (await api.post("/v1/members", headers=org_a.headers, json=ceo)).status_code == 201
    r = await api.patch(
        "/v1/communication-settings",
        headers=org_a.headers,
        json={"report_recipients": ["ceo@northstar.example"], "brand_name": "Northstar"},
    )
    assert r.status_code == 200, r.text
    project = await api.post(
        "/v1/projects",
        headers=org_a.headers,
        json={
            "name": "Debut album",
            "currency": "EUR",
            "budget": "1000",
            "milestones": [
                {
                    "key": "tracking",
                    "name": "Tracking",
                    "due_at": (await server_day(env, 3)).isoformat(),
                    "sessions": [session(pat, await server_day(env, 2), 2)],
                },
            ],
        },
    )
    project_id = project.json()["id"]
    await api.post(f"/v1/projects/{project_id}/start", headers=org_a.headers)
    await booked(api, org_a, project_id, "tracking")

    report_id = f"{org_a.id}:report:test-{uuid.uuid4().hex[:6]}"
    result = await env.client.execute_workflow(
        StakeholderReportWorkflow.run,
        ReportInput(organization_id=org_a.id),
        id=report_id,
        task_queue=queue,
    )
    # The run delivers every e-mail of the organization still queued, so ``sent`` may also
    # count a booking notice the dispatcher queued meanwhile. A delivery of the dispatcher's
    # running at that moment may hold the report's own row (deliveries skip a locked row) and
    # send it a moment after the report returns: it is sent once, by one of them.
    assert result.recipients == ["ceo@northstar.example"]
    await eventually(
        lambda: (
            sql(
                owner_conninfo,
                "SELECT status FROM email_outbox WHERE organization_id = %s "
                "AND kind = 'weekly_report'",
                org_a.id,
            )
            == [("sent",)]
        ),
        "the report's e-mail sent",
    )
    # (Counts of the week depend on the test server's clock, which earlier tests moved on.)
    (report,) = await eventually(
        lambda: [m for m in sink.messages if m["To"] == "ceo@northstar.example"],
        "the report in the sink",
    )
    text = next(p for p in report.walk() if p.get_content_type() == "text/plain").get_content()
    assert report["Subject"].startswith("Northstar")
    assert "Debut album: 100.00 / 1000.00 EUR" in text  # 2 h at 50 EUR spent of the budget
    assert "Tracking" in text
    await keep(env.client, report_id, "stakeholder_report")


async def test_cancelling_a_project_cancels_the_approval_its_first_session_awaits(
    life, org_a, owner_conninfo
):
    api, env, _sink = life
    manager_id, _manager = await member_key(api, org_a, "mara@northstar.example", "manager")
    await create_policy(
        api, org_a, steps=[{"name": "Manager", "approvers": [{"member_id": manager_id}]}]
    )
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    body = {
        "name": "Single",
        "currency": "EUR",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [session(pat, await server_day(env, 2), 3)],
            },
            {
                "key": "mix",
                "name": "Mix",
                "depends_on": ["tracking"],
                "sessions": [session(pat, await server_day(env, 3), 2)],
            },
        ],
    }
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    r = await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    assert r.status_code == 200, r.text
    [(request_id,)] = await eventually(
        lambda: sql(owner_conninfo, "SELECT id FROM approval_requests WHERE status = 'pending'"),
        "the tracking session's approval request",
    )
    r = await api.post(
        f"/v1/projects/{project['id']}/cancel",
        headers=org_a.headers,
        json={"reason": "the artist left the label"},
    )
    assert r.status_code == 200 and r.json()["status"] == "cancelled", r.text
    # The typed reason went to the workflow by reference and still reads as typed.
    assert r.json()["status_reason"] == "the artist left the label"
    chain = env.client.get_workflow_handle(f"{org_a.id}:approval:{request_id}")
    async with env.time_skipping_unlocked():
        with contextlib.suppress(WorkflowFailureError):
            await chain.result()
    assert (await chain.describe()).status == WorkflowExecutionStatus.CANCELED
    await keep_project(env.client, owner_conninfo, "project_cancelled_awaiting_approval")


async def test_a_projects_sessions_are_booked_for_its_artist(life, org_a):
    """A session booked for an artist's project counts for that artist (roster, budgets)."""
    api, env, _sink = life
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    r = await api.post("/v1/artists", headers=org_a.headers, json={"name": "Nova"})
    assert r.status_code == 201, r.text
    artist_id = r.json()["id"]
    body = {
        "name": "Nova EP",
        "currency": "EUR",
        "artist_id": artist_id,
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [session(pat, await server_day(env, 2), 2)],
            }
        ],
    }
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    r = await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    assert r.status_code == 200, r.text
    booking_id = await booked(api, org_a, project["id"], "tracking")
    booking = (await api.get(f"/v1/bookings/{booking_id}", headers=org_a.headers)).json()
    assert booking["artist_id"] == artist_id
    assert booking["project_id"] == project["id"]


async def test_a_fixed_session_inside_the_lead_time_is_refused_at_start_not_moved(life, org_a):
    """A dependency-free milestone's fixed session less than an hour ahead is refused with its
    reason when the project starts; nothing is shifted by a day in silence."""
    api, _env, _sink = life
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    soon = datetime.now(UTC) + timedelta(minutes=20)  # the API's clock decides the start
    body = {
        "name": "Late night",
        "currency": "EUR",
        "milestones": [
            {"key": "tracking", "name": "Tracking", "sessions": [session(pat, soon, 1)]}
        ],
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert r.status_code == 201, r.text
    project = r.json()
    r = await api.post(f"/v1/projects/{project['id']}/start", headers=org_a.headers)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "session_too_soon"
    assert "Tracking" in problem["detail"] and "1 hour" in problem["detail"]
    state = (await api.get(f"/v1/projects/{project['id']}", headers=org_a.headers)).json()
    assert state["status"] == "draft"
    assert state["milestones"][0]["shift_minutes"] == 0
