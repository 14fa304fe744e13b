"""The API under an OpenAPI fuzzer: every operation of the live OpenAPI document, with
examples Schemathesis derives from it (boundaries, wrong types, NUL characters, random
values), sent with a real API key of a test organization. No answer is a 5xx, and every answer
has a status code and content type the document declares for that operation.

The real app is served over HTTP by uvicorn on this test's event loop, with the real worker on
the dev Temporal server, so operations that start or query workflows run for real. The run is
reproducible (a fixed seed, no example database) and bounded (examples per operation), so it stays
within about two minutes on two cores; a failure prints the request to replay with curl. Each
5xx it found has a plain regression test of its own (tests/api/test_bad_input.py).

Phases: the schema's examples and random fuzzing. The coverage phase (every boundary and
wrong type of every parameter, some 10,000 requests) is left out: it takes about two minutes on
its own; the boundaries it would probe are pinned by the plain tests instead.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from domain.tenancy.permissions import PERMISSIONS
from tests.support.harness import BIN, issue_api_key

pytestmark = pytest.mark.fuzz

SEED = 20261202
EXAMPLES_PER_OPERATION = 20
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
)
# Operations left out, each with its reason: connecting these checks the credentials with
# the provider's own servers (an external service), which tests reach only through stubs
# (tests/api/test_slack_approvals.py, tests/stubs/).
EXCLUDED_PATHS = {
    "/v1/integrations/slack": "checks the bot token with Slack's auth.test",
    "/v1/integrations/hubspot": "checks the access token with HubSpot",
    "/v1/integrations/salesforce": "exchanges or checks OAuth tokens with Salesforce",
    "/v1/integrations/asana": "checks the token with Asana",
    "/v1/integrations/monday": "checks the token with Monday.com",
    "/v1/integrations/quickbooks": "exchanges or checks OAuth tokens with Intuit",
    "/v1/sso": "reads the issuer's discovery document from the identity provider",
    # The fuzzer learns ids from responses: GET /v1/api-keys shows its own key, and revoking
    # it would turn the rest of the run into 401s. Revocation: tests/api/test_auth.py.
    "/v1/api-keys/{id}/revoke": "would revoke the fuzzer's own key",
    # 503 is its documented answer whenever a dependency is slow to answer its probe (the
    # Temporal server on a busy machine); it takes no input to fuzz. tests/api/test_health.py.
    "/readyz": "answers 503 by design while a dependency is slow or down",
}


@pytest.fixture
async def live_api(settings, engine, dev_server_env, running_worker) -> AsyncIterator[str]:
    """The real app served over HTTP on this event loop; yields its base URL."""
    app = create_app(settings, engine=engine, temporal_client=dev_server_env.client)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        assert not serving.done(), "the API did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


@pytest.fixture
async def fuzzer_key(sessionmaker, org_a) -> str:
    """A live key with every permission, tied to no member, so that whatever the fuzzer does
    to members and roles leaves it working."""
    return await issue_api_key(
        sessionmaker, org_a.id, created_by=None, permissions=sorted(PERMISSIONS), name="fuzzer"
    )


async def test_no_operation_answers_a_server_error_or_an_undocumented_response(
    live_api, fuzzer_key, tmp_path
) -> None:
    exclusions = [arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)]
    # The document is built on its first request (seconds on a busy machine); build it before
    # the fuzzer, whose loading timeout is 10 s.
    async with httpx.AsyncClient(timeout=120) as client:
        assert (await client.get(f"{live_api}/openapi.json")).status_code == 200
    fuzzer = await asyncio.create_subprocess_exec(
        str(BIN / "st"),
        "run",
        f"{live_api}/openapi.json",
        "--header",
        f"Authorization: Bearer {fuzzer_key}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--continue-on-failure",
        "--no-color",
        "--report-dir",
        str(tmp_path),
        *exclusions,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    output, _ = await fuzzer.communicate()
    report = output.decode(errors="replace")
    assert fuzzer.returncode == 0, report
