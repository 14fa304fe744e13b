"""What the test harness is made of, for fixtures and tests alike: where the server binaries
live, the organization a test acts as, and how a Temporal test server or a worker process is
started."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.api.testservice.v1 import SleepRequest
from temporalio.client import (
    Client,
    FetchWorkflowHistoryEventsInput,
    Interceptor,
    OutboundInterceptor,
    WorkflowHistoryEventAsyncIterator,
    WorkflowHistoryEventFilterType,
)
from temporalio.common import WorkerDeploymentVersion
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker, WorkerDeploymentConfig

from core.config import Settings
from core.db import tenant_session
from core.versioning import make_current
from domain.audit.service import Actor
from domain.tenancy.access import create_api_key
from domain.tenancy.organizations import Bootstrap
from domain.tenancy.permissions import ALL_PERMISSIONS
from workflows import ORGANIZATION_ID, SUBJECT_TYPE

# The Temporal servers and the project's own commands come with the virtualenv's wheels.
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Tenant:
    """An organization created the way `auditoryx org create` does, with its owner's key."""

    bootstrap: Bootstrap

    @property
    def id(self) -> str:
        return self.bootstrap.organization.id

    @property
    def key(self) -> str:
        return self.bootstrap.raw_api_key

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def issue_api_key(
    sessionmaker: Any,
    organization_id: str,
    *,
    created_by: str | None,
    permissions: list[str] | None = None,
    name: str = "test key",
) -> str:
    """A live key of the organization (issued by member ``created_by``, or by no member),
    straight in the domain; returns its secret."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        _key, raw = await create_api_key(
            session,
            organization_id=organization_id,
            name=name,
            mode="live",
            permissions=permissions,
            granted_by=ALL_PERMISSIONS,
            created_by=created_by,
            expires_at=None,
            actor=Actor.system("test"),
        )
    return raw


class _CloseEventAwaited:
    """A workflow's close event, polled for again when the time-skipping server ends a long
    poll (after 20 s of real time) with an empty page and no page token: a real server answers
    DEADLINE_EXCEEDED there, which the SDK polls again after, but on this answer the SDK's
    ``result()`` raises "No completion event found" for a workflow that is still running."""

    def __init__(self, next: OutboundInterceptor, input: FetchWorkflowHistoryEventsInput) -> None:
        self._next = next
        self._input = input
        self._events = next.fetch_workflow_history_events(input)
        self._seen_any = False

    def __aiter__(self) -> _CloseEventAwaited:
        return self

    async def __anext__(self) -> HistoryEvent:
        while True:
            try:
                event = await self._events.__anext__()
            except StopAsyncIteration:
                if self._seen_any:
                    raise
                AwaitCloseEvents.polled_again += 1
                await asyncio.sleep(0.1)  # never a tight loop, whatever the server answers
                self._events = self._next.fetch_workflow_history_events(self._input)
                continue
            self._seen_any = True
            return event


class _AwaitCloseEvents(OutboundInterceptor):
    def fetch_workflow_history_events(
        self, input: FetchWorkflowHistoryEventsInput
    ) -> WorkflowHistoryEventAsyncIterator:
        if input.wait_new_event and input.event_filter_type == (
            WorkflowHistoryEventFilterType.CLOSE_EVENT
        ):
            return cast(WorkflowHistoryEventAsyncIterator, _CloseEventAwaited(self.next, input))
        return self.next.fetch_workflow_history_events(input)


class AwaitCloseEvents(Interceptor):
    """The time-skipping server's clients wait out a result longer than one long poll."""

    polled_again = 0  # long polls that ended empty and were made again, in this process

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _AwaitCloseEvents(next)


