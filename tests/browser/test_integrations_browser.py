"""Integrations and webhooks in headless Chromium against the real app served by uvicorn, the
project's worker on a time-skipping Temporal server, the real HubSpot SDK against the HubSpot
wire stub, and a real webhook receiver over HTTP.

The owner connects HubSpot through HubSpot's install page (declining first, then granting)
and sees its health; adds a webhook endpoint pointing at a
receiver that answers 500; two events fail every attempt of their retry schedule (time is
skipped) and the failed attempts are on the page, filtered; the owner rotates the secret
(the old one stops at once), the receiver is mended, one event is resent and the other
recovered, and both arrive signed with a signature valid under the new secret only. Every
page visited passes axe-core with no serious or critical violation.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import httpx
import pytest
import uvicorn
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from api.app import create_app
from core.db import create_sessionmaker
from core.devstack import free_port
from integrations.hubspot import HubSpotOAuth, hubspot_factory
from relays.events import relay_events
from tests.stubs.hubspot_stub import HubSpotStub
from tests.stubs.webhook_receiver import WebhookReceiver
from tests.support.axe import serious_violations
from tests.support.dashboard import PASSWORD, member_with_password
from tests.support.hubspot import TOKEN
from tests.support.live_server import serve
from worker import build_worker
from workflows.clients.webhook import delivery_workflow_id

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
HUBSPOT_APP = ("7d1c5b8e-hubspot-app", "hs-secret-0123456789")  # client id, secret


@pytest.fixture
async def hooks_app(settings, engine, clean_db, time_skipping_env):
    """The app on a real port and the project's worker, both on the time-skipping server,
    loopback receivers allowed, HubSpot (API, token endpoint, install page) pointed at the
    stub; yields (url, relay, env, stub)."""
    queue = f"hooks-{uuid.uuid4().hex[:8]}"
    local = settings.model_copy(
        update={"temporal_task_queue": queue, "outbound_allow_private_networks": True}
    )
    app = create_app(local, engine=engine, temporal_client=time_skipping_env.client)
    worker = build_worker(
        time_skipping_env.client, engine, task_queue=queue, identity="hooks", settings=local
    )

    async def relay() -> int:
        return await relay_events(
            create_sessionmaker(engine), time_skipping_env.client, task_queue=queue
        )

    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        app.state.hubspot_factory = hubspot_factory(hubspot.host)
        app.state.hubspot_auth = HubSpotOAuth(hubspot.host, app_host=hubspot.host)
        hubspot.register_app(HUBSPOT_APP[0], HUBSPOT_APP[1], "hs-code-unused")
        async with worker, serve(config, own_loop=False) as url:
            yield url, relay, time_skipping_env, hubspot


async def _accessible(page) -> None:
    violations = await serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


async def _delivered(
    env, org_id: str, event_id: str, endpoint_id: str, *, skip_time: bool = True
) -> dict:
    """The delivery's result, skipping time while it retries (or in real time, for one
    that succeeds at its first attempt)."""
    handle = env.client.get_workflow_handle(delivery_workflow_id(org_id, event_id, endpoint_id))
    if not skip_time:
        return await handle.result()
    async with env.time_skipping_unlocked():
        return await handle.result()


async def test_owner_connects_hubspot_and_recovers_failed_webhook_deliveries(
    hooks_app, org_a, sessionmaker, tmp_path
):
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: `make test` installs it")
    from playwright.async_api import async_playwright

    base, relay, env, hubspot = hooks_app
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    async with (
        async_playwright() as p,
        httpx.AsyncClient(base_url=base, headers=org_a.headers, timeout=30) as api,
    ):
        chromium = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # axe-core is injected as a script: the app's CSP would refuse it.
            context = await chromium.new_context(
                viewport={"width": 1280, "height": 900}, bypass_csp=True
            )
            page = await context.new_page()
            page.set_default_timeout(15_000)
            await page.goto(f"{base}/dashboard/account")
            await page.fill("#email", "owner@northstar.example")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.wait_for_url("**/dashboard/account")

            # HubSpot: a token it refuses comes back beside the field; then it connects.
            await page.click("nav >> text=Integrations")
            await page.wait_for_url("**/dashboard/integrations")
            await _accessible(page)
            await page.click("text=Connect HubSpot")
            await page.fill("#hubspot-access_token", "pat-eu1-a-token-hubspot-refuses")
            await page.click("#integration-hubspot details button[type=submit]")
            assert "HubSpot rejected" in await page.inner_text("#err-hubspot\\.access_token")
            assert await page.input_value("#hubspot-access_token") == ""  # never echoed
            await _accessible(page)
            # Through HubSpot's install page: declined there, said beside the client id…
            hubspot.grants_consent = False
            await page.fill("#hs-client_id", HUBSPOT_APP[0])
            await page.fill("#hs-client_secret", HUBSPOT_APP[1])
            await page.click("text=Continue to HubSpot")
            await page.wait_for_url("**/dashboard/integrations/hubspot/callback?**")
            assert "access was not granted" in await page.inner_text("#err-hs\\.client_id")
            assert await page.input_value("#hs-client_secret") == ""  # never echoed
            await _accessible(page)
            # … then granted: the code is exchanged and HubSpot connected.
            hubspot.grants_consent = True
            await page.fill("#hs-client_secret", HUBSPOT_APP[1])
            await page.click("text=Continue to HubSpot")
            await page.wait_for_url("**done=connected-hubspot")
            card = await page.inner_text("#integration-hubspot")
            assert "connected" in card and "Last error" in card and "none" in card
            assert "nothing synced yet" in card and HUBSPOT_APP[1] not in await page.content()
            await _accessible(page)

            # A webhook endpoint to a receiver that answers 500 for now.
            with WebhookReceiver(then=500) as receiver:
                await page.click("nav >> text=Webhooks")
                await page.wait_for_url("**/dashboard/webhooks")
                await _accessible(page)
                await page.fill("#endpoint-url", receiver.url)
                await page.fill("#endpoint-description", "Label CRM")
                await page.check("#new-client\\.created")
                await page.click("text=Add the endpoint")
                first_secret = await page.input_value("#new-secret")
                assert first_secret.startswith("whsec_")
                await _accessible(page)
                await page.click(f"a:text('{receiver.url}')")
                await page.wait_for_url("**/dashboard/webhooks/we_*")
                endpoint_id = page.url.rsplit("/", 1)[1]

                # Two events, each failing all eight attempts of its schedule.
                for name in ("Helix Music", "Orbit Audio"):
                    r = await api.post("/v1/clients", json={"name": name})
                    assert r.status_code == 201, r.text
                assert await relay() == 2
                events = (await api.get("/v1/events", params={"type": "client.created"})).json()
                resent, recovered = sorted(e["id"] for e in events["data"])
                for event_id in (resent, recovered):
                    result = await _delivered(env, org_a.id, event_id, endpoint_id)
                    assert result["status"] == "failed" and result["attempts"] == 8
                assert len(receiver.recorded()) == 16

                await page.click("nav[aria-label='Filter the attempts'] >> text='Failed'")
                await page.wait_for_url("**outcome=failed")
                rows = page.locator("#attempts tbody tr.attempt")
                assert await rows.count() == 16
                first_row = await rows.first.inner_text()
                assert "failed" in first_row and "500" in first_row
                assert "answered 500" in first_row
                await _accessible(page)

                # Rotate with no grace: the old secret stops signing at once.
                await page.fill("#rotate-grace", "0")
                await page.click("button:has-text('Rotate the secret')")
                new_secret = await page.input_value("#new-secret")
                assert new_secret.startswith("whsec_") and new_secret != first_secret
                assert "stopped signing at once" in await page.content()
                await _accessible(page)

                receiver._then = 200  # the receiver is mended
                await page.goto(f"{base}/dashboard/webhooks/{endpoint_id}?outcome=failed")
                await page.click(f"button[aria-label='Resend the event {resent}'] >> nth=0")
                await page.wait_for_url("**done=resent")
                result = await _delivered(env, org_a.id, resent, endpoint_id, skip_time=False)
                assert result["status"] == "succeeded" and result["attempts"] == 1
                await page.fill("#recover-since", "2000-01-01T00:00")
                await page.click("text=Recover failed deliveries")
                await page.wait_for_url("**done=recovered-1")
                result = await _delivered(env, org_a.id, recovered, endpoint_id, skip_time=False)
                assert result["status"] == "succeeded" and result["attempts"] == 1

                arrived = receiver.recorded()[16:]
                assert sorted(r.headers["webhook-id"] for r in arrived) == sorted(
                    [resent, recovered]
                )
                for request in arrived:
                    body = Webhook(new_secret).verify(request.body, request.headers)
                    assert body["type"] == "client.created"
                    with pytest.raises(WebhookVerificationError):
                        Webhook(first_secret).verify(request.body, request.headers)

            await page.goto(f"{base}/dashboard/webhooks/{endpoint_id}")
            rows = page.locator("#attempts tbody tr.attempt")
            assert await rows.count() == 18
            assert await page.locator("tr.outcome-succeeded").count() == 2
            assert "200" in await page.locator("tr.outcome-succeeded").first.inner_text()
            await _accessible(page)
            path = tmp_path / "dashboard-webhooks.png"
            await page.screenshot(path=str(path), full_page=True)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, ARTIFACTS / path.name)
            await context.close()
        finally:
            await chromium.close()
