"""Two ``auditoryx api`` processes on one database share one rate-limit budget exactly.

Each process is the real command a deployment runs (its own interpreter, engine and pool),
started on a free port with the limits on and a trickle rate for the organization's plan,
so that the burst (not the refill during the test) decides what is admitted. A burst of
concurrent requests split across both processes is admitted exactly up to the plan's burst:
the budget is one, not one per process.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.devstack import free_port
from tests.support.harness import Tenant, start_api_process, stop_processes, wait_answering

pytestmark = pytest.mark.e2e

BURST = 20
REQUESTS = 50


@pytest.fixture
def two_apis(database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    processes, urls = [], []
    try:
        for name in ("first", "second"):
            port = free_port()
            log = tmp_path / name / "api.log"
            log.parent.mkdir()
            # One request a minute sustained: nothing refills while the test runs.
            overrides = json.dumps({"label_enterprise": [1, BURST]})
            processes.append(
                (
                    start_api_process(
                        database_url,
                        port,
                        log,
                        RATE_LIMITS_ENABLED="true",
                        RATE_LIMIT_OVERRIDES=overrides,
                    ),
                    log,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for (process, log), url in zip(processes, urls, strict=True):
            wait_answering(process, f"{url}/healthz", log)
        yield urls
    finally:
        stop_processes([process for process, _log in processes])


async def test_two_api_processes_admit_exactly_one_burst_between_them(
    two_apis: list[str], org_a: Tenant
) -> None:
    clients = [httpx.AsyncClient(base_url=url, timeout=30) for url in two_apis]
    try:
        responses = await asyncio.gather(
            *(
                clients[i % 2].get("/v1/organization", headers=org_a.headers)
                for i in range(REQUESTS)
            )
        )
    finally:
        for client in clients:
            await client.aclose()

    # One budget between them: a budget per process would have admitted twice the burst.
    assert Counter(r.status_code for r in responses) == {200: BURST, 429: REQUESTS - BURST}
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert f'"org";q=1;w=60;burst={BURST}' in refused.headers["ratelimit-policy"]
