"""Signing in to the dashboard with the organization's identity provider (OpenID Connect).

1. ``GET /dashboard/sso``: a person types their organization's sign-in name or their work
   e-mail (a login-CSRF double-submit token, as on the password form).
2. ``POST /dashboard/sso``: the organization is looked up (by name, or by the e-mail's domain
   when exactly one organization claims it); ``state``, ``nonce`` and the PKCE verifier are
   sealed into a cookie that lives ten minutes and is bound to this browser, and a page of
   ours moves the browser on to the provider (a form POST may not be redirected to another
   origin under the dashboard's ``form-action 'self'``).
3. ``GET /dashboard/sso/callback``: the state must be the cookie's (the cookie is dropped on
   every answer, so a state is used once); the code and the verifier are exchanged for an ID
   token, which must be valid for this organization's issuer and client and carry the nonce
   and a verified e-mail; then the members service admits the person (just-in-time, with the
   mapped role) and a dashboard session opens as a password sign-in would.

Every refusal is a page that says why, with no session.
"""

from __future__ import annotations

import dataclasses
import hmac
import time
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.dashboard.auth import SIGN_IN_COOKIE, host_branding, sign_in_form_token
from api.dashboard.oauth_consent import callback_url, open_cookie, seal_cookie
from api.dashboard.web import (
    DashboardRoute,
    HostOrganization,
    actor_for,
    clear_cookie,
    cookie_name,
    page,
    safe_next,
    set_cookie,
    set_session_cookie,
)
from api.sso_settings import CALLBACK_PATH
from core.db import tenant_session
from domain.dashboard import auth as dashboard_auth
from domain.dashboard.auth import Candidate
from domain.dashboard.branding import Branding
from domain.errors import DomainError
from domain.sso import configuration
from domain.sso.membership import VerifiedIdentity, admit
from domain.tenancy.models import Organization
from integrations.oidc import OidcClient, OidcError

router = APIRouter(route_class=DashboardRoute, include_in_schema=False)
FLOW_COOKIE = "ax_sso"
LIFETIME_SECONDS = 600
PROVIDER = "your identity provider"


def _form(
    request: Request,
    branding: Branding | None,
    *,
    status: int = 200,
    message: str = "",
    login: str = "",
    next_path: str = "/dashboard",
) -> HTMLResponse:
    token = sign_in_form_token(request)
    response = page(
        "sso_sign_in.html",
        status=status,
        branding=branding,
        title="Sign in with single sign-on",
        message=message,
        login=login,
        next_path=next_path,
        form_token=token,
    )
    set_cookie(response, request, SIGN_IN_COOKIE, token, max_age=3600)
    return response


def _refused(request: Request, status: int, message: str) -> HTMLResponse:
    response = page("sso_refused.html", status=status, title="Sign-in refused", message=message)
    clear_cookie(response, request, FLOW_COOKIE)
    return response


@router.get("/dashboard/sso")
async def sso_form(
    request: Request, host_org: HostOrganization, next: str | None = None
) -> HTMLResponse:
    return _form(request, await host_branding(request, host_org), next_path=safe_next(next))


@router.post("/dashboard/sso")
async def sso_start(
    request: Request,
    host_org: HostOrganization,
    login: Annotated[str, Form(max_length=320)] = "",
    form_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/dashboard",
) -> Response:
    settings = request.app.state.settings
    branding = await host_branding(request, host_org)
    login = login.strip()
    expected = request.cookies.get(cookie_name(settings, SIGN_IN_COOKIE), "")
    if not expected or not hmac.compare_digest(expected, form_token):
        return _form(request, branding, status=403, message="The form expired; please try again.")
    organization_id = await configuration.organization_for_login(
        request.app.state.sessionmaker, login
    )
    if organization_id is None or (host_org is not None and organization_id != host_org):
        return _form(
            request,
            branding,
            status=404,
            login=login,
            next_path=safe_next(next),
            message="login: no organization signs in with single sign-on under this name or "
            "e-mail domain. Check the spelling, or sign in with your password.",
        )
    async with tenant_session(request.app.state.sessionmaker, [organization_id]) as session:
        config = await configuration.get_configuration(session, organization_id)
        client_id = config.client_id
        issuer = config.issuer
    oidc: OidcClient = request.app.state.oidc
    redirect_uri = callback_url(request, CALLBACK_PATH, PROVIDER, param="login")
    try:
        metadata = await oidc.metadata(issuer)
    except OidcError as exc:
        return _refused(request, 502, f"Your organization's identity provider: {exc}.")
    auth = oidc.authorization_request(metadata, client_id=client_id, redirect_uri=redirect_uri)
    response = page(
        "sso_redirect.html",
        branding=branding,
        title="Continuing to your identity provider",
        provider_url=auth.url,
    )
    pending = {
        "state": auth.state,
        "nonce": auth.nonce,
        "code_verifier": auth.code_verifier,
        "organization_id": organization_id,
        "redirect_uri": redirect_uri,
        "next": safe_next(next),
        "expires": int(time.time()) + LIFETIME_SECONDS,
    }
    sealed = seal_cookie(request.app.state.secret_box, pending)
    set_cookie(response, request, FLOW_COOKIE, sealed, LIFETIME_SECONDS)
    return response


