"""White-label settings in headless Chromium against the real app (uvicorn), the real worker on
a Temporal dev server, and a real SMTP server (aiosmtpd).

The owner rebrands the organization on the Settings page (name, colour, logo), then edits the
approval request e-mail, watching the live preview follow the typing; the next e-mail the
product sends, an approval request the ``ApprovalChainWorkflow`` sends through the e-mail
channel, carries the new name as sender, the colour, the logo and the edited template. Every
page visited passes axe-core with no serious or critical violation.
"""

from __future__ import annotations

import asyncio
import uuid
from email.utils import parseaddr

import pytest
import uvicorn

from api.app import create_app
from channels.email import EmailApprovalChannel
from core.db import create_sessionmaker
from core.devstack import free_port
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.browser import accessible as _accessible
from tests.support.browser import booking_waiting_for as _booking_waiting_for
from tests.support.browser import shot as _shot
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.harness import deployment_for, route_to
from tests.support.live_server import serve
from worker import build_worker

pytestmark = pytest.mark.browser
LOGO = "https://cdn.northstar.example/logo.png"
SUBJECT = "{{ brand.name }} needs you: {{ summary }}"
HTML = """<div style="font-family: sans-serif; border-top: 6px solid {{ brand.primary_color }}">
<p style="background: {{ brand.primary_color }}; padding: 12px; margin: 0">
<img src="{{ brand.logo_url }}" alt="{{ brand.name }}" height="32"></p>
<p>Hello {{ member_name }}, the Northstar way: {{ step_name }}.</p>
<p>{{ summary }} waits for your decision until {{ expires }}.</p>
<p><a href="{{ link }}" style="background: {{ brand.primary_color }}; color: #fff;
 padding: 8px 16px; text-decoration: none">Decide</a></p>
</div>"""
# The logo's host is not reachable from the test: the browser gets this picture for it.
LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="32">'
    '<rect width="160" height="32" rx="6" fill="#ffffff"/>'
    '<text x="12" y="22" font-family="sans-serif" font-size="16" fill="#0b3d2e">'
    "&#9733; NORTHSTAR</text></svg>"
)
TEXT = "Hello {{ member_name }}: {{ link }}"


@pytest.fixture
async def branded_stack(settings, engine, dev_server_env, clean_db, smtp_sink):
    """The app on a real port and a worker whose e-mail channel mails the SMTP server."""
    sink, port = smtp_sink
    queue = f"brand-{uuid.uuid4().hex[:8]}"
    overrides = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "temporal_task_queue": queue,
        "public_base_url": "http://dashboard.test",
    }
    app = create_app(
        settings.model_copy(update=overrides),
        engine=engine,
        temporal_client=dev_server_env.client,
    )
    channel = EmailApprovalChannel(
        create_sessionmaker(engine), settings.model_copy(update=overrides)
    )
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="brand",
        channels=[channel],
        deployment_config=deployment_for(queue),
    )
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with worker:
        await route_to(dev_server_env, worker)
        async with serve(config, own_loop=False) as url:
            yield url, sink


async def _live_preview_under_the_apps_csp(page, context, base: str) -> None:
    """The script and the preview frame work with the app's own Content-Security-Policy (the
    context above bypasses it for axe-core): a second browser with the same cookies."""
    strict = await context.browser.new_context(storage_state=await context.storage_state())
    try:
        tab = await strict.new_page()
        tab.set_default_timeout(15_000)
        refused: list[str] = []
        tab.on(
            "console", lambda m: refused.append(m.text) if "Content Security" in m.text else None
        )
        await tab.goto(f"{base}/dashboard/settings/templates/approval_request")
        assert await tab.get_attribute("#template-form", "data-live") == "on"
        await tab.fill("#text", "Strictly {{ member_name }}")
        await tab.wait_for_function(
            "() => document.getElementById('preview-text').textContent === 'Strictly Mara Manager'"
        )
        body = await tab.frame_locator("#preview-html").locator("body").inner_text()
        assert "Hello Mara Manager" in body
        assert refused == []
    finally:
        await strict.close()


