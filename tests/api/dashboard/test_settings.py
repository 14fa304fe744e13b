"""White-label settings in the dashboard: branding, custom domains, reminder offsets, module
switches, e-mail templates with their preview, and approval policies. Each form refuses a
missing CSRF token and a missing permission, keeps the input beside the error, is audited,
and two admins editing the same template or policy get a 409, not a 500."""

from __future__ import annotations

import asyncio
import html
import re

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.dashboard.branding import add_custom_domain
from tests.support.dashboard import csrf_of, member_with_password, sign_in

JSON = {"Accept": "application/json"}


async def _admin(browser_for, sessionmaker, org, email="owner@northstar.example", role="owner"):
    await member_with_password(sessionmaker, org.id, email, role)
    browser = await browser_for()
    assert (await sign_in(browser, email)).status_code == 303
    csrf = csrf_of((await browser.get("/dashboard/account")).text)
    return browser, csrf


def _audit(conninfo: str, org_id: str, action: str) -> list[tuple[str, str]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT actor_id, target_id FROM audit_events "
            "WHERE organization_id = %s AND action = %s ORDER BY seq",
            (org_id, action),
        ).fetchall()


def _error_of(page: str, field: str) -> str:
    match = re.search(rf'id="err-{field}" role="alert"[^>]*>([^<]*)<', page)
    assert match, f"no error beside {field}"
    return html.unescape(match.group(1))


