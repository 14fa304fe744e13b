"""Single sign-on with OpenID Connect, end to end: the settings through ``/v1/sso``, then
browsers (httpx clients keeping cookies and following redirects) that go from the SSO
sign-in page to a local OpenID provider signing real RS256 ID tokens and back.

A person at an allowed domain becomes a member with the role their claim maps to; every way
an ID token or a callback can be wrong is refused with no session; "SSO required" closes
password sign-in and password links; another organization neither sees the settings nor
accepts a token meant for someone else.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest

from api.app import create_app
from core.db import tenant_session
from domain.audit.service import Actor
from domain.dashboard.branding import add_custom_domain
from integrations.oidc import OidcClient
from tests.stubs.oidc import OidcProviderStub
from tests.support.dashboard import FORM_TOKEN, PASSWORD, csrf_of, member_with_password, sign_in

CALLBACK = "http://testserver/dashboard/sso/callback"
PROVIDER_LINK = re.compile(r'id="provider-link" href="([^"]+)"')
NORTHSTAR = {
    "slug": "northstar",
    "client_id": "northstar-app",
    "client_secret": "northstar-secret-value",
    "email_domains": ["northstar.example"],
    "role_claim": "groups",
    "role_mapping": [
        {"value": "label-admins", "role": "admin"},
        {"value": "engineers", "role": "coordinator"},
    ],
    "default_role": "viewer",
}
BLUEWAVE = {
    "slug": "bluewave",
    "client_id": "bluewave-app",
    "client_secret": "bluewave-secret-value",
    "email_domains": ["bluewave.example"],
    "default_role": "viewer",
}


@pytest.fixture
def idp() -> AsyncIterator[OidcProviderStub]:
    clients = {
        "northstar-app": ("northstar-secret-value", CALLBACK),
        "bluewave-app": ("bluewave-secret-value", CALLBACK),
    }
    with OidcProviderStub(clients) as stub:
        yield stub


@pytest.fixture
async def app(settings, engine, idp, clean_db):
    app = create_app(
        settings.model_copy(update={"sso_trusted_issuers": (idp.issuer,)}), engine=engine
    )
    lifespan = app.router.lifespan_context(app)
    await lifespan.__aenter__()
    yield app
    await lifespan.__aexit__(None, None, None)


@pytest.fixture
async def browsers(app) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Opened browsers: the app in-process at http://testserver, everything else (the
    provider) over the network."""
    opened: list[httpx.AsyncClient] = []
    yield opened
    for client in opened:
        await client.aclose()


def new_browser(app, opened: list[httpx.AsyncClient]) -> httpx.AsyncClient:
    client = httpx.AsyncClient(
        mounts={"http://testserver": httpx.ASGITransport(app=app)},
        base_url="http://testserver",
        follow_redirects=True,
    )
    opened.append(client)
    return client


async def configure(api: httpx.AsyncClient, tenant, idp, body: dict, **changes) -> httpx.Response:
    return await api.put(
        "/v1/sso", json={**body, "issuer": idp.issuer, **changes}, headers=tenant.headers
    )


async def start(browser: httpx.AsyncClient, login: str) -> str:
    """The SSO form filled in and sent; the provider's authorization URL it leads to."""
    form = await browser.get("/dashboard/sso")
    token = FORM_TOKEN.search(form.text)
    assert token, form.text
    r = await browser.post("/dashboard/sso", data={"login": login, "form_token": token.group(1)})
    assert r.status_code == 200, r.text
    link = PROVIDER_LINK.search(r.text)
    assert link, r.text
    return html.unescape(link.group(1))


async def sso_sign_in(browser: httpx.AsyncClient, login: str) -> httpx.Response:
    """The whole round trip: our form, the provider, the callback, wherever it ends."""
    return await browser.get(await start(browser, login))


def sessions(owner_conninfo: str) -> int:
    with psycopg.connect(owner_conninfo) as conn:
        return int(conn.execute("SELECT count(*) FROM dashboard_sessions").fetchone()[0])


def member_role(owner_conninfo: str, org_id: str, email: str) -> str | None:
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            "SELECT role FROM members WHERE organization_id = %s AND email = %s", (org_id, email)
        ).fetchone()
    return row[0] if row else None


@pytest.fixture
async def northstar(app, browsers, org_a, idp):
    api = new_browser(app, browsers)
    r = await configure(api, org_a, idp, NORTHSTAR)
    assert r.status_code == 200, r.text
    return org_a