async def test_a_rebranded_organization_sends_its_next_email_with_the_new_brand(
    branded_stack, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    base, sink = branded_stack
    owner = await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = await chromium.new_context(
                viewport={"width": 1400, "height": 1000}, bypass_csp=True
            )
            await context.route(
                LOGO,
                lambda route: route.fulfill(content_type="image/svg+xml", body=LOGO_SVG),
            )
            page = await context.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{base}/dashboard/account")
            await page.fill("#email", "owner@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/account")
            await page.click("nav >> text=Settings")
            await page.wait_for_url("**/dashboard/settings")
            await _accessible(page)

            # A colour that is not one comes back beside its field, the rest kept.
            await page.fill("#brand_name", "Northstar Sound")
            await page.fill("#primary_color", "forest green")
            await page.fill("#logo_url", LOGO)
            await page.click("text=Save the branding")
            assert await page.locator("#err-primary_color").is_visible()
            assert await page.input_value("#brand_name") == "Northstar Sound"
            await _accessible(page)
            await page.fill("#primary_color", "#0b3d2e")
            await page.click("text=Save the branding")
            await page.wait_for_url("**done=saved")
            # The dashboard wears the brand at once.
            assert await page.inner_text(".topbar .brand span") == "Northstar Sound"
            bar = await page.eval_on_selector(".topbar", "e => getComputedStyle(e).backgroundColor")
            assert bar == "rgb(11, 61, 46)"
            await page.click(".tabs >> text=Approval policies")
            await page.wait_for_url("**/dashboard/settings/policies")
            await _accessible(page)

            # The approval request e-mail, edited with the live preview.
            await page.click(".tabs >> text=E-mail templates")
            await page.wait_for_url("**/dashboard/settings/templates")
            await _accessible(page)
            await page.click("text=approval_request")
            await page.wait_for_url("**/templates/approval_request")
            assert await page.get_attribute("#template-form", "data-live") == "on"
            await page.fill("#subject", SUBJECT)
            # A syntax error shows beside the field while typing, with no button pressed.
            await page.fill("#html", "{% if %}")
            await page.wait_for_selector("#err-html:not([hidden])")
            assert "line 1" in await page.inner_text("#err-html")
            await page.fill("#html", HTML)
            await page.fill("#text", TEXT)
            await page.wait_for_selector("#err-html", state="hidden")
            await page.wait_for_function(
                "() => document.getElementById('preview-html').srcdoc.includes('Northstar way')"
            )
            assert (await page.inner_text("#preview-subject")).startswith(
                "Northstar Sound needs you: Pat Producer"
            )
            frame = page.frame_locator("#preview-html")
            assert "Hello Mara Manager" in await frame.locator("body").inner_text()
            await _shot(page, tmp_path, "settings-template")
            await _accessible(page)
            await page.click("text=Save the override")
            await page.wait_for_url("**done=saved")
            assert "version 1" in await page.inner_text("p.notice")
            await _accessible(page)
            await _live_preview_under_the_apps_csp(page, context, base)
            await context.close()
        finally:
            await chromium.close()

    # The next e-mail the product sends: an approval request for the owner.
    _booking, request_id = await _booking_waiting_for(base, org_a, owner.id)
    for _ in range(300):
        mails = [m for m in sink.messages if m["To"] == "owner@northstar.example"]
        if mails:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("no approval request e-mail arrived")
    [mail] = mails
    assert mail["X-AuditoryX-Approval"] == request_id
    assert mail["Subject"].startswith("Northstar Sound needs you: Pat Producer")
    assert parseaddr(mail["From"])[0] == "Northstar Sound"
    html = mail.get_body(("html",)).get_content()
    assert "border-top: 6px solid #0b3d2e" in html
    assert f'<img src="{LOGO}" alt="Northstar Sound" height="32">' in html
    assert "the Northstar way: manager" in html
    text = mail.get_body(("plain",)).get_content()
    assert text.startswith("Hello ") and "http://dashboard.test/" in text
