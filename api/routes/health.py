"""Liveness and readiness."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest

from api.deps import SessionmakerDep, SettingsDep, get_temporal_connector
from api.schemas.health import Readiness
from core.db import system_session
from core.ids import new_id
from core.readiness import Check, check_components
from core.workflow_ids import workflow_id
from workflows.health import HealthProbeInput, HealthProbeWorkflow
from workflows.priorities import SYSTEM, priority

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: PostgreSQL, Temporal and a polling worker",
    responses={
        200: {"model": Readiness, "description": "Every component is up"},
        503: {
            "model": Readiness,
            "description": "A component is down; the body says which (the log why)",
        },
    },
)
async def readyz(
    request: Request,
    settings: SettingsDep,
    sessionmaker: SessionmakerDep,
    deep: Annotated[bool, Query(description="Also run a HealthProbeWorkflow end to end")] = False,
) -> JSONResponse:
    """Each component's status only: where they live and why they failed go to the log."""
    timeout = settings.readiness_timeout_seconds
    connector = get_temporal_connector(request)

    async def database() -> None:
        async with system_session(sessionmaker) as session:
            # A server that is slow rather than frozen stops the statement itself.
            await session.execute(
                text("SELECT set_config('statement_timeout', :ms, true)"),
                {"ms": str(int(timeout * 1000))},
            )
            await session.execute(text("SELECT 1"))

    async def temporal() -> None:
        client = await connector.get()
        if client is None:
            raise RuntimeError(connector.last_error or "unreachable")
        await client.service_client.check_health(timeout=timedelta(seconds=timeout))

    async def worker() -> None:
        client = await connector.get()
        if client is None:
            raise RuntimeError("Temporal is unreachable")
        response = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace,
                task_queue=TaskQueue(name=settings.temporal_task_queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            )
        )
        if not response.pollers:
            raise RuntimeError(f"no worker is polling task queue {settings.temporal_task_queue!r}")

    async def probe() -> None:
        client = await connector.get()
        if client is None:
            raise RuntimeError("Temporal is unreachable")
        probe_id = new_id("hpr")
        await client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=probe_id),
            id=workflow_id(SYSTEM, "health", probe_id),
            task_queue=settings.temporal_task_queue,
            priority=priority(SYSTEM, "health"),
            execution_timeout=timedelta(seconds=timeout * 3),
        )

    checks = {
        "database": Check(database(), timeout),
        "temporal": Check(temporal(), timeout),
        "worker": Check(worker(), timeout),
    }
    if deep:
        checks["workflow"] = Check(probe(), timeout * 3)
    up = await check_components(checks)
    ready = all(up.values())
    return JSONResponse(
        {
            "status": "ready" if ready else "unavailable",
            "components": {name: {"status": "up" if ok else "down"} for name, ok in up.items()},
        },
        status_code=200 if ready else 503,
    )
