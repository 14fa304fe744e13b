"""People and access in headless Chromium (Debian's ``chromium``, driven by playwright) against
the real app served by uvicorn, the real worker on a Temporal dev server and a real SMTP sink.

The owner invites a manager from the Members page; the manager opens the password link from
the e-mail the sink caught, chooses a password, signs in and creates a personal API key on
"Your API keys"; that key then approves, through the API, a booking that waits for the manager,
and the ``ApprovalChainWorkflow`` confirms the booking. Every page visited passes axe-core with
no serious or critical violation. Screenshots go to the test's tmp dir and ``test-artifacts/``.
"""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from core.mail_sink import MailSink, stored_mail
from tests.support.axe import serious_violations
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.browser import accessible as _accessible
from tests.support.browser import booking_waiting_for as _booking_waiting_for
from tests.support.browser import shot as _shot
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
NEW_PASSWORD = "tide pools at dawn, twice"


@pytest.fixture
def mail_sink(tmp_path):
    sink = MailSink(tmp_path / "mail", free_port())
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
async def live_app(settings, engine, dev_server_env, running_worker, clean_db, mail_sink):
    """The app on a real port, sending mail to the sink, talking to the worker's dev server."""
    app = create_app(
        settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": mail_sink.port}),
        engine=engine,
        temporal_client=dev_server_env.client,
    )
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


async def test_owner_invites_a_manager_who_approves_with_a_personal_key(
    live_app, org_a, sessionmaker, mail_sink, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # axe-core is injected as a script: the app's CSP would refuse it.
            owner_ctx = await chromium.new_context(
                viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            page = await owner_ctx.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{live_app}/dashboard/account")
            await page.fill("#email", "owner@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/account")
            await _accessible(page)
            await page.click("nav >> text=Members")
            await page.wait_for_url("**/dashboard/members")
            # A mistyped address comes back beside its field, the rest kept.
            await page.fill("#invite-email", "nia at northstar")
            await page.fill("#invite-name", "Nia Ward")
            await page.select_option("#invite-role", "manager")
            await page.click("text=Send the invitation")
            assert await page.locator("#err-email").is_visible()
            assert await page.input_value("#invite-name") == "Nia Ward"
            assert await page.input_value("#invite-role") == "manager"
            await _accessible(page)
            await page.fill("#invite-email", "nia@northstar.example")
            await page.click("text=Send the invitation")
            await page.wait_for_url("**done=invited")
            assert await page.locator("td", has_text="nia@northstar.example").count() == 1
            await _accessible(page)
            await _shot(page, tmp_path, "members")
            await page.click("nav >> text=Roles")
            await page.wait_for_url("**/dashboard/roles")
            await _accessible(page)

            # The manager's side: the e-mailed link, a password, sign-in, a personal key.
            [mail] = stored_mail(mail_sink.directory)
            assert mail.message["To"] == "nia@northstar.example"
            link = re.search(r"https?://\S+/dashboard/password/[A-Za-z0-9]+", mail.text())
            assert link, mail.text()
            nia_ctx = await chromium.new_context(
                viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            nia = await nia_ctx.new_page()
            nia.set_default_timeout(15_000)
            await nia.goto(link.group(0))
            await _accessible(nia)
            await nia.fill("#password", NEW_PASSWORD)
            await nia.fill("#password_again", NEW_PASSWORD)
            await nia.click("button[type=submit]")
            await nia.wait_for_selector("text=Your password is set")
            await nia.goto(f"{live_app}/dashboard/account")
            await nia.fill("#email", "nia@northstar.example")
            await nia.fill("#password", NEW_PASSWORD)
            await nia.click("button[type=submit]")
            await nia.wait_for_url("**/dashboard/account")
            await nia.click("text=Your API keys and signed-in browsers")
            await nia.wait_for_url("**/dashboard/access")
            await _accessible(nia)
            await nia.fill("#key-name", "approvals from my scripts")
            await nia.check("#perm-approvals-read")
            await nia.check("#perm-approvals-decide")
            await nia.click("text=Create the key")
            secret = await nia.input_value("#new-secret")
            assert secret.startswith("ax_live_")
            await _accessible(nia)
            # The secret is masked: a screenshot is published, a key must not be.
            await _shot(nia, tmp_path, "api-keys", mask=(nia.locator("#new-secret"),))

            # The key acts as Nia: it decides the approval that waits for her.
            async with httpx.AsyncClient(base_url=live_app, headers=org_a.headers) as api:
                listed = (await api.get("/v1/members", params={"q": "nia@"})).json()["data"]
                [nia_member] = listed
                booking_id, request_id = await _booking_waiting_for(
                    live_app, org_a, nia_member["id"]
                )
                as_nia = {"Authorization": f"Bearer {secret}"}
                r = await api.post(
                    f"/v1/approvals/{request_id}/decisions",
                    headers=as_nia,
                    json={"decision": "approve", "comment": "from my key"},
                )
                assert r.status_code in (200, 201, 202), r.text
                for _ in range(300):
                    booking = (await api.get(f"/v1/bookings/{booking_id}")).json()
                    if booking["status"] == "confirmed":
                        break
                    await asyncio.sleep(0.05)
                assert booking["status"] == "confirmed"
                approval = (await api.get(f"/v1/approvals/{request_id}")).json()
            [decided] = approval["steps"][0]["assignments"]
            assert decided["member_id"] == nia_member["id"]
            assert decided["comment"] == "from my key"
            await nia_ctx.close()
            await owner_ctx.close()
        finally:
            await chromium.close()


@pytest.fixture
async def plain_app(settings, engine, clean_db):
    """The app on a real port, without Temporal: pages that only read."""
    app = create_app(settings, engine=engine)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield url


async def test_every_dashboard_page_passes_axe_core(plain_app, org_a, sessionmaker):
    """The sign-in page, then every page of the owner's navigation, the account page and the
    access page: no serious or critical axe-core violation."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await chromium.new_context(bypass_csp=True)
            page = await context.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{plain_app}/dashboard/sign-in")
            await _accessible(page)
            await page.fill("#email", "owner@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/**")
            paths = await page.eval_on_selector_all(
                "header nav a", "links => links.map(a => a.getAttribute('href'))"
            )
            assert "/dashboard/members" in paths and "/dashboard/roles" in paths
            failures = {}
            for path in [*paths, "/dashboard/account", "/dashboard/access"]:
                await page.goto(f"{plain_app}{path}")
                violations = await serious_violations(page)
                if violations:
                    failures[path] = violations
            assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
            await context.close()
        finally:
            await chromium.close()
