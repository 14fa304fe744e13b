"""The TypeScript SDK (sdk/typescript) against the real stack, and its drift from the API.

- Against a live stack: the real app under uvicorn on a free port, a real worker process on the
  Temporal dev server, PostgreSQL. The SDK's own tests (``npm test``: a ``tsc`` build, which
  checks the SDK against the generated types, then ``node --test``) run with the stack's URL
  and keys in their environment; this test fails when they do.
- Drift: every public ``/v1`` route of the app has an SDK method, and the committed generated
  types are what the app's OpenAPI document generates today (``npm run generate`` fixes it).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.config import Settings
from core.devstack import free_port
from tests.support.harness import REPO, start_worker
from tests.support.live_server import serve

SDK = REPO / "sdk" / "typescript"
# Every SDK method names the route it calls, as the OpenAPI document spells it.
ROUTE_LITERAL = re.compile(r'"(GET|POST|PUT|PATCH|DELETE) (/v1/[^"\s]*)"')
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is missing: Node 20+ with npm is needed for the TypeScript SDK")
    if not (SDK / "node_modules" / ".bin" / "tsc").exists():
        pytest.fail("sdk/typescript has no node_modules: run `make node-tools`")
    return npm


@functools.cache
def _document() -> dict:
    """The OpenAPI document the app serves (built from its routes; nothing connects)."""
    return create_app(Settings(environment="test")).openapi()


def _public_v1_operations(document: dict) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        if path.startswith("/v1/")
        for method in operations
        if method in HTTP_METHODS
    }


def _sdk_operations() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for source in (SDK / "src" / "resources").glob("*.ts"):
        found |= set(ROUTE_LITERAL.findall(source.read_text()))
    return found


def test_every_public_v1_route_has_an_sdk_method():
    document = _document()
    missing = _public_v1_operations(document) - _sdk_operations()
    assert not missing, "routes without a method in sdk/typescript/src/resources: " + ", ".join(
        f"{m} {p}" for m, p in sorted(missing, key=lambda r: (r[1], r[0]))
    )
    unknown = _sdk_operations() - _public_v1_operations(document)
    assert not unknown, f"SDK methods calling routes the API does not have: {sorted(unknown)}"


def test_the_committed_types_are_what_the_live_document_generates(tmp_path: Path):
    _npm()
    source = tmp_path / "openapi.json"
    source.write_text(json.dumps(_document()))
    done = subprocess.run(
        ["node", "scripts/generate.mjs", "--openapi", str(source), "--out", str(tmp_path)],
        cwd=SDK,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    fresh = (tmp_path / "schema.d.ts").read_text()
    committed = (SDK / "src" / "schema.d.ts").read_text()
    assert fresh == committed, (
        "sdk/typescript/src/schema.d.ts is stale: run `npm run generate` in sdk/typescript "
        "(or `make sdk-types`) and commit the result"
    )


async def _ready(url: str, timeout: float = 90) -> None:
    """Until /readyz says PostgreSQL, Temporal and a worker polling the queue all answer."""
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=url) as client:
        while time.monotonic() < deadline:
            if (await client.get("/readyz")).status_code == 200:
                return
            await asyncio.sleep(0.25)
    raise AssertionError(f"the stack at {url} was not ready within {timeout}s")


@pytest.mark.e2e
async def test_the_sdk_against_a_live_stack(dev_server_env, settings, make_tenant, smtp_sink):
    npm = _npm()
    _sink, smtp_port = smtp_sink
    queue = f"sdk-{uuid.uuid4().hex[:8]}"
    live = settings.model_copy(
        update={
            "temporal_address": dev_server_env.client.service_client.config.target_host,
            "temporal_task_queue": queue,
            "outbound_allow_private_networks": True,
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            # Limits on, as deployed: the main organization gets room for the whole run, the
            # limited one a request a second with a burst of one, so a 429 comes at once.
            "rate_limits_enabled": True,
            "rate_limit_overrides": {"label_enterprise": (60_000, 10_000), "studio_pro": (60, 1)},
        }
    )
    org = await make_tenant("Northstar Records")
    limited = await make_tenant("Bluewave Studios", plan="studio_pro")
    worker = start_worker(
        live,
        dev_server_env,
        queue,
        OUTBOUND_ALLOW_PRIVATE_NETWORKS="true",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_port),
    )
    # The compiler runs while the worker starts; `npm test` then only rebuilds what changed.
    build = await asyncio.create_subprocess_exec(
        npm,
        "run",
        "build",
        cwd=SDK,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    config = uvicorn.Config(
        create_app(live), host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    try:
        async with serve(config) as url:
            await _ready(url)
            built, _ = await asyncio.wait_for(build.communicate(), timeout=240)
            assert build.returncode == 0, built.decode(errors="replace")[-12_000:]
            process = await asyncio.create_subprocess_exec(
                npm,
                "test",
                cwd=SDK,
                env={
                    **os.environ,
                    "AUDITORYX_BASE_URL": url,
                    "AUDITORYX_API_KEY": org.key,
                    "AUDITORYX_LIMITED_API_KEY": limited.key,
                },
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            output, _ = await asyncio.wait_for(process.communicate(), timeout=240)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    report = output.decode(errors="replace")
    assert process.returncode == 0, report[-12_000:]
    assert re.search(r"^# fail 0$", report, re.MULTILINE), report[-12_000:]
