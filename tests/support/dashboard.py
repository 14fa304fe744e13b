"""Helpers for dashboard tests: members with passwords, and browsers-by-httpx that sign in
through the real form (cookies kept by the client)."""

from __future__ import annotations

import html
import re

import httpx
import psycopg
from sqlalchemy import select

from core.db import tenant_session
from domain.audit.service import Actor
from domain.dashboard import auth as dashboard_auth
from domain.tenancy.members import add_member
from domain.tenancy.models import Member

PASSWORD = "correct horse battery staple"
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CONSENT_LINK = re.compile(r'<a id="consent-link" href="([^"]+)"')


async def member_with_password(
    sessionmaker, org_id: str, email: str, role: str = "owner", password: str = PASSWORD
) -> Member:
    """A member (created unless one with this e-mail exists) who has a dashboard password."""
    async with tenant_session(sessionmaker, [org_id]) as session:
        member = (
            await session.execute(select(Member).where(Member.email == email))
        ).scalar_one_or_none()
        if member is None:
            member = await add_member(
                session,
                organization_id=org_id,
                email=email,
                name=email.split("@")[0].title(),
                role=role,
                actor=Actor.system("test"),
            )
        await dashboard_auth.set_password(session, member, password, actor=Actor.system("test"))
    return member


async def sign_in(
    client: httpx.AsyncClient,
    email: str,
    password: str = PASSWORD,
    *,
    host: str | None = None,
    next_path: str = "/dashboard",
    organization_id: str = "",
) -> httpx.Response:
    """Submit the sign-in form the way a browser does: fetch it for its token, then post."""
    headers = {"Host": host} if host else {}
    form = await client.get("/dashboard/sign-in", headers=headers)
    token = FORM_TOKEN.search(form.text)
    assert token, form.text
    return await client.post(
        "/dashboard/sign-in",
        headers=headers,
        data={
            "email": email,
            "password": password,
            "form_token": token.group(1),
            "next": next_path,
            "organization_id": organization_id,
        },
    )


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def consent_url(response: httpx.Response) -> str:
    """Where a started consent flow sends the browser: the page that ends the form's POST
    refreshes to it at once, and links to it."""
    assert response.status_code == 200, response.text
    match = CONSENT_LINK.search(response.text)
    assert match, "no consent link on the page"
    url = html.unescape(match.group(1))
    assert f'<meta http-equiv="refresh" content="0; url={match.group(1)}">' in response.text
    return url


def audited(conninfo: str, org_id: str, action: str) -> list[tuple[str, str, str]]:
    """(actor type, actor id, target id) of the organization's audit records of ``action``."""
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT actor_type, actor_id, target_id FROM audit_events "
            "WHERE organization_id = %s AND action = %s ORDER BY seq",
            (org_id, action),
        ).fetchall()


async def signed_in_member(
    browser_for, sessionmaker, org, email: str, role: str = "owner", **settings
) -> tuple[httpx.AsyncClient, Member]:
    """A fresh browser (on an app with ``settings``) signed in as a new member of ``org``
    with ``role`` and a password, and that member."""
    member = await member_with_password(sessionmaker, org.id, email, role)
    browser = await browser_for(**settings)
    response = await sign_in(browser, email)
    assert response.status_code == 303, response.text
    return browser, member


async def signed_in_browser(
    browser_for, sessionmaker, org, email: str, role: str = "owner", **settings
) -> httpx.AsyncClient:
    """A fresh browser (client) signed in as a new member of ``org`` with ``role``."""
    browser, _member = await signed_in_member(
        browser_for, sessionmaker, org, email, role, **settings
    )
    return browser
