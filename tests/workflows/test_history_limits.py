"""The long-lived workflows hand over to a new run before their history grows too long, and
nothing is lost on the way: what they carry (counters, settings), the signals and updates that
arrive around the hand-over, and the work they owe.

Each test starts its workflow with a small ``history_limit`` and drives it past that limit again
and again (the dispatcher through days of skipped time, the project through its milestones and
messages), on the time-skipping server with the real worker, API, PostgreSQL and an SMTP
server. (``ReconcileWorkflow`` hands over every ``pages_per_run`` pages, carrying its
cursor and counts: tests/workflows/test_reconciliation.py.)
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import psycopg
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.workflow_ids import dispatcher_workflow_id, project_workflow_id
from tests.support.approvals import WEEK
from tests.support.harness import start_time_skipping_server
from tests.support.histories import keep, replayer
from tests.support.projects import booked, complete, eventually, milestones, server_day, session
from tests.support.projects import sql as run_sql
from worker import build_worker
from workflows.lifecycle import LifecycleDispatcherWorkflow
from workflows.lifecycle_types import DispatcherInput
from workflows.project import ProjectWorkflow
from workflows.project_types import ProjectInput

LIMIT = 40  # events; a dispatcher turn is about a dozen


@pytest.fixture(scope="module")
async def limits_env() -> AsyncIterator[WorkflowEnvironment]:
    """This module's own time-skipping server: its tests skip days."""
    env = await start_time_skipping_server()
    yield env
    await env.shutdown()


@pytest.fixture
async def stack(limits_env, engine, app_factory, settings, org_a, owner_conninfo, smtp_sink):
    receiver, port = smtp_sink
    queue = f"limits-{uuid.uuid4().hex[:8]}"
    worker_settings = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "temporal_task_queue": queue}
    )
    api = await app_factory(temporal_client=limits_env.client, temporal_task_queue=queue)
    worker = build_worker(
        limits_env.client, engine, task_queue=queue, identity="limits", settings=worker_settings
    )
    async with worker:
        yield api, limits_env, receiver, queue
        with psycopg.connect(owner_conninfo) as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT organization_id || ':project:' || id FROM projects UNION ALL "
                    "SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
                )
            ]
        for workflow_id in [*ids, dispatcher_workflow_id(org_a.id)]:
            with contextlib.suppress(Exception):
                await limits_env.client.get_workflow_handle(workflow_id).terminate("done")


async def creator(api, org, name: str, address: str) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": name,
            "email": address,
            "timezone": "UTC",
            "currency": "EUR",
            "hourly_rate": "50",
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def runs_of(client: Client, workflow_id: str) -> list[str]:
    """The run ids of a chain continued as new, first to latest."""
    chain = [(await client.get_workflow_handle(workflow_id).describe()).run_id]
    while True:
        history = await client.get_workflow_handle(workflow_id, run_id=chain[0]).fetch_history()
        started = history.events[0].workflow_execution_started_event_attributes
        if not started.continued_execution_run_id:
            return chain
        chain.insert(0, started.continued_execution_run_id)


async def test_the_dispatcher_hands_over_past_its_limit_and_sends_every_reminder_once(
    stack, org_a, owner_conninfo
):
    api, env, sink, queue = stack
    client = env.client
    dispatcher = dispatcher_workflow_id(org_a.id)
    await client.start_workflow(
        LifecycleDispatcherWorkflow.run,
        DispatcherInput(organization_id=org_a.id, history_limit=LIMIT),
        id=dispatcher,
        task_queue=queue,
    )
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    now = await env.get_current_time()
    first = (now + timedelta(hours=30)).replace(minute=0, second=0, microsecond=0)
    starts = [first + timedelta(days=day) for day in range(3)]
    bookings = []
    for start in starts:
        # Each booking wakes the dispatcher (a signal), whichever run is current.
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
        assert r.status_code == 201, r.text
        bookings.append(r.json()["id"])

    def reminders() -> list[tuple[Any, ...]]:
        return run_sql(
            owner_conninfo,
            "SELECT subject_id, key, due_at, sent_at FROM notifications_sent "
            "WHERE kind = 'reminder' ORDER BY due_at, key",
        )

    await env.sleep(starts[-1] + timedelta(hours=6) - await env.get_current_time())
    # Creator and booker each get the 24-hour and the 1-hour reminder of every session.
    rows = await eventually(lambda: len(reminders()) == 4 * len(starts) and reminders(), "all")
    for booking_id, start in zip(bookings, starts, strict=True):
        due = sorted({d for b, _k, d, _s in rows if b == booking_id})
        assert due == [start - timedelta(hours=24), start - timedelta(hours=1)], booking_id
        assert all(sent is not None and sent < start for b, _k, _d, sent in rows if b == booking_id)
    subjects = [m["Subject"] for m in sink.messages if m["Subject"].startswith("Reminder")]
    assert len(subjects) == 4 * len(starts)  # each once, across every hand-over

    runs = await runs_of(client, dispatcher)
    assert len(runs) >= 3, "the dispatcher never passed its history limit"
    handle = client.get_workflow_handle_for(LifecycleDispatcherWorkflow.run, dispatcher)
    status = await handle.query(LifecycleDispatcherWorkflow.status)
    # The counter went with every hand-over: it counts every e-mail the runs delivered.
    assert status.sent_total == len(sink.messages)
    for run_id in runs[:-1]:
        history = await client.get_workflow_handle(dispatcher, run_id=run_id).fetch_history()
        # Each run stayed near its limit (a turn past it at most) and replays.
        assert len(history.events) <= LIMIT + 20
        await replayer(client.data_converter).replay_workflow(history)
        carried = history.events[-1].workflow_execution_continued_as_new_event_attributes
        assert carried.workflow_type.name == "LifecycleDispatcherWorkflow"
    await keep(client, dispatcher, "lifecycle_dispatcher_continued_as_new", run_id=runs[0])


