"""The project's whole worker for workflow tests whose pushes go to a local stub: every
workflow and activity of the real worker, but for the activities a test points elsewhere."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core.config import Settings
from core.db import create_sessionmaker
from core.workflow_ids import dispatcher_workflow_id
from relays.events import relay_events
from tests.stubs import _quiet
from tests.support.harness import deployment_for, route_to
from worker import WORKFLOWS, build_activities


@contextlib.asynccontextmanager
async def whole_worker(
    env: WorkflowEnvironment,
    engine: AsyncEngine,
    settings: Settings,
    queue: str,
    organization_id: str,
    activities: Sequence[Callable[..., Any]],
) -> AsyncIterator[Callable[[], Awaitable[int]]]:
    """Runs the whole worker on ``queue`` (its identity the queue's prefix), each of
    ``activities`` standing in for the worker's activities of its own class; yields ``relay``,
    which hands the outbox's events to the workflows on ``queue`` and says how many it handed.

    The whole worker, not just the workflow under test: booking changes wake other workflows
    on the queue too, and a workflow task nobody polls would stall time skipping. The
    organization's project dispatcher is terminated at the end, once nothing of it is in
    flight."""
    replaced = tuple({type(a.__self__) for a in activities})
    kept = [
        a
        for a in build_activities(engine, identity=queue.split("-")[0], settings=settings)
        if not isinstance(getattr(a, "__self__", None), replaced)
    ]
    worker = Worker(
        env.client,
        task_queue=queue,
        workflows=list(WORKFLOWS),
        activities=[*kept, *activities],
        deployment_config=deployment_for(queue),
    )
    sessionmaker = create_sessionmaker(engine)

    async def relay() -> int:
        return await relay_events(sessionmaker, env.client, task_queue=queue)

    async with worker:
        await route_to(env, worker)
        yield relay
        with contextlib.suppress(Exception):
            handle = env.client.get_workflow_handle(dispatcher_workflow_id(organization_id))
            await _quiet(handle)
            await handle.terminate("test over")
