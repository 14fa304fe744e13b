"""The Python SDK keeps up with the API: every public ``/v1`` route has an SDK method, every
SDK method names a route that exists and answers the model the route documents, and every
model has the fields (and required fields) of its schema.

Checked against the app's own OpenAPI document and router, by paths, methods and schema
field names (never operation ids). When this fails after an API change: add the method to
``sdk/python/auditoryx/resources/``, or regenerate the models
(``python sdk/python/tools/generate_models.py <openapi.json>``).
"""

from __future__ import annotations

import copy
from typing import Any, get_args

import pytest
from auditoryx import models
from auditoryx._resource import Endpoint, ListEndpoint
from auditoryx.resources import RESOURCES
from pydantic import BaseModel

from core.config import Settings
from tests.support.routes import route_paths

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def app(settings: Settings) -> Any:
    from api.app import create_app

    return create_app(settings)


@pytest.fixture(scope="module")
def document(app: Any) -> dict[str, Any]:
    return dict(app.openapi())


def public_routes(app: Any, document: dict[str, Any]) -> set[tuple[str, str]]:
    """``(method, path)`` of the ``/v1`` API: the router's routes and the document's."""
    served = {(m, p) for m, p in route_paths(app) if p.startswith("/v1/") and m in HTTP_METHODS}
    documented = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        if path.startswith("/v1/")
        for method in operations
        if method.upper() in HTTP_METHODS
    }
    return served | documented


def sdk_endpoints() -> list[tuple[str, str, Endpoint[Any] | ListEndpoint[Any]]]:
    found = []
    for name, resource in RESOURCES.items():
        for attr, value in vars(resource).items():
            if isinstance(value, Endpoint | ListEndpoint):
                found.append((f"{name}.{attr}", attr, value))
    return found


def test_every_public_route_has_an_sdk_method(app, document) -> None:
    covered = {(e.method, e.path) for _, _, e in sdk_endpoints()}
    missing = sorted(public_routes(app, document) - covered, key=lambda r: (r[1], r[0]))
    assert not missing, f"routes without an SDK method: {missing}"


def test_every_sdk_method_names_a_route_that_exists(app, document) -> None:
    routes = public_routes(app, document)
    stale = [name for name, _, e in sdk_endpoints() if (e.method, e.path) not in routes]
    assert not stale, f"SDK methods whose route is gone: {stale}"


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def documented_models(document: dict[str, Any], method: str, path: str, listed: bool) -> set[str]:
    """The schema names a route's success answer is documented as (a list's items for a
    list route)."""
    operation = document["paths"][path][method.lower()]
    schemas = document["components"]["schemas"]
    names: set[str] = set()
    for status, response in operation["responses"].items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        for option in schema.get("anyOf", [schema]):
            name = _ref_name(option)
            if name and listed:
                name = _ref_name(schemas[name]["properties"]["data"]["items"])
            if name:
                names.add(name)
    return names


def sdk_models(returns: Any) -> set[str]:
    kinds = get_args(returns) or (returns,)
    return {k.__schema_name__ for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)}


def test_every_sdk_method_answers_the_model_its_route_documents(document) -> None:
    wrong = []
    for name, _, endpoint in sdk_endpoints():
        listed = isinstance(endpoint, ListEndpoint)
        returns = endpoint.item if listed else endpoint.returns
        if returns is None or returns is str:
            continue
        expected = documented_models(document, endpoint.method, endpoint.path, listed)
        if sdk_models(returns) != expected:
            wrong.append((name, sorted(sdk_models(returns)), sorted(expected)))
    assert not wrong, f"SDK methods answering another model than documented: {wrong}"


def _model_classes() -> dict[str, type[models.Model]]:
    return {
        cls.__schema_name__: cls
        for cls in vars(models).values()
        if isinstance(cls, type) and issubclass(cls, models.Model) and cls.__schema_name__
    }


def model_disagreements(document: dict[str, Any]) -> dict[str, list[str]]:
    """Per kind of drift, the schemas (or models) concerned."""
    schemas = document["components"]["schemas"]
    classes = _model_classes()
    expected = {n for n in schemas if n != "Problem" and not n.startswith("ListResponse_")}
    differing = []
    for name in sorted(expected & set(classes)):
        fields = {f.alias or attr: f for attr, f in classes[name].model_fields.items()}
        required = {wire for wire, f in fields.items() if f.is_required()}
        schema = schemas[name]
        if set(fields) != set(schema.get("properties", {})) or required != set(
            schema.get("required", [])
        ):
            differing.append(name)
    return {
        "schemas without a model": sorted(expected - set(classes)),
        "models of schemas that are gone": sorted(set(classes) - expected),
        "models that disagree with their schema": differing,
    }


def test_every_schema_has_a_model_with_its_fields_and_required_fields(document) -> None:
    assert model_disagreements(document) == {
        "schemas without a model": [],
        "models of schemas that are gone": [],
        "models that disagree with their schema": [],
    }


def test_the_checks_catch_a_missing_method_and_a_changed_schema(app, document) -> None:
    """The checks above can fail: a route the SDK lacks, a field or a required field it
    does not know, and a schema it has no model for are all reported."""
    grown = copy.deepcopy(document)
    grown["paths"]["/v1/invented/{id}/thing"] = {"post": {"responses": {}}}
    covered = {(e.method, e.path) for _, _, e in sdk_endpoints()}
    assert public_routes(app, grown) - covered == {("POST", "/v1/invented/{id}/thing")}

    schemas = grown["components"]["schemas"]
    schemas["BookingOut"]["properties"]["tempo"] = {"type": "integer"}
    schemas["ClientOut"]["required"].remove("email")
    schemas["Invented"] = {"type": "object", "properties": {}}
    del schemas["RoomOut"]
    assert model_disagreements(grown) == {
        "schemas without a model": ["Invented"],
        "models of schemas that are gone": ["RoomOut"],
        "models that disagree with their schema": ["BookingOut", "ClientOut"],
    }
