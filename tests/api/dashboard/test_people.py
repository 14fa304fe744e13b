"""People and access in the dashboard: inviting members by e-mail link (a real SMTP sink),
roles and disabling, custom roles with the grant rule, a member's own API keys, and signing
out everywhere. Each form refuses a missing CSRF token and a missing permission, keeps the
input beside the error on a refusal that names a field, and is audited."""

from __future__ import annotations

import re

import psycopg
import pytest

from core.db import tenant_session
from core.devstack import free_port
from core.mail_sink import MailSink, stored_mail
from domain.audit.service import Actor
from domain.tenancy import roles
from domain.usage import meter as usage
from tests.support.dashboard import audited as _audit
from tests.support.dashboard import csrf_of, member_with_password, sign_in

LINK = re.compile(r"(/dashboard/password/[A-Za-z0-9]+)")
SECRET = re.compile(r'id="new-secret" class="secret" readonly value="(ax_live_[A-Za-z0-9]+)"')


@pytest.fixture
def mail_sink(tmp_path):
    sink = MailSink(tmp_path / "mail", free_port())
    sink.start()
    yield sink
    sink.stop()


async def _signed_in(browser_for, sessionmaker, org, email: str, role: str = "owner", **kw):
    await member_with_password(sessionmaker, org.id, email, role)
    browser = await browser_for(**kw)
    r = await sign_in(browser, email)
    assert r.status_code == 303, r.text
    return browser


async def _csrf(browser) -> str:
    return csrf_of((await browser.get("/dashboard/account")).text)


