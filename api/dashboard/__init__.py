"""The web dashboard: server-rendered pages for members, served by the API process itself.

``install(app)`` adds its routes and its static files (CSS and a little script) to the app;
nothing is loaded from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.dashboard import approvals, auth, pages

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(approvals.router)
    app.mount("/dashboard/static", StaticFiles(directory=STATIC), name="dashboard-static")


__all__ = ["install"]
