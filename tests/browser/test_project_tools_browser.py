"""The integrations page's Asana and Monday.com cards in headless Chromium against the real
app served by uvicorn: Asana with a token (the real ``asana`` SDK against the Asana stub),
Monday.com through Monday's consent page (the stub's ``/oauth2/authorize`` sends the browser
back with a code, which the real httpx client exchanges at its ``/oauth2/token``). A refused
token is shown beside its field; both connect and show their workspace and health; Monday is
disconnected again. Every state of the page passes axe-core with no serious or critical
violation."""

from __future__ import annotations

import uuid

import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from integrations.asana import asana_factory
from integrations.monday import MondayGateway
from tests.stubs.asana import WORKSPACE, AsanaStub
from tests.stubs.monday_stub import MondayStub
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, accessible, signed_in_page
from tests.support.dashboard import member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser
ASANA_TOKEN = "2/1200000000000099/1209999999999999:0123456789abcdef"
MONDAY_APP = ("monday-client-id-4711", "monday-client-secret-0815")


@pytest.fixture
async def tools_app(settings, engine, clean_db, time_skipping_env):
    """The app on a real port, Asana and Monday (API, consent page, token endpoint) pointed at
    their stubs; yields (url, asana, monday)."""
    local = settings.model_copy(update={"temporal_task_queue": f"tools-{uuid.uuid4().hex[:8]}"})
    app = create_app(local, engine=engine, temporal_client=time_skipping_env.client)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    with (
        AsanaStub({ASANA_TOKEN}) as asana,
        MondayStub(client=MONDAY_APP, tokens=set(), users={}) as monday,
    ):
        gateway = MondayGateway(api_url=monday.api_url, auth_url=monday.base_url, timeout=5)
        app.state.asana_factory = asana_factory(asana.host)  # type: ignore[attr-defined]
        app.state.monday_gateway = gateway  # type: ignore[attr-defined]
        try:
            async with serve(config, own_loop=False) as url:
                yield url, asana, monday
        finally:
            await gateway.aclose()


async def test_owner_connects_asana_with_a_token_and_monday_through_its_consent_page(
    tools_app, org_a, sessionmaker
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    base, _asana, monday = tools_app
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await signed_in_page(
                chromium, f"{base}/dashboard/integrations", "owner@northstar.example"
            )
            await accessible(page)
            assert "not connected" in await page.inner_text("#integration-asana")

            # Asana: a token Asana does not know is refused beside it…
            await page.click("text=Connect Asana with a token")
            await page.fill("#asana-access_token", "2/made-up-token-000000")
            await page.fill("#asana-workspace_gid", WORKSPACE)
            await page.click("#integration-asana details button[type=submit]")
            error = await page.inner_text("#err-asana\\.access_token")
            assert "Asana rejected the access token" in error
            assert await page.input_value("#asana-workspace_gid") == WORKSPACE
            assert await page.input_value("#asana-access_token") == ""  # never echoed
            await accessible(page)
            # … and the right one connects.
            await page.fill("#asana-access_token", ASANA_TOKEN)
            await page.click("#integration-asana details button[type=submit]")
            await page.wait_for_url("**done=connected-asana")
            card = await page.inner_text("#integration-asana")
            assert "connected" in card and WORKSPACE in card and "Last error\nnone" in card
            await accessible(page)

            # Monday.com: on to Monday's consent page and back, connected with its token.
            await page.fill("#mon-client_id", MONDAY_APP[0])
            await page.fill("#mon-client_secret", MONDAY_APP[1])
            await page.click("text=Continue to Monday.com")
            await page.wait_for_url("**done=connected-monday")
            assert len(monday.consents()) == 1
            card = await page.inner_text("#integration-monday")
            assert "connected" in card and "consent page (OAuth)" in card
            assert "Monday's main workspace" in card
            await accessible(page)

            await page.click("text=Disconnect Monday.com")
            await page.wait_for_url("**done=disconnected-monday")
            assert "not connected" in await page.inner_text("#integration-monday")
            assert "connected" in await page.inner_text("#integration-asana")
            await accessible(page)
        finally:
            await chromium.close()
