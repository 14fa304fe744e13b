"""Signing in and out of the dashboard, and setting a password from an invite/reset link.

The sign-in form is protected against login CSRF by a double-submit token (a cookie and a
hidden field that must match). Failed attempts are counted per e-mail and per client IP in
PostgreSQL, so the limit holds across API processes.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.dashboard.web import (
    Current,
    DashboardRoute,
    HostOrganization,
    actor_for,
    check_csrf,
    clear_cookie,
    cookie_name,
    new_form_token,
    page,
    safe_next,
    session_cookie,
    set_cookie,
    set_session_cookie,
)
from core.db import tenant_session
from domain.dashboard import auth as dashboard_auth
from domain.dashboard.auth import Candidate
from domain.dashboard.branding import Branding, load_branding
from domain.errors import DomainError
from domain.sso.configuration import organizations_requiring_sso
from domain.tenancy.models import Organization

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
SIGN_IN_COOKIE = "ax_signin"
SSO_REQUIRED = (
    "Your organization signs in with single sign-on only: use “Sign in with single sign-on "
    "(SSO)” on the sign-in page. Passwords are not used."
)
NOT_SIGNED_IN = (
    "The e-mail or the password is not right. If your organization signs in with single "
    "sign-on, use “Sign in with single sign-on (SSO)” below."
)


async def host_branding(request: Request, host_org: str | None) -> Branding | None:
    if host_org is None:
        return None
    async with tenant_session(request.app.state.sessionmaker, [host_org]) as session:
        org = await session.get(Organization, host_org)
        return await load_branding(session, org) if org else None


def sign_in_form_token(request: Request) -> str:
    """The browser's login-CSRF token (double submit), or a new one for its cookie."""
    token = request.cookies.get(cookie_name(request.app.state.settings, SIGN_IN_COOKIE))
    return token if token and 30 <= len(token) <= 64 else new_form_token()


def _sign_in_page(
    request: Request,
    branding: Branding | None,
    *,
    status: int = 200,
    message: str = "",
    email: str = "",
    next_path: str = "/dashboard",
    choices: list[Candidate] | None = None,
) -> HTMLResponse:
    token = sign_in_form_token(request)
    response = page(
        "sign_in.html",
        status=status,
        branding=branding,
        title="Sign in",
        message=message,
        email=email,
        next_path=next_path,
        form_token=token,
        choices=choices or [],
    )
    set_cookie(response, request, SIGN_IN_COOKIE, token, max_age=3600)
    return response


@router.get("/dashboard/sign-in")
async def sign_in_form(
    request: Request, host_org: HostOrganization, next: str | None = None
) -> HTMLResponse:
    return _sign_in_page(request, await host_branding(request, host_org), next_path=safe_next(next))


@router.post("/dashboard/sign-in")
async def sign_in(
    request: Request,
    host_org: HostOrganization,
    email: Annotated[str, Form(min_length=3, max_length=320)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
    form_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
    organization_id: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    settings = request.app.state.settings
    sessionmaker = request.app.state.sessionmaker
    branding = await host_branding(request, host_org)
    expected = request.cookies.get(cookie_name(settings, SIGN_IN_COOKIE), "")
    if not expected or not hmac.compare_digest(expected, form_token):
        return _sign_in_page(
            request, branding, status=403, message="The form expired; please sign in again."
        )
    now = datetime.now(UTC)
    ip = request.client.host if request.client else None
    keys = dashboard_auth.failure_keys(settings.secret_key, email, ip)
    attempt = await dashboard_auth.begin_attempt(sessionmaker, keys, now=now)
    matches = await dashboard_auth.authenticate_member(
        sessionmaker, email, password, only_organization=host_org
    )
    # An organization that requires SSO takes no passwords, and says nothing of whether one
    # was right: such a match is answered, and counted, as a wrong password.
    requiring = await organizations_requiring_sso(
        sessionmaker, [m.organization_id for m in matches]
    )
    matches = [m for m in matches if m.organization_id not in requiring]
    if not matches:
        await dashboard_auth.attempt_failed(sessionmaker, now=now)
        return _sign_in_page(
            request,
            branding,
            status=401,
            message=NOT_SIGNED_IN,
            email=email,
            next_path=safe_next(next),
        )
    chosen = [m for m in matches if m.organization_id == organization_id] or matches
    if len(chosen) > 1:
        await dashboard_auth.attempt_succeeded(sessionmaker, attempt, email_key=None)
        return _sign_in_page(
            request,
            branding,
            message="You belong to several organizations: choose one, and sign in again.",
            email=email,
            next_path=safe_next(next),
            choices=chosen,
        )
    await dashboard_auth.attempt_succeeded(sessionmaker, attempt, email_key=keys[0][0])
    token = await dashboard_auth.open_session(
        sessionmaker,
        chosen[0],
        user_agent=request.headers.get("user-agent", ""),
        actor=actor_for(request),
        now=now,
    )
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, request, token)
    clear_cookie(response, request, SIGN_IN_COOKIE)
    return response


@router.post("/dashboard/sign-out")
async def sign_out(
    request: Request,
    ctx: Current,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(request, ctx.csrf_token, csrf_token)
    await dashboard_auth.close_session(
        request.app.state.sessionmaker,
        ctx.signed_in,
        actor=actor_for(request, ctx.signed_in.member.id),
    )
    response = RedirectResponse("/dashboard/sign-in", status_code=303)
    response.delete_cookie(session_cookie(request), path="/")
    return response


# --- invite and reset links ------------------------------------------------------------------


@router.get("/dashboard/password/{token}")
async def password_form(token: str, request: Request) -> HTMLResponse:
    """Shows the form; never changes anything (mail scanners follow links)."""
    sessionmaker = request.app.state.sessionmaker
    _token_id, org_id = await dashboard_auth.find_password_token(sessionmaker, token)
    if await organizations_requiring_sso(sessionmaker, [org_id]):
        return _password_refused()
    return page("password.html", title="Choose your password", message="", done=False)


def _password_refused() -> HTMLResponse:
    return page(
        "password.html",
        status=403,
        title="Passwords are not used here",
        message=SSO_REQUIRED,
        done=False,
        sso_only=True,
    )


@router.post("/dashboard/password/{token}")
async def password_submit(
    token: str,
    request: Request,
    password: Annotated[str, Form(max_length=256)],
    password_again: Annotated[str, Form(max_length=256)],
) -> HTMLResponse:
    sessionmaker = request.app.state.sessionmaker
    token_id, org_id = await dashboard_auth.find_password_token(sessionmaker, token)
    if await organizations_requiring_sso(sessionmaker, [org_id]):
        return _password_refused()
    if not hmac.compare_digest(password, password_again):
        return page(
            "password.html",
            status=422,
            title="Choose your password",
            message="password_again: the two passwords differ.",
            done=False,
        )
    try:
        async with tenant_session(sessionmaker, [org_id]) as session:
            await dashboard_auth.redeem_password_link(
                session, token_id, password, now=datetime.now(UTC)
            )
    except DomainError as exc:
        field = f"{exc.param}: " if exc.param else ""
        return page(
            "password.html",
            status=exc.status,
            title="Choose your password",
            message=f"{field}{exc.detail}",
            done=False,
        )
    return page("password.html", title="Your password is set", message="", done=True)
