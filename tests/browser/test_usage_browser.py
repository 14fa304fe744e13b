"""The Usage page in headless Chromium (Debian's ``chromium``, driven by playwright) against
the real app served by uvicorn: an admin signs in, follows the nav to Usage and sees today's
requests in the chart and the month's statement. The screenshot goes to ``test-artifacts/``."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from domain.usage.meter import UsageMeter
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture
async def meter() -> UsageMeter:
    return UsageMeter()


@pytest.fixture
async def live_app(settings, engine, meter, clean_db):
    """The app on a real port, counting its requests on ``meter``."""
    app = create_app(settings, engine=engine, meter=meter)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


async def test_an_admin_opens_usage_from_the_nav_and_sees_the_requests_chart(
    live_app, meter, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
        for _ in range(7):
            assert (await api.get("/v1/bookings")).status_code == 200
        assert (await api.get("/v1/artists/art_00000000000000000000000000")).status_code == 404
    await meter.flush(sessionmaker)
    await member_with_password(sessionmaker, org_a.id, "ada@northstar.example", "admin")

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await (
                await chromium.new_context(viewport={"width": 1280, "height": 900})
            ).new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{live_app}/dashboard/sign-in")
            await page.fill("#email", "ada@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/**")
            await page.click("nav >> text=Usage")
            await page.wait_for_url("**/dashboard/usage")
            assert await page.text_content("#usage-requests") == "8"
            today = datetime.now(UTC).date().isoformat()
            title = await page.text_content("svg title")
            assert title and title.startswith("API requests per day")
            # Today's bar stacks 7 answered requests and 1 refused one, drawn to scale.
            titles = await page.locator("svg rect title").all_text_contents()
            assert f"{today}, 2xx: 7 requests" in titles
            assert f"{today}, 4xx: 1 requests" in titles
            heights = [
                float(
                    await page.locator(
                        "svg rect", has=page.get_by_text(label, exact=True)
                    ).get_attribute("height")
                    or 0
                )
                for label in (f"{today}, 2xx: 7 requests", f"{today}, 4xx: 1 requests")
            ]
            assert heights[1] > 0 and heights[0] == pytest.approx(7 * heights[1], abs=0.5)
            used = await page.text_content("#usage-api_requests td.num")
            assert used == "8"
            path = tmp_path / "usage.png"
            await page.screenshot(path=str(path), full_page=True)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, ARTIFACTS / path.name)
        finally:
            await chromium.close()
