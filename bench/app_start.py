"""A new app's first request: its routes resolved for it alone, or shared within the process.

FastAPI resolves an included router's routes (dependencies, parameters, response models) on
an app's first request. ``create_app`` includes the API's routers once per process and hands
the includes to every app (api/app.py ``_routes``). Both are measured here in one process,
alternating: an app built as ``create_app`` builds it, and the same app whose routers are
included afresh (what each app paid before). A request for a path no route has makes every
route be resolved, and touches no database.
"""

from __future__ import annotations

import statistics
import time

import httpx
from fastapi import FastAPI

from api import app as app_module
from api.app import create_app
from core.config import Settings

ROUNDS = 8


def _with_own_includes(settings: Settings) -> FastAPI:
    """``create_app``'s app with fresh includes of the same routers: nothing shared."""
    app = create_app(settings)
    shared = {id(route) for route in app_module._routes()}
    app.router.routes[:] = [route for route in app.router.routes if id(route) not in shared]
    root = app_module._include_all()
    app.router.routes.extend(root.routes)
    return app


async def _first_request(app: FastAPI) -> float:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        started = time.perf_counter()
        response = await client.get("/no-such-path")
        elapsed = time.perf_counter() - started
    assert response.status_code == 404, response.status_code
    return elapsed * 1000


async def run() -> None:
    settings = Settings()
    await _first_request(create_app(settings))  # the process's one resolution
    own: list[float] = []
    shared: list[float] = []
    for _ in range(ROUNDS):
        own.append(await _first_request(_with_own_includes(settings)))
        shared.append(await _first_request(create_app(settings)))
    print("## A new app's first request (api/app.py routes shared per process)\n")
    print("| routes | median ms | min ms |")
    print("|---|---|---|")
    print(f"| included by each app | {statistics.median(own):.1f} | {min(own):.1f} |")
    print(f"| shared in the process | {statistics.median(shared):.1f} | {min(shared):.1f} |")
    print()
