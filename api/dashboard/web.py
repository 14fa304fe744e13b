"""The dashboard's request plumbing: who is signed in, on which host, with which branding,
CSRF checks, cookies, security headers, and errors rendered as pages instead of JSON.

Every dashboard route is a :class:`DashboardRoute`, so any domain error raised while serving a
page (``NotFound`` from a row that RLS hides, ``PermissionDenied`` from a permission check)
becomes an HTML page with the same status the API would answer, and every response carries
the same security headers.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from api.errors import _param_from_loc
from core.config import Environment, Settings
from core.db import tenant_session
from core.logging import request_id_var
from core.security import hmac_hex
from core.templating import render
from domain.audit import service as audit
from domain.dashboard.auth import SESSION_TTL, SignedIn, TooManyAttempts, resolve_session
from domain.dashboard.branding import (
    Branding,
    load_branding,
    organization_for_host,
)
from domain.errors import DomainError, NotFound, PermissionDenied, Unauthenticated
from domain.tenancy import modules, plan_catalog

SIGN_IN_PATH = "/dashboard/sign-in"
SIGN_OUT_PATHS = frozenset({"/dashboard/sign-out", "/dashboard/access/sign-out-everywhere"})
SECURITY_HEADERS = {
    # Everything is served by this app: no CDN, no external fonts, no inline script.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def secure_cookies(settings: Settings) -> bool:
    return settings.environment == Environment.PRODUCTION


def cookie_name(settings: Settings, base: str) -> str:
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only
    # and for path /, so no sibling sub-domain can plant or overwrite it.
    return f"__Host-{base}" if secure_cookies(settings) else base


def session_cookie(request: Request) -> str:
    return cookie_name(request.app.state.settings, "ax_session")


def set_cookie(
    response: Response, request: Request, base: str, value: str, max_age: int | None
) -> None:
    response.set_cookie(
        cookie_name(request.app.state.settings, base),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request.app.state.settings),
    )


def clear_cookie(response: Response, request: Request, base: str) -> None:
    set_cookie(response, request, base, "", max_age=0)


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    set_cookie(response, request, "ax_session", token, int(SESSION_TTL.total_seconds()))


def actor_for(request: Request, member_id: str | None = None) -> audit.Actor:
    settings: Settings = request.app.state.settings
    ip = request.client.host if request.client else None
    return audit.Actor(
        type="user" if member_id else "system",
        id=member_id or "dashboard",
        request_id=request_id_var.get(),
        ip_hmac=hmac_hex(settings.audit_hmac_key, ip) if ip else None,
    )


def safe_next(value: str | None) -> str:
    """Only a path inside the dashboard may be a redirect target (no open redirect)."""
    if value and value.startswith("/dashboard") and not value.startswith("//"):
        parts = urlsplit(value)
        if not parts.scheme and not parts.netloc and "\\" not in value:
            return value
    return "/dashboard"


# --- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Nav:
    path: str
    label: str


NAV: tuple[tuple[str, str, str, str], ...] = (
    # (path, label, module, permission); no module: on for every organization
    ("/dashboard/roster", "Roster", "roster", "artists:read"),
    ("/dashboard/creators", "Creators", "", "creators:read"),
    ("/dashboard/rooms", "Rooms", "", "creators:read"),
    ("/dashboard/clients", "Clients", "", "creators:read"),
    ("/dashboard/overview", "Spend & revenue", "analytics", "analytics:read"),
    ("/dashboard/budgets", "Budgets", "analytics", "analytics:read"),
    ("/dashboard/calendar", "Calendar", "calendar", "bookings:read"),
    ("/dashboard/bulk", "Bulk booking", "calendar", "bookings:write"),
    ("/dashboard/approvals", "Approvals", "approvals", "approvals:read"),
    ("/dashboard/progress", "Projects & bulk", "projects", "projects:read"),
    ("/dashboard/audit", "Audit log", "audit", "audit:read"),
    ("/dashboard/usage", "Usage", "usage", "api_keys:read"),
    ("/dashboard/integrations", "Integrations", "", "integrations:read"),
    ("/dashboard/webhooks", "Webhooks", "", "webhooks:read"),
    ("/dashboard/members", "Members", "", "members:read"),
    ("/dashboard/roles", "Roles", "", "roles:read"),
    ("/dashboard/settings", "Settings", "", "organization:read"),
)


@dataclass(frozen=True, slots=True)
class PageContext:
    """What every signed-in page needs: the member, branding, navigation and CSRF token."""

    signed_in: SignedIn
    branding: Branding
    modules: frozenset[str]

    @property
    def principal(self) -> Any:
        return self.signed_in.principal

    @property
    def organization_id(self) -> str:
        return self.signed_in.organization.id

    @property
    def csrf_token(self) -> str:
        return self.signed_in.csrf_secret

    def nav(self) -> list[Nav]:
        return [
            Nav(path, label)
            for path, label, module, permission in NAV
            if (not module or module in self.modules) and self.principal.can(permission)
        ]

    def require(self, permission: str) -> None:
        self.principal.require(permission)

    def tenant(self, request: Request) -> Any:
        """A transaction scoped to the signed-in member's organization."""
        return tenant_session(request.app.state.sessionmaker, [self.organization_id])

    def actor(self, request: Request) -> audit.Actor:
        """The signed-in member, as the audit log records them."""
        return actor_for(request, self.signed_in.member.id)

    def require_module(self, module: str) -> None:
        # A switched-off module does not exist for this organization.
        if module not in self.modules:
            raise NotFound("this page is not available")

    def landing(self) -> str:
        items = self.nav()
        return items[0].path if items else "/dashboard/account"


