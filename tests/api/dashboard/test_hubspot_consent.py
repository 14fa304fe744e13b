"""Connecting HubSpot from the integrations page through HubSpot's install (consent) page: the
real SDK against the HubSpot wire stub, whose install page sends the browser back with a code
(or ``error=access_denied``) and whose token endpoint exchanges it. Nothing is connected
unless the state is the one this member's browser was given; secrets never come back into a
page; the connection is saved as OAuth and audited with the member as actor."""

from __future__ import annotations

import base64
import re
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest
from fastapi import FastAPI, Request

from api.dashboard.crm_oauth import CONSENTS
from core.config import Environment
from domain.errors import InvalidRequest
from integrations.hubspot import SCOPES
from integrations.oauth import TokenCredentials
from tests.stubs.hubspot_stub import HubSpotStub
from tests.support.dashboard import audited, consent_url, csrf_of, signed_in_member
from tests.support.hubspot import TOKEN, wire_stub

OWNER = "owner@northstar.example"
CLIENT_ID = "7d1c5b8e-hubspot-app"
CLIENT_SECRET = "hs-secret-0123456789"
AUTHORIZE = "/dashboard/integrations/hubspot/authorize"
CALLBACK = "/dashboard/integrations/hubspot/callback"
COOKIE = "ax_hubspot_oauth"
FLOW = CONSENTS["hubspot"].flow


async def _csrf(browser) -> str:
    return csrf_of((await browser.get("/dashboard/integrations")).text)


def _card(html: str) -> str:
    start = html.index('id="integration-hubspot"')
    return html[start : html.index("</section>", start)]


