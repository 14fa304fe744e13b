"""The routes an app serves, through every included router."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI


def route_paths(app: FastAPI) -> set[tuple[str, str]]:
    """``(method, path template)`` of every route of ``app``."""
    return set(_walk(app.routes, ""))


def _walk(routes: Iterable[Any], prefix: str) -> Iterator[tuple[str, str]]:
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _walk(included.routes, prefix + route.include_context.prefix)
        for method in getattr(route, "methods", None) or ():
            yield method, prefix + route.path
