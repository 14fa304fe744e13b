"""The web dashboard: server-rendered pages for members, served by the API process itself.

``install(app)`` adds its routes and its static files (CSS and a little script) to the app;
nothing is loaded from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.dashboard import (
    approvals,
    auth,
    bulk,
    crm_oauth,
    integrations,
    mail_templates,
    pages,
    people,
    policies,
    privacy,
    project_tool_oauth,
    quickbooks_oauth,
    resources,
    roster_admin,
    schedule,
    scim,
    settings,
    sso,
    sso_settings,
    usage,
    webhooks,
    xero_oauth,
)

STATIC = Path(__file__).resolve().parent / "static"
ROUTERS = (
    auth.router,
    sso.router,
    pages.router,
    approvals.router,
    usage.router,
    people.router,
    roster_admin.router,
    resources.router,
    schedule.router,
    bulk.router,
    settings.router,
    privacy.router,
    sso_settings.router,
    mail_templates.router,
    policies.router,
    scim.router,
    integrations.router,
    quickbooks_oauth.router,
    # Before the CRMs' ``{crm}/authorize`` and ``{crm}/callback``, which would match theirs.
    xero_oauth.router,
    project_tool_oauth.router,
    crm_oauth.router,
    webhooks.router,
)


def install_static(app: FastAPI) -> None:
    """The dashboard's stylesheets and scripts (its pages are ``ROUTERS``, which the app
    includes with the rest of its routes)."""
    app.mount("/dashboard/static", StaticFiles(directory=STATIC), name="dashboard-static")


__all__ = ["ROUTERS", "install_static"]
