"""The API's layout rules: route modules do not import each other; models live in
``api/schemas``."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.source import parse

ROUTES = Path(__file__).resolve().parents[2] / "api" / "routes"


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.ImportFrom) and node.module == "api.routes":
            found.update(f"api.routes.{a.name}" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_no_route_module_imports_another() -> None:
    for path in sorted(ROUTES.glob("*.py")):
        routes = {m for m in _imported_modules(path) if m.startswith("api.routes.")}
        assert routes == set(), (path.name, routes)


def test_no_model_is_defined_in_a_route_module() -> None:
    for path in sorted(ROUTES.glob("*.py")):
        tree = parse(path)
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        assert classes == [], (path.name, classes)


def test_routes_name_permissions_by_alias_and_query_through_the_domain() -> None:
    # A permission is an alias of api.deps (CanReadBookings), a query a domain function:
    # a route that builds either itself has stepped around the seam.
    for path in sorted([*ROUTES.glob("*.py"), *(ROUTES.parent / "dashboard").glob("*.py")]):
        tree = parse(path)
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        queries = {
            a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("sqlalchemy")
            for a in n.names
            if a.name in ("select", "update", "delete", "insert")
        }
        assert "Authorize" not in names and queries == set(), (path.name, queries)
