"""The dashboard in a real browser: headless Chromium (Debian's ``chromium``, driven by
playwright, which never downloads a browser) against the real app served by uvicorn, with the
real worker on a Temporal dev server.

A manager signs in, sorts and searches the roster, opens an artist and sees the spend chart,
then approves a booking that waits for them; the booking becomes confirmed through the
``ApprovalChainWorkflow``. Screenshots go to the test's tmp dir and to ``test-artifacts/``.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from tests.support.approvals import WEEK
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture
async def live_app(settings, engine, dev_server_env, running_worker, clean_db):
    """The app on a real port, talking to the dev server the running worker polls."""
    app = create_app(settings, engine=engine, temporal_client=dev_server_env.client)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


@pytest.fixture
async def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            "/usr/bin/chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


async def _setup(base: str, org, sessionmaker) -> dict:
    """Artists, a creator, bookings, and a booking that waits for the manager's approval."""
    manager = await member_with_password(sessionmaker, org.id, "mara@northstar.example", "manager")
    async with httpx.AsyncClient(base_url=base, headers=org.headers, timeout=30) as api:
        r = await api.put("/v1/exchange-rates", json={"reporting_currency": "EUR", "rates": []})
        assert r.status_code == 200, r.text
        artists = {}
        for name, genres in (("Zed Velvet", ["techno"]), ("Ada Moon", ["jazz"]), ("Mo", [])):
            r = await api.post("/v1/artists", json={"name": name, "genres": genres})
            artists[name] = r.json()["id"]
        # Three years of seasonal statements for Zed Velvet, so the artist page forecasts.
        today = datetime.now(UTC)
        lines = []
        for back in range(36, 0, -1):
            year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
            amount = 1000 + 400 * (month in (5, 6, 10, 11)) + 10 * (36 - back)
            lines.append(f"{year}-{month + 1:02d},Zed Velvet,Spotify,DE,{amount},EUR,")
        r = await api.post(
            "/v1/revenue/imports",
            content="period,artist,source,territory,amount,currency,reference\n"
            + "\n".join(lines)
            + "\n",
            headers={"Content-Type": "text/csv"},
        )
        assert r.status_code == 201, r.text
        creator = (
            await api.post(
                "/v1/creators",
                json={
                    "name": "Pat Producer",
                    "timezone": "UTC",
                    "currency": "EUR",
                    "hourly_rate": "120",
                    "working_hours": WEEK,
                },
            )
        ).json()["id"]
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        for offset, hours in ((0, 2), (1, 4), (3, 3)):
            r = await api.post(
                "/v1/bookings",
                json={
                    "creator_id": creator,
                    "artist_id": artists["Zed Velvet"],
                    "start": (start + timedelta(days=offset)).isoformat(),
                    "end": (start + timedelta(days=offset, hours=hours)).isoformat(),
                    "status": "confirmed",
                    "title": "Album tracking",
                },
            )
            assert r.json()["status"] == "confirmed", r.text
        r = await api.post(
            "/v1/approval-policies",
            json={
                "name": "Mara approves",
                "subject_type": "booking",
                "steps": [{"name": "manager", "approvers": [{"member_id": manager.id}]}],
            },
        )
        assert r.status_code == 201, r.text
        r = await api.post(
            "/v1/bookings",
            json={
                "creator_id": creator,
                "artist_id": artists["Ada Moon"],
                "start": (start + timedelta(days=5)).isoformat(),
                "end": (start + timedelta(days=5, hours=2)).isoformat(),
                "status": "confirmed",
                "title": "Mixing",
            },
        )
        pending = r.json()
        assert pending["status"] == "pending_approval", r.text
        request_id = pending["approval_request_id"]
        for _ in range(300):  # the chain's first step opens once the workflow runs
            approval = (await api.get(f"/v1/approvals/{request_id}")).json()
            if any(a["status"] == "pending" for a in approval["steps"][0]["assignments"]):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the approval step never opened")
    return {"artists": artists, "booking": pending["id"], "request": request_id}


async def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


async def test_sign_in_roster_artist_chart_and_approve_in_chromium(
    live_app, browser, org_a, sessionmaker, tmp_path
):
    data = await _setup(live_app, org_a, sessionmaker)
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(15_000)

    await page.goto(f"{live_app}/dashboard/roster")
    assert "/dashboard/sign-in" in page.url  # not signed in yet
    await page.fill("#email", "mara@northstar.example")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/dashboard/roster")
    cookie = next(c for c in await context.cookies() if c["name"] == "ax_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    rows = page.locator("#roster tbody tr td:first-child a")
    assert await rows.all_inner_texts() == ["Ada Moon", "Mo", "Zed Velvet"]

    await page.click("#roster th >> text=Sessions")  # ascending
    await page.click("#roster th >> text=Sessions")  # then descending
    await page.wait_for_url("**sort=sessions&dir=desc**")
    assert (await rows.all_inner_texts())[0] == "Zed Velvet"
    await _shot(page, tmp_path, "roster")

    await page.fill("#q", "velvet")
    await page.press("#q", "Enter")
    await page.wait_for_url("**q=velvet**")
    assert await rows.all_inner_texts() == ["Zed Velvet"]
    await rows.first.click()
    await page.wait_for_url(f"**/dashboard/artists/{data['artists']['Zed Velvet']}")
    chart = page.locator("svg[role=img]").first
    assert await chart.is_visible()
    assert await chart.locator("title").first.text_content() == (
        "Spend on Zed Velvet per month (EUR)"
    )
    assert await chart.locator("g.bar").count() == 12
    forecast = page.locator("svg[role=img]", has=page.locator("title", has_text="forecast"))
    assert await forecast.count() == 1 and await forecast.is_visible()
    await _shot(page, tmp_path, "artist")

    await page.click("nav >> text=Approvals")
    await page.wait_for_url("**/dashboard/approvals")
    card = page.locator(f"#{data['request']}")
    await card.locator("input[name=comment]").fill("Go ahead")
    await _shot(page, tmp_path, "approvals")
    await card.locator("button.approve").click()
    await page.wait_for_url("**done=approved")
    assert "Your decision is recorded" in await page.inner_text("main")

    async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
        for _ in range(300):
            booking = (await api.get(f"/v1/bookings/{data['booking']}")).json()
            if booking["status"] == "confirmed":
                break
            await asyncio.sleep(0.05)
        assert booking["status"] == "confirmed"
        approval = (await api.get(f"/v1/approvals/{data['request']}")).json()
    assert approval["status"] == "approved"
    [decided] = approval["steps"][0]["assignments"]
    assert decided["channel"] == "dashboard" and decided["comment"] == "Go ahead"

    await page.goto(f"{live_app}/dashboard/overview")
    assert await page.locator("svg[role=img]").count() >= 1
    await _shot(page, tmp_path, "overview")
    await context.close()
