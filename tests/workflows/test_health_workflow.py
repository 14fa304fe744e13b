"""HealthProbeWorkflow on the time-skipping server, with the real worker and real PostgreSQL.

A fresh probe's history replays against today's code, and is the run kept as
``histories/health_probe.json`` (replayed by test_replay_histories.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ActivityError
from temporalio.testing import WorkflowEnvironment

from core.db import create_app_engine
from core.devstack import free_port
from core.ids import new_id
from core.workflow_ids import workflow_id
from tests.support.histories import keep, replayer
from worker import build_worker
from workflows.health import HealthProbeInput, HealthProbeResult, HealthProbeWorkflow

IDENTITY = "workflow-test-worker"


async def run_probe(env: WorkflowEnvironment, engine: AsyncEngine) -> tuple[str, HealthProbeResult]:
    task_queue = f"health-{uuid.uuid4()}"
    probe_id = new_id("hpr")
    wf_id = workflow_id("system", "health", probe_id)
    async with build_worker(env.client, engine, task_queue=task_queue, identity=IDENTITY):
        result = await env.client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=probe_id),
            id=wf_id,
            task_queue=task_queue,
            execution_timeout=timedelta(seconds=30),
        )
    return wf_id, result


async def test_probe_records_a_row_and_reports_who_wrote_it(
    time_skipping_env: WorkflowEnvironment,
    engine: AsyncEngine,
    owner_conninfo: str,
    clean_db: None,
) -> None:
    wf_id, result = await run_probe(time_skipping_env, engine)

    assert isinstance(result, HealthProbeResult)
    assert wf_id == f"system:health:{result.probe_id}"
    assert result.worker_identity == IDENTITY
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute("SELECT id, worker_identity, recorded_at FROM health_probes").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(result.probe_id, IDENTITY)]
    assert rows[0][2] == datetime.fromisoformat(result.database_time)


async def test_probe_fails_after_three_attempts_when_the_database_is_away(
    time_skipping_env: WorkflowEnvironment,
) -> None:
    """/readyz?deep=true must get an answer, not a workflow retrying for ever."""
    unreachable = create_app_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x", pool_size=1
    )
    try:
        with pytest.raises(WorkflowFailureError) as failed:
            await run_probe(time_skipping_env, unreachable)
    finally:
        await unreachable.dispose()
    cause = failed.value.cause
    assert isinstance(cause, ActivityError)
    assert cause.retry_state is not None and cause.retry_state.name == "MAXIMUM_ATTEMPTS_REACHED"


# --- determinism ---------------------------------------------------------------------------------


async def test_a_fresh_probe_history_replays_and_records_its_history(
    time_skipping_env: WorkflowEnvironment, engine: AsyncEngine
) -> None:
    wf_id, _ = await run_probe(time_skipping_env, engine)
    history = await time_skipping_env.client.get_workflow_handle(wf_id).fetch_history()
    assert any(e.HasField("activity_task_completed_event_attributes") for e in history.events)

    await replayer(time_skipping_env.client.data_converter).replay_workflow(history)
    await keep(time_skipping_env.client, wf_id, "health_probe")
