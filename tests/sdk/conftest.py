"""The live stack the SDK is tested against: the real app under uvicorn on a free port and,
for the tests that need workflows, a real `auditoryx worker` process (workflows, the event and
bulk-booking relays) on the Temporal dev server, with loopback webhook receivers allowed.

Each test gets a stack of its own on a fresh task queue, started after the database is
emptied: a worker left running across tests would sweep tables while the next test
truncates them (a deadlock), and would pick up the previous test's workflows.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
import uvicorn

from core.devstack import free_port
from tests.support.harness import Tenant, start_worker
from tests.support.live_server import serve


@dataclass(frozen=True)
class Stack:
    """Where the live API listens."""

    url: str


@asynccontextmanager
async def live_stack(dev_server_env, settings, *, worker: bool) -> AsyncIterator[Stack]:
    from api.app import create_app

    queue = f"sdk-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={
            "temporal_address": dev_server_env.client.service_client.config.target_host,
            "temporal_task_queue": queue,
            "outbound_allow_private_networks": True,
        }
    )
    process = (
        start_worker(local, dev_server_env, queue, OUTBOUND_ALLOW_PRIVATE_NETWORKS="true")
        if worker
        else None
    )
    config = uvicorn.Config(
        create_app(local), host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    try:
        async with serve(config) as url:
            yield Stack(url=url)
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


@pytest.fixture
async def stack(clean_db, dev_server_env, settings) -> AsyncIterator[Stack]:
    """The API and a worker process."""
    async with live_stack(dev_server_env, settings, worker=True) as running:
        yield running


@pytest.fixture
async def api_stack(clean_db, dev_server_env, settings) -> AsyncIterator[Stack]:
    """The API alone, for tests that start no workflow."""
    async with live_stack(dev_server_env, settings, worker=False) as running:
        yield running


@pytest.fixture
def sdk(stack: Stack, org_a: Tenant) -> Iterator[object]:
    """A blocking SDK client of organization A on the stack with a worker."""
    from auditoryx import Client

    with Client(org_a.key, base_url=stack.url, timeout=20) as client:
        yield client


@pytest.fixture
def sdk_api(api_stack: Stack, org_a: Tenant) -> Iterator[object]:
    """A blocking SDK client of organization A on the API alone."""
    from auditoryx import Client

    with Client(org_a.key, base_url=api_stack.url, timeout=20) as client:
        yield client
