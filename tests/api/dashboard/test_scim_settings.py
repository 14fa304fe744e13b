"""SCIM provisioning on the dashboard's settings: an owner creates (shown once), rotates and
revokes SCIM tokens and maps groups to roles, through the API's services and rules."""

from __future__ import annotations

import re

import httpx

from tests.support.dashboard import audited, csrf_of, member_with_password, sign_in
from tests.support.harness import Tenant

PAGE = "/dashboard/settings/scim"
TOKEN = re.compile(r'id="new-token" class="secret" readonly value="(ax_scim_[^"]+)"')


async def owner_browser(browser_for, sessionmaker, org: Tenant) -> tuple[httpx.AsyncClient, str]:
    await member_with_password(sessionmaker, org.id, "owner@northstar.example")
    browser = await browser_for()
    assert (await sign_in(browser, "owner@northstar.example")).status_code == 303
    return browser, csrf_of((await browser.get(PAGE)).text)


async def test_an_owner_creates_rotates_and_revokes_a_token(
    api, browser_for, sessionmaker, org_a, owner_conninfo
) -> None:
    browser, csrf = await owner_browser(browser_for, sessionmaker, org_a)
    created = await browser.post(f"{PAGE}/tokens", data={"name": "Okta", "csrf_token": csrf})
    assert created.status_code == 201, created.text
    token = TOKEN.search(created.text)
    assert token, "the new token is shown"
    scim = {"Authorization": f"Bearer {token.group(1)}"}
    assert (await api.get("/scim/v2/Users", headers=scim)).status_code == 200
    again = await browser.get(PAGE)
    assert token.group(1) not in again.text and "Okta" in again.text  # shown once

    [listed] = (await api.get("/v1/scim-tokens", headers=org_a.headers)).json()["data"]
    rotated = await browser.post(f"{PAGE}/tokens/{listed['id']}/rotate", data={"csrf_token": csrf})
    assert rotated.status_code == 201
    new = TOKEN.search(rotated.text)
    assert new and new.group(1) != token.group(1)
    assert (await api.get("/scim/v2/Users", headers=scim)).status_code == 401
    new_scim = {"Authorization": f"Bearer {new.group(1)}"}
    assert (await api.get("/scim/v2/Users", headers=new_scim)).status_code == 200

    [current] = (await api.get("/v1/scim-tokens", headers=org_a.headers)).json()["data"]
    revoked = await browser.post(f"{PAGE}/tokens/{current['id']}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303
    assert (await api.get("/scim/v2/Users", headers=new_scim)).status_code == 401
    actors = {a[0] for a in audited(owner_conninfo, org_a.id, "scim_token.revoked")}
    assert actors == {"user"}


async def test_forms_keep_the_input_and_refuse_without_csrf_or_owner(
    api, browser_for, sessionmaker, org_a
) -> None:
    browser, csrf = await owner_browser(browser_for, sessionmaker, org_a)
    bad = await browser.post(
        f"{PAGE}/mappings",
        data={"group": "AuditoryX Managers", "role": "wizard", "csrf_token": csrf},
    )
    assert bad.status_code == 422
    assert 'value="AuditoryX Managers"' in bad.text and "unknown role" in bad.text
    good = await browser.post(
        f"{PAGE}/mappings",
        data={"group": "AuditoryX Managers", "role": "manager", "csrf_token": csrf},
    )
    assert good.status_code == 303
    mappings = (await api.get("/v1/scim-group-mappings", headers=org_a.headers)).json()["data"]
    assert [(m["group"], m["role"]) for m in mappings] == [("AuditoryX Managers", "manager")]
    empty = await browser.post(f"{PAGE}/tokens", data={"name": "", "csrf_token": csrf})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.text

    forged = await browser.post(f"{PAGE}/tokens", data={"name": "Okta", "csrf_token": "forged"})
    assert forged.status_code == 403
    assert (await api.get("/v1/scim-tokens", headers=org_a.headers)).json()["data"] == []

    await member_with_password(sessionmaker, org_a.id, "admin@northstar.example", "admin")
    admin = await browser_for()
    assert (await sign_in(admin, "admin@northstar.example")).status_code == 303
    page = await admin.get(PAGE)
    assert page.status_code == 200 and "Create the token" not in page.text
    refused = await admin.post(
        f"{PAGE}/tokens", data={"name": "Okta", "csrf_token": csrf_of(page.text)}
    )
    assert refused.status_code == 403
    assert (await api.get("/v1/scim-tokens", headers=org_a.headers)).json()["data"] == []