async def start_time_skipping_server(
    data_converter: DataConverter = pydantic_data_converter,
) -> WorkflowEnvironment:
    """A time-skipping test server that knows the project's search attributes (its client
    encodes with ``data_converter``, and waits out results longer than a long poll)."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"),
        data_converter=data_converter,
        interceptors=[AwaitCloseEvents()],
    )
    env.sleep = functools.partial(_skip, env.client)  # type: ignore[method-assign]
    # The dev server registers these from the CLI; the test server needs to be told.
    await env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=env.client.namespace,
            search_attributes={
                key.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
                for key in (ORGANIZATION_ID, SUBJECT_TYPE)
            },
        )
    )
    return env


# How long one ``env.sleep`` may take in real time: a test's own limit.
SKIP_WITHIN = timedelta(minutes=5)


async def _skip(client: Client, duration: timedelta | float) -> None:
    """``WorkflowEnvironment.sleep`` with a deadline of its own. The server returns once the
    skipped time has passed, and time does not skip while an activity runs, so the call takes
    as long as its span's activities do; the SDK gives it the 30 s of any call."""
    request = SleepRequest()
    request.duration.FromTimedelta(
        duration if isinstance(duration, timedelta) else timedelta(seconds=duration)
    )
    await client.test_service.unlock_time_skipping_with_sleep(request, timeout=SKIP_WITHIN)


def start_worker(
    settings: Any, env: WorkflowEnvironment, queue: str, **overrides: str
) -> subprocess.Popen[bytes]:
    """A real worker process (`auditoryx worker`) on ``queue``, killable as a process group.

    It is versioned like production, in a deployment of its own per queue (``test-<queue>``)
    that it makes current when it has none; ``overrides`` are more environment variables
    (``WORKER_BUILD_ID="v2"``, ``WORKER_PROMOTE="never"``).
    """
    environment = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": settings.database_url,
        "TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
        "TEMPORAL_TASK_QUEUE": queue,
        "LOG_FORMAT": "console",
        "WORKER_DEPLOYMENT_NAME": f"test-{queue}",
        **overrides,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "worker"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_api_process(
    database_url: str, port: int, log: Path, **variables: str
) -> subprocess.Popen[bytes]:
    """A real API process (`auditoryx api`, uvicorn) on ``port``, its output in ``log``.

    Only what the test sets reaches it (``ENVIRONMENT=test``, the database and its key store,
    the port and ``variables``): no developer .env, no other setting of the surrounding shell.
    """
    env = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env |= {
        "PYTHONPATH": str(REPO),
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        # The session's key store (tests/conftest.py ``keystore_url``): without it the API
        # looks for one in the data database, where tests create none.
        **({"KEYSTORE_URL": os.environ["KEYSTORE_URL"]} if "KEYSTORE_URL" in os.environ else {}),
        "API_PORT": str(port),
        **variables,
    }
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "cli", "api"],
            cwd=log.parent,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_answering(
    process: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 60.0
) -> None:
    """Until the API process at ``url`` answers ``GET url`` with 200 (``url`` names the
    health endpoint); fails the test with its log if it exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the API exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer 200 within {timeout} s:\n{log.read_text()[-2000:]}")


async def until(what: str, check: Callable[[], Awaitable[bool]], timeout: float = 60) -> None:
    """Until the coroutine ``check()`` returns true; fails naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout}s")


def stop_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGINT to each (a graceful stop), then wait; what does not stop in 30 s is killed."""
    for process in processes:
        process.send_signal(signal.SIGINT)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def deployment_for(queue: str, build_id: str = "test") -> WorkerDeploymentConfig:
    """A worker version of its own for a test's task queue (deployment ``tests-<queue>``), so
    making it current routes nothing of another test's to it."""
    return WorkerDeploymentConfig(
        version=WorkerDeploymentVersion(f"tests-{queue}", build_id), use_worker_versioning=True
    )


async def route_to(env: WorkflowEnvironment, worker: Worker) -> None:
    """Once ``worker`` polls: make its version current on a dev server (which routes nothing to
    a version that is not); the time-skipping server ignores versions."""
    if not env.supports_time_skipping:
        await make_current(worker, identity="tests")
