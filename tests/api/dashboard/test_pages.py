"""Dashboard pages: roster sorting and search, artist page, charts, calendar, audit log,
permissions, branding, disabled modules, custom domains and the tenant boundary."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.dashboard.branding import add_custom_domain
from domain.notices.models import CommunicationSettings
from domain.tenancy.models import Organization
from tests.support.approvals import WEEK
from tests.support.dashboard import member_with_password, sign_in

NAMES = re.compile(r'<a href="/dashboard/artists/(art_[0-9a-z]+)">([^<]+)</a>')


async def _artist(api, org, name: str, **extra) -> str:
    r = await api.post("/v1/artists", headers=org.headers, json={"name": name, **extra})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _creator(api, org) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": "Pat Producer",
            "timezone": "UTC",
            "currency": "EUR",
            "hourly_rate": "100",
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _book(api, org, creator: str, artist: str, start: datetime, hours: int) -> dict:
    r = await api.post(
        "/v1/bookings",
        headers=org.headers,
        json={
            "creator_id": creator,
            "artist_id": artist,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=hours)).isoformat(),
            "status": "confirmed",
            "title": f"Session of {hours}h",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
async def label(api, org_a, sessionmaker):
    """Org A (reporting in EUR) with three artists, bookings for two of them, and a signed-in
    owner."""
    r = await api.put(
        "/v1/exchange-rates", headers=org_a.headers, json={"reporting_currency": "EUR", "rates": []}
    )
    assert r.status_code == 200, r.text
    ids = {
        "Zed": await _artist(api, org_a, "Zed", genres=["techno"]),
        "Ada": await _artist(api, org_a, "Ada", genres=["jazz"], status="paused"),
        "Mo": await _artist(api, org_a, "Mo", tags=["priority"]),
    }
    creator = await _creator(api, org_a)
    # The 10th of next month: far enough ahead for any notice, inside the charts' window (it
    # runs two months ahead), and Zed's two sessions (the 10th and the 11th) in one month
    # whatever today's date is.
    first_of_next = (datetime.now(UTC).replace(day=1) + timedelta(days=32)).replace(day=1)
    soon = first_of_next.replace(day=10, hour=10, minute=0, second=0, microsecond=0)
    await _book(api, org_a, creator, ids["Zed"], soon, 2)
    await _book(api, org_a, creator, ids["Zed"], soon + timedelta(days=1), 3)
    await _book(api, org_a, creator, ids["Mo"], soon + timedelta(hours=4), 1)
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    return ids, soon


async def test_roster_sorts_and_searches_on_the_server(label, browser_for):
    _ids, _soon = label
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")

    async def names(query: str) -> list[str]:
        r = await browser.get(f"/dashboard/roster?{query}")
        assert r.status_code == 200, r.text
        return [name for _id, name in NAMES.findall(r.text)]

    assert await names("") == ["Ada", "Mo", "Zed"]
    assert await names("sort=name&dir=desc") == ["Zed", "Mo", "Ada"]
    assert await names("sort=sessions&dir=desc") == ["Zed", "Mo", "Ada"]
    assert await names("sort=status") == ["Mo", "Zed", "Ada"]  # active before paused
    assert await names("q=ze") == ["Zed"]
    assert await names("q=jazz") == ["Ada"]
    assert await names("q=priority") == ["Mo"]
    assert await names("q=100%25") == []  # LIKE wildcards are text, not patterns
    page = (await browser.get("/dashboard/roster?sort=sessions&dir=desc")).text
    assert 'aria-sort="descending"' in page and "Committed (EUR)" in page
    assert '<td class="num">500.00</td>' in page  # Zed: 5 h at 100 EUR, committed
    bad = await browser.get("/dashboard/roster?sort=password")
    assert (
        bad.status_code == 422 and "sort" in bad.text and "text/html" in bad.headers["content-type"]
    )


async def test_artist_page_and_charts_are_plain_svg(label, browser_for, owner_conninfo, org_a):
    ids, soon = label
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")
    r = await browser.get(f"/dashboard/artists/{ids['Zed']}")
    assert r.status_code == 200
    assert "Session of 3h" in r.text and "Pat Producer" in r.text
    assert '<strong id="fig-committed">500.00</strong>' in r.text
    svg = re.search(r"<svg.*?</svg>", r.text, re.S)
    assert svg and 'role="img"' in svg.group(0)
    assert '<title id="artist-spend-title">Spend on Zed per month (EUR)</title>' in r.text
    # Both sessions (2 h and 3 h at 100 EUR) fall in one month's bar.
    assert f"<title>{soon:%b %Y}, committed: 500.00 EUR</title>" in svg.group(0)
    assert ">EUR</text>" in svg.group(0)  # the axis says its unit

    overview = await browser.get("/dashboard/overview")
    assert overview.status_code == 200
    assert "Spend on the roster per month (EUR)" in overview.text
    assert "No revenue yet, so nothing to forecast" in overview.text


async def test_calendar_shows_the_week_and_audit_lists_changes(label, browser_for):
    _ids, soon = label
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")
    r = await browser.get(f"/dashboard/calendar?week={soon.date().isoformat()}")
    assert r.status_code == 200
    assert "10:00 to 12:00" in r.text and "Zed" in r.text
    monday = soon.date() - timedelta(days=soon.weekday())
    assert f"Week of {monday:%d %b %Y}" in r.text
    empty = await browser.get(
        f"/dashboard/calendar?week={(soon + timedelta(days=60)).date().isoformat()}"
    )
    assert "10:00 to 12:00" not in empty.text
    assert (await browser.get("/dashboard/calendar?week=someday")).status_code == 422

    audit = await browser.get("/dashboard/audit?action=booking.")
    assert audit.status_code == 200 and "booking.created" in audit.text
    assert "artist.created" not in audit.text
    assert (await browser.get("/dashboard/audit?action=x'--")).status_code == 422


async def test_pages_follow_the_members_permissions(label, browser_for, sessionmaker, org_a):
    await member_with_password(sessionmaker, org_a.id, "vic@northstar.example", "viewer")
    browser = await browser_for()
    await sign_in(browser, "vic@northstar.example")
    roster = await browser.get("/dashboard/roster")
    assert roster.status_code == 200
    assert 'href="/dashboard/audit"' not in roster.text  # viewers do not read the audit log
    assert (await browser.get("/dashboard/audit")).status_code == 403
    artist_member = await member_with_password(
        sessionmaker, org_a.id, "art@northstar.example", "artist"
    )
    assert artist_member.role == "artist"
    artist = await browser_for()
    await sign_in(artist, "art@northstar.example")
    assert (await artist.get("/dashboard/overview")).status_code == 403
    assert (await artist.get("/dashboard/approvals")).status_code == 403


async def test_branding_and_disabled_modules(label, browser_for, sessionmaker, org_a):
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        org = await session.get(Organization, org_a.id)
        org.settings = {"modules": {"analytics": False, "audit": False}}
        # Stored behind the API's validation, as a direct write could: checked again on pages.
        session.add(
            CommunicationSettings(
                organization_id=org_a.id,
                brand_name="Northstar Music Group",
                primary_color="#123456",
                accent_color="red;}<s",
                logo_url="javascript:alert(1)",
            )
        )
    browser = await browser_for()
    await sign_in(browser, "owner@northstar.example")
    page = await browser.get("/dashboard/roster")
    assert "Northstar Music Group" in page.text and "--primary: #123456" in page.text
    assert "red;}<s" not in page.text and "javascript:" not in page.text
    assert "--accent: #e07a2e" in page.text  # a bad colour falls back to the default
    assert 'href="/dashboard/overview"' not in page.text
    assert 'href="/dashboard/audit"' not in page.text
    assert (await browser.get("/dashboard/overview")).status_code == 404
    assert (await browser.get("/dashboard/audit")).status_code == 404


async def test_custom_domain_serves_only_its_organization(
    label, api, browser_for, sessionmaker, org_a, org_b
):
    ids, _soon = label
    async with tenant_session(sessionmaker, [org_b.id]) as session:
        session.add(
            CommunicationSettings(
                organization_id=org_b.id, brand_name="Bluewave", primary_color="#0b7285"
            )
        )
        await add_custom_domain(
            session,
            organization_id=org_b.id,
            hostname="Dashboard.Bluewave.Example",
            verified=True,
            actor=Actor.system("t"),
        )
    bluewave = "dashboard.bluewave.example"
    await member_with_password(sessionmaker, org_b.id, "owner@bluewave.example")

    stranger = await browser_for()
    form = await stranger.get("/dashboard/sign-in", headers={"Host": bluewave})
    assert "Sign in to Bluewave" in form.text and "#0b7285" in form.text
    # a member of org A cannot sign in on org B's domain, even with the right password
    refused = await sign_in(stranger, "owner@northstar.example", host=bluewave)
    assert refused.status_code == 401

    a_member = await browser_for()
    await sign_in(a_member, "owner@northstar.example")
    assert (await a_member.get("/dashboard/roster")).status_code == 200
    for path in ("/dashboard/roster", f"/dashboard/artists/{ids['Zed']}", "/dashboard/account"):
        r = await a_member.get(path, headers={"Host": bluewave})
        assert r.status_code == 404, path
        assert "Northstar" not in r.text

    b_member = await browser_for()
    r = await sign_in(b_member, "owner@bluewave.example", host=bluewave)
    assert r.status_code == 303
    page = await b_member.get("/dashboard/roster", headers={"Host": f"{bluewave}:443"})
    assert page.status_code == 200 and "Bluewave" in page.text

    # a host name is one organization's
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(Exception) as exc:
            await add_custom_domain(
                session,
                organization_id=org_a.id,
                hostname=bluewave,
                verified=True,
                actor=Actor.system("t"),
            )
    assert getattr(exc.value, "status", None) == 409
