"""Which ``/v1`` routes belong to which feature module, and the gate every request passes.

A route belongs to a module by its path: the module's prefixes below. After authentication
(``api.deps.get_principal``) the caller's organization's entitlements (plan modules ∩ its own
switches, and whether it is read-only) are checked: a route of a module it lacks answers 403
``module_disabled``; a change while it is read-only answers 403 ``read_only`` (a question
sent by POST, one of :data:`QUERIES`, is a read). The same map
cuts the organization's own OpenAPI document (``GET /v1/openapi.json``) down to its modules.
"""

from __future__ import annotations

import functools
from typing import Any

from starlette.requests import Request

from domain.tenancy import modules
from domain.tenancy.plans import MODULES, Entitlements

MODULE_PREFIXES: dict[str, tuple[str, ...]] = {
    "roster": ("/v1/artists",),
    "analytics": ("/v1/analytics", "/v1/revenue"),
    "calendar": ("/v1/calendar-feeds",),
    "approvals": ("/v1/approvals", "/v1/approval-policies", "/v1/absences"),
    # The project tools sync milestones: connecting one is part of projects.
    "projects": (
        "/v1/projects",
        "/v1/milestones",
        "/v1/integrations/asana",
        "/v1/integrations/monday",
    ),
    "audit": ("/v1/audit-events",),
    "usage": ("/v1/usage",),
}
assert set(MODULE_PREFIXES) == set(MODULES)
# Routes that POST a question and change nothing: reads, so a read-only organization may ask.
QUERIES = frozenset(
    {
        "/v1/bookings/conflicts",
        "/v1/matches",
        "/v1/analytics/budget-scenarios",
        "/v1/email-templates/{name}/preview",
        "/codec/decode",
    }
)


@functools.lru_cache(maxsize=1024)
def module_of(path: str) -> str | None:
    """The module ``path`` (a route's path template or a request's path) belongs to.
    Asked on every request, about a few hundred route templates: remembered (the scan of
    the prefixes costs 10 to 15 µs, a remembered answer under 1 µs)."""
    for module, prefixes in MODULE_PREFIXES.items():
        if any(path == p or path.startswith(p + "/") for p in prefixes):
            return module
    return None


def check(request: Request, terms: Entitlements) -> None:
    """Refuse the request if its module is off or the organization is read-only."""
    route = request.scope.get("route")
    path = getattr(route, "path", None) or request.url.path
    module = module_of(path)
    if module is not None:
        modules.require_module(terms, module)
    if path not in QUERIES:
        modules.require_writable(terms, request.method)


def document_for(document: dict[str, Any], terms: Entitlements) -> dict[str, Any]:
    """The API reference without the paths of modules the organization lacks."""
    paths = {
        path: item
        for path, item in document.get("paths", {}).items()
        if (module := module_of(path)) is None or module in terms.modules
    }
    return {**document, "paths": paths}
