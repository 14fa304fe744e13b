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
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.config import Settings
from core.devstack import free_port
from tests.support.harness import Tenant

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_NAMES = {name.upper() for name in Settings.model_fields}
READY_WITHIN = 60.0
BURST = 20
REQUESTS = 50


def start_api(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    # Only what this test sets: no developer .env, no variable of the surrounding shell.
    env = {k: v for k, v in os.environ.items() if k.upper() not in ENV_NAMES}
    env |= {
        "PYTHONPATH": str(REPO_ROOT),
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "API_PORT": str(port),
        "RATE_LIMITS_ENABLED": "true",
        # One request a minute sustained: nothing refills while the test runs.
        "RATE_LIMIT_OVERRIDES": json.dumps({"label_enterprise": [1, BURST]}),
    }
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "cli", "api"],
            cwd=log.parent,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the API exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the API did not answer within {READY_WITHIN} s:\n{log.read_text()[-2000:]}")


@pytest.fixture
def two_apis(database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    processes, urls = [], []
    try:
        for name in ("first", "second"):
            port = free_port()
            log = tmp_path / name / "api.log"
            log.parent.mkdir()
            processes.append((start_api(database_url, port, log), log))
            urls.append(f"http://127.0.0.1:{port}")
        for (process, log), url in zip(processes, urls, strict=True):
            wait_ready(process, url, log)
        yield urls
    finally:
        for process, _log in processes:
            process.send_signal(signal.SIGINT)
        for process, _log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