async def test_an_invited_member_chooses_a_password_from_the_emailed_link(
    api, org_a, sessionmaker, browser_for, mail_sink, owner_conninfo
):
    owner = await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    admin = await browser_for(smtp_host="127.0.0.1", smtp_port=mail_sink.port)
    assert (await sign_in(admin, "owner@northstar.example")).status_code == 303
    page = await admin.get("/dashboard/members")
    assert page.status_code == 200 and 'href="/dashboard/members"' in page.text
    r = await admin.post(
        "/dashboard/members",
        data={
            "email": "Nia@Northstar.example",
            "name": "Nia Ward",
            "role": "manager",
            "csrf_token": csrf_of(page.text),
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/members?done=invited"
    listed = (await admin.get("/dashboard/members")).text
    assert "nia@northstar.example" in listed and "manager" in listed

    [mail] = stored_mail(mail_sink.directory)
    assert mail.message["To"] == "nia@northstar.example"
    assert "Northstar Records" in mail.message["Subject"]
    link = LINK.search(mail.text())
    assert link, mail.text()
    newcomer = await browser_for()
    assert (await newcomer.get(link.group(1))).status_code == 200
    form = {"password": "a long enough passphrase", "password_again": "a long enough passphrase"}
    assert (await newcomer.post(link.group(1), data=form)).status_code == 200
    assert (await sign_in(newcomer, "nia@northstar.example", form["password"])).status_code == 303
    account = await newcomer.get("/dashboard/account")
    assert "Nia Ward" in account.text

    # The mail counts on the organization's usage, as every e-mail the product sends.
    await usage.process_meter().flush(sessionmaker)
    with psycopg.connect(owner_conninfo) as conn:
        sent = conn.execute(
            "SELECT sum(n) FROM usage_daily WHERE organization_id = %s AND metric = %s"
            " AND category = 'member_password_link'",
            (org_a.id, usage.EMAILS_SENT),
        ).fetchone()
    assert sent == (1,)
    created = _audit(owner_conninfo, org_a.id, "member.created")
    linked = _audit(owner_conninfo, org_a.id, "member.password_link_issued")
    assert created[-1][:2] == ("user", owner.id)
    assert linked == [("user", owner.id, created[-1][2])]


async def test_an_invite_refused_keeps_the_input_beside_the_error(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin = await _signed_in(browser_for, sessionmaker, org_a, "admin@northstar.example", "admin")
    csrf = await _csrf(admin)
    members_before = len(_audit(owner_conninfo, org_a.id, "member.created"))
    bad = await admin.post(
        "/dashboard/members",
        data={"email": "not an address", "name": "Kept Name", "role": "viewer", "csrf_token": csrf},
    )
    assert bad.status_code == 422
    assert 'id="err-email"' in bad.text and 'value="Kept Name"' in bad.text
    assert 'value="not an address"' in bad.text
    # The API's rules, beside the field: an e-mail that is a member already, and the owner
    # role from an admin.
    taken = await admin.post(
        "/dashboard/members",
        data={
            "email": "owner@northstar.example",
            "name": "X",
            "role": "viewer",
            "csrf_token": csrf,
        },
    )
    assert taken.status_code == 409 and "already a member" in taken.text
    assert 'id="err-email"' in taken.text
    owner = await admin.post(
        "/dashboard/members",
        data={"email": "o2@northstar.example", "name": "O", "role": "owner", "csrf_token": csrf},
    )
    assert owner.status_code == 403 and 'id="err-role"' in owner.text
    assert 'value="o2@northstar.example"' in owner.text
    assert len(_audit(owner_conninfo, org_a.id, "member.created")) == members_before


async def test_role_change_and_disabling_a_member(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    owner = await _signed_in(browser_for, sessionmaker, org_a, "owner@northstar.example")
    mara = await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "manager")
    theirs = await browser_for()
    assert (await sign_in(theirs, "mara@northstar.example")).status_code == 303
    csrf = await _csrf(owner)
    r = await owner.post(
        f"/dashboard/members/{mara.id}", data={"role": "coordinator", "csrf_token": csrf}
    )
    assert r.status_code == 303
    assert "coordinator" in (await owner.get(f"/dashboard/members/{mara.id}")).text
    r = await owner.post(
        f"/dashboard/members/{mara.id}", data={"status": "disabled", "csrf_token": csrf}
    )
    assert r.status_code == 303
    # Their browser is signed out at once.
    assert (await theirs.get("/dashboard/account")).status_code == 303
    r = await owner.post(
        f"/dashboard/members/{mara.id}", data={"role": "no-such-role", "csrf_token": csrf}
    )
    assert r.status_code == 422 and 'id="err-role"' in r.text
    updates = _audit(owner_conninfo, org_a.id, "member.updated")
    assert [u[2] for u in updates] == [mara.id, mara.id]

    # A manager reads members but may not change them: the API's members:write.
    manager = await _signed_in(browser_for, sessionmaker, org_a, "mo@northstar.example", "manager")
    assert (await manager.get(f"/dashboard/members/{mara.id}")).status_code == 200
    refused = await manager.post(
        f"/dashboard/members/{mara.id}",
        data={"status": "active", "csrf_token": await _csrf(manager)},
    )
    assert refused.status_code == 403 and "members:write" in refused.text
    assert len(_audit(owner_conninfo, org_a.id, "member.updated")) == 2


async def test_custom_roles_grant_only_what_the_actor_holds(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        keeper = await roles.create_role(
            session,
            organization_id=org_a.id,
            name="role keeper",
            description="",
            permissions=["roles:read", "roles:write", "members:read"],
            granted_by=frozenset({"roles:read", "roles:write", "members:read"}),
            actor=Actor.system("test"),
        )
    browser = await _signed_in(browser_for, sessionmaker, org_a, "rk@northstar.example", keeper.id)
    page = await browser.get("/dashboard/roles")
    assert page.status_code == 200
    # What they lack is shown, disabled.
    assert re.search(r'value="bookings:write" disabled', page.text)
    csrf = csrf_of(page.text)
    beyond = await browser.post(
        "/dashboard/roles",
        data={
            "name": "bookers",
            "description": "Kept description",
            "permissions": ["members:read", "bookings:write"],
            "csrf_token": csrf,
        },
    )
    assert beyond.status_code == 403 and 'id="err-permissions"' in beyond.text
    assert "bookings:write" in beyond.text and 'value="Kept description"' in beyond.text
    assert re.search(r'value="members:read" checked', beyond.text)
    made = await browser.post(
        "/dashboard/roles",
        data={"name": "readers", "permissions": ["members:read"], "csrf_token": csrf},
    )
    assert made.status_code == 303
    [(actor_type, _actor, role_id)] = _audit(owner_conninfo, org_a.id, "role.created")[-1:]
    assert actor_type == "user"
    edit = await browser.get(f"/dashboard/roles/{role_id}")
    assert edit.status_code == 200 and 'value="readers"' in edit.text
    bad_name = await browser.post(
        f"/dashboard/roles/{role_id}",
        data={"name": "Not Lower", "permissions": ["roles:read"], "csrf_token": csrf},
    )
    assert bad_name.status_code == 422 and 'id="err-name"' in bad_name.text
    assert 'value="Not Lower"' in bad_name.text
    saved = await browser.post(
        f"/dashboard/roles/{role_id}",
        data={"name": "readers", "permissions": ["roles:read"], "csrf_token": csrf},
    )
    assert saved.status_code == 303
    assert len(_audit(owner_conninfo, org_a.id, "role.updated")) == 1
    # A role somebody holds stays; one nobody holds goes.
    held = await browser.post(f"/dashboard/roles/{keeper.id}/delete", data={"csrf_token": csrf})
    assert held.status_code == 409 and "still have this role" in held.text
    gone = await browser.post(f"/dashboard/roles/{role_id}/delete", data={"csrf_token": csrf})
    assert gone.status_code == 303
    assert (await browser.get(f"/dashboard/roles/{role_id}")).status_code == 404
    assert [d[2] for d in _audit(owner_conninfo, org_a.id, "role.deleted")] == [role_id]


async def test_a_member_creates_a_key_acting_as_themselves(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    manager = await _signed_in(
        browser_for, sessionmaker, org_a, "mara@northstar.example", "manager"
    )
    page = await manager.get("/dashboard/access")
    assert page.status_code == 200
    # Only their own permissions are offered: a manager has no api_keys:read.
    assert 'value="approvals:decide"' in page.text and 'value="api_keys:read"' not in page.text
    csrf = csrf_of(page.text)
    beyond = await manager.post(
        "/dashboard/access/keys",
        data={"name": "Kept key", "permissions": ["api_keys:read"], "csrf_token": csrf},
    )
    assert beyond.status_code == 403 and 'id="err-permissions"' in beyond.text
    assert 'value="Kept key"' in beyond.text
    none = await manager.post("/dashboard/access/keys", data={"name": "x", "csrf_token": csrf})
    assert none.status_code == 422 and 'id="err-permissions"' in none.text
    made = await manager.post(
        "/dashboard/access/keys",
        data={
            "name": "my scripts",
            "permissions": ["approvals:read", "members:read"],
            "csrf_token": csrf,
        },
    )
    assert made.status_code == 201
    secret = SECRET.search(made.text)
    assert secret, made.text
    raw = secret.group(1)
    # Shown once: the list shows only the redacted form.
    listed = (await manager.get("/dashboard/access")).text
    assert raw not in listed and f"ax_live_…{raw[-4:]}" in listed
    # The key acts as the manager, within what was chosen.
    me = await api.get("/v1/members", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200
    assert (
        await api.get("/v1/artists", headers={"Authorization": f"Bearer {raw}"})
    ).status_code == 403
    [(actor_type, actor_id, key_id)] = _audit(owner_conninfo, org_a.id, "api_key.created")[-1:]
    mara = next(m for m in me.json()["data"] if m["email"] == "mara@northstar.example")
    assert (actor_type, actor_id) == ("user", mara["id"])
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute(
            "SELECT created_by FROM api_keys WHERE id = %s", (key_id,)
        ).fetchone() == (mara["id"],)

    # A colleague's key is not theirs to revoke: not found, as another organization's.
    other = await api.post("/v1/api-keys", headers=org_a.headers, json={"name": "owner's"})
    refused = await manager.post(
        f"/dashboard/access/keys/{other.json()['id']}/revoke", data={"csrf_token": csrf}
    )
    assert refused.status_code == 404
    r = await manager.post(f"/dashboard/access/keys/{key_id}/revoke", data={"csrf_token": csrf})
    assert r.status_code == 303
    after = await api.get("/v1/members", headers={"Authorization": f"Bearer {raw}"})
    assert after.status_code == 401
    assert [k[2] for k in _audit(owner_conninfo, org_a.id, "api_key.revoked")] == [key_id]


async def test_an_admin_hands_a_member_a_key_invite(api, org_a, sessionmaker, browser_for):
    admin = await _signed_in(browser_for, sessionmaker, org_a, "owner@northstar.example")
    mara = await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "manager")
    csrf = await _csrf(admin)
    empty = await admin.post(
        f"/dashboard/members/{mara.id}/api-key-invite", data={"name": " ", "csrf_token": csrf}
    )
    assert empty.status_code == 422 and 'id="err-key_name"' in empty.text
    shown = await admin.post(
        f"/dashboard/members/{mara.id}/api-key-invite",
        data={"name": "mara's key", "csrf_token": csrf},
    )
    assert shown.status_code == 200
    token = re.search(r'id="key-token" class="secret" readonly value="([^"]+)"', shown.text)
    assert token, shown.text
    claimed = await api.post("/v1/api-key-invites/claim", json={"token": token.group(1)})
    assert claimed.status_code == 201 and claimed.json()["created_by"] == mara.id
    # A manager may not issue invites (api_keys:write).
    manager = await browser_for()
    await sign_in(manager, "mara@northstar.example")
    refused = await manager.post(
        f"/dashboard/members/{mara.id}/api-key-invite",
        data={"name": "mine", "csrf_token": await _csrf(manager)},
    )
    assert refused.status_code == 403


async def test_sign_out_everywhere_ends_every_browser(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    owner = await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    first, second = await browser_for(), await browser_for()
    for browser in (first, second):
        assert (await sign_in(browser, "owner@northstar.example")).status_code == 303
    page = await first.get("/dashboard/access")
    assert page.text.count("<li>") >= 2 and "this browser" in page.text
    r = await first.post(
        "/dashboard/access/sign-out-everywhere", data={"csrf_token": csrf_of(page.text)}
    )
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/sign-in"
    for browser in (first, second):
        assert (await browser.get("/dashboard/account")).status_code == 303
    assert _audit(owner_conninfo, org_a.id, "member.signed_out_everywhere") == [
        ("user", owner.id, owner.id)
    ]


FORMS = [
    ("/dashboard/members", {"email": "x@northstar.example", "name": "X", "role": "viewer"}),
    ("/dashboard/members/{mem}", {"status": "disabled"}),
    ("/dashboard/members/{mem}/password-link", {}),
    ("/dashboard/members/{mem}/api-key-invite", {"name": "k"}),
    ("/dashboard/roles", {"name": "r", "permissions": "members:read"}),
    ("/dashboard/access/keys", {"name": "k", "permissions": "members:read"}),
    ("/dashboard/access/sign-out-everywhere", {}),
]


@pytest.mark.parametrize(("path", "data"), FORMS, ids=[p for p, _ in FORMS])
async def test_every_form_refuses_a_missing_or_foreign_csrf_token(
    path, data, api, org_a, sessionmaker, browser_for, owner_conninfo
):
    owner = await _signed_in(browser_for, sessionmaker, org_a, "owner@northstar.example")
    mara = await member_with_password(sessionmaker, org_a.id, "mara@northstar.example", "viewer")
    url = path.replace("{mem}", mara.id)
    with psycopg.connect(owner_conninfo) as conn:
        before = conn.execute("SELECT count(*) FROM audit_events").fetchone()
    missing = await owner.post(url, data=data)
    assert missing.status_code == 403 and "expired" in missing.text
    cross = await owner.post(
        url,
        data={**data, "csrf_token": await _csrf(owner)},
        headers={"Origin": "https://evil.example"},
    )
    assert cross.status_code == 403 and "another site" in cross.text
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone() == before


async def test_the_emailed_link_is_on_the_public_base_url_not_the_requests_host(
    api, org_a, sessionmaker, browser_for, mail_sink
):
    admin = await _signed_in(
        browser_for,
        sessionmaker,
        org_a,
        "owner@northstar.example",
        smtp_host="127.0.0.1",
        smtp_port=mail_sink.port,
        public_base_url="https://dash.northstar.example",
    )
    r = await admin.post(
        "/dashboard/members",
        data={
            "email": "lee@northstar.example",
            "name": "Lee",
            "role": "viewer",
            "csrf_token": await _csrf(admin),
        },
        headers={"Host": "testserver", "X-Forwarded-Host": "evil.example"},
    )
    assert r.status_code == 303
    [mail] = stored_mail(mail_sink.directory)
    assert "https://dash.northstar.example/dashboard/password/" in mail.text()
    assert "evil" not in mail.text() and "testserver" not in mail.text()
