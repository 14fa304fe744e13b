"""The OpenAPI document is a reference client generators can build from: valid OpenAPI 3.1,
an operation id on every operation, every success and problem response with its schema (and the
problem ``code``s each status can carry), the rate-limit headers, and a ``webhooks`` entry per
event type. Real answers of the running app, errors and webhook payloads included, validate
against what the document says of them."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from api.app import create_app
from core.config import Settings
from domain.events.service import CATALOG
from tests.support.bulk import creator, day, fixed, room
from tests.support.harness import Tenant
from tests.support.routes import route_paths

OPERATION_ID = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$|^[a-z]+$")
SIGNATURE_HEADERS = {"webhook-id", "webhook-timestamp", "webhook-signature"}
ABSENT = "cli_" + "0" * 26


@pytest.fixture(scope="module")
def reference() -> tuple[Any, dict[str, Any]]:
    # Building the app connects to nothing; only its lifespan would.
    app = create_app(Settings(environment="test", database_url="postgresql://openapi@localhost/x"))
    return app, app.openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def conforms(document: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    """Why ``value`` does not match ``schema`` (whose references point into ``document``)."""
    validator = Draft202012Validator({**schema, "components": document["components"]})
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def check_answer(document: dict[str, Any], method: str, path: str, r: httpx.Response) -> None:
    """``r`` has a status the operation documents, in a documented media type, with a body
    matching its schema; a problem's ``code`` is one listed for that status."""
    operation = document["paths"][path][method.lower()]
    documented = operation["responses"].get(str(r.status_code))
    assert documented is not None, (method, path, r.status_code, sorted(operation["responses"]))
    content = documented.get("content")
    if not content:
        assert r.content == b"", (method, path, r.status_code)
        return
    media_type = r.headers["content-type"].split(";")[0]
    assert media_type in content, (method, path, r.status_code, media_type)
    errors = conforms(document, content[media_type]["schema"], r.json())
    assert errors == [], (method, path, r.status_code, errors)
    if media_type == "application/problem+json":
        assert r.json()["code"] in documented["x-problem-codes"], (method, path, r.json())


# --- the document ---------------------------------------------------------------------------


def test_the_document_is_valid_openapi_3_1(reference) -> None:
    _app, document = reference
    assert document["openapi"].startswith("3.1.")
    validate(document)  # raises OpenAPIValidationError naming the first fault


def test_every_route_is_documented_with_a_readable_unique_operation_id(reference) -> None:
    app, document = reference
    documented = {(method, path) for method, path, _op in operations(document)}
    api_routes = {(m, p) for m, p in route_paths(app) if p.startswith("/v1/") and m != "HEAD"}
    assert api_routes - documented == set()
    ids = Counter(op["operationId"] for _m, _p, op in operations(document))
    assert [i for i, n in ids.items() if n > 1] == []
    assert [i for i in ids if not OPERATION_ID.match(i)] == []
    # FastAPI's own ids would read `create_booking_v1_bookings_post`.
    assert document["paths"]["/v1/bookings"]["post"]["operationId"] == "createBooking"
    assert document["paths"]["/v1/approvals/{id}/decisions"]["post"]["operationId"] == (
        "decideApproval"
    )


def test_every_operation_documents_its_success_body_and_its_problems(reference) -> None:
    _app, document = reference
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for method, path, operation in operations(document):
        responses = operation["responses"]
        successes = {s: r for s, r in responses.items() if s.startswith("2")}
        assert successes, (method, path)
        for status, response in successes.items():
            for media_type, body in response.get("content", {}).items():
                assert body.get("schema"), (method, path, status, media_type)
        for status in ("500", "503"):
            assert status in responses, (method, path, status)
        for status, response in responses.items():
            if status[0] in "45" and path != "/readyz":
                assert response["content"] == problem, (method, path, status)
                assert response["x-problem-codes"], (method, path, status)
        # Every /v1 operation takes an API key, but the claim of an invite (its token is the
        # credential).
        if path.startswith("/v1/") and path != "/v1/api-key-invites/claim":
            assert operation["security"] == [{"apiKey": []}], (method, path)
            assert {"401", "403", "429"} <= set(responses), (method, path)
            assert set(responses["429"]["headers"]) == {
                "RateLimit-Policy",
                "RateLimit",
                "Retry-After",
            }
            assert "missing_api_key" in responses["401"]["x-problem-codes"]
            assert "missing_permission" in responses["403"]["x-problem-codes"]
        if "{id}" in path:
            assert "resource_missing" in responses["404"]["x-problem-codes"], (method, path)
        if method == "POST" and path.startswith("/v1/") and path != "/v1/api-key-invites/claim":
            assert "idempotency_key_in_use" in responses["409"]["x-problem-codes"], path