async def test_settings_keep_the_secret_sealed_and_audit_the_change(
    app, browsers, org_a, idp, owner_conninfo
):
    api = new_browser(app, browsers)
    r = await api.get("/v1/sso", headers=org_a.headers)
    assert r.status_code == 404 and r.json()["code"] == "sso_not_configured"
    r = await configure(api, org_a, idp, NORTHSTAR)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["object"] == "sso_configuration" and body["client_secret_set"] is True
    assert "client_secret" not in body and "northstar-secret-value" not in r.text
    assert body["redirect_uri"] == CALLBACK
    # Replacing without a secret keeps the stored one; the audit log never holds it.
    r = await configure(api, org_a, idp, NORTHSTAR, client_secret=None, sso_required=True)
    assert r.status_code == 200 and r.json()["sso_required"] is True
    with psycopg.connect(owner_conninfo) as conn:
        sealed = conn.execute("SELECT client_secret_sealed FROM sso_configurations").fetchone()
        audit = conn.execute(
            "SELECT action, changes::text FROM audit_events WHERE action LIKE 'sso.%' "
            "ORDER BY occurred_at"
        ).fetchall()
    assert b"northstar-secret-value" not in bytes(sealed[0])
    assert [a for a, _ in audit] == ["sso.created", "sso.updated"]
    assert all("northstar-secret-value" not in changes for _, changes in audit)


