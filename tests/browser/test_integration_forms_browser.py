"""The integrations page's server-to-server forms in headless Chromium against the real app
served by uvicorn: Salesforce with the JWT bearer flow (the real requests client against the
Salesforce stub over TLS, which verifies the signed assertion) and the organization's Teams
bot. A refused key and a malformed app id come back beside their fields, then both connect.
Every state of the page passes axe-core with no serious or critical violation."""

from __future__ import annotations

import uuid

import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from integrations.salesforce import SalesforceOAuth, salesforce_factory
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, accessible, signed_in_page
from tests.support.dashboard import member_with_password
from tests.support.live_server import serve
from tests.support.salesforce import APP, JWT_USER, register_jwt, rsa_key_pem, salesforce_stub

pytestmark = pytest.mark.browser
BOT = "5f0c3c1e-2b7a-4f4e-9d3a-1b2c3d4e5f60"
TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


@pytest.fixture
async def forms_app(settings, engine, clean_db, time_skipping_env, tmp_path):
    """The app on a real port with Salesforce pointed at the stub; yields (url, stub)."""
    local = settings.model_copy(update={"temporal_task_queue": f"forms-{uuid.uuid4().hex[:8]}"})
    app = create_app(local, engine=engine, temporal_client=time_skipping_env.client)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    with salesforce_stub(tmp_path) as stub:
        app.state.salesforce_factory = salesforce_factory(verify=stub.ca)  # type: ignore[attr-defined]
        app.state.salesforce_auth = SalesforceOAuth(stub.base_url, verify=stub.ca)  # type: ignore[attr-defined]
        async with serve(config, own_loop=False) as url:
            yield url, stub


async def test_owner_connects_salesforce_server_to_server_and_the_teams_bot(
    forms_app, org_a, sessionmaker
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    base, salesforce = forms_app
    private_key = register_jwt(salesforce)
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await signed_in_page(
                chromium, f"{base}/dashboard/account", "owner@northstar.example"
            )
            await page.click("nav >> text=Integrations")
            await page.wait_for_url("**/dashboard/integrations")
            await accessible(page)

            # Salesforce: a key whose certificate the app lacks is refused beside the key…
            await page.click("text=Connect Salesforce server to server")
            await page.fill("#salesforce-client_id", APP["client_id"])
            await page.fill("#salesforce-username", JWT_USER)
            await page.fill("#salesforce-private_key", rsa_key_pem()[0])
            await page.click("#integration-salesforce details button[type=submit]")
            error = await page.inner_text("#err-salesforce\\.private_key")
            assert "invalid assertion" in error
            assert await page.input_value("#salesforce-username") == JWT_USER
            assert await page.input_value("#salesforce-private_key") == ""  # never echoed
            await accessible(page)
            # … and the app's own key connects.
            await page.fill("#salesforce-private_key", private_key)
            await page.click("#integration-salesforce details button[type=submit]")
            await page.wait_for_url("**done=connected-salesforce")
            card = await page.inner_text("#integration-salesforce")
            assert "connected" in card and JWT_USER in card and "JWT bearer flow" in card
            await accessible(page)

            # The Teams bot: a malformed app id beside its field, then connected.
            await page.click("text=Connect the organization's Teams bot")
            await page.fill("#teams_bot-app_id", "not-a-guid")
            await page.fill("#teams_bot-app_password", "bot-secret-0123456789")
            await page.fill("#teams_bot-tenant_id", TENANT)
            await page.click("text=Connect the Teams bot")
            assert await page.is_visible("#err-teams_bot\\.app_id")
            assert await page.input_value("#teams_bot-tenant_id") == TENANT
            await accessible(page)
            await page.fill("#teams_bot-app_id", BOT)
            await page.fill("#teams_bot-app_password", "bot-secret-0123456789")
            await page.click("text=Connect the Teams bot")
            await page.wait_for_url("**done=connected-teams_bot")
            assert BOT in await page.inner_text("#integration-teams")
            await accessible(page)
        finally:
            await chromium.close()