def page(
    template: str,
    *,
    status: int = 200,
    context: PageContext | None = None,
    branding: Branding | None = None,
    active: str = "",
    **values: Any,
) -> HTMLResponse:
    brand = context.branding if context else branding
    html = render(
        f"pages/dashboard/{template}",
        brand=brand or Branding("AuditoryX", None, "#1f3a5f", "#e07a2e"),
        ctx=context,
        nav=context.nav() if context else [],
        member=context.signed_in.member if context else None,
        csrf_token=context.csrf_token if context else "",
        active=active,
        **values,
    )
    return HTMLResponse(html, status_code=status)


def error_page(status: int, title: str, message: str, context: PageContext | None) -> HTMLResponse:
    return page("error.html", status=status, context=context, title=title, message=message)


# --- the route class --------------------------------------------------------------------------


class DashboardRoute(APIRoute):
    """Renders domain and validation errors as pages; adds the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except SignInRequired as exc:
                response = RedirectResponse(
                    f"{SIGN_IN_PATH}?next={quote(exc.next_path, safe='/')}", status_code=303
                )
            except TooManyAttempts as exc:
                response = error_page(429, "Too many attempts", exc.detail, None)
                response.headers["Retry-After"] = str(exc.retry_after)
            except DomainError as exc:
                context = getattr(request.state, "dashboard", None)
                title = "Not found" if exc.status == 404 else exc.title
                detail = "There is nothing here." if exc.status == 404 else exc.detail
                response = error_page(exc.status, title, detail, context)
            except RequestValidationError as exc:
                error = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid"}
                field = _param_from_loc(list(error["loc"]))
                context = getattr(request.state, "dashboard", None)
                response = error_page(422, "Invalid request", f"{field}: {error['msg']}", context)
            response.headers.update(SECURITY_HEADERS)
            return response

        return route


class SignInRequired(Exception):
    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


# --- dependencies -----------------------------------------------------------------------------


async def host_organization(request: Request) -> str | None:
    """The organization whose verified custom domain this request came to (or None)."""
    if hasattr(request.state, "host_org"):
        cached: str | None = request.state.host_org
        return cached
    org_id = await organization_for_host(
        request.app.state.sessionmaker, request.headers.get("host")
    )
    request.state.host_org = org_id
    return org_id


HostOrganization = Annotated[str | None, Depends(host_organization)]


async def current_page(request: Request, host_org: HostOrganization) -> PageContext:
    """The signed-in member's page context; sends anyone else to the sign-in page."""
    token = request.cookies.get(session_cookie(request))
    try:
        signed_in = await resolve_session(
            request.app.state.sessionmaker, token, now=datetime.now(UTC)
        )
    except Unauthenticated:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path if request.method == "GET" else "/dashboard") from None
    # On an organization's own domain, nothing of any other organization exists.
    if host_org is not None and host_org != signed_in.organization.id:
        raise NotFound("this page is not available")
    async with tenant_session(request.app.state.sessionmaker, [signed_in.organization.id]) as db:
        branding = await load_branding(db, signed_in.organization)
    terms = await plan_catalog.entitlements(
        request.app.state.sessionmaker, signed_in.organization.id
    )
    # The dashboard changes what the API changes: refused alike while read-only (signing
    # out changes nothing of the organization's).
    if request.url.path not in SIGN_OUT_PATHS:
        modules.require_writable(terms, request.method)
    context = PageContext(
        signed_in=signed_in,
        branding=branding,
        # The switches as read with this request's organization; the plan's grant as cached.
        modules=terms.granted & plan_catalog.switched_on(signed_in.organization),
    )
    request.state.dashboard = context
    return context


Current = Annotated[PageContext, Depends(current_page)]


def check_csrf(request: Request, expected: str, submitted: str | None) -> None:
    """A form POST must carry the token, and come from this origin if the browser says so."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise PermissionDenied("this form was sent from another site", code="csrf_failed")
    if not submitted or not expected or not hmac.compare_digest(submitted, expected):
        raise PermissionDenied(
            "this form has expired; reload the page and try again", code="csrf_failed"
        )


def new_form_token() -> str:
    return secrets.token_urlsafe(32)
