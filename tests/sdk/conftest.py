"""The live stack the SDK is tested against: the real app under uvicorn on a free port, a real
`auditoryx worker` process (workflows, the event and bulk-booking relays) on the Temporal dev
server, and loopback webhook receivers allowed."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import AsyncIterator, Iterator
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


@pytest.fixture(scope="module")
async def stack(dev_server_env, settings) -> AsyncIterator[Stack]:
    from api.app import create_app

    queue = f"sdk-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={
            "temporal_address": dev_server_env.client.service_client.config.target_host,
            "temporal_task_queue": queue,
            "outbound_allow_private_networks": True,
        }
    )
    worker = start_worker(local, dev_server_env, queue, OUTBOUND_ALLOW_PRIVATE_NETWORKS="true")
    config = uvicorn.Config(
        create_app(local), host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    try:
        async with serve(config) as url:
            yield Stack(url=url)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


@pytest.fixture
def sdk(stack: Stack, org_a: Tenant) -> Iterator[object]:
    """A blocking SDK client of organization A on the live stack."""
    from auditoryx import Client

    with Client(org_a.key, base_url=stack.url, timeout=20) as client:
        yield client