def test_operations_list_the_codes_of_their_own_rules(reference) -> None:
    _app, document = reference
    codes = {
        (method, path, status): set(response.get("x-problem-codes", ()))
        for method, path, operation in operations(document)
        for status, response in operation["responses"].items()
    }
    assert "booking_conflict" in codes[("POST", "/v1/bookings", "409")]
    assert "quota_exceeded" in codes[("POST", "/v1/webhook-endpoints", "409")]
    assert "unknown_event_type" in codes[("POST", "/v1/webhook-endpoints", "422")]
    assert "builtin_role" in codes[("DELETE", "/v1/roles/{id}", "409")]
    # Codes belong to the operations that can give them, not to every operation.
    assert "booking_conflict" not in codes[("GET", "/v1/clients", "409")]
    assert ("GET", "/v1/clients", "413") not in codes


def test_every_write_of_the_api_documents_a_tenant_moves_503_with_retry_after(reference) -> None:
    """A write during an organization's move is refused with 503 ``tenant_moving`` and
    ``Retry-After`` (docs/adr/0036): a client generated from the document must know it."""
    _app, document = reference
    writes = [
        (method, path, operation)
        for method, path, operation in operations(document)
        if method in ("POST", "PUT", "PATCH", "DELETE") and path.startswith("/v1/")
    ]
    assert len(writes) > 50
    missing = [
        (method, path)
        for method, path, operation in writes
        if "tenant_moving" not in operation["responses"].get("503", {}).get("x-problem-codes", ())
        or "Retry-After" not in operation["responses"]["503"].get("headers", {})
    ]
    assert missing == []
    # Reads go on during a move: a GET never says it.
    reads = [op for method, _p, op in operations(document) if method == "GET"]
    assert not any(
        "tenant_moving" in op["responses"].get("503", {}).get("x-problem-codes", ()) for op in reads
    )


