"""Composition root of the Temporal worker.

Builds the settings, the database engine and the Temporal client, injects them into the
activity classes, registers every workflow and activity, and shuts down gracefully on
SIGINT/SIGTERM (in-flight activities get ``graceful_shutdown_timeout`` to finish).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client
from temporalio.worker import Worker

from activities.health import HealthActivities
from core.config import Settings
from core.db import create_app_engine, create_sessionmaker
from core.temporal import connect_temporal
from workflows.health import HealthProbeWorkflow

log = logging.getLogger("auditoryx.worker")

WORKFLOWS: Sequence[type] = (HealthProbeWorkflow,)


def build_activities(engine: AsyncEngine, *, identity: str) -> list[Any]:
    """Every activity callable, with its dependencies injected."""
    sessionmaker = create_sessionmaker(engine)
    health = HealthActivities(sessionmaker, worker_identity=identity)
    return [health.record_probe]


def build_worker(client: Client, engine: AsyncEngine, *, task_queue: str, identity: str) -> Worker:
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS),
        activities=build_activities(engine, identity=identity),
        graceful_shutdown_timeout=timedelta(seconds=20),
        identity=identity,
    )


async def run_worker(settings: Settings) -> None:
    identity = f"worker-{os.getpid()}@{socket.gethostname()}"
    engine = create_app_engine(settings.database_url, pool_size=settings.db_pool_size)
    client = await connect_temporal(settings, identity=identity)
    worker = build_worker(
        client, engine, task_queue=settings.temporal_task_queue, identity=identity
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info(
        "worker polling", extra={"task_queue": settings.temporal_task_queue, "identity": identity}
    )
    try:
        async with worker:
            await stop.wait()
            log.info("worker shutting down")
    finally:
        await engine.dispose()
    log.info("worker stopped")