async def test_a_project_hands_over_past_its_limit_and_loses_no_milestone_or_message(
    stack, org_a, owner_conninfo
):
    api, env, _sink, queue = stack
    client = env.client
    pat = await creator(api, org_a, "Pat Producer", "pat@studio.example")
    order = ["tracking", "overdubs", "mixing", "mastering"]
    body: dict[str, Any] = {"name": "Debut album", "currency": "EUR", "milestones": []}
    planned = {key: await server_day(env, day) for day, key in enumerate(order, start=2)}
    for key in order:
        milestone: dict[str, Any] = {
            "key": key,
            "name": key.title(),
            "sessions": [session(pat, planned[key], 2)],
        }
        if body["milestones"]:
            milestone["depends_on"] = [body["milestones"][-1]["key"]]
        body["milestones"].append(milestone)
    project = (await api.post("/v1/projects", headers=org_a.headers, json=body)).json()
    project_id = project["id"]
    workflow_id = project_workflow_id(org_a.id, project_id)
    r = await api.post(f"/v1/projects/{project_id}/start", headers=org_a.headers)
    assert r.status_code == 200, r.text
    # The plan is in PostgreSQL: a run of the same project with a small limit takes over.
    await client.get_workflow_handle(workflow_id).terminate("replaced by a run with a limit")
    handle = await client.start_workflow(
        ProjectWorkflow.run,
        ProjectInput(organization_id=org_a.id, project_id=project_id, history_limit=LIMIT),
        id=workflow_id,
        task_queue=queue,
    )

    tracking = await booked(api, org_a, project_id, "tracking")
    # An update while the project is busy handing over or not: it is answered either way.
    r = await api.post(
        f"/v1/projects/{project_id}/replan",
        headers=org_a.headers,
        json={
            "milestone_id": (await milestones(api, org_a, project_id))["tracking"]["id"],
            "delay_days": 1,
            "reason": "singer ill",
        },
    )
    assert r.status_code == 200, r.text
    moved = (await api.get(f"/v1/bookings/{tracking}", headers=org_a.headers)).json()
    assert datetime.fromisoformat(moved["start"]) == planned["tracking"] + timedelta(days=1)
    for index, key in enumerate(order):
        booking_id = await booked(api, org_a, project_id, key)
        for later in order[index + 1 :]:
            state = await milestones(api, org_a, project_id)
            assert state[later]["status"] == "pending", (key, later)
        # Completing the session signals ``refresh`` to whichever run is current; each turn
        # that follows grows the history past the limit again.
        await complete(api, org_a, owner_conninfo, booking_id, days_ago=10 - index)

    result = await handle.result()
    assert result.status == "completed"
    final = (await api.get(f"/v1/projects/{project_id}", headers=org_a.headers)).json()
    assert final["status"] == "completed"
    assert {m["key"]: m["status"] for m in final["milestones"]} == dict.fromkeys(order, "done")
    runs = await runs_of(client, workflow_id)
    assert len(runs) >= 2, "the project never passed its history limit"
    for run_id in runs:
        await replayer(client.data_converter).replay_workflow(
            await client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
        )
    await keep(client, workflow_id, "project_continued_as_new", run_id=runs[0])