def _pending(request: Request, state: str) -> dict[str, Any] | None:
    pending = open_cookie(
        request.app.state.secret_box,
        request.cookies.get(cookie_name(request.app.state.settings, FLOW_COOKIE)),
    )
    valid = (
        pending is not None
        and int(pending.get("expires", 0)) > time.time()
        and bool(state)
        and hmac.compare_digest(str(pending.get("state", "")), state)
    )
    return pending if valid else None


@router.get(CALLBACK_PATH)
async def sso_callback(
    request: Request,
    host_org: HostOrganization,
    state: Annotated[str, Query(max_length=200)] = "",
    code: Annotated[str | None, Query(max_length=4000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    pending = _pending(request, state)
    if pending is None:
        return _refused(
            request,
            400,
            "This sign-in expired, was already used or was started in another browser. "
            "Start again from the sign-in page.",
        )
    organization_id = str(pending["organization_id"])
    if host_org is not None and host_org != organization_id:
        return _refused(request, 404, "There is nothing here.")
    if error or not code:
        reason = "you did not allow it" if error == "access_denied" else (error or "no code")
        return _refused(request, 400, f"Your identity provider did not sign you in: {reason}.")
    sessionmaker = request.app.state.sessionmaker
    async with tenant_session(sessionmaker, [organization_id]) as session:
        config = await configuration.get_configuration(session, organization_id)
        client_id, issuer = config.client_id, config.issuer
        secret = configuration.client_secret(request.app.state.secret_box, config)
    oidc: OidcClient = request.app.state.oidc
    try:
        metadata = await oidc.metadata(issuer)
        id_token = await oidc.exchange_code(
            metadata,
            client_id=client_id,
            client_secret=secret,
            code=code,
            redirect_uri=str(pending["redirect_uri"]),
            code_verifier=str(pending["code_verifier"]),
        )
        claims = await oidc.validate_id_token(
            metadata, id_token, client_id=client_id, nonce=str(pending["nonce"])
        )
    except OidcError as exc:
        return _refused(request, 401, f"The sign-in could not be verified: {exc}.")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is not True:
        return _refused(
            request,
            403,
            "Your identity provider did not confirm a verified e-mail address; "
            "verify your e-mail there, then try again.",
        )
    identity = VerifiedIdentity(email=email.strip().lower(), name=_name(claims), claims=claims)
    # Until the person is a member, the sign-in itself acts (it creates the membership).
    actor = dataclasses.replace(actor_for(request), id="sso")
    try:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            config = await configuration.get_configuration(session, organization_id)
            if not config.enabled:
                return _refused(request, 403, "Single sign-on is switched off.")
            member = await admit(session, config, identity, actor=actor)
            member_id = member.id
            org = await session.get(Organization, organization_id)
            org_name = org.name if org else ""
    except DomainError as exc:
        return _refused(request, exc.status, exc.detail)
    token = await dashboard_auth.open_session(
        sessionmaker,
        Candidate(organization_id=organization_id, organization_name=org_name, member_id=member_id),
        user_agent=request.headers.get("user-agent", ""),
        actor=actor,
        now=datetime.now(UTC),
    )
    response = RedirectResponse(safe_next(str(pending.get("next", ""))), status_code=303)
    set_session_cookie(response, request, token)
    clear_cookie(response, request, FLOW_COOKIE)
    return response


def _name(claims: dict[str, Any]) -> str:
    name = claims.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()[:200]
    parts = [claims.get("given_name"), claims.get("family_name")]
    return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())[:200]
