"""Liveness and readiness, against the real PostgreSQL, Temporal dev server and worker.

``/healthz`` says the process is up; ``/readyz`` says whether it can do its job and, when it
cannot, names the component that is down, so a load balancer drains it and an operator knows
where to look. The API keeps serving what it can while a dependency is away.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from core.config import Settings
from core.db import create_app_engine
from core.devstack import free_port

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
    assert all(c["status"] == "up" for c in found.values()), found
    assert found["worker"]["task_queue"] == settings.temporal_task_queue
    assert found["worker"]["pollers"] >= 1  # type: ignore[operator]


async def test_deep_readiness_runs_a_probe_through_the_worker_into_postgres(
    app_factory: AppFactory,
    dev_server_env: WorkflowEnvironment,
    running_worker: Worker,
    owner_conninfo: str,
) -> None:
    api = await app_factory(temporal_client=dev_server_env.client)

    response = await readiness(api, settled=worker_polls, deep=True)

    assert response.status_code == 200, response.text
    probe = components(response)["workflow"]
    assert probe["status"] == "up", probe
    assert probe["worker"] == "test-worker"
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            "SELECT worker_identity, recorded_at FROM health_probes WHERE id = %s",
            (probe["probe_id"],),
        ).fetchone()
    assert row == ("test-worker", datetime.fromisoformat(str(probe["database_time"])))


async def test_not_ready_when_temporal_is_unreachable(app_factory: AppFactory) -> None:
    api = await app_factory(
        temporal_address=f"127.0.0.1:{free_port()}", readiness_timeout_seconds=1.0
    )

    response = await api.get("/readyz")

    assert response.status_code == 503, response.text
    assert response.json()["status"] == "unavailable"
    assert down(response) == {"temporal", "worker"}
    assert components(response)["temporal"]["error"]
    # ...and the rest of the API still answers.
    assert (await api.get("/healthz")).status_code == 200


async def test_not_ready_when_no_worker_polls_the_task_queue(
    app_factory: AppFactory, dev_server_env: WorkflowEnvironment, running_worker: Worker
) -> None:
    queue = f"nobody-polls-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)

    response = await api.get("/readyz")

    assert response.status_code == 503, response.text
    assert down(response) == {"worker"}
    assert queue in str(components(response)["worker"]["error"])


@pytest.fixture
async def api_without_database(
    settings: Settings, dev_server_env: WorkflowEnvironment
) -> AsyncIterator[httpx.AsyncClient]:
    """The app pointed at a PostgreSQL port where nothing listens."""
    engine: AsyncEngine = create_app_engine(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/auditoryx", pool_size=1
    )
    app = create_app(settings, engine=engine, temporal_client=dev_server_env.client)
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


async def test_not_ready_when_the_database_is_unreachable_but_still_alive(
    api_without_database: httpx.AsyncClient, running_worker: Worker
) -> None:
    response = await readiness(api_without_database, settled=worker_polls)

    assert response.status_code == 503, response.text
    assert down(response) == {"database"}
    assert components(response)["database"]["error"]

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
