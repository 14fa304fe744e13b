"""What the browser tests share: Debian's chromium and its arguments (playwright never
downloads a browser), a page signed in as a member, screenshots kept under
``test-artifacts/``, the axe-core check, and a booking whose approval waits for a given
member."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.support.approvals import WEEK
from tests.support.axe import serious_violations
from tests.support.dashboard import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


async def signed_in_page(chromium: Any, url: str, email: str) -> Any:
    """A page of a new browser context, signed in as ``email`` at ``url`` (a dashboard page,
    where the sign-in form sends the member back to). axe-core is injected as a script, which
    the app's CSP would refuse: the context bypasses it."""
    context = await chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = await context.new_page()
    page.set_default_timeout(15_000)
    await page.goto(url)
    await page.fill("#email", email)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(url)
    return page


async def shot(page, tmp_path: Path, name: str, *, mask: tuple = ()) -> None:
    path = tmp_path / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True, mask=list(mask))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


async def accessible(page) -> None:
    violations = await serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


async def booking_waiting_for(base: str, org, member_id: str) -> tuple[str, str]:
    """A booking whose approval waits for ``member_id``: (booking id, approval request id)."""
    async with httpx.AsyncClient(base_url=base, headers=org.headers, timeout=30) as api:
        r = await api.post(
            "/v1/approval-policies",
            json={
                "name": "Nia approves",
                "subject_type": "booking",
                "steps": [{"name": "manager", "approvers": [{"member_id": member_id}]}],
            },
        )
        assert r.status_code == 201, r.text
        artist = (await api.post("/v1/artists", json={"name": "Ada Moon"})).json()["id"]
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
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        r = await api.post(
            "/v1/bookings",
            json={
                "creator_id": creator,
                "artist_id": artist,
                "start": start.isoformat(),
                "end": (start + timedelta(hours=2)).isoformat(),
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
    return pending["id"], request_id
