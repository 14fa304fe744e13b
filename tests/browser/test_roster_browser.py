"""Running a label's work from the dashboard in headless Chromium (Debian's ``chromium``,
driven by playwright) against the real app served by uvicorn.

A coordinator onboards a roster from a CSV file with one bad row: the preview shows the error
on its line and writes nothing; confirming imports the good rows. They add a creator with
working hours, open the creator's free week, book a slot, book the same slot again and get
the API's clash (the booking in the way and suggested slots), and book one of the suggested
slots. Every page visited passes axe-core with no serious or critical violation. Screenshots
go to the test's tmp dir and ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
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
ROSTER_CSV = (
    "name,genres,status,contract_start,contract_end,external_ref\n"
    "Ada Moon,pop;soul,active,2026-01-01,2027-12-31,NS-001\n"
    "Bram Stone,rock,active,2026-06-01,2026-01-01,NS-002\n"
    "Cleo Vance,jazz,paused,,,NS-003\n"
)


@pytest.fixture
async def live_app(settings, engine, clean_db):
    """The app on a real port (held bookings need no workflow)."""
    app = create_app(settings, engine=engine)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


async def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


async def _accessible(page) -> None:
    violations = await serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


async def test_a_coordinator_onboards_a_roster_and_books_from_a_creators_week(
    live_app, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    await member_with_password(sessionmaker, org_a.id, "cora@northstar.example", "coordinator")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # axe-core is injected as a script: the app's CSP would refuse it.
            context = await chromium.new_context(
                viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            page = await context.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{live_app}/dashboard/roster")
            await page.fill("#email", "cora@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/roster")

            # The roster from a file: a preview first, the bad row's error on its line.
            await page.click("text=Import artists from CSV")
            await page.wait_for_url("**/dashboard/roster/import")
            await _accessible(page)
            await page.set_input_files(
                "#file",
                files=[
                    {"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER_CSV.encode()}
                ],
            )
            await page.click("text=Preview the import")
            await page.wait_for_selector("#import-report")
            bad_line = page.locator("#line-3")
            assert "contract_end is before contract_start" in await bad_line.inner_text()
            assert "created" in await page.locator("#line-2").inner_text()
            assert "created" in await page.locator("#line-4").inner_text()
            await _accessible(page)
            await _shot(page, tmp_path, "dashboard-roster-import")
            async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
                assert (await api.get("/v1/artists")).json()["data"] == []
            await page.click("#confirm-import")
            await page.wait_for_selector("#import-done")
            assert "Imported: 2 created" in await page.inner_text("#import-done")
            await page.click("#import-done >> text=See the roster")
            await page.wait_for_url("**/dashboard/roster")
            assert await page.locator("#roster >> text=Ada Moon").count() == 1
            assert await page.locator("#roster >> text=Bram Stone").count() == 0

            # A creator with working hours, from the keyboard-reachable form.
            await page.click("nav >> text=Creators")
            await page.wait_for_url("**/dashboard/creators")
            await _accessible(page)
            await page.fill("#new-name", "Pat Producer")
            await page.fill("#new-roles", "producer, mixing engineer")
            await page.fill("#new-timezone", "Europe/Berlin")
            await page.fill("#new-currency", "EUR")
            await page.fill("#new-hourly_rate", "90")
            for day in ("mon", "tue", "wed", "thu", "fri"):
                await page.fill(f"#new-hours_{day}", "10:00-13:00, 14:00-18:00")
            await page.fill("#new-hours_sat", "all day")
            await page.click("text=Add the creator")
            assert await page.locator("#err-hours_sat").is_visible()
            assert await page.input_value("#new-name") == "Pat Producer"
            await _accessible(page)
            await page.fill("#new-hours_sat", "")
            await page.click("text=Add the creator")
            await page.wait_for_url("**/dashboard/creators/cre_*?done=created")
            await _accessible(page)

            # Its free week (next week: every slot is bookable), then one slot booked.
            await page.click("text=Availability and time off")
            await page.click("text=Next week")
            await page.wait_for_selector(".free-days .slot")
            await _accessible(page)
            first_slot = page.locator(".free-days a.slot").first
            slot_label = await first_slot.inner_text()
            assert slot_label == "10:00 to 11:00"
            slot_href = await first_slot.get_attribute("href")
            await first_slot.click()
            await page.wait_for_url("**/book?**")
            await _accessible(page)
            await page.select_option("#artist_id", label="Ada Moon")
            await page.fill("#title", "Vocal tracking")
            await page.click("text=Book the session")
            await page.wait_for_selector("#booked")
            slots_now = await page.locator(".free-days a.slot").all_inner_texts()
            assert slots_now[0] == "11:00 to 12:00"
            await _accessible(page)
            await _shot(page, tmp_path, "dashboard-availability")

            # The same slot again (a colleague's stale tab): the API's clash and suggestions.
            await page.goto(f"{live_app}{slot_href}")
            await page.select_option("#artist_id", label="Ada Moon")
            await page.fill("#title", "Vocal tracking, take 2")
            await page.click("text=Book the session")
            await page.wait_for_selector("#clash")
            assert await page.locator("#in-the-way tbody tr").count() == 1
            suggestions = page.locator("#suggested a.slot")
            assert await suggestions.count() >= 1
            await _accessible(page)
            await _shot(page, tmp_path, "dashboard-booking-clash")
            await suggestions.first.click()
            await page.wait_for_url("**/book?**")
            assert await page.input_value("#title") == "Vocal tracking, take 2"
            await page.click("text=Book the session")
            await page.wait_for_selector("#booked")

            async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
                bookings = (await api.get("/v1/bookings")).json()["data"]
            assert sorted(b["title"] for b in bookings) == [
                "Vocal tracking",
                "Vocal tracking, take 2",
            ]
            assert all(b["status"] == "held" and b["price"] == "90.00" for b in bookings)
            await context.close()
        finally:
            await chromium.close()
