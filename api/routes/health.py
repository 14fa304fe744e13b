"""Liveness and readiness."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest

from api.deps import SessionmakerDep, SettingsDep, get_temporal_connector
from core.db import system_session
from core.ids import new_id
from core.workflow_ids import workflow_id
from workflows.health import HealthProbeInput, HealthProbeResult, HealthProbeWorkflow

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check(coro: Any, limit_seconds: float) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = await asyncio.wait_for(coro, timeout=limit_seconds)
    except Exception as exc:
        # The first line says what failed; driver hints and doc links would clutter the probe.
        lines = str(exc).strip().splitlines()
        if isinstance(exc, TimeoutError):
            lines = [f"no answer within {limit_seconds:g}s"]
        return {
            "status": "down",
            "error": lines[0][:300] if lines else type(exc).__name__,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        }
    result = {"status": "up", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
    if isinstance(detail, dict):
        result.update(detail)
    return result


@router.get(
    "/readyz",
    summary="Readiness: PostgreSQL, Temporal and a polling worker",
    responses={503: {"description": "A component is down; the body says which"}},
)
async def readyz(
    request: Request,
    settings: SettingsDep,
    sessionmaker: SessionmakerDep,
    deep: Annotated[bool, Query(description="Also run a HealthProbeWorkflow end to end")] = False,
) -> JSONResponse:
    timeout = settings.readiness_timeout_seconds
    connector = get_temporal_connector(request)

    async def database() -> dict[str, Any]:
        async with system_session(sessionmaker) as session:
            version = (await session.execute(text("SHOW server_version"))).scalar_one()
        return {"version": version}

    async def temporal() -> dict[str, Any]:
        client = await connector.get()
        if client is None:
            raise RuntimeError(connector.last_error or "unreachable")
        await client.service_client.check_health(timeout=timedelta(seconds=timeout))
        return {"namespace": settings.temporal_namespace}

    async def worker() -> dict[str, Any]:
        client = await connector.get()
        if client is None:
            raise RuntimeError("Temporal is unreachable")
        response = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=settings.temporal_namespace,
                task_queue=TaskQueue(name=settings.temporal_task_queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            )
        )
        if not response.pollers:
            raise RuntimeError(f"no worker is polling task queue {settings.temporal_task_queue!r}")
        return {"task_queue": settings.temporal_task_queue, "pollers": len(response.pollers)}

    async def probe() -> dict[str, Any]:
        client = await connector.get()
        if client is None:
            raise RuntimeError("Temporal is unreachable")
        probe_id = new_id("hpr")
        result: HealthProbeResult = await client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=probe_id),
            id=workflow_id("system", "health", probe_id),
            task_queue=settings.temporal_task_queue,
            execution_timeout=timedelta(seconds=timeout * 3),
        )
        return {
            "probe_id": result.probe_id,
            "worker": result.worker_identity,
            "database_time": result.database_time,
        }

    checks = {"database": database(), "temporal": temporal(), "worker": worker()}
    if deep:
        checks["workflow"] = probe()
    names = list(checks)
    results = await asyncio.gather(
        *(_check(checks[n], timeout * (3 if n == "workflow" else 1)) for n in names)
    )
    components = dict(zip(names, results, strict=True))
    ready = all(c["status"] == "up" for c in components.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "components": components},
        status_code=200 if ready else 503,
    )
