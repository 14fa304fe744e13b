"""Member sign-in: passwords, cookies, CSRF, rate limits, expiry, sign-out, password links."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from core.db import tenant_session
from domain.dashboard import auth as dashboard_auth
from domain.dashboard.passwords import hash_password, verify_password
from domain.errors import InvalidRequest
from domain.tenancy.models import Member
from tests.support.dashboard import (
    FORM_TOKEN,
    PASSWORD,
    csrf_of,
    member_with_password,
    sign_in,
)


def test_passwords_are_salted_scrypt_and_checked_in_constant_time() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert verify_password(PASSWORD, first) and not verify_password(PASSWORD + "x", first)
    assert not verify_password(PASSWORD, None)
    assert not verify_password(PASSWORD, "md5$abc")
    for weak in ("short", "a" * 20, "x" * 300):
        with pytest.raises(InvalidRequest) as exc:
            hash_password(weak)
        assert exc.value.param == "password"


async def test_sign_in_sets_a_hardened_cookie_and_opens_the_dashboard(
    browser_for, sessionmaker, org_a, owner_conninfo
):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    r = await browser.get("/dashboard/roster")
    assert r.status_code == 303 and r.headers["location"].startswith("/dashboard/sign-in?next=")

    r = await sign_in(browser, "Owner@Northstar.example", next_path="/dashboard/roster")
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/roster"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ax_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # dev/test: plain http
    page = await browser.get("/dashboard/roster")
    assert page.status_code == 200 and "Northstar Records" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-frame-options"] == "DENY"
    # only a hash of the cookie is stored
    token = browser.cookies["ax_session"]
    with psycopg.connect(owner_conninfo) as conn:
        stored = conn.execute("SELECT token_hash FROM dashboard_sessions").fetchall()
    assert len(stored) == 1 and token.encode() not in bytes(stored[0][0])


async def test_production_cookies_are_secure_and_host_prefixed(browser_for, sessionmaker, org_a):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for(
        environment="production",
        secret_key="s" * 40,
        audit_hmac_key="h" * 40,
    )
    form = await browser.get("/dashboard/sign-in")
    assert "Secure" in form.headers["set-cookie"]
    assert form.headers["set-cookie"].startswith("__Host-ax_signin=")


async def test_wrong_password_and_unknown_email_look_the_same_then_rate_limit(
    browser_for, sessionmaker, org_a
):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    wrong = await sign_in(browser, "owner@northstar.example", "not the password at all")
    unknown = await sign_in(browser, "nobody@northstar.example", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert "The e-mail or the password is not right." in wrong.text
    assert "ax_session" not in browser.cookies
    for _ in range(4):
        r = await sign_in(browser, "owner@northstar.example", "nope nope nope")
        assert r.status_code == 401
    # the fifth failure for this e-mail locks it for 15 minutes, even with the right password
    blocked = await sign_in(browser, "owner@northstar.example", PASSWORD)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 600
    assert "Too many attempts" in blocked.text


async def test_the_sign_in_limit_holds_under_concurrent_attempts(
    browser_for, sessionmaker, org_a, owner_conninfo
):
    """25 wrong passwords for one e-mail at once: the limit of 5 is counted in PostgreSQL
    before a password is checked, so exactly 5 are checked (401) and 20 are refused (429)."""
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    form = await browser.get("/dashboard/sign-in")
    token = FORM_TOKEN.search(form.text)
    assert token, form.text
    data = {"email": "owner@northstar.example", "password": "guess", "form_token": token[1]}
    answers = await asyncio.gather(
        *(browser.post("/dashboard/sign-in", data=data) for _ in range(25))
    )
    assert sorted(r.status_code for r in answers) == [401] * 5 + [429] * 20
    with psycopg.connect(owner_conninfo) as conn:
        # one failure per e-mail and one per IP, for each of the five attempts checked
        assert conn.execute("SELECT count(*) FROM sign_in_failures").fetchone() == (10,)
    blocked = await sign_in(browser, "owner@northstar.example", PASSWORD)
    assert blocked.status_code == 429


async def test_sign_in_form_needs_its_token(browser_for, sessionmaker, org_a):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    r = await browser.post(
        "/dashboard/sign-in",
        data={"email": "owner@northstar.example", "password": PASSWORD, "form_token": "forged"},
    )
    assert r.status_code == 403 and "ax_session" not in browser.cookies


async def test_posts_need_the_csrf_token_and_sign_out_ends_the_session(
    browser_for, sessionmaker, org_a, owner_conninfo
):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")
    page = await browser.get("/dashboard/roster")
    token = csrf_of(page.text)
    refused = await browser.post("/dashboard/sign-out", data={"csrf_token": "wrong"})
    assert refused.status_code == 403
    cross_site = await browser.post(
        "/dashboard/sign-out",
        data={"csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert cross_site.status_code == 403
    stolen = browser.cookies["ax_session"]
    out = await browser.post("/dashboard/sign-out", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/dashboard/sign-in"
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM dashboard_sessions").fetchone() == (0,)
        actions = [
            r[0]
            for r in conn.execute(
                "SELECT action FROM audit_events WHERE action LIKE 'member.sign%' ORDER BY seq"
            )
        ]
    assert actions == ["member.signed_in", "member.signed_out"]
    # the old cookie is worthless now
    thief = await browser_for()
    thief.cookies.set("ax_session", stolen)
    replay = await thief.get("/dashboard/roster")
    assert replay.status_code == 303


async def test_idle_sessions_expire_and_disabled_members_are_out(
    browser_for, sessionmaker, org_a, owner_conninfo
):
    member = await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "manager")
    browser = await browser_for()
    await sign_in(browser, "mara@northstar.example")
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE dashboard_sessions SET last_seen_at = now() - interval '3 hours'")
    assert (await browser.get("/dashboard/roster")).status_code == 303
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM dashboard_sessions").fetchone() == (0,)

    await sign_in(browser, "mara@northstar.example")
    assert (await browser.get("/dashboard/roster")).status_code == 200
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        (await session.get(Member, member.id)).status = "disabled"
    assert (await browser.get("/dashboard/roster")).status_code == 303


async def test_disabling_a_member_ends_their_sessions_for_good(
    browser_for, app_factory, sessionmaker, org_a, owner_conninfo
):
    """Disabling ends the member's sessions at once; re-enabling them does not bring an old
    cookie back to life: the member signs in again."""
    member = await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "manager")
    browser = await browser_for()
    await sign_in(browser, "mara@northstar.example")
    assert (await browser.get("/dashboard/roster")).status_code == 200
    api = await app_factory()
    for status in ("disabled", "active"):
        r = await api.patch(
            f"/v1/members/{member.id}", json={"status": status}, headers=org_a.headers
        )
        assert r.status_code == 200, r.text
        if status == "disabled":
            with psycopg.connect(owner_conninfo) as conn:
                assert conn.execute("SELECT count(*) FROM dashboard_sessions").fetchone() == (0,)
    assert (await browser.get("/dashboard/roster")).status_code == 303
    await sign_in(browser, "mara@northstar.example")
    assert (await browser.get("/dashboard/roster")).status_code == 200


async def test_changing_the_password_ends_every_session(browser_for, sessionmaker, org_a):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")
    assert (await browser.get("/dashboard/roster")).status_code == 200
    await member_with_password(
        sessionmaker, org_a.id, "owner@northstar.example", password="a brand new passphrase"
    )
    assert (await browser.get("/dashboard/roster")).status_code == 303


async def test_a_password_link_works_once(browser_for, sessionmaker, org_a):
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        owner = await session.get(Member, org_a.bootstrap.owner.id)
        token = await dashboard_auth.create_password_link(session, owner)
    browser = await browser_for()
    form = await browser.get(f"/dashboard/password/{token}")
    assert form.status_code == 200 and "Choose your password" in form.text
    mismatch = await browser.post(
        f"/dashboard/password/{token}",
        data={"password": "one long password", "password_again": "another long one"},
    )
    assert mismatch.status_code == 422 and "password_again" in mismatch.text
    weak = await browser.post(
        f"/dashboard/password/{token}", data={"password": "short", "password_again": "short"}
    )
    assert weak.status_code == 422 and "password:" in weak.text
    done = await browser.post(
        f"/dashboard/password/{token}",
        data={"password": "my own long passphrase", "password_again": "my own long passphrase"},
    )
    assert done.status_code == 200 and "Your password is set" in done.text
    again = await browser.post(
        f"/dashboard/password/{token}",
        data={"password": "my own long passphrase", "password_again": "my own long passphrase"},
    )
    assert again.status_code == 409
    assert (await browser.get("/dashboard/password/" + "x" * 40)).status_code == 404
    r = await sign_in(browser, "owner@northstar.example", "my own long passphrase")
    assert r.status_code == 303


async def test_one_email_in_two_organizations_chooses(browser_for, sessionmaker, org_a, org_b):
    await member_with_password(sessionmaker, org_a.id, "pat@both.example", "viewer")
    await member_with_password(sessionmaker, org_b.id, "pat@both.example", "viewer")
    browser = await browser_for()
    r = await sign_in(browser, "pat@both.example")
    assert r.status_code == 200 and "choose one" in r.text
    assert "Northstar Records" in r.text and "Bluewave Studios" in r.text
    r = await sign_in(browser, "pat@both.example", organization_id=org_b.id)
    assert r.status_code == 303
    account = await browser.get("/dashboard/account")
    assert "Bluewave Studios" in account.text


async def test_expired_sessions_are_not_found_by_the_lookup(sessionmaker, org_a, owner_conninfo):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    candidates = await dashboard_auth.authenticate_member(
        sessionmaker, "owner@northstar.example", PASSWORD, only_organization=None
    )
    now = datetime.now(UTC)
    token = await dashboard_auth.open_session(
        sessionmaker,
        candidates[0],
        user_agent="test",
        actor=dashboard_auth.audit.Actor.system("t"),
        now=now - timedelta(hours=13),
    )
    with pytest.raises(dashboard_auth.Unauthenticated):
        await dashboard_auth.resolve_session(sessionmaker, token, now=now)
