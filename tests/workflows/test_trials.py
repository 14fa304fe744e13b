"""Trials on the time-skipping server with the real worker, PostgreSQL and an SMTP server:
reminders 7 and 1 days before the end, read-only after it, conversion cancels the downgrade;
and a disabled module's workflow is not started."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from core.workflow_ids import project_workflow_id, trial_workflow_id
from tests.support.harness import Tenant, start_time_skipping_server
from tests.support.histories import keep
from worker import build_worker
from workflows.trial import TrialWorkflow
from workflows.trial_types import TrialResult

TOKEN = "operator-token-for-tests-0123456789"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def trial_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server per test: each skips a month past the wall clock, and a trial's
    end is set from the wall clock by the API."""
    env = await start_time_skipping_server()
    yield env
    await env.shutdown()


@pytest.fixture
async def world(
    trial_env, engine, app_factory, settings, smtp_sink, org_a
) -> AsyncIterator[tuple[httpx.AsyncClient, WorkflowEnvironment, Any]]:
    sink, port = smtp_sink
    queue = f"trial-{uuid.uuid4().hex[:8]}"
    worker_settings = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "temporal_task_queue": queue}
    )
    api = await app_factory(
        temporal_client=trial_env.client, temporal_task_queue=queue, operator_token=TOKEN
    )
    async with build_worker(
        trial_env.client, engine, task_queue=queue, identity="trial", settings=worker_settings
    ):
        yield api, trial_env, sink
        with contextlib.suppress(RPCError):
            await trial_env.client.get_workflow_handle(trial_workflow_id(org_a.id)).terminate()


async def start_trial(api: httpx.AsyncClient, org: Tenant) -> dict[str, Any]:
    r = await api.post(f"/operator/organizations/{org.id}/trial", json={}, headers=OPERATOR)
    assert r.status_code == 201, r.text
    assert r.json()["workflow_started"] is True
    return dict(r.json())


def reminders(sink: Any, org_name: str) -> list[str]:
    """Subjects of the trial reminders that name the organization in their text."""
    found = []
    for message in sink.messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        if f"trial of {org_name} ends in" in text:
            found.append(str(message["Subject"]))
    return found


async def test_reminders_at_7_and_1_days_then_read_only(world, org_a, owner_conninfo) -> None:
    api, env, sink = world
    trial = await start_trial(api, org_a)
    assert trial["plan"] == "pilot" and trial["status"] == "active"
    ends_at = datetime.fromisoformat(trial["ends_at"])
    assert ends_at - datetime.fromisoformat(trial["started_at"]) == timedelta(days=30)
    terms = (await api.get("/v1/organization/plan", headers=org_a.headers)).json()
    assert (terms["plan"], terms["trial"]["status"], terms["read_only"]) == (
        "pilot", "active", False,
    )  # fmt: skip
    created = await api.post("/v1/artists", json={"name": "Before"}, headers=org_a.headers)
    assert created.status_code == 201

    # Skip to just past the end: the server fires the timers on the way.
    await env.sleep(ends_at + timedelta(minutes=1) - await env.get_current_time())
    handle = env.client.get_workflow_handle_for(TrialWorkflow.run, trial_workflow_id(org_a.id))
    result: TrialResult = await handle.result()

    assert result == TrialResult(outcome="expired", reminders_sent=[7, 1])
    subjects = reminders(sink, "Northstar Records")
    assert subjects == [
        "Northstar Records: your trial ends in 7 days",
        "Northstar Records: your trial ends in 1 day",
    ]
    assert {m["To"] for m in sink.messages} == {"owner@northstar.example"}

    # Read-only: every change is refused, every read works, nothing was deleted.
    refused = await api.post("/v1/artists", json={"name": "After"}, headers=org_a.headers)
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "read_only"
    artist_id = created.json()["id"]
    assert (await api.delete(f"/v1/artists/{artist_id}", headers=org_a.headers)).json()[
        "code"
    ] == "read_only"
    listed = await api.get("/v1/artists", headers=org_a.headers)
    assert [a["name"] for a in listed.json()["data"]] == ["Before"]
    terms = (await api.get("/v1/organization/plan", headers=org_a.headers)).json()
    assert (terms["read_only"], terms["trial"]["status"]) == (True, "expired")

    # Converting afterwards makes it writable again on the plan chosen.
    converted = await api.post(
        f"/operator/organizations/{org_a.id}/trial/convert",
        json={"plan": "studio_pro"},
        headers=OPERATOR,
    )
    assert converted.status_code == 200, converted.text
    assert (
        await api.post("/v1/artists", json={"name": "After"}, headers=org_a.headers)
    ).status_code == 201
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute("SELECT plan FROM organizations WHERE id = %s", (org_a.id,)).fetchone()
    assert row == ("studio_pro",)
    await keep(env.client, trial_workflow_id(org_a.id), "trial_expired")


async def test_conversion_before_the_end_cancels_the_downgrade(world, org_a) -> None:
    api, env, sink = world
    trial = await start_trial(api, org_a)
    ends_at = datetime.fromisoformat(trial["ends_at"])
    # Past the 7-day reminder, before the 1-day one.
    await env.sleep(ends_at - timedelta(days=3) - await env.get_current_time())

    converted = await api.post(
        f"/operator/organizations/{org_a.id}/trial/convert",
        json={"plan": "label_enterprise"},
        headers=OPERATOR,
    )
    assert converted.status_code == 200, converted.text
    assert converted.json()["workflow_signalled"] is True
    handle = env.client.get_workflow_handle_for(TrialWorkflow.run, trial_workflow_id(org_a.id))
    result: TrialResult = await handle.result()

    assert result == TrialResult(outcome="converted", reminders_sent=[7])
    assert reminders(sink, "Northstar Records") == ["Northstar Records: your trial ends in 7 days"]
    await env.sleep(timedelta(days=5))
    terms = (await api.get("/v1/organization/plan", headers=org_a.headers)).json()
    assert (terms["plan"], terms["read_only"], terms["trial"]["status"]) == (
        "label_enterprise", False, "converted",
    )  # fmt: skip
    assert (
        await api.post("/v1/artists", json={"name": "Kept"}, headers=org_a.headers)
    ).status_code == 201
    twice = await api.post(
        f"/operator/organizations/{org_a.id}/trial/convert",
        json={"plan": "api"},
        headers=OPERATOR,
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    again = await api.post(f"/operator/organizations/{org_a.id}/trial", json={}, headers=OPERATOR)
    assert (again.status_code, again.json()["code"]) == (409, "trial_exists")
    await keep(env.client, trial_workflow_id(org_a.id), "trial_converted")


async def test_a_disabled_modules_workflow_is_not_started(world, org_a) -> None:
    api, env, _sink = world
    project = await api.post(
        "/v1/projects", json={"name": "Album", "currency": "EUR"}, headers=org_a.headers
    )
    assert project.status_code == 201, project.text
    project_id = project.json()["id"]
    off = await api.patch(
        "/v1/organization",
        json={"settings": {"modules": {"projects": False}}},
        headers=org_a.headers,
    )
    assert off.status_code == 200, off.text

    start = await api.post(f"/v1/projects/{project_id}/start", headers=org_a.headers)

    assert (start.status_code, start.json()["code"]) == (403, "module_disabled")
    handle = env.client.get_workflow_handle(project_workflow_id(org_a.id, project_id))
    with pytest.raises(RPCError):
        await handle.describe()
    # Reads of the module are refused as well; the project itself is untouched.
    listed = await api.get("/v1/projects", headers=org_a.headers)
    assert (listed.status_code, listed.json()["code"]) == (403, "module_disabled")