async def _start(browser, csrf: str) -> str:
    """Continue to HubSpot; the consent page's URL."""
    r = await browser.post(
        AUTHORIZE, data={"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "csrf_token": csrf}
    )
    return consent_url(r)


async def _consent(url: str) -> str:
    """What HubSpot's install page answers the browser: the redirect back, path and query."""
    async with httpx.AsyncClient() as browser:
        r = await browser.get(url)
    assert r.status_code == 302, r.text
    back = urlsplit(r.headers["location"])
    assert f"{back.scheme}://{back.netloc}" == "http://testserver"
    return f"{back.path}?{back.query}"


def _plant(browser, value: str) -> None:
    """Put a sealed sign-in in ``browser``'s jar, where the app's own would be."""
    browser.cookies.set(COOKIE, value, domain="testserver.local", path="/")


def _nothing_connected(conninfo: str, org_id: str) -> None:
    assert audited(conninfo, org_id, "integration.connected") == []
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM integration_connections").fetchone() == (0,)


async def test_hubspot_connects_through_its_install_page_with_oauth_tokens_sealed(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        hubspot.register_app(CLIENT_ID, CLIENT_SECRET, "hs-code-unused")
        wire_stub(admin, hubspot)
        csrf = await _csrf(admin)
        # The API's rules for the app: the secret is required, the client id has a length.
        r = await admin.post(AUTHORIZE, data={"client_id": CLIENT_ID, "csrf_token": csrf})
        assert r.status_code == 422
        assert re.search(
            r'id="err-hs.client_secret" role="alert">client_secret is required', r.text
        )
        assert f'value="{CLIENT_ID}"' in r.text
        r = await admin.post(
            AUTHORIZE,
            data={"client_id": "short", "client_secret": CLIENT_SECRET, "csrf_token": csrf},
        )
        assert r.status_code == 422 and 'id="err-hs.client_id"' in r.text
        assert CLIENT_SECRET not in r.text
        assert hubspot.consents() == []
        # Continue to HubSpot: its install page, asking for the scopes the syncs need.
        url = await _start(admin, csrf)
        consent = urlsplit(url)
        assert f"{consent.scheme}://{consent.netloc}{consent.path}" == (
            f"{hubspot.host}/oauth/authorize"
        )
        query = parse_qs(consent.query)
        assert query["client_id"] == [CLIENT_ID]
        assert query["scope"] == [" ".join(SCOPES)]
        assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]
        assert len(query["state"][0]) >= 40
        assert CLIENT_SECRET not in admin.cookies[COOKIE]  # sealed
        back = await _consent(url)
        assert parse_qs(urlsplit(back).query)["state"] == query["state"]
        code = parse_qs(urlsplit(back).query)["code"][0]
        r = await admin.get(back)
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-hubspot"
        assert COOKIE not in admin.cookies  # the pending sign-in is gone
        # The code was exchanged once, for the redirect URL HubSpot sent it to.
        [grant] = hubspot.token_grants("authorization_code")
        assert grant.form()["code"] == code
        assert grant.form()["redirect_uri"] == f"http://testserver{CALLBACK}"
        page = (await admin.get(r.headers["location"])).text
    assert "HubSpot is connected." in page and "status-connected" in _card(page)
    with psycopg.connect(owner_conninfo) as conn:
        [(organization_id, settings, sealed)] = conn.execute(
            "SELECT organization_id, settings, credentials FROM integration_connections"
        ).fetchall()
    assert organization_id == org_a.id and settings["auth"] == "oauth"
    credentials = TokenCredentials.open(admin._transport.app.state.secret_box, bytes(sealed))
    assert credentials.app is not None and credentials.app.client_id == CLIENT_ID
    assert credentials.access_token in hubspot.tokens and credentials.refresh_token
    for secret in (CLIENT_SECRET, credentials.access_token, credentials.refresh_token, code):
        assert secret.encode() not in bytes(sealed)
        assert secret not in page
    assert [row[:2] for row in audited(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    listed = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert [(c["provider"], c["status"]) for c in listed] == [("hubspot", "connected")]
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []


async def test_a_forged_expired_or_someone_else_s_callback_connects_nothing(
    clean_db, org_a, org_b, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    colleague, _c = await signed_in_member(
        browser_for, sessionmaker, org_a, "ada@northstar.example"
    )
    outsider, _o = await signed_in_member(browser_for, sessionmaker, org_b, "eve@elsewhere.example")
    expired = "This HubSpot sign-in expired or was not started here."
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        hubspot.register_app(CLIENT_ID, CLIENT_SECRET, "hs-code-unused")
        for browser in (admin, colleague, outsider):
            wire_stub(browser, hubspot)
        back = await _consent(await _start(admin, await _csrf(admin)))
        state = parse_qs(urlsplit(back).query)["state"][0]
        # Another member of the organization, or of another one, holding this browser's
        # sealed sign-in and HubSpot's answer: refused.
        for other in (colleague, outsider):
            _plant(other, admin.cookies[COOKIE])
            r = await other.get(back)
            assert r.status_code == 400 and expired in r.text
        # A forged state, in the browser that started: refused, and the sign-in dropped.
        r = await admin.get(CALLBACK, params={"code": "hs-code-0001", "state": "forged"})
        assert r.status_code == 400
        assert re.search(rf'id="err-hs.client_id" role="alert">{expired}', r.text)
        assert COOKIE not in admin.cookies
        assert (await admin.get(back)).status_code == 400  # too late for the right state too
        # A sign-in sealed like the app's, planted where its cookie is: read and checked
        # (HubSpot refuses a code it does not know, beside the client id)…
        box = admin._transport.app.state.secret_box

        def sealed(expires: int) -> str:
            pending = {
                "state": state,
                "organization_id": org_a.id,
                "member_id": owner.id,
                "expires": expires,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uri": f"http://testserver{CALLBACK}",
            }
            return base64.urlsafe_b64encode(box.seal(pending)).decode()

        _plant(admin, sealed(int(time.time()) + 60))
        r = await admin.get(CALLBACK, params={"code": "hs-code-made-up", "state": state})
        assert r.status_code == 422
        assert re.search(r'id="err-hs.client_id" role="alert">HubSpot rejected', r.text)
        assert f'value="{CLIENT_ID}"' in r.text and CLIENT_SECRET not in r.text
        # … but one started more than ten minutes ago is refused before HubSpot hears of it.
        _plant(admin, sealed(int(time.time()) - 1))
        r = await admin.get(CALLBACK, params={"code": "hs-code-late", "state": state})
        assert r.status_code == 400 and expired in r.text
        # Only the code of the unexpired sign-in reached HubSpot's token endpoint.
        exchanged = [g.form()["code"] for g in hubspot.token_grants("authorization_code")]
        assert exchanged == ["hs-code-made-up"]
    _nothing_connected(owner_conninfo, org_a.id)
    _nothing_connected(owner_conninfo, org_b.id)


async def test_access_denied_on_hubspot_s_page_is_said_beside_the_client_id(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        hubspot.register_app(CLIENT_ID, CLIENT_SECRET, "hs-code-unused")
        wire_stub(admin, hubspot)
        hubspot.deny_consent()
        back = await _consent(await _start(admin, await _csrf(admin)))
        assert parse_qs(urlsplit(back).query)["error"] == ["access_denied"]
        r = await admin.get(back)
        assert r.status_code == 400
        assert re.search(
            r'id="err-hs.client_id" role="alert">HubSpot: access was not granted.', r.text
        )
        assert f'value="{CLIENT_ID}"' in r.text and CLIENT_SECRET not in r.text
        assert hubspot.token_grants("authorization_code") == []
    _nothing_connected(owner_conninfo, org_a.id)


async def test_the_redirect_url_is_the_public_base_url_s_in_production_like_setups(
    clean_db, org_a, sessionmaker, browser_for
):
    admin, _owner = await signed_in_member(
        browser_for, sessionmaker, org_a, OWNER, public_base_url="https://dash.label.example/"
    )
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        wire_stub(admin, hubspot)
        url = await _start(admin, await _csrf(admin))
    assert parse_qs(urlsplit(url).query)["redirect_uri"] == [
        f"https://dash.label.example{CALLBACK}"
    ]


async def test_csrf_and_permissions_are_checked_before_anything_starts(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    manager, _m = await signed_in_member(
        browser_for, sessionmaker, org_a, "mo@northstar.example", "manager"
    )
    viewer, _v = await signed_in_member(
        browser_for, sessionmaker, org_a, "vic@northstar.example", "viewer"
    )
    with HubSpotStub(tokens={TOKEN}) as hubspot:
        hubspot.register_app(CLIENT_ID, CLIENT_SECRET, "hs-code-unused")
        for browser in (admin, manager, viewer):
            wire_stub(browser, hubspot)
        form = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
        r = await admin.post(AUTHORIZE, data=form)
        assert r.status_code == 403 and COOKIE not in admin.cookies
        r = await admin.post(AUTHORIZE, data={**form, "csrf_token": "not-the-token"})
        assert r.status_code == 403 and COOKIE not in admin.cookies
        page = await manager.get("/dashboard/integrations")
        assert page.status_code == 200 and "Connect with HubSpot" not in page.text
        r = await manager.post(AUTHORIZE, data={**form, "csrf_token": csrf_of(page.text)})
        assert r.status_code == 403 and COOKIE not in manager.cookies
        back = await _consent(await _start(admin, await _csrf(admin)))
        for browser in (manager, viewer):
            _plant(browser, admin.cookies[COOKIE])
            assert (await browser.get(back)).status_code == 403
        assert hubspot.consents()[0].query["client_id"] == CLIENT_ID
        assert hubspot.token_grants("authorization_code") == []
    _nothing_connected(owner_conninfo, org_a.id)


def test_production_never_takes_the_redirect_url_from_the_host_header(settings):
    """Without PUBLIC_BASE_URL a production deployment refuses to start the flow rather than
    send HubSpot's code to whatever host the request named."""
    app = FastAPI()
    request = Request(
        {
            "type": "http",
            "app": app,
            "method": "POST",
            "path": AUTHORIZE,
            "scheme": "https",
            "server": ("attacker.example", 443),
            "headers": [(b"host", b"attacker.example")],
            "query_string": b"",
        }
    )
    app.state.settings = settings.model_copy(
        update={"environment": Environment.PRODUCTION, "public_base_url": None}
    )
    with pytest.raises(InvalidRequest, match="set PUBLIC_BASE_URL so HubSpot can send you back"):
        FLOW.redirect_uri(request)
    app.state.settings = settings.model_copy(
        update={"environment": Environment.PRODUCTION, "public_base_url": "https://dash.example"}
    )
    assert FLOW.redirect_uri(request) == f"https://dash.example{CALLBACK}"
