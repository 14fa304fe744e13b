"""Liveness and readiness, against the real PostgreSQL, Temporal dev server and worker.

``/healthz`` says the process is up; ``/readyz`` says whether it can do its job and, when it
cannot, names the component that is down, so a load balancer drains it and an operator knows
where to look. The API keeps serving what it can while a dependency is away.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from core.config import Settings
from core.db import create_app_engine
from core.devstack import free_port
from tests.stubs.stalling_proxy import StallingProxy

AppFactory = Callable[..., Awaitable[httpx.AsyncClient]]


def components(response: httpx.Response) -> dict[str, dict[str, object]]:
    result: dict[str, dict[str, object]] = response.json()["components"]
    return result


def down(response: httpx.Response) -> set[str]:
    return {name for name, c in components(response).items() if c["status"] != "up"}


async def readiness(
    api: httpx.AsyncClient, *, settled: Callable[[httpx.Response], bool], deep: bool = False
) -> httpx.Response:
    """Poll ``/readyz`` as a load balancer does, until ``settled`` holds (at most 15 s).

    A worker that has just started is polling within moments, not instantly; the answer
    that matters is the one readiness settles on.
    """
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        response = await api.get("/readyz", params={"deep": "true"} if deep else None)
        if settled(response) or asyncio.get_running_loop().time() > deadline:
            return response
        await asyncio.sleep(0.1)


def worker_polls(response: httpx.Response) -> bool:
    return components(response)["worker"]["status"] == "up"


async def test_healthz_answers_without_any_dependency(app_factory: AppFactory) -> None:
    api = await app_factory()
    response = await api.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_when_database_temporal_and_a_worker_are_up(
    app_factory: AppFactory,
    dev_server_env: WorkflowEnvironment,
    running_worker: Worker,
    settings: Settings,
) -> None:
    api = await app_factory(temporal_client=dev_server_env.client)

    response = await readiness(api, settled=worker_polls)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"
    found = components(response)
    assert set(found) == {"database", "temporal", "worker"}
    assert found == {name: {"status": "up"} for name in ("database", "temporal", "worker")}


async def test_deep_readiness_runs_a_probe_through_the_worker_into_postgres(
    app_factory: AppFactory,
    dev_server_env: WorkflowEnvironment,
    running_worker: Worker,
    owner_conninfo: str,
) -> None:
    # The probe is a workflow, an activity and a write, each waiting its turn on a busy host:
    # it gets three times this budget, the database check once.
    api = await app_factory(temporal_client=dev_server_env.client, readiness_timeout_seconds=10)
    asked = datetime.now(UTC)

    response = await readiness(api, settled=worker_polls, deep=True)

    assert response.status_code == 200, response.text
    assert components(response)["workflow"] == {"status": "up"}
    with psycopg.connect(owner_conninfo) as conn:
        (recorded,) = conn.execute(
            "SELECT count(*) FROM health_probes WHERE worker_identity = 'test-worker' "
            "AND recorded_at > %s",
            (asked,),
        ).fetchone()
    assert recorded >= 1


async def test_not_ready_when_temporal_is_unreachable(
    app_factory: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    api = await app_factory(temporal_address=f"127.0.0.1:{port}", readiness_timeout_seconds=1.0)

    with caplog.at_level(logging.WARNING, logger="auditoryx.readiness"):
        response = await api.get("/readyz")

    assert response.status_code == 503, response.text
    assert response.json()["status"] == "unavailable"
    assert down(response) == {"temporal", "worker"}
    # Why, and where Temporal lives, is for the operator's log, not for whoever asks.
    assert components(response)["temporal"] == {"status": "down"}
    assert str(port) not in response.text
    assert any("temporal is down" in r.getMessage() for r in caplog.records), caplog.text
    # ...and the rest of the API still answers.
    assert (await api.get("/healthz")).status_code == 200


async def test_not_ready_when_no_worker_polls_the_task_queue(
    app_factory: AppFactory,
    dev_server_env: WorkflowEnvironment,
    running_worker: Worker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    queue = f"nobody-polls-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)

    with caplog.at_level(logging.WARNING, logger="auditoryx.readiness"):
        response = await api.get("/readyz")

    assert response.status_code == 503, response.text
    assert down(response) == {"worker"}
    assert queue not in response.text
    assert any(queue in r.getMessage() for r in caplog.records), caplog.text


@asynccontextmanager
async def app_on(
    engine: AsyncEngine, settings: Settings, temporal_client: Client | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The real app (lifespan included) on ``engine``, which is disposed afterwards."""
    app = create_app(settings, engine=engine, temporal_client=temporal_client)
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://testserver"
            ) as client,
        ):
            yield client
    finally:
        await engine.dispose()