async def test_branding_is_checked_kept_on_error_saved_and_shown(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    page = await admin.get("/dashboard/settings")
    assert page.status_code == 200 and 'href="/dashboard/settings"' in page.text
    form = {
        "brand_name": "Northstar Sound",
        "primary_color": "teal",
        "accent_color": "#ffcc00",
        "logo_url": "http://cdn.northstar.example/logo.png",
        "reply_to": "owner@northstar.example",
        "csrf_token": csrf,
    }
    r = await admin.post("/dashboard/settings/branding", data=form)
    assert r.status_code == 422
    assert "pattern" in _error_of(r.text, "primary_color")
    assert "https" in _error_of(r.text, "logo_url")
    assert 'value="Northstar Sound"' in r.text and 'value="teal"' in r.text
    # A reply-to outside the organization: the domain's rule, beside its field.
    form |= {
        "primary_color": "#0b3d2e",
        "logo_url": "https://cdn.northstar.example/logo.png",
        "reply_to": "someone@elsewhere.example",
    }
    r = await admin.post("/dashboard/settings/branding", data=form)
    assert r.status_code == 422
    assert "neither a member" in _error_of(r.text, "reply_to")
    assert _audit(owner_conninfo, org_a.id, "communication_settings.updated") == []
    form["reply_to"] = "owner@northstar.example"
    r = await admin.post("/dashboard/settings/branding", data=form)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/settings?done=saved"
    page = (await admin.get("/dashboard/settings")).text
    # The dashboard wears the new brand at once.
    assert "--primary: #0b3d2e" in page and "<span>Northstar Sound</span>" in page
    assert 'src="https://cdn.northstar.example/logo.png"' in page
    assert "meets WCAG AA" in page
    settings = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert settings["brand_name"] == "Northstar Sound" and settings["primary_color"] == "#0b3d2e"
    assert len(_audit(owner_conninfo, org_a.id, "communication_settings.updated")) == 1
    # A light primary colour is saved, with the warning that white text on it is unreadable.
    r = await admin.post("/dashboard/settings/branding", data=form | {"primary_color": "#f0f0f0"})
    assert r.status_code == 303
    assert "below 4.5:1" in (await admin.get("/dashboard/settings")).text


POSTS = (
    "/dashboard/settings/branding",
    "/dashboard/settings/reminders",
    "/dashboard/settings/modules",
    "/dashboard/settings/templates/reminder",
    "/dashboard/settings/templates/reminder/preview",
    "/dashboard/settings/templates/reminder/reset",
    "/dashboard/settings/policies",
)


async def test_settings_need_csrf_and_organization_write(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    for path in POSTS:
        r = await admin.post(path, data={"primary_color": "#000000", "offsets": "2h"})
        assert r.status_code == 403 and "expired" in r.text, path
        r = await admin.post(
            path, data={"csrf_token": csrf}, headers={"Origin": "https://evil.example"}
        )
        assert r.status_code == 403 and "another site" in r.text, path
    artist, _ = await _admin(
        browser_for, sessionmaker, org_a, email="ari@northstar.example", role="artist"
    )
    assert (await artist.get("/dashboard/settings/policies")).status_code == 403
    viewer, csrf = await _admin(
        browser_for, sessionmaker, org_a, email="vic@northstar.example", role="viewer"
    )
    page = await viewer.get("/dashboard/settings")
    assert page.status_code == 200 and "Save the branding" not in page.text
    for path, data in (
        ("/dashboard/settings/branding", {"primary_color": "#000000", "accent_color": "#000000"}),
        ("/dashboard/settings/reminders", {"offsets": "2h"}),
        ("/dashboard/settings/modules", {}),
        ("/dashboard/settings/templates/reminder", {"subject": "x", "html": "x", "text": "x"}),
        ("/dashboard/settings/templates/reminder/reset", {}),
        ("/dashboard/settings/policies", {"name": "x", "steps": "[]"}),
    ):
        r = await viewer.post(path, data={**data, "csrf_token": csrf})
        assert r.status_code == 403, path
    assert _audit(owner_conninfo, org_a.id, "communication_settings.updated") == []
    assert _audit(owner_conninfo, org_a.id, "organization.updated") == []
    assert _audit(owner_conninfo, org_a.id, "email_template.updated") == []


async def test_reminder_offsets_are_parsed_and_checked_by_the_api_rules(
    api, org_a, sessionmaker, browser_for
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    assert 'value="24h, 1h"' in (await admin.get("/dashboard/settings")).text
    for offsets, expected in (
        ("soon", "not a duration"),
        ("1h, 60m", "different"),
        ("0h", "before the session"),
        ("31d", "more than 30 days"),
    ):
        r = await admin.post(
            "/dashboard/settings/reminders", data={"offsets": offsets, "csrf_token": csrf}
        )
        assert r.status_code == 422, offsets
        assert expected in _error_of(r.text, "offsets"), offsets
        assert f'value="{offsets}"' in r.text
    r = await admin.post(
        "/dashboard/settings/reminders", data={"offsets": "2d, 3h, 30m", "csrf_token": csrf}
    )
    assert r.status_code == 303
    settings = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert settings["reminder_offsets_minutes"] == [2880, 180, 30]
    assert 'value="2d, 3h, 30m"' in (await admin.get("/dashboard/settings")).text


async def test_a_module_switched_off_hides_its_pages(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    page = (await admin.get("/dashboard/settings")).text
    assert "hides Spend &amp; revenue, Budgets" in page
    on = ["roster", "calendar", "approvals", "projects", "audit", "usage"]
    r = await admin.post("/dashboard/settings/modules", data={"modules": on, "csrf_token": csrf})
    assert r.status_code == 303
    page = (await admin.get("/dashboard/settings")).text
    assert 'href="/dashboard/overview"' not in page and 'id="module-analytics" ' in page
    assert 'id="module-analytics" name="modules" value="analytics" >' not in page
    assert (await admin.get("/dashboard/overview")).status_code == 404
    org = (await api.get("/v1/organization", headers=org_a.headers)).json()
    assert org["settings"]["modules"]["analytics"] is False
    assert len(_audit(owner_conninfo, org_a.id, "organization.updated")) == 1


async def test_custom_domains_show_their_state_and_dns_record(
    api, org_a, sessionmaker, browser_for
):
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        for host, verified in (
            ("studio.northstar.example", True),
            ("new.northstar.example", False),
        ):
            await add_custom_domain(
                session,
                organization_id=org_a.id,
                hostname=host,
                verified=verified,
                actor=Actor.system("test"),
            )
    admin, _csrf = await _admin(browser_for, sessionmaker, org_a)
    page = (await admin.get("/dashboard/settings")).text
    rows = re.findall(
        r"<tr>\s*<td>([a-z.]+)</td>\s*<td>(.*?)</td>\s*<td><code>(.*?)</code>", page, re.S
    )
    assert [(h, "verified" in s, "CNAME" in c) for h, s, c in rows] == [
        ("new.northstar.example", False, True),
        ("studio.northstar.example", True, True),
    ]


async def test_template_preview_shows_sandbox_errors_beside_the_field(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    page = await admin.get("/dashboard/settings/templates/reminder")
    assert page.status_code == 200
    assert "Reminder: Vocal tracking in 24 hours" in page.text  # the current one, rendered
    draft = {
        "subject": "Soon: {{ title }}",
        "html": "<p>{{ title }} with {{ brand.name }}</p>",
        "text": "{{ title }}",
        "version": "0",
        "csrf_token": csrf,
    }
    url = "/dashboard/settings/templates/reminder/preview"
    r = await admin.post(url, data=draft, headers=JSON)
    assert r.status_code == 200
    assert r.json()["preview"]["html"] == "<p>Vocal tracking with Northstar Records</p>"
    cases = (
        ("{% if %}", 422, "line 1"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 422, "may not use"),
        ("{{ range(10**9)|length }}", 422, "range_size"),
        ("{{ nothing.here }}", 422, "variables of 'reminder'"),
    )
    for source, status, words in cases:
        r = await admin.post(url, data=draft | {"html": source}, headers=JSON)
        assert r.status_code == status, source
        assert r.json()["preview"] is None and words in r.json()["errors"]["html"], r.text
    assert len(_audit(owner_conninfo, org_a.id, "email_template.rejected")) == 1
    # Without JavaScript: the same page, the draft kept, the error beside its field.
    r = await admin.post(url, data=draft | {"html": "{% if %}"})
    assert r.status_code == 422 and "line 1" in _error_of(r.text, "html")
    assert "{% if %}</textarea>" in html.unescape(r.text)
    r = await admin.post(url, data=draft)
    assert r.status_code == 200
    assert 'srcdoc="&lt;p&gt;Vocal tracking with Northstar Records&lt;/p&gt;"' in r.text
    assert _audit(owner_conninfo, org_a.id, "email_template.updated") == []


async def test_a_template_override_is_saved_versioned_and_reset(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    first, csrf1 = await _admin(browser_for, sessionmaker, org_a)
    second, csrf2 = await _admin(
        browser_for, sessionmaker, org_a, email="ada@northstar.example", role="admin"
    )
    url = "/dashboard/settings/templates/reminder"
    draft = {"subject": "Soon: {{ title }}", "html": "<p>{{ title }}</p>", "text": "{{ title }}"}
    # Both open the built-in template (version 0) and save: the second is told, draft kept.
    r = await first.post(url, data=draft | {"version": "0", "csrf_token": csrf1})
    assert r.status_code == 303
    r = await second.post(
        url, data=draft | {"subject": "Mine: {{ title }}", "version": "0", "csrf_token": csrf2}
    )
    assert r.status_code == 409
    assert "someone changed" in _error_of(r.text, "version")
    assert 'value="Mine: {{ title }}"' in r.text
    stored = (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()
    assert stored["subject"] == "Soon: {{ title }}" and stored["version"] == 1
    # The same two saves at the same instant: one stored, the other a 409.
    answers = await asyncio.gather(
        first.post(
            url, data=draft | {"subject": "A {{ title }}", "version": "1", "csrf_token": csrf1}
        ),
        second.post(
            url, data=draft | {"subject": "B {{ title }}", "version": "1", "csrf_token": csrf2}
        ),
    )
    assert sorted(a.status_code for a in answers) == [303, 409]
    assert (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()[
        "version"
    ] == 2
    assert len(_audit(owner_conninfo, org_a.id, "email_template.updated")) == 2
    r = await first.post(f"{url}/reset", data={"csrf_token": csrf1})
    assert r.status_code == 303 and r.headers["location"].endswith("done=reset")
    r = await second.post(f"{url}/reset", data={"csrf_token": csrf2})
    assert r.status_code == 303 and r.headers["location"].endswith("done=already-default")
    assert (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()[
        "overridden"
    ] is False
    assert len(_audit(owner_conninfo, org_a.id, "email_template.deleted")) == 1


async def test_another_organizations_template_override_stays_theirs(
    api, org_a, org_b, sessionmaker, browser_for
):
    theirs = {"subject": "Victim {{ title }}", "html": "<p>Bluewave</p>", "text": "Bluewave"}
    r = await api.put("/v1/email-templates/reminder", headers=org_b.headers, json=theirs)
    assert r.status_code == 200
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    page = (await admin.get("/dashboard/settings/templates/reminder")).text
    assert "Victim" not in page and "Bluewave" not in page
    assert "built-in" in (await admin.get("/dashboard/settings/templates")).text
    r = await admin.post("/dashboard/settings/templates/reminder/reset", data={"csrf_token": csrf})
    assert r.headers["location"].endswith("done=already-default")
    kept = (await api.get("/v1/email-templates/reminder", headers=org_b.headers)).json()
    assert kept["overridden"] and kept["subject"] == theirs["subject"]
    assert (await admin.get("/dashboard/settings/templates/nonsense")).status_code == 404


STEPS = '[{"name": "Owner review", "approvers": [{"role": "owner"}]}]'


@pytest.mark.parametrize("concurrent", [False, True], ids=["stale", "same-instant"])
async def test_approval_policies_are_created_edited_and_disabled(
    api, org_a, sessionmaker, browser_for, owner_conninfo, concurrent
):
    admin, csrf = await _admin(browser_for, sessionmaker, org_a)
    url = "/dashboard/settings/policies"
    form = {
        "name": "Big sessions",
        "subject_type": "booking",
        "min_amount": "500",
        "currency": "",
        "priority": "10",
        "active": "on",
        "steps": "[{'name': 'x'}]",
        "csrf_token": csrf,
    }
    r = await admin.post(url, data=form)
    assert r.status_code == 422
    assert "not JSON" in _error_of(r.text, "steps")
    r = await admin.post(url, data=form | {"steps": STEPS})
    assert r.status_code == 422 and "go together" in _error_of(r.text, "min_amount")
    assert 'value="Big sessions"' in r.text
    nobody = '[{"name": "Nobody", "approvers": [{"role": "coordinator"}]}]'
    r = await admin.post(url, data=form | {"currency": "EUR", "steps": nobody})
    assert r.status_code == 422 and "no eligible approver" in _error_of(r.text, "steps")
    r = await admin.post(url, data=form | {"currency": "EUR", "steps": STEPS})
    assert r.status_code == 303
    [policy] = (await api.get("/v1/approval-policies", headers=org_a.headers)).json()["data"]
    assert policy["conditions"]["min_amount"] == "500" and policy["priority"] == 10
    assert policy["steps"][0]["approvers"] == [{"member_id": None, "role": "owner"}]
    page = await admin.get(f"{url}/{policy['id']}")
    assert page.status_code == 200 and 'name="version" value="1"' in page.text
    edit = form | {"currency": "EUR", "steps": STEPS, "version": "1"}
    del edit["active"]  # unticked: disabled
    other, csrf2 = await _admin(
        browser_for, sessionmaker, org_a, email="ada@northstar.example", role="admin"
    )
    if concurrent:
        answers = await asyncio.gather(
            admin.post(f"{url}/{policy['id']}", data=edit),
            other.post(f"{url}/{policy['id']}", data=edit | {"csrf_token": csrf2, "name": "B"}),
        )
        assert sorted(a.status_code for a in answers) == [303, 409]
    else:
        assert (await admin.post(f"{url}/{policy['id']}", data=edit)).status_code == 303
        r = await other.post(f"{url}/{policy['id']}", data=edit | {"csrf_token": csrf2})
        assert r.status_code == 409 and "version 2" in _error_of(r.text, "version")
    stored = (await api.get(f"/v1/approval-policies/{policy['id']}", headers=org_a.headers)).json()
    assert stored["version"] == 2 and stored["active"] is False
    assert len(_audit(owner_conninfo, org_a.id, "approval_policy.updated")) == 1
    assert "disabled" in (await admin.get(url)).text
