"""Every error the API returns is an RFC 9457 problem document a client can act on.

Unknown paths, wrong methods, invalid parameters and our own crashes all answer
``application/problem+json`` with a stable ``code`` and the request id, and a crash never
shows its internals to the caller (they go to the log, under the same request id).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from core.config import Settings
from core.logging import JsonFormatter

PROBLEM_JSON = "application/problem+json"
GENERATED_ID = re.compile(r"^req_[0-9a-z]{26}$")


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "code", "request_id"} <= body.keys(), body
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:auditoryx:problem:{code}"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    # The id in the body is the one in the header, so a support ticket can quote either.
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_unknown_path_is_a_404_problem(api: httpx.AsyncClient) -> None:
    response = await api.get("/v1/no-such-resource")
    assert_problem(response, 404, "resource_missing")


async def test_wrong_method_is_a_405_problem_that_lists_the_allowed_ones(
    api: httpx.AsyncClient,
) -> None:
    response = await api.delete("/healthz")
    assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


async def test_invalid_query_parameter_is_a_422_naming_the_param(api, org_a) -> None:
    response = await api.get("/v1/members", params={"limit": 0}, headers=org_a.headers)

    body = assert_problem(response, 422, "invalid_request")
    assert body["param"] == "limit"
    assert body["detail"].startswith("limit: ")
    assert body["errors"] == [
        {"param": "limit", "message": "Input should be greater than or equal to 1"}
    ]


async def test_every_invalid_param_is_listed(api, org_a) -> None:
    response = await api.get(
        "/v1/members", params={"limit": "many", "starting_after": "x"}, headers=org_a.headers
    )

    body = assert_problem(response, 422, "invalid_request")
    assert sorted(e["param"] for e in body["errors"]) == ["limit", "starting_after"]


# --- our own crash ------------------------------------------------------------------------------


@pytest.fixture
async def crashing_api(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """The real app plus one route that fails the way a bug does."""
    app = create_app(settings, engine=engine)

    async def explode() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.add_api_route("/test-only/explode", explode, methods=["GET", "POST"])
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client,
    ):
        yield client


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_unexpected_error_is_a_500_that_hides_the_internals(
    crashing_api: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, method: str
) -> None:
    caplog.set_level(logging.INFO)
    caplog.handler.setFormatter(JsonFormatter())  # formatted at emit time: carries the request id

    response = await crashing_api.request(method, "/test-only/explode")

    body = assert_problem(response, 500, "internal_error")
    assert GENERATED_ID.match(response.headers["x-request-id"])
    assert "secret internals" not in response.text
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    # ...while the operator finds the whole story in the log under the id the client got.
    logged = [json.loads(line) for line in caplog.text.splitlines()]
    crash = [entry for entry in logged if entry["level"] == "error"]
    assert len(crash) == 1, logged
    assert crash[0]["request_id"] == body["request_id"]
    assert "RuntimeError: secret internals" in crash[0]["exc"]
    access = [entry for entry in logged if entry.get("path") == "/test-only/explode"]
    assert [(entry["status"], entry["request_id"]) for entry in access] == [
        (500, body["request_id"])
    ]


# --- request ids -------------------------------------------------------------------------------


async def test_a_sane_incoming_request_id_is_echoed(api: httpx.AsyncClient) -> None:
    incoming = "lb-7f3a:trace.42_A-b"
    ok = await api.get("/healthz", headers={"X-Request-Id": incoming})
    assert ok.status_code == 200
    assert ok.headers["x-request-id"] == incoming

    missing = await api.get("/v1/nothing-here", headers={"X-Request-Id": incoming})
    assert assert_problem(missing, 404, "resource_missing")["request_id"] == incoming


@pytest.mark.parametrize(
    "incoming",
    ["x" * 200, "has spaces in it", 'quote"and<angle>', ""],
    ids=["too-long", "spaces", "punctuation", "empty"],
)
async def test_an_insane_incoming_request_id_is_replaced(
    api: httpx.AsyncClient, incoming: str
) -> None:
    response = await api.get("/v1/nothing-here", headers={"X-Request-Id": incoming})

    body = assert_problem(response, 404, "resource_missing")
    assert response.headers["x-request-id"] != incoming
    assert GENERATED_ID.match(response.headers["x-request-id"])
    assert body["request_id"] == response.headers["x-request-id"]


async def test_each_request_gets_its_own_id(api: httpx.AsyncClient) -> None:
    ids = {(await api.get("/healthz")).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3
    assert all(GENERATED_ID.match(i) for i in ids)