@pytest.fixture
async def api_without_database(
    settings: Settings, dev_server_env: WorkflowEnvironment
) -> AsyncIterator[httpx.AsyncClient]:
    """The app pointed at a PostgreSQL port where nothing listens."""
    engine: AsyncEngine = create_app_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/auditoryx", pool_size=1
    )
    async with app_on(engine, settings, dev_server_env.client) as client:
        yield client


async def test_not_ready_when_the_database_is_unreachable_but_still_alive(
    api_without_database: httpx.AsyncClient, running_worker: Worker
) -> None:
    response = await readiness(api_without_database, settled=worker_polls)

    assert response.status_code == 503, response.text
    assert down(response) == {"database"}
    assert "127.0.0.1" not in response.text

    alive = await api_without_database.get("/healthz")
    assert alive.status_code == 200
    assert alive.json() == {"status": "ok"}


async def test_requests_that_need_the_database_get_a_503_problem_while_it_is_away(
    api_without_database: httpx.AsyncClient,
) -> None:
    well_formed_key = "ax_live_" + "0" * 26 + "s" * 32
    response = await api_without_database.get(
        "/v1/organization", headers={"Authorization": f"Bearer {well_formed_key}"}
    )

    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert body["request_id"] == response.headers["x-request-id"]
    assert "127.0.0.1" not in response.text  # where the database lives is not the caller's business


@pytest.fixture
def stalling_postgres(database_url: str) -> Iterator[tuple[StallingProxy, str]]:
    """The test database behind a proxy that can freeze, and the URL that goes through it."""
    url = make_url(database_url)
    proxy = StallingProxy(url.host or "127.0.0.1", url.port or 5432).start()
    try:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    finally:
        proxy.close()


async def test_readiness_answers_within_its_budget_when_postgres_stops_answering(
    settings: Settings, stalling_postgres: tuple[StallingProxy, str]
) -> None:
    proxy, proxied_url = stalling_postgres
    budget = 1.0
    temporal_port = free_port()
    engine = create_app_engine(proxied_url, pool_size=2)
    local = settings.model_copy(
        update={
            "readiness_timeout_seconds": budget,
            "temporal_address": f"127.0.0.1:{temporal_port}",
        }
    )
    async with app_on(engine, local) as api:
        # Pooled connections now exist (the first one may take longer than the budget to open).
        warm = await readiness(api, settled=lambda r: "database" not in down(r))
        assert components(warm)["database"]["status"] == "up", warm.text
        proxy.stall()
        for _ in range(3):  # a probe is not held up by the previous one's leftovers
            started = time.monotonic()
            response = await api.get("/readyz")
            elapsed = time.monotonic() - started

            assert response.status_code == 503, response.text
            # A stalled server would hold the probe for good: a few seconds over the budget is a
            # busy host, not a hang.
            assert elapsed < budget + 5, f"answered after {elapsed:.1f}s"
            assert response.json() == {
                "status": "unavailable",
                "components": {
                    "database": {"status": "down"},
                    "temporal": {"status": "down"},
                    "worker": {"status": "down"},
                },
            }
            for where in ("127.0.0.1", str(proxy.port), str(temporal_port)):
                assert where not in response.text