def test_every_event_type_of_the_catalog_is_a_webhook_with_its_payload_and_signature(
    reference,
) -> None:
    _app, document = reference
    assert set(document["webhooks"]) == set(CATALOG)
    for event_type, item in document["webhooks"].items():
        operation = item["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == SIGNATURE_HEADERS, event_type
        body = operation["requestBody"]["content"]["application/json"]
        assert conforms(document, body["schema"], body["example"]) == [], event_type
        assert body["example"]["data"] == CATALOG[event_type][1]


def test_the_examples_of_the_main_models_match_their_schemas(reference) -> None:
    _app, document = reference
    schemas = document["components"]["schemas"]
    illustrated = {name for name, schema in schemas.items() if schema.get("examples")}
    assert {"BookingCreate", "BookingOut", "BulkBookingCreate", "Problem"} <= illustrated
    assert {"BookingEventData", "InvoiceEventData"} <= illustrated
    for name in illustrated:
        ref = {"$ref": f"#/components/schemas/{name}"}
        for example in schemas[name]["examples"]:
            assert conforms(document, ref, example) == [], name
            # An example shows every field a client will meet in the answer.
            assert set(schemas[name].get("required", ())) <= set(example), name


# --- real answers against the document ------------------------------------------------------


async def test_real_answers_match_their_documented_responses(api, org_a: Tenant, reference):
    _app, document = reference
    pat = await creator(api, org_a, "Pat", skills={"mixing": 4})
    studio = await room(api, org_a, "Studio A")
    h = org_a.headers

    async def answer(method: str, path: str, url: str | None = None, **kw: Any) -> httpx.Response:
        r = await api.request(method, url or path, **kw)
        check_answer(document, method, path, r)
        return r

    await answer("GET", "/v1/organization", headers=h)
    client = await answer("POST", "/v1/clients", json={"name": "Helix"}, headers=h)
    client_id = client.json()["id"]
    await answer("GET", "/v1/clients", headers=h)
    await answer("GET", "/v1/clients/{id}", f"/v1/clients/{client_id}", headers=h)
    await answer(
        "PATCH", "/v1/clients/{id}", f"/v1/clients/{client_id}", json={"phone": "1"}, headers=h
    )
    booking = {"creator_id": pat, "room_id": studio, "client_id": client_id}
    times = {"start": day(3, 10).isoformat(), "end": day(3, 12).isoformat()}
    made = await answer("POST", "/v1/bookings", json={**booking, **times}, headers=h)
    assert made.status_code == 201
    clash = await answer("POST", "/v1/bookings", json={**booking, **times}, headers=h)
    assert clash.json()["code"] == "booking_conflict"
    await answer("GET", "/v1/bookings/{id}", f"/v1/bookings/{made.json()['id']}", headers=h)
    # Problems: unknown id, no key, bad input, an Idempotency-Key reused with another body.
    assert (
        await answer("GET", "/v1/clients/{id}", f"/v1/clients/{ABSENT}", headers=h)
    ).status_code == 404
    assert (await answer("GET", "/v1/clients")).status_code == 401
    assert (await answer("POST", "/v1/clients", json={"nme": "typo"}, headers=h)).status_code == 422
    undecodable = {**h, "Content-Type": "application/json"}
    r = await answer("POST", "/v1/clients", content=b'{"name": "\xff"}', headers=undecodable)
    assert r.status_code == 400
    keyed = {**h, "Idempotency-Key": "reference-1"}
    await answer("POST", "/v1/clients", json={"name": "Once"}, headers=keyed)
    reused = await answer("POST", "/v1/clients", json={"name": "Twice"}, headers=keyed)
    assert reused.json()["code"] == "idempotency_key_reused"
    # The events those changes wrote are what webhook receivers get.
    events = (await answer("GET", "/v1/events", headers=h)).json()["data"]
    assert {"client.created", "client.updated", "booking.created"} <= {e["type"] for e in events}
    for event in events:
        payload = {k: event[k] for k in ("id", "type", "data")}
        payload["timestamp"] = event["created_at"]
        schema = document["webhooks"][event["type"]]["post"]["requestBody"]["content"]
        assert conforms(document, schema["application/json"]["schema"], payload) == [], event


async def test_a_dry_run_answers_the_status_and_body_the_document_gives_it(
    api, org_a: Tenant, reference
) -> None:
    _app, document = reference
    pat = await creator(api, org_a, "Pat")
    body = {"dry_run": True, "sessions": [fixed(pat, day(3, 10))]}
    r = await api.post("/v1/bulk-bookings", json=body, headers=org_a.headers)
    assert r.status_code == 200 and r.json()["object"] == "bulk_booking_plan"
    check_answer(document, "POST", "/v1/bulk-bookings", r)
    created = await api.post(
        "/v1/bulk-bookings", json={**body, "dry_run": False}, headers=org_a.headers
    )
    assert created.status_code == 201 and created.json()["object"] == "bulk_booking"
    check_answer(document, "POST", "/v1/bulk-bookings", created)

    report = await api.post(
        "/v1/artists/bulk",
        params={"dry_run": "true"},
        json={"artists": [{"name": "Nova", "external_ref": "d-1"}]},
        headers=org_a.headers,
    )
    assert report.status_code == 200 and report.json()["dry_run"] is True
    check_answer(document, "POST", "/v1/artists/bulk", report)


async def test_a_rate_limited_answer_matches_its_documented_problem_and_headers(
    app_factory, org_a: Tenant, reference
) -> None:
    _app, document = reference
    api = await app_factory(
        rate_limits_enabled=True, rate_limit_overrides={"label_enterprise": [1, 1]}
    )
    first = await api.get("/v1/organization", headers=org_a.headers)
    refused = await api.get("/v1/organization", headers=org_a.headers)
    assert (first.status_code, refused.status_code) == (200, 429)
    check_answer(document, "GET", "/v1/organization", refused)
    documented = document["paths"]["/v1/organization"]["get"]["responses"]
    for answer, status in ((first, "200"), (refused, "429")):
        assert {h.lower() for h in documented[status]["headers"]} <= set(answer.headers)