async def test_bad_settings_are_refused_with_the_field_named(app, browsers, org_a, idp):
    api = new_browser(app, browsers)
    cases = [
        ({"issuer": "http://127.0.0.1:9/not-trusted"}, "issuer", "issuer_unusable"),
        ({"issuer": "https://idp.northstar.example:99999"}, "issuer", "issuer_unusable"),
        ({"email_domains": ["not a domain"]}, "email_domains", "invalid_request"),
        ({"default_role": "emperor"}, "default_role", "invalid_request"),
        ({"role_mapping": [{"value": "x", "role": "emperor"}]}, "role_mapping", "invalid_request"),
        ({"slug": "Not_A_Slug"}, "slug", "invalid_request"),
        ({"client_secret": None}, "client_secret", "invalid_request"),
    ]
    for change, param, code in cases:
        body = {**NORTHSTAR, "issuer": idp.issuer, **change}
        r = await api.put("/v1/sso", json=body, headers=org_a.headers)
        assert r.status_code == 422, (change, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == code and r.json().get("param") == param, r.text


async def test_a_verified_person_joins_with_the_mapped_role_and_gets_a_session(
    app, browsers, northstar, idp, owner_conninfo
):
    browser = new_browser(app, browsers)
    r = await sso_sign_in(browser, "ada@northstar.example")
    assert r.status_code == 200, r.text
    assert str(r.url).startswith("http://testserver/dashboard")
    assert "ax_session" in browser.cookies and "ax_sso" not in browser.cookies
    assert "Ada Lovelace" in r.text
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") == "coordinator"
    with psycopg.connect(owner_conninfo) as conn:
        audited = conn.execute(
            "SELECT action, actor_type, actor_id, changes->'after'->>'role' FROM audit_events "
            "WHERE actor_id = 'sso' OR action = 'member.signed_in' ORDER BY occurred_at"
        ).fetchall()
    assert [row[:3] for row in audited] == [
        ("member.created", "system", "sso"),
        ("member.signed_in", "user", audited[1][2]),
    ]
    assert audited[0][3] == "coordinator"
    # The provider saw PKCE S256 and got the verifier; the secret went by HTTP Basic.
    [authorize] = idp.recorded(lambda q: q.path == "/authorize")
    assert authorize.query["code_challenge_method"] == "S256"
    [token] = idp.recorded(lambda q: q.path == "/token")
    assert token.headers["authorization"].startswith("Basic ")
    assert len(token.form()["code_verifier"]) >= 43
    # Discovery was read once (cached), whatever the number of sign-ins.
    await sso_sign_in(new_browser(app, browsers), "northstar")
    discovery = idp.recorded(lambda q: q.path == "/.well-known/openid-configuration")
    assert len(discovery) == 1


async def test_the_role_follows_the_claim_but_the_last_owner_stays_owner(
    app, browsers, northstar, idp, owner_conninfo
):
    idp.person = {**idp.person, "groups": ["label-admins"]}
    await sso_sign_in(new_browser(app, browsers), "northstar")
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") == "admin"
    idp.person = {**idp.person, "groups": []}
    await sso_sign_in(new_browser(app, browsers), "northstar")
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") == "viewer"
    # The organization's only owner signs in with no admin group: still the owner.
    idp.person = {**idp.person, "email": "owner@northstar.example", "groups": ["engineers"]}
    r = await sso_sign_in(new_browser(app, browsers), "northstar")
    assert r.status_code == 200, r.text
    assert member_role(owner_conninfo, northstar.id, "owner@northstar.example") == "owner"


@pytest.mark.parametrize(
    ("tamper", "status", "says"),
    [
        ({"forge": True}, 401, "signature"),
        ({"aud": "someone-else"}, 401, "aud"),
        ({"exp": 1_000_000_000, "iat": 999_999_000}, 401, "exp"),
        ({"nonce": "not-the-nonce"}, 401, "nonce"),
        ({"email_verified": False}, 403, "verified e-mail"),
        ({"email_verified": None}, 403, "verified e-mail"),
        ({"email": "eve@elsewhere.example"}, 403, "elsewhere.example"),
    ],
    ids=["forged", "audience", "expired", "nonce", "unverified", "no-verified", "domain"],
)
async def test_every_wrong_token_is_refused_without_a_session(
    app, browsers, northstar, idp, owner_conninfo, tamper, status, says
):
    if tamper.pop("forge", False):
        idp.forge_next = True
    idp.next_claims = tamper
    browser = new_browser(app, browsers)
    r = await sso_sign_in(browser, "ada@northstar.example")
    assert r.status_code == status, r.text
    assert says in html.unescape(r.text)
    assert "ax_session" not in browser.cookies
    assert sessions(owner_conninfo) == 0
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") is None


async def test_a_state_is_used_once_and_only_in_the_browser_that_started(
    app, browsers, northstar, idp, owner_conninfo
):
    browser = new_browser(app, browsers)
    authorize = await start(browser, "northstar")
    flow_cookie = browser.cookies["ax_sso"]
    r = await browser.get(authorize)
    assert r.status_code == 200 and sessions(owner_conninfo) == 1
    callback = str(next(h for h in r.history if "/dashboard/sso/callback" in str(h.url)).url)
    # Replayed in the same browser: the flow cookie is gone.
    again = await browser.get(callback)
    assert again.status_code == 400 and "already used" in again.text
    # Replayed with the old cookie put back (stolen): the provider's code is spent.
    thief = new_browser(app, browsers)
    thief.cookies.set("ax_sso", flow_cookie)
    r = await thief.get(callback)
    assert r.status_code == 401 and "ax_session" not in thief.cookies
    # A callback from another browser's flow (login CSRF): no cookie, no sign-in.
    victim = new_browser(app, browsers)
    r = await victim.get(await start(new_browser(app, browsers), "northstar"))
    assert r.status_code == 400 and "ax_session" not in victim.cookies
    assert sessions(owner_conninfo) == 1


async def test_organizations_are_apart(app, browsers, northstar, org_b, idp, owner_conninfo):
    api = new_browser(app, browsers)
    # Org B sees no SSO settings of A's, and its key cannot change or remove them.
    r = await api.get("/v1/sso", headers=org_b.headers)
    assert r.status_code == 404 and "northstar" not in r.text
    r = await api.delete("/v1/sso", headers=org_b.headers)
    assert r.status_code == 404
    assert (await api.get("/v1/sso", headers=northstar.headers)).status_code == 200
    # B's own SSO takes its own name; A's name is taken.
    r = await configure(api, org_b, idp, BLUEWAVE, slug="northstar")
    assert r.status_code == 409 and r.json()["code"] == "slug_taken"
    assert (await configure(api, org_b, idp, BLUEWAVE)).status_code == 200
    # A person of A, with a token the provider issues for A's client, cannot sign into B:
    # B's flow exchanges the code with B's client, and B does not take A's domain.
    browser = new_browser(app, browsers)
    r = await sso_sign_in(browser, "bluewave")
    assert r.status_code == 403 and "northstar.example" in r.text
    idp.next_claims = {"aud": "northstar-app"}
    r = await sso_sign_in(new_browser(app, browsers), "bluewave")
    assert r.status_code == 401 and "aud" in r.text
    a_flow = new_browser(app, browsers)
    a_authorize = await start(a_flow, "northstar")
    b_browser = new_browser(app, browsers)
    await start(b_browser, "bluewave")
    b_browser.follow_redirects = False
    to_callback = await b_browser.get(a_authorize)  # A's code, to B's browser
    r = await b_browser.get(to_callback.headers["location"])
    assert r.status_code == 400  # the state is A's flow's, not this browser's
    assert member_role(owner_conninfo, org_b.id, "ada@northstar.example") is None
    assert sessions(owner_conninfo) == 0


async def test_a_custom_domain_signs_in_only_its_own_organization(
    app, browsers, northstar, org_b, idp, sessionmaker, owner_conninfo
):
    """On Bluewave's own domain, Northstar's sign-in name names nothing, and a Northstar
    flow that comes back there is refused: no member, no session."""
    async with tenant_session(sessionmaker, [org_b.id]) as session:
        await add_custom_domain(
            session,
            organization_id=org_b.id,
            hostname="dashboard.bluewave.example",
            verified=True,
            actor=Actor.system("t"),
        )
    bluewave = {"Host": "dashboard.bluewave.example"}
    browser = new_browser(app, browsers)
    form = await browser.get("/dashboard/sso", headers=bluewave)
    token = FORM_TOKEN.search(form.text).group(1)
    for login in ("northstar", "ada@northstar.example"):
        r = await browser.post(
            "/dashboard/sso", data={"login": login, "form_token": token}, headers=bluewave
        )
        assert r.status_code == 404 and "no organization" in r.text
        assert "ax_sso" not in browser.cookies
    browser.follow_redirects = False
    to_callback = await browser.get(await start(browser, "northstar"))
    r = await browser.get(to_callback.headers["location"], headers=bluewave)
    assert r.status_code == 404 and "nothing here" in r.text
    assert "ax_session" not in browser.cookies
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") is None
    assert sessions(owner_conninfo) == 0


async def test_a_provider_that_fails_or_refuses_leaves_no_session(
    app, browsers, northstar, idp, owner_conninfo
):
    # The person says no at the provider.
    browser = new_browser(app, browsers)
    [state] = parse_qs(urlsplit(await start(browser, "northstar")).query)["state"]
    r = await browser.get(f"/dashboard/sso/callback?state={state}&error=access_denied")
    assert r.status_code == 400 and "you did not allow it" in r.text
    # A process that has not read the provider yet finds its discovery document wrong.
    app.state.oidc = OidcClient(trusted_issuers=(idp.issuer,))
    idp.discovery_overrides = {"issuer": "https://elsewhere.example"}
    form = await browser.get("/dashboard/sso")
    r = await browser.post(
        "/dashboard/sso",
        data={"login": "northstar", "form_token": FORM_TOKEN.search(form.text).group(1)},
    )
    assert r.status_code == 502 and "names another issuer" in r.text
    assert "ax_sso" not in browser.cookies
    assert sessions(owner_conninfo) == 0


async def test_switched_off_sso_names_no_organization_and_ends_flows_under_way(
    app, browsers, northstar, idp, owner_conninfo
):
    browser = new_browser(app, browsers)
    authorize = await start(browser, "northstar")
    api = new_browser(app, browsers)
    r = await configure(api, northstar, idp, NORTHSTAR, client_secret=None, enabled=False)
    assert r.status_code == 200 and r.json()["enabled"] is False
    r = await browser.get(authorize)
    assert r.status_code == 403 and "switched off" in r.text
    form = await browser.get("/dashboard/sso")
    r = await browser.post(
        "/dashboard/sso",
        data={"login": "northstar", "form_token": FORM_TOKEN.search(form.text).group(1)},
    )
    assert r.status_code == 404 and "no organization" in r.text
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") is None
    assert sessions(owner_conninfo) == 0


async def test_sso_required_closes_passwords_but_not_api_keys(
    app, browsers, northstar, idp, sessionmaker
):
    member = await member_with_password(sessionmaker, northstar.id, "nia@northstar.example")
    api = new_browser(app, browsers)
    r = await configure(api, northstar, idp, NORTHSTAR, client_secret=None, sso_required=True)
    assert r.status_code == 200
    browser = new_browser(app, browsers)
    browser.follow_redirects = False
    r = await sign_in(browser, "nia@northstar.example", PASSWORD)
    assert r.status_code == 401 and "single sign-on" in r.text
    assert "ax_session" not in browser.cookies
    # A password link says the same and sets nothing.
    from domain.dashboard import auth as dashboard_auth

    async with tenant_session(sessionmaker, [northstar.id]) as session:
        link = await dashboard_auth.create_password_link(session, member)
    page = await browser.get(f"/dashboard/password/{link}")
    assert page.status_code == 403 and "single sign-on" in page.text
    r = await browser.post(
        f"/dashboard/password/{link}",
        data={"password": "a brand new passphrase", "password_again": "a brand new passphrase"},
    )
    assert r.status_code == 403
    # API keys are not passwords: they keep working.
    assert (await api.get("/v1/members", headers=northstar.headers)).status_code == 200
    # Switched off again, the password works.
    await configure(api, northstar, idp, NORTHSTAR, client_secret=None, sso_required=False)
    r = await sign_in(browser, "nia@northstar.example", PASSWORD)
    assert r.status_code == 303 and "ax_session" in browser.cookies


async def test_sso_required_never_tells_whether_the_password_was_right(
    app, browsers, northstar, idp, sessionmaker
):
    """A password nobody may use here is not worth confirming: the right one and a wrong
    one get the same answer, and both count against the sign-in limit."""
    await member_with_password(sessionmaker, northstar.id, "nia@northstar.example")
    api = new_browser(app, browsers)
    r = await configure(api, northstar, idp, NORTHSTAR, client_secret=None, sso_required=True)
    assert r.status_code == 200
    browser = new_browser(app, browsers)
    browser.follow_redirects = False
    wrong = await sign_in(browser, "nia@northstar.example", "not the password at all")
    right = await sign_in(browser, "nia@northstar.example", PASSWORD)
    assert wrong.status_code == right.status_code == 401
    assert wrong.text == right.text and "single sign-on" in right.text
    for _ in range(3):
        await sign_in(browser, "nia@northstar.example", PASSWORD)
    blocked = await sign_in(browser, "nia@northstar.example", PASSWORD)
    assert blocked.status_code == 429
    assert "ax_session" not in browser.cookies


async def test_seats_apply_to_people_joining_by_sso(app, browsers, northstar, idp, owner_conninfo):
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO organization_quotas (organization_id, quota, limit_override, updated_at)"
            " VALUES (%s, 'seats', 1, now()) ON CONFLICT (organization_id, quota) "
            "DO UPDATE SET limit_override = 1",
            (northstar.id,),
        )
    browser = new_browser(app, browsers)
    r = await sso_sign_in(browser, "ada@northstar.example")
    assert r.status_code == 409 and "allows 1 " in r.text
    assert member_role(owner_conninfo, northstar.id, "ada@northstar.example") is None
    assert "ax_session" not in browser.cookies


