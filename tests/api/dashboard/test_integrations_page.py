"""The integrations page: connecting HubSpot (the real SDK against the HubSpot wire stub) and
Slack (against the Slack stub), refusals beside the field without echoing a secret, Teams'
URL guard, disconnecting, and the Slack notification routes. Credentials never come back
into a page; each change is audited with the member as actor."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import psycopg

from integrations.hubspot import hubspot_factory
from integrations.quickbooks import QuickBooksEndpoints, QuickBooksGateway
from tests.stubs.hubspot_stub import HubSpotStub
from tests.stubs.quickbooks_stub import QuickBooksStub
from tests.support.dashboard import audited as _audit
from tests.support.dashboard import consent_url, csrf_of, signed_in_member
from tests.support.hubspot import TOKEN, connect_hubspot
from tests.support.quickbooks import CLIENT_ID, CLIENT_SECRET, REALM
from tests.support.slack import BOT_TOKEN, SIGNING_SECRET, TEAM, slack_stub

OWNER = "owner@northstar.example"


async def _admin(browser_for, sessionmaker, org, email=OWNER, role="owner"):
    return await signed_in_member(browser_for, sessionmaker, org, email, role)


async def _csrf(browser) -> str:
    return csrf_of((await browser.get("/dashboard/integrations")).text)


def _card(html: str, provider: str) -> str:
    start = html.index(f'id="integration-{provider}"')
    return html[start : html.index("</section>", start)]


async def test_hubspot_is_connected_after_hubspot_accepted_the_token_and_shows_its_health(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await _admin(browser_for, sessionmaker, org_a)
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        admin._transport.app.state.hubspot_factory = hubspot_factory(hubspot.host)
        csrf = await _csrf(admin)
        r = await admin.post(
            "/dashboard/integrations/hubspot",
            data={"access_token": "pat-eu1-not-a-token-we-know", "csrf_token": csrf},
        )
        assert r.status_code == 422
        assert re.search(r'id="err-hubspot.access_token" role="alert">HubSpot rejected', r.text)
        assert "pat-eu1-not-a-token-we-know" not in r.text  # a secret is never echoed
        assert "<details open>" in _card(r.text, "hubspot")
        r = await admin.post(
            "/dashboard/integrations/hubspot", data={"access_token": TOKEN, "csrf_token": csrf}
        )
        assert r.status_code == 303
        assert r.headers["location"] == "/dashboard/integrations?done=connected-hubspot"
        # Each token was tried on HubSpot, the refused one first.
        assert [c.headers.get("authorization") for c in hubspot.recorded()] == [
            "Bearer pat-eu1-not-a-token-we-know",
            f"Bearer {TOKEN}",
        ]
    page = (await admin.get(r.headers["location"])).text
    card = _card(page, "hubspot")
    assert "status-connected" in card and "Last sync" in card and "nothing synced yet" in card
    assert TOKEN not in page
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    # The API sees the same connection; the other organization has none.
    listed = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert [(c["provider"], c["status"]) for c in listed] == [("hubspot", "connected")]
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []


async def test_disconnecting_wipes_only_this_organization_s_connection(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo
):
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        api._transport.app.state.hubspot_factory = hubspot_factory(hubspot.host)
        await connect_hubspot(api, org_a)
        await connect_hubspot(api, org_b)
    admin, owner = await _admin(browser_for, sessionmaker, org_a)
    csrf = await _csrf(admin)
    assert (await admin.post("/dashboard/integrations/hubspot/disconnect")).status_code == 403
    r = await admin.post("/dashboard/integrations/hubspot/disconnect", data={"csrf_token": csrf})
    assert r.headers["location"] == "/dashboard/integrations?done=disconnected-hubspot"
    assert "not connected" in _card((await admin.get("/dashboard/integrations")).text, "hubspot")
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT organization_id, status, credentials IS NULL FROM integration_connections"
        ).fetchall()
    assert sorted(rows) == sorted(
        [(org_a.id, "disconnected", True), (org_b.id, "connected", False)]
    )
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.disconnected")] == [
        ("user", owner.id)
    ]
    assert _audit(owner_conninfo, org_b.id, "integration.disconnected") == []


async def test_slack_connects_and_its_notification_routes_are_edited_with_errors_per_row(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await _admin(browser_for, sessionmaker, org_a)
    csrf = await _csrf(admin)
    routes = "/dashboard/integrations/slack/notifications"
    r = await admin.post(
        routes, data={"event_type": "booking.created", "channel": "C0BOOKINGS", "csrf_token": csrf}
    )
    assert r.status_code == 409 and "Connect Slack first." in r.text
    with slack_stub() as slack:
        admin._transport.app.state.slack_client_factory = slack.client_factory
        r = await admin.post(
            "/dashboard/integrations/slack",
            data={
                "bot_token": BOT_TOKEN,
                "signing_secret": SIGNING_SECRET,
                "team_id": "T0ELSEWHERE",
                "default_channel": "#approvals",
                "csrf_token": csrf,
            },
        )
        assert r.status_code == 422 and 'id="err-slack.team_id"' in r.text
        assert 'value="T0ELSEWHERE"' in r.text and 'value="#approvals"' in r.text  # kept
        assert BOT_TOKEN not in r.text and SIGNING_SECRET not in r.text  # secrets are not
        r = await admin.post(
            "/dashboard/integrations/slack",
            data={"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "csrf_token": csrf},
        )
        assert r.status_code == 303, r.text
    page = (await admin.get("/dashboard/integrations")).text
    assert TEAM in _card(page, "slack") and BOT_TOKEN not in page
    # A bad channel on the second row is shown beside that row; the rows are kept.
    r = await admin.post(
        routes,
        data={
            "event_type": ["booking.created", "booking.cancelled", ""],
            "channel": ["C0BOOKINGS", "#general", ""],
            "csrf_token": csrf,
        },
    )
    assert r.status_code == 422 and 'id="err-routes.1.channel"' in r.text
    assert 'value="#general"' in r.text and "err-routes.0" not in r.text
    r = await admin.post(
        routes,
        data={
            "event_type": ["booking.created", "booking.cancelled", ""],
            "channel": ["C0BOOKINGS", "C0CANCELS", ""],
            "csrf_token": csrf,
        },
    )
    assert r.headers["location"] == "/dashboard/integrations?done=notifications-saved"
    api_view = await admin.get("/v1/integrations/slack/notifications", headers=org_a.headers)
    assert [(x["event_type"], x["channel"]) for x in api_view.json()["routes"]] == [
        ("booking.created", "C0BOOKINGS"),
        ("booking.cancelled", "C0CANCELS"),
    ]
    # Ticking "remove" drops a row.
    r = await admin.post(
        routes,
        data={
            "event_type": ["booking.created", "booking.cancelled", ""],
            "channel": ["C0BOOKINGS", "C0CANCELS", ""],
            "remove": "0",
            "csrf_token": csrf,
        },
    )
    api_view = await admin.get("/v1/integrations/slack/notifications", headers=org_a.headers)
    assert [x["channel"] for x in api_view.json()["routes"]] == ["C0CANCELS"]
    assert len(_audit(owner_conninfo, org_a.id, "integration.settings_changed")) == 2


async def test_teams_refuses_a_private_url_and_quickbooks_asks_for_tokens_beside_the_field(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await _admin(browser_for, sessionmaker, org_a)
    csrf = await _csrf(admin)
    r = await admin.post(
        "/dashboard/integrations/teams",
        data={"webhook_url": "https://10.1.2.3/workflows/hook", "csrf_token": csrf},
    )
    assert r.status_code == 422 and 'id="err-teams.webhook_url"' in r.text
    assert 'value="https://10.1.2.3' not in r.text  # the URL is a credential: not echoed
    r = await admin.post(
        "/dashboard/integrations/quickbooks",
        data={
            "environment": "sandbox",
            "realm_id": "9130355",
            "client_id": "ABcdEFghIJklMNop",
            "client_secret": "s3cr3t-s3cr3t-s3cr3t",
            "csrf_token": csrf,
        },
    )
    assert r.status_code == 422 and 'id="err-quickbooks.access_token"' in r.text
    assert 'value="9130355"' in r.text and 'value="ABcdEFghIJklMNop"' in r.text
    assert "s3cr3t-s3cr3t-s3cr3t" not in r.text
    assert '<option value="sandbox" selected>' in r.text
    assert _audit(owner_conninfo, org_a.id, "integration.connected") == []
    viewer, _v = await _admin(browser_for, sessionmaker, org_a, "vic@northstar.example", "viewer")
    assert (await viewer.get("/dashboard/integrations")).status_code == 403
    manager, _m = await _admin(browser_for, sessionmaker, org_a, "mo@northstar.example", "manager")
    page = await manager.get("/dashboard/integrations")
    assert page.status_code == 200 and "Connect HubSpot" not in page.text
    r = await manager.post(
        "/dashboard/integrations/hubspot",
        data={"access_token": TOKEN, "csrf_token": csrf_of(page.text)},
    )
    assert r.status_code == 403


async def test_quickbooks_connects_through_intuit_s_consent_page_and_its_state_is_checked(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await _admin(browser_for, sessionmaker, org_a)
    with QuickBooksStub(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, realm_id=REALM) as qbo:
        endpoints = QuickBooksEndpoints(qbo.api_url, qbo.discovery_url)
        admin._transport.app.state.quickbooks_gateway = QuickBooksGateway(
            production=endpoints, sandbox=endpoints, timeout=5
        )
        csrf = await _csrf(admin)
        form = {"environment": "sandbox", "client_id": CLIENT_ID, "item_id": "1"}
        r = await admin.post(
            "/dashboard/integrations/quickbooks/authorize", data={**form, "csrf_token": csrf}
        )
        assert r.status_code == 422 and 'id="err-qbo.client_secret"' in r.text  # missing
        assert f'value="{CLIENT_ID}"' in r.text
        r = await admin.post(
            "/dashboard/integrations/quickbooks/authorize",
            data={**form, "client_secret": CLIENT_SECRET, "csrf_token": csrf},
        )
        consent = urlsplit(consent_url(r))
        assert (
            f"{consent.scheme}://{consent.netloc}{consent.path}" == f"{qbo.base_url}/connect/oauth2"
        )
        query = parse_qs(consent.query)
        assert query["client_id"] == [CLIENT_ID]
        assert query["scope"] == ["com.intuit.quickbooks.accounting"]
        assert query["redirect_uri"][0].endswith("/dashboard/integrations/quickbooks/callback")
        state = query["state"][0]
        assert CLIENT_SECRET not in r.headers["set-cookie"]  # sealed
        callback = "/dashboard/integrations/quickbooks/callback"
        # Intuit comes back; a forged state connects nothing.
        qbo.codes.add("consent-code-1")
        r = await admin.get(
            callback, params={"code": "consent-code-1", "realmId": REALM, "state": "forged"}
        )
        assert r.status_code == 400 and "expired or was not started here" in r.text
        assert _audit(owner_conninfo, org_a.id, "integration.connected") == []
        # The refusal dropped the pending sign-in: start again, then come back with its state.
        r = await admin.post(
            "/dashboard/integrations/quickbooks/authorize",
            data={**form, "client_secret": CLIENT_SECRET, "csrf_token": csrf},
        )
        state = parse_qs(urlsplit(consent_url(r)).query)["state"][0]
        r = await admin.get(
            callback, params={"code": "consent-code-1", "realmId": REALM, "state": state}
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-quickbooks"
    card = _card((await admin.get(r.headers["location"])).text, "quickbooks")
    assert "status-connected" in card and REALM in card and qbo.company_name in card
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
