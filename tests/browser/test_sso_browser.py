"""Single sign-on in headless Chromium against the real app (uvicorn) and a local OpenID
provider: from the password sign-in page to "Sign in with single sign-on", the work e-mail,
the provider and back, signed in as a new member; a refused sign-in says why. The SSO pages
pass axe-core with no serious or critical violation."""

from __future__ import annotations

import httpx
import pytest
import uvicorn

from api.app import create_app
from core.devstack import free_port
from tests.stubs.oidc import OidcProviderStub
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.browser import accessible as _accessible
from tests.support.browser import shot as _shot
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.live_server import serve

pytestmark = pytest.mark.browser


async def test_a_person_signs_in_through_their_identity_provider(
    settings, engine, clean_db, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with OidcProviderStub(
        {"northstar-app": ("northstar-secret", f"{base}/dashboard/sso/callback")}
    ) as idp:
        app = create_app(
            settings.model_copy(update={"sso_trusted_issuers": (idp.issuer,)}), engine=engine
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
        async with serve(config, own_loop=False) as url:
            async with httpx.AsyncClient(base_url=url, headers=org_a.headers, timeout=60) as api:
                r = await api.put(
                    "/v1/sso",
                    json={
                        "slug": "northstar",
                        "issuer": idp.issuer,
                        "client_id": "northstar-app",
                        "client_secret": "northstar-secret",
                        "email_domains": ["northstar.example"],
                        "role_claim": "groups",
                        "role_mapping": [{"value": "engineers", "role": "coordinator"}],
                        "default_role": "viewer",
                    },
                )
                assert r.status_code == 200, r.text
            await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
            async with async_playwright() as p:
                chromium = await p.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                try:
                    context = await chromium.new_context(
                        viewport={"width": 1280, "height": 900}, bypass_csp=True
                    )
                    page = await context.new_page()
                    page.set_default_timeout(15_000)
                    await page.goto(f"{url}/dashboard/sign-in")
                    await page.click("text=Sign in with single sign-on (SSO)")
                    await page.wait_for_url("**/dashboard/sso")
                    await _accessible(page)
                    # A name nobody signs in with comes back beside the field, kept.
                    await page.fill("#login", "nobody-here")
                    await page.click("button[type=submit]")
                    assert await page.locator("#err-login").is_visible()
                    assert await page.input_value("#login") == "nobody-here"
                    await _accessible(page)
                    await _shot(page, tmp_path, "sso-sign-in")
                    await page.fill("#login", "ada@northstar.example")
                    await page.click("button[type=submit]")
                    await page.wait_for_url(f"{url}/dashboard/**")
                    await page.wait_for_selector("text=Ada Lovelace")
                    assert "/dashboard/sso" not in page.url
                    # A person the provider has not verified: refused, and told why.
                    idp.person = {**idp.person, "email": "bo@northstar.example"}
                    idp.next_claims = {"email_verified": False}
                    other = await (
                        await chromium.new_context(
                            viewport={"width": 1280, "height": 900}, bypass_csp=True
                        )
                    ).new_page()
                    other.set_default_timeout(15_000)
                    await other.goto(f"{url}/dashboard/sso")
                    await other.fill("#login", "northstar")
                    await other.click("button[type=submit]")
                    await other.wait_for_url("**/dashboard/sso/callback**")
                    await other.wait_for_selector("text=verified e-mail")
                    await _accessible(other)
                    # The owner's settings tab for SSO.
                    owner = await (
                        await chromium.new_context(
                            viewport={"width": 1280, "height": 900}, bypass_csp=True
                        )
                    ).new_page()
                    owner.set_default_timeout(15_000)
                    await owner.goto(f"{url}/dashboard/settings/sso")
                    await owner.fill("#email", "owner@northstar.example")
                    await owner.fill("#password", PASSWORD)
                    await owner.click("button[type=submit]")
                    await owner.wait_for_url("**/dashboard/settings/sso")
                    assert await owner.input_value("#slug") == "northstar"
                    await _accessible(owner)
                    await _shot(owner, tmp_path, "sso-settings")
                finally:
                    await chromium.close()
