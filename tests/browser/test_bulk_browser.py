"""Bulk booking on the calendar in headless Chromium (Debian's ``chromium``, driven by
playwright) against the real app served by uvicorn, with the real worker on a Temporal dev
server running ``BulkBookingWorkflow``.

A manager plans an album of 40 one-hour sessions by dragging across the calendar, one of which
clashes with a booking already there; the plan shows the clash, the booking in its way and
free slots; the manager moves it to a suggestion, confirms all-or-nothing, and watches the
progress bar reach 100 % with all 40 confirmed. Every page passes axe-core with no serious or
critical violation. Screenshots go to the test's tmp dir and ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from tests.support.axe import serious_violations
from tests.support.bulk import batch_bookings, day
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
ALBUM_DAYS = range(2, 12)  # ten days from the day after tomorrow
HOURS = (10, 11, 12, 13)  # four one-hour sessions a day: 40 in all
CLASH = (5, 13)  # day 5 at 13:00 is taken already


@pytest.fixture
async def live_app(settings, engine, dev_server_env, running_worker, clean_db):
    app = create_app(settings, engine=engine, temporal_client=dev_server_env.client)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


@pytest.fixture
async def browser():
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


async def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


async def _accessible(page) -> None:
    violations = await serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


async def _studio(base: str, org) -> tuple[str, str]:
    """A producer available around the clock, and a session of theirs in the album's way."""
    async with httpx.AsyncClient(base_url=base, headers=org.headers, timeout=30) as api:
        r = await api.post(
            "/v1/creators",
            json={
                "name": "Pat Producer",
                "timezone": "UTC",
                "currency": "EUR",
                "hourly_rate": "90",
                "working_hours": {
                    d: [["00:00", "24:00"]]
                    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                },
            },
        )
        assert r.status_code == 201, r.text
        producer = r.json()["id"]
        r = await api.post(
            "/v1/bookings",
            json={
                "creator_id": producer,
                "start": day(*CLASH).isoformat(),
                "end": (day(*CLASH) + timedelta(hours=1)).isoformat(),
                "status": "confirmed",
                "title": "Strings overdub",
            },
        )
        assert r.status_code == 201 and r.json()["status"] == "confirmed", r.text
    return producer, r.json()["id"]


async def _drag(page, first: str, last: str) -> None:
    """Press on one hour, move across the row, release on another (a manager's drag). The
    mouse reaches only what is on screen: both ends are scrolled into view and measured
    after the scroll, and the drag must pick every hour between them."""
    before = int((await page.inner_text("#picked-count")).split()[0])
    await page.locator(f'td[data-at="{last}"]').scroll_into_view_if_needed()
    await page.locator(f'td[data-at="{first}"]').scroll_into_view_if_needed()
    start = await page.locator(f'td[data-at="{first}"]').bounding_box()
    end = await page.locator(f'td[data-at="{last}"]').bounding_box()
    assert start and end
    await page.mouse.move(start["x"] + 8, start["y"] + 8)
    await page.mouse.down()
    await page.mouse.move(end["x"] + 8, end["y"] + 8, steps=6)
    await page.mouse.up()
    picked = int((await page.inner_text("#picked-count")).split()[0])
    assert picked == before + len(HOURS), f"the drag {first} → {last} picked {picked - before}"


def _at(offset: int, hour: int) -> str:
    return day(offset, hour).strftime("%Y-%m-%dT%H:%M")


async def test_a_manager_books_an_album_of_40_sessions_from_the_calendar(
    live_app, browser, org_a, sessionmaker, tmp_path
):
    started = time.monotonic()
    producer, in_the_way = await _studio(live_app, org_a)
    await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "manager")
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = await context.new_page()
    page.set_default_timeout(15_000)
    await page.goto(f"{live_app}/dashboard/sign-in?next=/dashboard/bulk")
    await page.fill("#email", "mara@northstar.example")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url("**/dashboard/bulk")

    first = day(ALBUM_DAYS[0]).date()
    await page.goto(f"{live_app}/dashboard/bulk?start={first.isoformat()}&view=month")
    await page.select_option("#creator_id", producer)
    await page.fill("#title", "Album")
    for offset in ALBUM_DAYS:
        await _drag(page, _at(offset, HOURS[0]), _at(offset, HOURS[-1]))
    assert await page.inner_text("#picked-count") == "40 picked"
    # The keyboard way: Space on a focused hour picks it, and again un-picks it.
    spare = page.locator(f'input[name=slot][value="{_at(ALBUM_DAYS[-1], 16)}"]')
    await spare.focus()
    await page.keyboard.press("Space")
    assert await spare.is_checked()
    await page.keyboard.press("Space")
    assert not await spare.is_checked()
    await _accessible(page)
    await page.click("#pick-form button[type=submit]")

    await page.wait_for_url("**/dashboard/bulk/plan")
    summary = await page.inner_text("#plan-summary")
    assert summary.startswith("39 of 40 sessions placed, 1 clash with existing bookings"), summary
    clash = page.locator("ol.clashes > li")
    assert await clash.count() == 1
    assert in_the_way in await clash.inner_text()  # the booking in its way
    assert await page.locator("td.clash a.plan-session.bad").count() == 1  # on the grid
    assert await page.locator("td.placed").count() == 39
    await _accessible(page)
    await _shot(page, tmp_path, "bulk-plan")

    suggestion = clash.locator("button.suggestion").first
    moved_to = await suggestion.inner_text()
    async with page.expect_navigation():
        await suggestion.click()
    summary = await page.inner_text("#plan-summary")
    assert summary.startswith("40 of 40 sessions placed."), summary
    assert await page.locator("ol.clashes").count() == 0
    moved_cell = page.locator(f'td.placed[data-at="{moved_to[:16].replace(" ", "T")}"]')
    clashing = ALBUM_DAYS.index(CLASH[0]) * len(HOURS) + HOURS.index(CLASH[1]) + 1
    assert f"Album {clashing} " in await moved_cell.inner_text()  # now at the suggested hour

    assert await page.input_value("#batch_title") == "Album"  # from the calendar's title
    await page.fill("#batch_title", "Album: tracking")
    await page.click("button[name=mode][value=all_or_nothing]")
    await page.wait_for_url("**/dashboard/bulk/bulk_*")
    batch_id = page.url.rsplit("/", 1)[1]
    await _accessible(page)
    bar = page.locator("#batch-bar")
    # The page follows the saga by itself: no reload from here on.
    await page.wait_for_function(
        "() => document.getElementById('batch-bar').value === 100", timeout=45_000
    )
    assert await page.inner_text("#batch-summary") == "100%: 40 of 40 sessions confirmed"
    assert await bar.get_attribute("aria-valuetext") == "100%: 40 of 40 sessions confirmed"
    assert await page.inner_text("#batch-status") == "confirmed"
    assert await page.locator("#items .item-status").all_inner_texts() == ["confirmed"] * 40
    assert set(await page.locator("#items .item-creator").all_inner_texts()) == {"Pat Producer"}
    assert await page.locator("#batch-follow").is_hidden()
    assert await page.locator(".phases li.phase-done").count() == 4
    await _accessible(page)
    await _shot(page, tmp_path, "bulk-progress")
    await context.close()

    async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
        booked = await batch_bookings(api, org_a, batch_id)
    assert len(booked) == 40 and {b["status"] for b in booked} == {"confirmed"}
    assert time.monotonic() - started < 60
