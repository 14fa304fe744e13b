"""``GET /v1/projects/{id}/progress`` right after ``start``: the workflow exists but has not
read the plan yet (its progress is empty), or nobody runs it. The answer is then the plan in
PostgreSQL, never a project without milestones, and it says which source answered.

The worker here runs the real ``ProjectWorkflow`` with its ``project_step`` activity held at a
gate, so "before the first turn" is a state the test controls rather than a race.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.projects.progress_types import MilestoneProgress, ProjectProgress
from tests.support.approvals import create_creator
from tests.support.harness import until
from workflows.project import ProjectWorkflow
from workflows.project_types import ProjectStepInput


def _at(days: int) -> str:
    day = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    return (day + timedelta(days=days)).isoformat()


async def _started_project(api, org) -> dict:
    creator = await create_creator(api, org)
    body = {
        "name": "Album Two",
        "currency": "EUR",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [{"creator_id": creator, "start": _at(5), "duration_minutes": 120}],
            },
            {"key": "mixing", "name": "Mixing", "depends_on": ["tracking"]},
        ],
    }
    r = await api.post("/v1/projects", headers=org.headers, json=body)
    assert r.status_code == 201, r.text
    project = r.json()
    started = await api.post(f"/v1/projects/{project['id']}/start", headers=org.headers)
    assert started.status_code == 200 and started.json()["status"] == "active", started.text
    return project


class GatedStep:
    """``project_step`` that waits for the test before reporting (a marker percent)."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    @activity.defn(name="project_step")
    async def step(self, job: ProjectStepInput) -> ProjectProgress:
        self.entered.set()
        await self.release.wait()
        return ProjectProgress(
            project_id=job.project_id,
            status="active",
            percent=42.0,
            milestones=[MilestoneProgress(id="mst_from_workflow", key="w", name="W", status="x")],
            computed_at=job.now,
        )


@pytest.fixture
async def gated(time_skipping_env: WorkflowEnvironment, app_factory, org_a):
    queue = f"progress-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    gate = GatedStep()
    worker = Worker(
        time_skipping_env.client,
        task_queue=queue,
        workflows=[ProjectWorkflow],
        activities=[gate.step],
    )
    async with worker:
        yield api, gate, time_skipping_env.client
        gate.release.set()
        with contextlib.suppress(Exception):
            for wf in [w async for w in time_skipping_env.client.list_workflows()]:
                if wf.task_queue == queue:
                    await time_skipping_env.client.get_workflow_handle(wf.id).terminate("done")


async def test_before_the_first_turn_the_database_plan_answers(gated, org_a):
    api, gate, _client = gated
    project = await _started_project(api, org_a)

    async def entered() -> bool:
        return gate.entered.is_set()

    await until("the project's step running, held at the gate", entered)

    r = await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "database"
    assert body["status"] == "active"
    assert [m["key"] for m in body["milestones"]] == ["tracking", "mixing"]
    tracking, mixing = (m["id"] for m in project["milestones"])
    assert body["critical_path"] == [tracking, mixing]
    assert body["milestones"][0]["ready"] is True and body["computed_at"] is not None

    gate.release.set()  # the first turn completes: from now on the workflow answers
    answers: list[dict] = []

    async def from_workflow() -> bool:
        r = await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
        assert r.status_code == 200, r.text
        answers.append(r.json())
        return bool(r.json()["source"] == "workflow")

    # The workflow answers once the step's result has reached it.
    await until("the progress answered by the workflow", from_workflow)
    body = answers[-1]
    assert body["source"] == "workflow", body
    assert body["percent"] == 42.0 and body["milestones"][0]["id"] == "mst_from_workflow"


async def test_a_workflow_nobody_runs_falls_back_to_the_database(
    time_skipping_env: WorkflowEnvironment, app_factory, org_a
):
    # Started on a task queue no worker polls: the query cannot be answered in time.
    api = await app_factory(
        temporal_client=time_skipping_env.client,
        temporal_task_queue=f"nobody-{uuid.uuid4().hex[:8]}",
    )
    project = await _started_project(api, org_a)
    began = asyncio.get_running_loop().time()
    r = await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
    elapsed = asyncio.get_running_loop().time() - began
    assert r.status_code == 200, r.text
    assert r.json()["source"] == "database"
    assert [m["key"] for m in r.json()["milestones"]] == ["tracking", "mixing"]
    assert elapsed < 10  # a short deadline, not the RPC default
    with contextlib.suppress(Exception):
        handle = time_skipping_env.client.get_workflow_handle(f"{org_a.id}:project:{project['id']}")
        await handle.terminate("done")


async def test_without_temporal_and_for_a_draft_the_database_answers(app_factory, org_a):
    api = await app_factory()  # no Temporal connection at all
    project = await _started_project(api, org_a)
    r = await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["source"] == "database"
    draft = await api.post(
        "/v1/projects",
        headers=org_a.headers,
        json={"name": "Draft", "currency": "EUR", "milestones": [{"key": "a", "name": "A"}]},
    )
    r = await api.get(f"/v1/projects/{draft.json()['id']}/progress", headers=org_a.headers)
    assert r.json()["source"] == "database" and r.json()["status"] == "draft"