async def test_a_domain_of_another_organization_is_refused_and_unknown_names_find_none(
    app, browsers, northstar, org_b, idp
):
    api = new_browser(app, browsers)
    # An e-mail domain signs in to one organization: another one claiming it is refused, and
    # the domain keeps signing in to its own organization (not to neither, as a duplicate did).
    r = await configure(api, org_b, idp, BLUEWAVE, email_domains=["northstar.example"])
    assert r.status_code == 409 and r.json()["code"] == "email_domain_taken", r.text
    assert r.json()["param"] == "email_domains"
    assert (await api.get("/v1/sso", headers=org_b.headers)).status_code == 404
    browser = new_browser(app, browsers)
    form = await browser.get("/dashboard/sso")
    token = FORM_TOKEN.search(form.text).group(1)
    r = await browser.post("/dashboard/sso", data={"login": "nobody-here", "form_token": token})
    assert r.status_code == 404 and "no organization" in r.text
    assert 'value="nobody-here"' in r.text  # what was typed is kept
    # The domain and the sign-in name still reach Northstar.
    assert (
        await sso_sign_in(new_browser(app, browsers), "ada@northstar.example")
    ).status_code == 200
    assert (await sso_sign_in(browser, "northstar")).status_code == 200


async def test_concurrent_first_set_ups_answer_409_not_500(app, browsers, org_a, idp):
    api = new_browser(app, browsers)
    answers = await asyncio.gather(*(configure(api, org_a, idp, NORTHSTAR) for _ in range(4)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses[0] == 200 and set(statuses) <= {200, 409}, [r.text for r in answers]
    assert all(r.json()["code"] == "concurrent_update" for r in answers if r.status_code == 409)


async def test_the_settings_page_saves_through_the_api_rules(
    app, browsers, org_a, idp, sessionmaker
):
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    await member_with_password(sessionmaker, org_a.id, "vic@northstar.example", role="viewer")
    owner, viewer = new_browser(app, browsers), new_browser(app, browsers)
    await sign_in(owner, "owner@northstar.example")
    await sign_in(viewer, "vic@northstar.example")  # before SSO is required
    r = await owner.get("/dashboard/settings/sso")
    assert r.status_code == 200 and CALLBACK in r.text
    form = {
        "csrf_token": csrf_of(r.text),
        "slug": "northstar",
        "issuer": idp.issuer,
        "client_id": "northstar-app",
        "client_secret": "northstar-secret-value",
        "email_domains": "northstar.example, not a domain",
        "role_claim": "groups",
        "role_mapping": "label-admins = admin\nengineers = coordinator",
        "default_role": "viewer",
        "sso_required": "on",
        "enabled": "on",
    }
    r = await owner.post("/dashboard/settings/sso", data=form)
    assert r.status_code == 422 and 'id="err-email_domains"' in r.text
    assert 'value="northstar-app"' in r.text  # what was typed is kept…
    assert "northstar-secret-value" not in r.text  # …but never the secret
    r = await owner.post(
        "/dashboard/settings/sso", data={**form, "role_mapping": "engineers coordinator"}
    )
    assert r.status_code == 422 and 'id="err-role_mapping"' in r.text
    r = await owner.post(
        "/dashboard/settings/sso", data={**form, "email_domains": "northstar.example"}
    )
    assert r.status_code == 200 and "are saved" in r.text
    api = new_browser(app, browsers)
    stored = (await api.get("/v1/sso", headers=org_a.headers)).json()
    assert stored["sso_required"] is True and stored["role_mapping"][1] == {
        "value": "engineers",
        "role": "coordinator",
    }
    # A viewer reads the page without a form to send, and a forged post is refused.
    r = await viewer.get("/dashboard/settings/sso")
    assert r.status_code == 200 and "Save single sign-on" not in r.text
    r = await viewer.post("/dashboard/settings/sso", data={**form, "csrf_token": csrf_of(r.text)})
    assert r.status_code == 403
    # Without the CSRF token, the owner's post is refused too.
    r = await owner.post("/dashboard/settings/sso", data={**form, "csrf_token": "forged"})
    assert r.status_code == 403


async def test_a_trusted_issuer_cannot_send_us_to_another_private_address(
    app, browsers, org_a, idp, owner_conninfo
):
    """The operator trusts the issuer's origin, not wherever its discovery document points."""
    idp.discovery_overrides = {"jwks_uri": "http://127.0.0.1:9/jwks"}
    api = new_browser(app, browsers)
    assert (await configure(api, org_a, idp, NORTHSTAR)).status_code == 200
    browser = new_browser(app, browsers)
    r = await sso_sign_in(browser, "northstar")
    assert r.status_code == 401 and "cannot be called" in r.text
    assert sessions(owner_conninfo) == 0


async def test_one_person_signing_in_twice_at_once_is_one_member(
    app, browsers, northstar, idp, owner_conninfo
):
    """Two browsers of a new member come back at the same moment: both are signed in, and
    one member exists (the second creation meets the first and signs in as it)."""
    first, second = new_browser(app, browsers), new_browser(app, browsers)
    links = [await start(first, "northstar"), await start(second, "northstar")]
    answers = await asyncio.gather(first.get(links[0]), second.get(links[1]))
    assert [r.status_code for r in answers] == [200, 200], [r.text[-300:] for r in answers]
    with psycopg.connect(owner_conninfo) as conn:
        count = conn.execute(
            "SELECT count(*) FROM members WHERE email = 'ada@northstar.example'"
        ).fetchone()[0]
    assert count == 1 and sessions(owner_conninfo) == 2


async def test_the_e_mail_lookup_finds_the_domain_by_its_index(northstar, owner_conninfo):
    """Anyone may type an e-mail on the SSO form: its domain is found through the GIN index
    of the claimed domains, not by reading every organization's configuration."""
    plans: list[str] = []
    with psycopg.connect(owner_conninfo) as conn:
        conn.add_notice_handler(lambda notice: plans.append(notice.message_primary or ""))
        for setting in (
            "LOAD 'auto_explain'",
            "SET auto_explain.log_min_duration = 0",
            "SET auto_explain.log_nested_statements = on",
            "SET auto_explain.log_level = notice",
            "SET enable_seqscan = off",  # a table this small would be read whole anyway
        ):
            conn.execute(setting)
        [row] = conn.execute(
            "SELECT organization_id FROM sso_organization_lookup('ada@northstar.example')"
        ).fetchall()
    assert row[0] == northstar.id
    assert any("ix_sso_configurations_email_domains" in plan for plan in plans), plans
