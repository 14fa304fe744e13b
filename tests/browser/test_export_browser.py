"""Settings → Export data in headless Chromium against the real app and worker (dev server):
an owner requests an export of the organization, watches it finish on the self-refreshing
page, downloads the ZIP once through its link, and the page passes axe-core with no serious
or critical violation. The screenshot goes to ``test-artifacts/``."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from tests.support.axe import serious_violations
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture
async def live_app(settings, engine, dev_server_env, running_worker, clean_db):
    # The download link is built on the public base URL: this server's own.
    port = free_port()
    app = create_app(
        settings.model_copy(update={"public_base_url": f"http://127.0.0.1:{port}"}),
        engine=engine,
        temporal_client=dev_server_env.client,
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    async with serve(config, own_loop=False) as url:
        yield url


async def test_an_owner_exports_the_organization_and_downloads_it_once(
    live_app, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
        r = await api.post("/v1/artists", json={"name": "Nova Reyes"})
        assert r.status_code == 201
        artist_id = r.json()["id"]
    await member_with_password(sessionmaker, org_a.id, "ada@northstar.example", "owner")

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # bypass_csp: axe-core is injected as an inline script.
            context = await chromium.new_context(
                viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True
            )
            page = await context.new_page()
            page.set_default_timeout(30_000)
            await page.goto(f"{live_app}/dashboard/sign-in")
            await page.fill("#email", "ada@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/**")
            await page.click("nav >> text=Settings")
            await page.click(".tabs >> text=Export data")
            await page.wait_for_url("**/dashboard/settings/export")
            assert await serious_violations(page) == []

            await page.check("input[name=scope][value=organization]")
            await page.get_by_role("button", name="Export", exact=True).click()
            await page.wait_for_url("**/dashboard/settings/export?done=requested")
            # The page refreshes itself until the export is ready and its link appears.
            link = page.locator("a", has_text="Download (once")
            await link.wait_for(timeout=60_000)
            assert await serious_violations(page) == []
            path = tmp_path / "export-page.png"
            await page.screenshot(path=str(path), full_page=True)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, ARTIFACTS / path.name)

            async with page.expect_download() as download_info:
                await link.click()
            download = await download_info.value
            archive_path = tmp_path / "export.zip"
            await download.save_as(archive_path)
            with zipfile.ZipFile(archive_path) as archive:
                manifest = json.loads(archive.read("manifest.json"))
                artists = json.loads(archive.read("artists.json"))
            assert manifest["organization_id"] == org_a.id
            assert [a["id"] for a in artists] == [artist_id]

            await page.reload()
            assert await page.locator("a", has_text="Download (once").count() == 0
            assert "downloaded" in (await page.text_content("table.data tbody") or "")
        finally:
            await chromium.close()
