"""The integrations page's Asana and Monday.com cards: Asana with a token and its workspace,
Asana through its consent page (its refresh token sealed with the app), Monday.com with an
API token or through Monday's consent page (OAuth 2.0 authorization code,
the real httpx client against the Monday wire stub's consent page and token endpoint). Each
refusal stands beside the field that caused it with no secret echoed; a connection shows its
workspace, health and last error; a disconnect wipes the token and unsubscribes the boards'
webhooks; another organization sees none of it."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest

from activities.sync import record_auth_error
from core.db import tenant_session
from core.ids import new_id
from integrations.asana import asana_factory
from integrations.asana_oauth import AsanaOAuth
from integrations.monday import SCOPES, MondayGateway
from integrations.oauth import TokenCredentials
from tests.stubs.asana import WORKSPACE, AsanaStub
from tests.stubs.monday_stub import MondayStub
from tests.support.dashboard import audited, consent_url, csrf_of, signed_in_member
from tests.support.project_tools import new_milestone

OWNER = "owner@northstar.example"
COLLEAGUE = "ada@northstar.example"
OUTSIDER = "eve@elsewhere.example"
ASANA_TOKEN = "2/1200000000000099/1209999999999999:0123456789abcdef"
MONDAY_TOKEN = "eyJhbGciOiJIUzI1NiJ9.monday-token-of-northstar"
CLIENT_ID = "monday-client-id-4711"
CLIENT_SECRET = "monday-client-secret-0815"
AUTHORIZE = "/dashboard/integrations/monday/authorize"
CALLBACK = "/dashboard/integrations/monday/callback"
COOKIE = "ax_monday_oauth"


def _card(html: str, provider: str) -> str:
    start = html.index(f'id="integration-{provider}"')
    return html[start : html.index("</section>", start)]


def _credentials(conninfo: str, provider: str) -> list[tuple[str, str, dict, bytes | None]]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT organization_id, status, settings, credentials FROM integration_connections "
            "WHERE provider = %s",
            (provider,),
        ).fetchall()
    return [(o, s, settings, bytes(c) if c is not None else None) for o, s, settings, c in rows]


@pytest.fixture
def monday():
    with MondayStub(
        client=(CLIENT_ID, CLIENT_SECRET),
        tokens={MONDAY_TOKEN},
        users={"41": "owner@northstar.example"},
    ) as stub:
        yield stub


@pytest.fixture
async def gateway(monday):
    gateway = MondayGateway(api_url=monday.api_url, auth_url=monday.base_url, timeout=5)
    yield gateway
    await gateway.aclose()


def _wire_monday(browser: httpx.AsyncClient, gateway: MondayGateway) -> None:
    browser._transport.app.state.monday_gateway = gateway  # type: ignore[attr-defined]


async def test_asana_connects_with_a_token_refusals_stand_beside_their_field(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    page = (await admin.get("/dashboard/integrations")).text
    for provider, name in (("asana", "Asana"), ("monday", "Monday.com")):
        card = _card(page, provider)
        assert f">{name}" in card and "not connected" in card
        assert f'action="/dashboard/integrations/{provider}"' in card
    csrf = csrf_of(page)
    with AsanaStub({ASANA_TOKEN}) as stub:
        admin._transport.app.state.asana_factory = asana_factory(stub.host)  # type: ignore[attr-defined]
        form = {"access_token": ASANA_TOKEN, "workspace_gid": WORKSPACE}
        # Without the page's CSRF token nothing is tried.
        r = await admin.post("/dashboard/integrations/asana", data=form)
        assert r.status_code == 403
        # A token Asana does not know: beside the token; the workspace kept, the token not.
        r = await admin.post(
            "/dashboard/integrations/asana",
            data={**form, "access_token": "2/revoked-or-made-up-token", "csrf_token": csrf},
        )
        assert r.status_code == 422, r.text
        rejected = r'id="err-asana.access_token" role="alert">Asana rejected the access'
        assert re.search(rejected, r.text)
        assert f'value="{WORKSPACE}"' in r.text and "revoked-or-made-up" not in r.text
        assert "<details open>" in _card(r.text, "asana")
        # A good token, but not for that workspace: beside the workspace.
        r = await admin.post(
            "/dashboard/integrations/asana",
            data={**form, "workspace_gid": "1299999999999999", "csrf_token": csrf},
        )
        assert r.status_code == 422, r.text
        assert re.search(r'id="err-asana.workspace_gid" role="alert">Asana rejected', r.text)
        assert ASANA_TOKEN not in r.text
        # The API's rules for the fields: a workspace gid is a number.
        r = await admin.post(
            "/dashboard/integrations/asana",
            data={**form, "workspace_gid": "my-workspace", "csrf_token": csrf},
        )
        assert r.status_code == 422 and 'id="err-asana.workspace_gid"' in r.text
        assert _credentials(owner_conninfo, "asana") == []
        r = await admin.post("/dashboard/integrations/asana", data={**form, "csrf_token": csrf})
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-asana"
        page = (await admin.get(r.headers["location"])).text
    card = _card(page, "asana")
    assert "Asana is connected." in page and "status-connected" in card
    assert f"<code>{WORKSPACE}</code>" in card and "an API token" in card
    assert re.search(r'class="last-error">none', card)
    assert "nothing synced yet" in card and ASANA_TOKEN not in page
    [(organization_id, status, settings, sealed)] = _credentials(owner_conninfo, "asana")
    assert (organization_id, status) == (org_a.id, "connected")
    assert settings["workspace_gid"] == WORKSPACE
    assert sealed is not None and ASANA_TOKEN.encode() not in sealed
    assert [row[:2] for row in audited(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    # The API shows the same connection; another organization sees none.
    listed = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert [(c["provider"], c["status"]) for c in listed] == [("asana", "connected")]
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []
    outsider, _o = await signed_in_member(browser_for, sessionmaker, org_b, "eve@elsewhere.example")
    assert "not connected" in _card((await outsider.get("/dashboard/integrations")).text, "asana")


async def test_monday_connects_through_its_consent_page_with_the_token_sealed(
    clean_db, org_a, org_b, api, sessionmaker, browser_for, owner_conninfo, monday, gateway
):
    admin, owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    _wire_monday(admin, gateway)
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    # The API's rules for the app: the secret is required.
    r = await admin.post(AUTHORIZE, data={"client_id": CLIENT_ID, "csrf_token": csrf})
    assert r.status_code == 422
    assert re.search(r'id="err-mon.client_secret" role="alert">client_secret is required', r.text)
    assert f'value="{CLIENT_ID}"' in r.text
    assert monday.consents() == []
    r = await admin.post(
        AUTHORIZE,
        data={
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "workspace_id": "9876543",
            "csrf_token": csrf,
        },
    )
    url = consent_url(r)
    consent = urlsplit(url)
    assert f"{consent.scheme}://{consent.netloc}{consent.path}" == (
        f"{monday.base_url}/oauth2/authorize"
    )
    query = parse_qs(consent.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [" ".join(SCOPES)]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]
    assert len(query["state"][0]) >= 40
    assert CLIENT_SECRET not in admin.cookies[COOKIE]  # sealed
    # Monday's consent page sends the browser back with a code and the state.
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(url)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["location"])
    assert parse_qs(back.query)["state"] == query["state"]
    code = parse_qs(back.query)["code"][0]
    r = await admin.get(f"{back.path}?{back.query}")
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/dashboard/integrations?done=connected-monday"
    assert COOKIE not in admin.cookies
    [exchange] = monday.recorded(lambda c: c.path == "/oauth2/token")
    assert exchange.form() == {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "code": code,
        "redirect_uri": f"http://testserver{CALLBACK}",
    }
    page = (await admin.get(r.headers["location"])).text
    card = _card(page, "monday")
    assert "Monday.com is connected." in page and "status-connected" in card
    assert "<code>9876543</code>" in card and "consent page (OAuth)" in card
    [(organization_id, status, settings, sealed)] = _credentials(owner_conninfo, "monday")
    assert (organization_id, status) == (org_a.id, "connected")
    assert settings == {"workspace_id": "9876543", "auth": "oauth"}
    box = admin._transport.app.state.secret_box  # type: ignore[attr-defined]
    token = str(box.open(sealed)["access_token"])
    assert token in monday.tokens and token.startswith("monday-oauth-")
    for secret in (token, CLIENT_SECRET, code):
        assert secret.encode() not in sealed and secret not in page
    # The token was tried with Monday before it was kept.
    assert [c.headers["authorization"] for c in monday.calls_of("me")] == [token]
    assert [row[:2] for row in audited(owner_conninfo, org_a.id, "integration.connected")] == [
        ("user", owner.id)
    ]
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []


async def test_a_forged_declined_or_under_scoped_monday_consent_connects_nothing(
    clean_db, org_a, org_b, sessionmaker, browser_for, owner_conninfo, monday, gateway
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    colleague, _c = await signed_in_member(browser_for, sessionmaker, org_a, COLLEAGUE)
    outsider, _o = await signed_in_member(browser_for, sessionmaker, org_b, OUTSIDER)
    for browser in (admin, colleague, outsider):
        _wire_monday(browser, gateway)
    form = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    expired = "This Monday.com sign-in expired or was not started here."

    async def start() -> str:
        csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
        url = consent_url(await admin.post(AUTHORIZE, data={**form, "csrf_token": csrf}))
        async with httpx.AsyncClient() as browser:
            answer = await browser.get(url)
        back = urlsplit(answer.headers["location"])
        return f"{back.path}?{back.query}"

    back = await start()
    # The state is bound to the member and organization whose browser started.
    for other in (colleague, outsider):
        other.cookies.set(COOKIE, admin.cookies[COOKIE], domain="testserver.local", path="/")
        r = await other.get(back)
        assert r.status_code == 400 and expired in r.text
    r = await admin.get(CALLBACK, params={"code": "made-up-code", "state": "forged"})
    assert r.status_code == 400 and COOKIE not in admin.cookies
    assert (await admin.get(back)).status_code == 400  # dropped: too late for the right state
    # Declined on Monday's page: said beside the client id.
    monday.grants_consent = False
    r = await admin.get(await start())
    assert r.status_code == 400
    declined = r'id="err-mon.client_id" role="alert">Monday.com: access was not granted'
    assert re.search(declined, r.text)
    # A consent without every scope the sync needs: Monday's token is not kept.
    monday.grants_consent = True
    monday.consent_scopes = "boards:read boards:write"
    r = await admin.get(await start())
    assert r.status_code == 422
    assert re.search(
        r'id="err-mon.client_id" role="alert">Monday refused the connection: '
        r"Monday&#39;s consent did not grant users:read, webhooks:write",
        r.text,
    )
    assert CLIENT_SECRET not in r.text
    # The app's secret wrong at the token endpoint: the same place, in Monday's words.
    monday.consent_scopes = " ".join(SCOPES)
    monday.client = (CLIENT_ID, "rotated-secret-000")
    r = await admin.get(await start())
    assert r.status_code == 422 and "invalid_client" in r.text
    assert _credentials(owner_conninfo, "monday") == []
    assert audited(owner_conninfo, org_a.id, "integration.connected") == []


async def test_monday_s_token_form_a_revoked_token_and_the_last_error_then_disconnect(
    clean_db, org_a, api, sessionmaker, browser_for, owner_conninfo, monday, gateway
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    _wire_monday(admin, gateway)
    api._transport.app.state.monday_gateway = gateway  # type: ignore[attr-defined]
    csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
    r = await admin.post(
        "/dashboard/integrations/monday",
        data={"access_token": "revoked-monday-token", "csrf_token": csrf},
    )
    assert r.status_code == 422
    assert re.search(
        r'id="err-monday.access_token" role="alert">Monday rejected the access token: '
        r"Monday refused the token: Not Authenticated",
        r.text,
    )
    r = await admin.post(
        "/dashboard/integrations/monday", data={"access_token": MONDAY_TOKEN, "csrf_token": csrf}
    )
    assert r.status_code == 303, r.text
    [(_org, _status, settings, _sealed)] = _credentials(owner_conninfo, "monday")
    assert settings == {"workspace_id": None, "auth": "token"}
    # A board of one of the organization's projects, with its webhook in Monday.
    milestone = await new_milestone(api, org_a)
    boards = gateway.boards(MONDAY_TOKEN)
    board = await boards.ensure_container("Night Drive", known_id=None)
    webhook = await boards.subscribe(board, "https://auditoryx.example/hook")
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "INSERT INTO project_tool_containers (id, organization_id, provider, project_id, "
            "container_id, webhook_id) VALUES (%s, %s, 'monday', %s, %s, %s)",
            (new_id("ptc"), org_a.id, milestone["project_id"], board, webhook),
        )
    # What the sync records when Monday refuses the token later (revoked in Monday).
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await record_auth_error(session, "monday", "Not Authenticated")
    card = _card((await admin.get("/dashboard/integrations")).text, "monday")
    assert "status-error" in card
    assert re.search(r'class="last-error">Monday rejected the token: Not Authenticated', card)
    assert "an API token" in card and "Monday&#39;s main workspace" in card
    r = await admin.post("/dashboard/integrations/monday/disconnect", data={"csrf_token": csrf})
    assert r.status_code == 303
    assert r.headers["location"] == "/dashboard/integrations?done=disconnected-monday"
    [(_org, status, _settings, sealed)] = _credentials(owner_conninfo, "monday")
    assert status == "disconnected" and sealed is None
    assert monday.webhooks == {}  # unsubscribed with the token the disconnect wiped
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT webhook_id FROM project_tool_containers").fetchall() == [
            (None,)
        ]
    page = (await admin.get("/dashboard/integrations?done=disconnected-monday")).text
    assert "Monday.com is disconnected" in page and "not connected" in _card(page, "monday")


async def test_concurrent_connects_of_one_organization_make_one_connection(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo, monday, gateway
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    other, _m = await signed_in_member(browser_for, sessionmaker, org_a, "ada@northstar.example")
    forms = []
    for browser in (admin, other):
        _wire_monday(browser, gateway)
        forms.append(csrf_of((await browser.get("/dashboard/integrations")).text))
    answers = await asyncio.gather(
        *(
            browser.post(
                "/dashboard/integrations/monday",
                data={"access_token": MONDAY_TOKEN, "csrf_token": csrf},
            )
            for browser, csrf in zip((admin, other), forms, strict=True)
        )
    )
    assert sorted(a.status_code for a in answers) in ([303, 303], [303, 409]), [
        a.text[:300] for a in answers
    ]
    assert len(_credentials(owner_conninfo, "monday")) == 1


async def test_asana_connects_through_its_consent_page_with_the_refresh_token_sealed(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await signed_in_member(browser_for, sessionmaker, org_a, OWNER)
    with AsanaStub(set()) as stub:
        stub.app = ("1209999999999001", CLIENT_SECRET)
        state = admin._transport.app.state  # type: ignore[attr-defined]
        state.asana_factory = asana_factory(stub.host)
        state.asana_auth = AsanaOAuth(stub.host)
        csrf = csrf_of((await admin.get("/dashboard/integrations")).text)
        form = {"client_id": stub.app[0], "client_secret": CLIENT_SECRET, "csrf_token": csrf}
        # The workspace is what the connection needs: asked before Asana is.
        r = await admin.post("/dashboard/integrations/asana/authorize", data=form)
        assert r.status_code == 422 and 'id="err-as.workspace_gid"' in r.text
        assert CLIENT_SECRET not in r.text and stub.recorded() == []
        url = consent_url(
            await admin.post(
                "/dashboard/integrations/asana/authorize", data={**form, "workspace_gid": WORKSPACE}
            )
        )
        consent = urlsplit(url)
        assert f"{consent.scheme}://{consent.netloc}{consent.path}" == (
            f"{stub.host}/-/oauth_authorize"
        )
        query = parse_qs(consent.query)
        assert query["response_type"] == ["code"] and query["client_id"] == [stub.app[0]]
        assert query["redirect_uri"] == ["http://testserver/dashboard/integrations/asana/callback"]
        async with httpx.AsyncClient() as browser:
            back = urlsplit((await browser.get(url)).headers["location"])
        r = await admin.get(f"{back.path}?{back.query}")
        assert r.status_code == 303, r.text
        assert r.headers["location"] == "/dashboard/integrations?done=connected-asana"
        page = (await admin.get(r.headers["location"])).text
        [(_org, status, settings, sealed)] = _credentials(owner_conninfo, "asana")
        assert status == "connected" and settings["auth"] == "oauth"
        box = state.secret_box
        credentials = TokenCredentials.open(box, sealed)
        assert credentials.refresh_token in stub.refresh_tokens
        assert credentials.access_token in stub.tokens
    card = _card(page, "asana")
    assert "Asana is connected." in page and "Asana&#39;s consent page (OAuth)" in card
    assert f"<code>{WORKSPACE}</code>" in card
