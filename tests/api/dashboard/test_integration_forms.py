"""The integrations page's Salesforce and Teams bot forms: Salesforce through its consent page
(the web-server flow) or server to server with the JWT bearer flow (the real requests client
against the Salesforce stub over TLS, which verifies the signed assertion), and the
organization's Teams bot. Refusals come back beside the field that caused
them, with what was typed kept except the secrets; each connect is audited with the member as
actor and is the same connection the API shows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from integrations.xero import XeroEndpoints, XeroGateway
from tests.support.dashboard import audited as _audit
from tests.support.dashboard import consent_url, csrf_of, signed_in_member
from tests.support.salesforce import (
    APP,
    CODE,
    JWT_USER,
    register_jwt,
    rsa_key_pem,
    salesforce_stub,
    wire_stub,
)
from tests.support.xero import CLIENT_ID, CLIENT_SECRET, OTHER_TENANT, xero_stub
from tests.support.xero import TENANT as TENANT_ID

OWNER = "owner@northstar.example"
BOT = "5f0c3c1e-2b7a-4f4e-9d3a-1b2c3d4e5f60"
TENANT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def _card(html: str, provider: str) -> str:
    start = html.index(f'id="integration-{provider}"')
    return html[start : html.index("</section>", start)]


async def test_salesforce_connects_server_to_server_and_a_refused_key_is_shown_beside_it(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo, tmp_path
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER, "owner")
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    with salesforce_stub(tmp_path) as stub:
        wire_stub(admin, stub)
        private_key = register_jwt(stub)
        form = {"client_id": APP["client_id"], "username": JWT_USER, "csrf_token": csrf}
        r = await admin.post(
            "/dashboard/integrations/salesforce", data={**form, "private_key": rsa_key_pem()[0]}
        )
        assert r.status_code == 422, r.text
        assert re.search(
            r'id="err-salesforce.private_key" role="alert">Salesforce rejected the private key: '
            r"invalid assertion",
            r.text,
        )
        assert f'value="{JWT_USER}"' in r.text and f'value="{APP["client_id"]}"' in r.text
        assert "BEGIN PRIVATE KEY" not in r.text  # a secret is never echoed
        assert "<details open>" in _card(r.text, "salesforce")

        r = await admin.post(
            "/dashboard/integrations/salesforce", data={**form, "private_key": private_key}
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-salesforce"
    page = (await admin.get(r.headers["location"])).text
    card = _card(page, "salesforce")
    assert "status-connected" in card and JWT_USER in card and "JWT bearer flow" in card
    assert "Push every client again" in card and "BEGIN PRIVATE KEY" not in page
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    [listed] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert (listed["provider"], listed["settings"]["auth"]) == ("salesforce", "jwt_bearer")
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []


async def test_salesforce_connects_through_its_consent_page_and_the_state_is_checked(
    clean_db, org_a, api, sessionmaker, browser_for, owner_conninfo, tmp_path
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER, "owner")
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    authorize = "/dashboard/integrations/salesforce/authorize"
    callback = "/dashboard/integrations/salesforce/callback"
    with salesforce_stub(tmp_path) as stub:
        wire_stub(admin, stub)
        r = await admin.post(authorize, data={"client_id": APP["client_id"], "csrf_token": csrf})
        assert r.status_code == 422
        assert re.search(
            r'id="err-sf.client_secret" role="alert">client_secret is required', r.text
        )
        r = await admin.post(
            authorize,
            data={
                "client_id": APP["client_id"],
                "client_secret": APP["client_secret"],
                "csrf_token": csrf,
            },
        )
        url = urlsplit(consent_url(r))
        assert f"{url.scheme}://{url.netloc}{url.path}" == (
            f"{stub.base_url}/services/oauth2/authorize"
        )
        query = parse_qs(url.query)
        assert query["client_id"] == [APP["client_id"]] and query["scope"] == ["api refresh_token"]
        assert query["redirect_uri"] == [f"http://testserver{callback}"]
        # A redirect back with another state connects nothing.
        r = await admin.get(callback, params={"code": CODE, "state": "forged"})
        assert r.status_code == 400 and "expired or was not started here" in r.text
        assert stub.token_grants("authorization_code") == []
        r = await admin.post(
            authorize,
            data={
                "client_id": APP["client_id"],
                "client_secret": APP["client_secret"],
                "csrf_token": csrf,
            },
        )
        state = parse_qs(urlsplit(consent_url(r)).query)["state"][0]
        r = await admin.get(callback, params={"code": CODE, "state": state})
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-salesforce"
        [grant] = stub.token_grants("authorization_code")
        assert grant.form()["redirect_uri"] == f"http://testserver{callback}"
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    [listed] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert (listed["provider"], listed["settings"]["auth"]) == ("salesforce", "oauth")
    assert listed["external_account_id"] == stub.instance_url


async def test_a_backfill_asked_for_without_salesforce_is_refused_beside_the_card(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER, "owner")
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    r = await admin.post("/dashboard/integrations/salesforce/backfill", data={"csrf_token": csrf})
    assert r.status_code == 409
    assert re.search(
        r'id="err-salesforce.backfill" role="alert">Salesforce is not connected', r.text
    )
    assert _audit(owner_conninfo, org_a.id, "integration.backfill_requested") == []
    r = await admin.post("/dashboard/integrations/salesforce/backfill", data={"csrf_token": "x"})
    assert r.status_code == 403  # the CSRF check comes first


async def test_the_teams_bot_connects_and_a_malformed_app_id_is_shown_beside_it(
    clean_db, org_a, api, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER, "owner")
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    form = {"tenant_id": TENANT, "app_password": "bot-secret-0123456789", "csrf_token": csrf}
    r = await admin.post("/dashboard/integrations/teams_bot", data={**form, "app_id": "not-a-guid"})
    assert r.status_code == 422 and 'id="err-teams_bot.app_id"' in r.text
    assert f'value="{TENANT}"' in r.text and "bot-secret-0123456789" not in r.text
    r = await admin.post("/dashboard/integrations/teams_bot", data={**form, "app_id": BOT})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/dashboard/integrations?done=connected-teams_bot"
    page = (await admin.get(r.headers["location"])).text
    assert "the Teams bot is connected" in page
    card = _card(page, "teams")
    assert BOT in card and "not installed in a conversation yet" in card
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    [listed] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert (listed["provider"], listed["settings"]["mode"]) == ("teams", "bot")


async def test_xero_connects_through_its_consent_page_and_asks_which_organisation(
    clean_db, org_a, api, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER, "owner")
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    with xero_stub(**{TENANT_ID: "Helix Studios Ltd", OTHER_TENANT: "Helix Publishing"}) as xero:
        admin._transport.app.state.xero_gateway = XeroGateway(
            XeroEndpoints(
                xero.api_url,
                xero.base_url,
                xero.token_url,
                authorize_url=f"{xero.base_url}/identity/connect/authorize",
            ),
            timeout=5,
        )
        r = await admin.post(
            "/dashboard/integrations/xero/authorize",
            data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "csrf_token": csrf},
        )
        url = urlsplit(consent_url(r))
        assert url.path == "/identity/connect/authorize"
        query = parse_qs(url.query)
        assert query["client_id"] == [CLIENT_ID] and "offline_access" in query["scope"][0]
        callback = "/dashboard/integrations/xero/callback"
        assert query["redirect_uri"] == [f"http://testserver{callback}"]
        xero.codes.add("xero-code-0001")  # what Xero's consent page issues
        r = await admin.get(callback, params={"code": "xero-code-0001", "state": query["state"][0]})
        # Two organisations opened: the page asks which; nothing is connected yet.
        assert r.status_code == 200, r.text
        assert "Choose the Xero organisation" in r.text and "Helix Publishing" in r.text
        assert CLIENT_SECRET not in r.text
        assert _audit(owner_conninfo, org_a.id, "integration.connected") == []
        state = re.search(r'name="state" value="([^"]+)"', r.text).group(1)
        # An organisation the consent did not open (another customer's) is refused by the
        # API's own rule, beside the client id, and nothing is stored.
        unopened = "9b1c3f0e-5d2a-4e8b-a7c6-0f1e2d3c4b5a"
        r = await admin.post(
            "/dashboard/integrations/xero/tenant",
            data={"state": state, "tenant_id": unopened, "csrf_token": csrf},
        )
        assert r.status_code == 422, r.text
        assert f"does not open organisation {unopened}" in r.text
        assert (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"] == []
        forged = await admin.post(
            "/dashboard/integrations/xero/tenant",
            data={"state": "forged", "tenant_id": OTHER_TENANT, "csrf_token": csrf},
        )
        assert forged.status_code == 400
        r = await admin.post(
            callback.replace("callback", "authorize"),
            data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "csrf_token": csrf},
        )
        query = parse_qs(urlsplit(consent_url(r)).query)
        xero.codes.add("xero-code-0002")
        r = await admin.get(callback, params={"code": "xero-code-0002", "state": query["state"][0]})
        state = re.search(r'name="state" value="([^"]+)"', r.text).group(1)
        r = await admin.post(
            "/dashboard/integrations/xero/tenant",
            data={"state": state, "tenant_id": OTHER_TENANT, "csrf_token": csrf},
        )
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-xero"
    [listed] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert (listed["provider"], listed["external_account_id"]) == ("xero", OTHER_TENANT)
    assert listed["settings"]["tenant_name"] == "Helix Publishing"
    assert [row[:2] for row in _audit(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
