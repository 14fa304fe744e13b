"""The finished OpenAPI document: FastAPI's, completed into a reference for client generators.

FastAPI writes the paths, parameters, bodies and success responses from the routes. This adds
what it cannot know: each operation's problem responses (``application/problem+json``, the
statuses and ``code``s its code can answer, see :mod:`api.reference.problems`), the rate-limit
headers, the bearer-key security scheme, and the webhooks receivers get (one entry per event
type of the catalog, see :mod:`api.reference.webhooks`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from api import deps
from api.errors import HTTP_CODES, PROBLEM_JSON, PROBLEM_SCHEMA
from api.reference.examples import add_examples
from api.reference.problems import Problems, SourceReader, route_problems
from api.reference.webhooks import webhooks

SECURITY_SCHEME = "apiKey"
_HEADERS: dict[str, dict[str, Any]] = {
    "RateLimit-Policy": {
        "description": "The budgets this request was counted against (draft-ietf-httpapi-"
        'ratelimit-headers), such as `"key";q=600;w=60;burst=100, "org";q=600;w=60;burst=100`',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of each budget, such as `"key";r=42;t=6, "org";r=42;t=6`',
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds to wait before sending the request again: until one more "
        "request fits the budget (429), or the organization's move lets it write (503 "
        "`tenant_moving`)",
        "schema": {"type": "integer", "minimum": 0},
    },
}
_TITLES = {**{status: title for status, (_code, title) in HTTP_CODES.items()}, 500: "Server error"}
# The code does not change while the process runs: every app's document reads it once.
_READER = SourceReader()
_GENERIC_DESCRIPTIONS = {"Successful Response", "Validation Error", "Not Found"}


def reference(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    """Complete FastAPI's ``document`` of ``app`` into the API reference (in place)."""
    routes = {
        (method.lower(), context.path_format): context
        for context in routing.iter_route_contexts(app.routes)
        if isinstance(context.original_route, routing.APIRoute) and context.include_in_schema
        for method in context.methods or ()
    }
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            route = routes[(method, path)]
            problems = route_problems(route, _READER)  # type: ignore[arg-type]
            own = {str(s) for s, r in route.responses.items() if {"model", "content"} & set(r)}
            _document_problems(operation, problems, own_bodies=own)
            if 429 in problems:
                _document_rate_limits(operation)
            if "tenant_moving" in problems.get(503, ()):
                _document_retry_after(operation["responses"]["503"])
            _name_inline_bodies(operation)
            if _authenticates(route.dependant):
                operation["security"] = [{SECURITY_SCHEME: []}]
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    components["headers"] = _HEADERS
    components["securitySchemes"] = {
        SECURITY_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "API key",
            "description": "An API key, `ax_live_…` (your organization) or `ax_test_…` (its "
            "sandbox twin), sent as `Authorization: Bearer <key>`",
        }
    }
    event_webhooks, event_schemas = webhooks()
    document["webhooks"] = event_webhooks
    schemas.update(event_schemas)
    add_examples(schemas)
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    return document


def _document_problems(
    operation: dict[str, Any], problems: Problems, *, own_bodies: set[str]
) -> None:
    """Every problem status with the shared schema; the codes known for it in its description
    and in ``x-problem-codes``. A status the route declares itself keeps its description, and
    its body when it declares one (``/readyz`` answers 503 with its readiness report)."""
    responses = operation.setdefault("responses", {})
    for status in sorted(problems):
        responses.setdefault(str(status), {"description": _TITLES.get(status, "Error")})
    for status, response in responses.items():
        if status[0] not in "45" or status in own_bodies:
            continue
        if response.get("description") in _GENERIC_DESCRIPTIONS:
            response["description"] = _TITLES.get(int(status), "Error")
        codes = sorted(problems.get(int(status), ()))
        if codes:
            response["description"] += " (`code`: " + ", ".join(f"`{c}`" for c in codes) + ")"
            response["x-problem-codes"] = codes
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    operation["responses"] = dict(sorted(responses.items()))


def _name_inline_bodies(operation: dict[str, Any]) -> None:
    """An inline success body (a union, a plain dict) is titled after its operation
    (``CreateBulkBookingResponse``), which generators use as its type name, rather than
    FastAPI's ``Response 200 Createbulkbooking``."""
    name = operation["operationId"][:1].upper() + operation["operationId"][1:] + "Response"
    for status, response in operation["responses"].items():
        for body in response.get("content", {}).values():
            schema = body.get("schema", {})
            if status[0] == "2" and str(schema.get("title", "")).startswith("Response "):
                schema["title"] = name


def _document_retry_after(response: dict[str, Any]) -> None:
    """A 503 that may be a tenant move's freeze says when to send the request again."""
    response.setdefault("headers", {})["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}


def _document_rate_limits(operation: dict[str, Any]) -> None:
    for status, response in operation["responses"].items():
        names = ["RateLimit-Policy", "RateLimit"]
        if status == "429":
            names.append("Retry-After")
        elif status[0] != "2":
            continue
        headers = response.setdefault("headers", {})
        for name in names:
            headers[name] = {"$ref": f"#/components/headers/{name}"}


def _authenticates(dependant: Dependant) -> bool:
    if dependant.call is deps.get_principal:
        return True
    return any(_authenticates(sub) for sub in dependant.dependencies)
