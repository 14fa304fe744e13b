"""SCIM 2.0 provisioning: tokens, users as members, groups as roles, filters, errors and
concurrency, spoken to by an independent SCIM client (scim2-client, validating every reply
with scim2-models) and by raw requests in the forms Okta and Entra ID send."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from scim2_client.engines.asgi import ASGISCIMClient
from scim2_models import (
    Email,
    Error,
    Group,
    ListResponse,
    Name,
    PatchOp,
    PatchOperation,
    ScimProvider,
    SearchRequest,
    User,
)

from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy import trials
from tests.support.dashboard import member_with_password, sign_in
from tests.support.harness import Tenant, issue_api_key

SCIM = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


async def scim_token(api: httpx.AsyncClient, tenant: Tenant, name: str = "Okta") -> str:
    r = await api.post("/v1/scim-tokens", json={"name": name}, headers=tenant.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}


async def create_user(
    api: httpx.AsyncClient, token: str, email: str, **extra: Any
) -> dict[str, Any]:
    body = {"schemas": [USER], "userName": email, "name": {"givenName": "Ada", "familyName": "L"}}
    r = await api.post(f"{SCIM}/Users", json={**body, **extra}, headers=bearer(token))
    assert r.status_code == 201, r.text
    assert r.headers["content-type"].startswith("application/scim+json")
    return dict(r.json())


def scim_client(api: httpx.AsyncClient, token: str) -> ASGISCIMClient:
    app = api._transport.app  # type: ignore[attr-defined]  # the in-process app under test
    return ASGISCIMClient(
        app,
        base_url=f"http://testserver{SCIM}",
        headers={"Authorization": f"Bearer {token}"},
        provider=ScimProvider(models=[User, Group]),
    )


# --- tokens ---------------------------------------------------------------------------------


async def test_a_token_is_shown_once_rotated_and_revoked(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    created = await api.post("/v1/scim-tokens", json={"name": "Okta"}, headers=org_a.headers)
    assert created.status_code == 201
    token, token_id = created.json()["token"], created.json()["id"]
    assert token.startswith("ax_scim_") and created.json()["redacted"].endswith(token[-4:])
    listed = await api.get("/v1/scim-tokens", headers=org_a.headers)
    assert [t["id"] for t in listed.json()["data"]] == [token_id]
    assert "token" not in listed.json()["data"][0]
    assert (await api.get(f"{SCIM}/Users", headers=bearer(token))).status_code == 200

    rotated = await api.post(f"/v1/scim-tokens/{token_id}/rotate", headers=org_a.headers)
    assert rotated.status_code == 201 and rotated.json()["rotated_from"] == token_id
    old = await api.get(f"{SCIM}/Users", headers=bearer(token))
    assert old.status_code == 401
    assert old.json()["schemas"] == [ERROR] and old.json()["status"] == "401"
    new = rotated.json()["token"]
    assert (await api.get(f"{SCIM}/Users", headers=bearer(new))).status_code == 200
    again = await api.post(f"/v1/scim-tokens/{token_id}/rotate", headers=org_a.headers)
    assert again.status_code == 409 and again.json()["code"] == "scim_token_revoked"

    revoked = await api.post(
        f"/v1/scim-tokens/{rotated.json()['id']}/revoke", headers=org_a.headers
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await api.get(f"{SCIM}/Users", headers=bearer(new))).status_code == 401
    for wrong in ("ax_scim_" + "x" * 43, org_a.key, ""):
        r = await api.get(f"{SCIM}/Users", headers={"Authorization": f"Bearer {wrong}"})
        assert r.status_code == 401 and r.json()["schemas"] == [ERROR], wrong
    audited = await api.get(
        "/v1/audit-events", params={"target_type": "scim_token"}, headers=org_a.headers
    )
    actions = sorted(e["action"] for e in audited.json()["data"])
    assert actions == ["scim_token.created"] * 2 + ["scim_token.revoked"] * 2


async def test_only_an_owner_manages_scim(
    api: httpx.AsyncClient, org_a: Tenant, sessionmaker
) -> None:
    admin = await member_with_password(sessionmaker, org_a.id, "admin@northstar.example", "admin")
    key = await issue_api_key(sessionmaker, org_a.id, created_by=admin.id)
    headers = {"Authorization": f"Bearer {key}"}
    for method, path, body in (
        ("POST", "/v1/scim-tokens", {"name": "Okta"}),
        ("POST", "/v1/scim-group-mappings", {"group": "Admins", "role": "owner"}),
    ):
        r = await api.request(method, path, json=body, headers=headers)
        assert r.status_code == 403 and r.json()["code"] == "owner_required", (path, r.text)
    # Reading is for whoever may read members: a listed token has no secret.
    listed = await api.get("/v1/scim-tokens", headers=headers)
    assert listed.status_code == 200 and listed.json()["data"] == []


# --- users through an independent client -----------------------------------------------------


async def test_an_independent_scim_client_provisions_a_user(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    scim = scim_client(api, await scim_token(api, org_a))
    created = await scim.create(
        User(
            user_name="bjensen@example.com",
            name=Name(given_name="Barbara", family_name="Jensen"),
            emails=[Email(value="bjensen@example.com", primary=True)],
            external_id="okta-00u1",
            active=True,
        )
    )
    assert created.id and created.meta.version and created.meta.resource_type == "User"
    fetched = await scim.query(User, created.id)
    assert fetched.user_name == "bjensen@example.com" and fetched.external_id == "okta-00u1"
    assert fetched.name.given_name == "Barbara" and fetched.display_name == "Barbara Jensen"
    found = await scim.query(
        User, query_parameters=SearchRequest(filter='userName eq "BJensen@example.com"')
    )
    assert isinstance(found, ListResponse) and [u.id for u in found.resources] == [created.id]

    fetched.name = Name(given_name="Babs", family_name="Jensen")
    replaced = await scim.replace(fetched)
    assert replaced.display_name == "Babs Jensen" and replaced.meta.version != created.meta.version

    patched = await scim.modify(
        User,
        created.id,
        PatchOp[User](
            operations=[PatchOperation(op="replace", path="externalId", value="okta-00u2")]
        ),
    )
    assert patched is None or patched.external_id == "okta-00u2"
    assert (await scim.query(User, created.id)).external_id == "okta-00u2"

    # The member is the user: the API sees the same person.
    members = await api.get("/v1/members", params={"q": "bjensen"}, headers=org_a.headers)
    assert [(m["id"], m["role"]) for m in members.json()["data"]] == [(created.id, "viewer")]

    await scim.delete(User, created.id)
    gone = await scim.query(User, created.id, raise_scim_errors=False)
    assert isinstance(gone, Error) and gone.status == 404
    assert (await api.get(f"/v1/members/{created.id}", headers=org_a.headers)).status_code == 404


async def test_discovery_documents_parse_as_scim(api: httpx.AsyncClient, org_a: Tenant) -> None:
    scim = scim_client(api, await scim_token(api, org_a))
    await scim.discover()
    assert {r.id for r in scim.provider.resource_types or ()} == {"User", "Group"}
    assert {s.id for s in scim.provider.schemas or ()} == {USER, GROUP}
    config = scim.provider.config
    assert config and config.patch.supported and config.filter.supported and config.etag.supported
    assert not config.bulk.supported


# --- deactivation -----------------------------------------------------------------------------


async def test_deactivation_ends_sessions_revokes_keys_and_refuses_sign_in(
    api: httpx.AsyncClient,
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    org_a: Tenant,
    sessionmaker,
) -> None:
    token = await scim_token(api, org_a)
    user = await create_user(api, token, "mo@northstar.example")
    await member_with_password(sessionmaker, org_a.id, "mo@northstar.example")
    key = await issue_api_key(sessionmaker, org_a.id, created_by=user["id"])
    browser = await app_factory()
    assert (await sign_in(browser, "mo@northstar.example")).status_code == 303
    home = await browser.get("/dashboard", follow_redirects=True)
    assert home.status_code == 200 and "/sign-in" not in str(home.url)
    assert (
        await api.get("/v1/organization", headers={"Authorization": f"Bearer {key}"})
    ).status_code == 200

    # Entra ID's form: no path, the value an object, the boolean a string.
    off = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Replace", "value": {"active": "False"}}],
        },
        headers=bearer(token),
    )
    assert off.status_code == 200 and off.json()["active"] is False, off.text

    refused = await api.get("/v1/organization", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401 and refused.json()["code"] == "api_key_revoked"
    page = await browser.get("/dashboard", follow_redirects=False)
    assert page.status_code in (303, 302) and "/dashboard/sign-in" in page.headers["location"]
    assert (await sign_in(browser, "mo@northstar.example")).status_code == 401

    # Okta's form reactivates: sign-in works again, the revoked key stays revoked.
    on = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": True}}]},
        headers=bearer(token),
    )
    assert on.status_code == 200 and on.json()["active"] is True
    assert (await sign_in(browser, "mo@northstar.example")).status_code == 303
    still = await api.get("/v1/organization", headers={"Authorization": f"Bearer {key}"})
    assert still.status_code == 401 and still.json()["code"] == "api_key_revoked"

    events = await api.get(
        "/v1/audit-events", params={"actor_type": "scim_token"}, headers=org_a.headers
    )
    actions = {e["action"] for e in events.json()["data"]}
    assert {"member.created", "member.updated", "api_key.revoked"} <= actions


async def test_the_last_owner_cannot_be_deactivated(api: httpx.AsyncClient, org_a: Tenant) -> None:
    token = await scim_token(api, org_a)
    owner = (
        await api.get(
            f"{SCIM}/Users", params={"filter": 'userName sw "owner@"'}, headers=bearer(token)
        )
    ).json()
    [resource] = owner["Resources"]
    r = await api.patch(
        f"{SCIM}/Users/{resource['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "replace", "path": "active", "value": False}],
        },
        headers=bearer(token),
    )
    assert r.status_code == 409 and r.json()["schemas"] == [ERROR], r.text


# --- groups and roles ---------------------------------------------------------------------


async def test_group_membership_sets_the_mapped_role(api: httpx.AsyncClient, org_a: Tenant) -> None:
    token = await scim_token(api, org_a)
    mapped = await api.post(
        "/v1/scim-group-mappings",
        json={"group": "Label Managers", "role": "manager"},
        headers=org_a.headers,
    )
    assert mapped.status_code == 201, mapped.text
    dup = await api.post(
        "/v1/scim-group-mappings",
        json={"group": "Label Managers", "role": "admin"},
        headers=org_a.headers,
    )
    assert dup.status_code == 409 and dup.json()["code"] == "mapping_exists"
    bad = await api.post(
        "/v1/scim-group-mappings", json={"group": "X", "role": "wizard"}, headers=org_a.headers
    )
    assert bad.status_code == 422 and bad.json()["param"] == "role"
    ada = await create_user(api, token, "ada@northstar.example")
    bo = await create_user(api, token, "bo@northstar.example")

    group = await api.post(
        f"{SCIM}/Groups",
        json={
            "schemas": [GROUP],
            "displayName": "Label Managers",
            "members": [{"value": ada["id"]}],
        },
        headers=bearer(token),
    )
    assert group.status_code == 201, group.text
    gid = group.json()["id"]

    async def role(member_id: str) -> str:
        return str(
            (await api.get(f"/v1/members/{member_id}", headers=org_a.headers)).json()["role"]
        )

    assert await role(ada["id"]) == "manager" and await role(bo["id"]) == "viewer"
    # RFC 7644 §3.5.2.1: add members.
    add = await api.patch(
        f"{SCIM}/Groups/{gid}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "add", "path": "members", "value": [{"display": "Bo", "value": bo["id"]}]}
            ],
        },
        headers=bearer(token),
    )
    assert add.status_code == 200 and {m["value"] for m in add.json()["members"]} == {
        ada["id"],
        bo["id"],
    }
    assert await role(bo["id"]) == "manager"
    user = (await api.get(f"{SCIM}/Users/{bo['id']}", headers=bearer(token))).json()
    assert user["groups"][0]["value"] == gid and user["roles"] == [
        {"value": "manager", "primary": True}
    ]
    # RFC 7644 §3.5.2.2: remove one member by a value filter.
    removed = await api.patch(
        f"{SCIM}/Groups/{gid}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "remove", "path": f'members[value eq "{ada["id"]}"]'}],
        },
        headers=bearer(token),
    )
    assert removed.status_code == 200 and [m["value"] for m in removed.json()["members"]] == [
        bo["id"]
    ]
    assert await role(ada["id"]) == "viewer" and await role(bo["id"]) == "manager"
    # Entra ID's removal: path "members" with the members as the value.
    azure = await api.patch(
        f"{SCIM}/Groups/{gid}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "Remove", "path": "members", "value": [{"value": bo["id"]}]}],
        },
        headers=bearer(token),
    )
    assert azure.status_code == 200 and azure.json()["members"] == []
    assert await role(bo["id"]) == "viewer"
    events = await api.get("/v1/audit-events", params={"target_id": gid}, headers=org_a.headers)
    actions = sorted(e["action"] for e in events.json()["data"])
    assert (
        actions
        == ["scim_group.created"]
        + ["scim_group.member_added"] * 2
        + ["scim_group.member_removed"] * 2
    )

    unknown = await api.patch(
        f"{SCIM}/Groups/{gid}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "add",
                    "path": "members",
                    "value": [{"value": "mem_00000000000000000000000000"}],
                }
            ],
        },
        headers=bearer(token),
    )
    assert unknown.status_code == 400 and unknown.json()["scimType"] == "invalidValue"
    taken = await api.post(
        f"{SCIM}/Groups",
        json={"schemas": [GROUP], "displayName": "label managers"},
        headers=bearer(token),
    )
    assert taken.status_code in (201, 409)
    deleted = await api.delete(f"{SCIM}/Groups/{gid}", headers=bearer(token))
    assert deleted.status_code == 204
    assert (await api.get(f"{SCIM}/Groups/{gid}", headers=bearer(token))).status_code == 404


async def test_leaving_a_group_falls_back_to_the_latest_mapped_group_still_held(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    token = await scim_token(api, org_a)
    # One group mapped by its displayName, one by its externalId (Entra's objectId).
    for group, role in (("Coordinators", "coordinator"), ("0b6f-managers", "manager")):
        mapped = await api.post(
            "/v1/scim-group-mappings", json={"group": group, "role": role}, headers=org_a.headers
        )
        assert mapped.status_code == 201, mapped.text
    cy = await create_user(api, token, "cy@northstar.example")

    async def group(name: str, **extra: Any) -> str:
        body = {"schemas": [GROUP], "displayName": name, "members": [{"value": cy["id"]}]}
        r = await api.post(f"{SCIM}/Groups", json={**body, **extra}, headers=bearer(token))
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    async def role() -> str:
        return str((await api.get(f"/v1/members/{cy['id']}", headers=org_a.headers)).json()["role"])

    coordinators = await group("Coordinators")
    unmapped = await group("Book club")
    managers = await group("Managers", externalId="0b6f-managers")
    assert await role() == "manager"

    # Leaving the group that granted the role: the latest mapped group still held decides
    # (joining the unmapped one later granted nothing).
    assert (await api.delete(f"{SCIM}/Groups/{managers}", headers=bearer(token))).status_code == 204
    assert await role() == "coordinator"
    # Leaving an unmapped group changes nothing; leaving the last mapped one ends at viewer.
    assert (await api.delete(f"{SCIM}/Groups/{unmapped}", headers=bearer(token))).status_code == 204
    assert await role() == "coordinator"
    left = await api.put(
        f"{SCIM}/Groups/{coordinators}",
        json={"schemas": [GROUP], "displayName": "Coordinators", "members": []},
        headers=bearer(token),
    )
    assert left.status_code == 200, left.text
    assert await role() == "viewer"


# --- filters, pagination, attributes, errors ------------------------------------------------


async def test_filters_pagination_and_attributes(api: httpx.AsyncClient, org_a: Tenant) -> None:
    token = await scim_token(api, org_a)
    made = [
        await create_user(api, token, f"{name}@{domain}", externalId=f"ext-{name}")
        for name, domain in (("amy", "a.example"), ("ben", "b.example"), ("cat", "a.example"))
    ]
    await api.patch(
        f"{SCIM}/Users/{made[1]['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [{"op": "replace", "path": "active", "value": False}],
        },
        headers=bearer(token),
    )

    async def ids(filter_text: str, **params: Any) -> list[str]:
        r = await api.get(
            f"{SCIM}/Users", params={"filter": filter_text, **params}, headers=bearer(token)
        )
        assert r.status_code == 200, (filter_text, r.text)
        return [u["userName"].split("@")[0] for u in r.json()["Resources"]]

    assert await ids('emails.value co "a.example"') == ["amy", "cat"]
    assert await ids('userName sw "B"') == ["ben"]
    assert await ids('externalId eq "ext-cat"') == ["cat"]
    assert await ids("externalId pr and active eq true") == ["amy", "cat"]
    assert await ids('active eq false or userName eq "amy@a.example"') == ["amy", "ben"]
    assert await ids("not (externalId pr)") == ["owner"]
    assert await ids('displayName co "ada"') == ["amy", "ben", "cat"]
    assert await ids(f'meta.lastModified gt "{made[2]["meta"]["lastModified"]}"') == ["ben"]

    page = await api.get(
        f"{SCIM}/Users", params={"startIndex": 2, "count": 2}, headers=bearer(token)
    )
    body = page.json()
    assert body["totalResults"] == 4 and body["startIndex"] == 2 and body["itemsPerPage"] == 2
    assert [u["userName"].split("@")[0] for u in body["Resources"]] == ["amy", "ben"]
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]

    only = await api.get(
        f"{SCIM}/Users", params={"attributes": "userName", "count": 1}, headers=bearer(token)
    )
    assert set(only.json()["Resources"][0]) == {"schemas", "id", "userName"}
    less = await api.get(
        f"{SCIM}/Users/{made[0]['id']}",
        params={"excludedAttributes": "groups,meta,name"},
        headers=bearer(token),
    )
    assert {"groups", "meta", "name"}.isdisjoint(less.json()) and less.json()[
        "userName"
    ] == "amy@a.example"

    for bad in (
        "userName eq",
        'userName zz "a"',
        'password eq "x"',
        '(userName eq "a"',
        'active eq "yes"',
        # Nesting within the length limit but past any sensible depth: refused, not a 500.
        "(" * 600 + "id pr" + ")" * 600,
        "not (" * 250 + "id pr" + ")" * 250,
    ):
        r = await api.get(f"{SCIM}/Users", params={"filter": bad}, headers=bearer(token))
        assert r.status_code == 400, bad
        assert r.json()["scimType"] == "invalidFilter" and r.json()["schemas"] == [ERROR], bad
    deep = "not (" * 250 + 'value eq "x"' + ")" * 250
    r = await api.patch(
        f"{SCIM}/Users/{made[0]['id']}",
        json={"schemas": [PATCH_OP], "Operations": [{"op": "remove", "path": f"emails[{deep}]"}]},
        headers=bearer(token),
    )
    assert r.status_code == 400 and r.json()["schemas"] == [ERROR], r.text


async def test_a_duplicate_user_name_is_a_uniqueness_conflict(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    token = await scim_token(api, org_a)
    first = await create_user(api, token, "dup@northstar.example", externalId="e1")
    again = await api.post(
        f"{SCIM}/Users",
        json={"schemas": [USER], "userName": "DUP@northstar.example"},
        headers=bearer(token),
    )
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"
    other = await create_user(api, token, "other@northstar.example")
    clash = await api.put(
        f"{SCIM}/Users/{other['id']}",
        json={"schemas": [USER], "userName": "other@northstar.example", "externalId": "e1"},
        headers=bearer(token),
    )
    assert clash.status_code == 409 and clash.json()["scimType"] == "uniqueness"
    not_mail = await api.post(
        f"{SCIM}/Users", json={"schemas": [USER], "userName": "bjensen"}, headers=bearer(token)
    )
    assert not_mail.status_code == 400 and not_mail.json()["scimType"] == "invalidValue"
    assert first["id"] != other["id"]


# --- tenancy ------------------------------------------------------------------------------


async def test_another_organizations_token_sees_and_touches_nothing(
    api: httpx.AsyncClient, org_a: Tenant, org_b: Tenant
) -> None:
    token_a, token_b = await scim_token(api, org_a), await scim_token(api, org_b)
    user = await create_user(api, token_a, "private@northstar.example")
    group = await api.post(
        f"{SCIM}/Groups", json={"schemas": [GROUP], "displayName": "Ops"}, headers=bearer(token_a)
    )
    patch = {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "path": "active", "value": False}],
    }
    for path in (f"{SCIM}/Users/{user['id']}", f"{SCIM}/Groups/{group.json()['id']}"):
        for method, body in (
            ("GET", None),
            ("PATCH", patch),
            ("PUT", {"schemas": [USER], "userName": "x@y.example", "displayName": "x"}),
            ("DELETE", None),
        ):
            r = await api.request(method, path, json=body, headers=bearer(token_b))
            assert r.status_code == 404, (method, path, r.text)
            assert r.json()["schemas"] == [ERROR]
    listed = await api.get(
        f"{SCIM}/Users", params={"filter": 'userName co "private"'}, headers=bearer(token_b)
    )
    assert listed.json()["totalResults"] == 0
    assert (await api.get(f"{SCIM}/Groups", headers=bearer(token_b))).json()["totalResults"] == 0
    still = await api.get(f"{SCIM}/Users/{user['id']}", headers=bearer(token_a))
    assert still.status_code == 200 and still.json()["active"] is True
    # A token id of another organization is no token here.
    tokens_b = (await api.get("/v1/scim-tokens", headers=org_b.headers)).json()["data"]
    r = await api.post(f"/v1/scim-tokens/{tokens_b[0]['id']}/revoke", headers=org_a.headers)
    assert r.status_code == 404


# --- one organization's provisioning and the others' ------------------------------------------


async def test_a_provisioners_burst_is_limited_like_the_organizations_api_keys(
    api: httpx.AsyncClient,
    app_factory: Callable[..., Awaitable[httpx.AsyncClient]],
    org_a: Tenant,
    org_b: Tenant,
) -> None:
    token_a, token_b = await scim_token(api, org_a), await scim_token(api, org_b)
    limited = await app_factory(
        rate_limits_enabled=True,
        rate_limit_overrides={"label_enterprise": [1, 5], "studio_pro": [1, 5]},
    )

    flood = await asyncio.gather(
        *(limited.get(f"{SCIM}/Users", headers=bearer(token_a)) for _ in range(12))
    )

    assert Counter(r.status_code for r in flood) == {200: 5, 429: 7}
    refused = next(r for r in flood if r.status_code == 429)
    assert refused.headers["content-type"].startswith("application/scim+json")
    assert refused.json()["schemas"] == [ERROR] and refused.json()["status"] == "429"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # The organization's budget is one, whoever spends it: its API keys are refused too.
    assert (await limited.get("/v1/organization", headers=org_a.headers)).status_code == 429
    # Another organization's identity provider is not slowed down by it.
    other = await limited.get(f"{SCIM}/Users", headers=bearer(token_b))
    assert other.status_code == 200
    assert other.headers["RateLimit"] == '"key";r=4;t=60, "org";r=4;t=60'


async def test_a_read_only_organizations_provisioner_reads_but_changes_nothing(
    api: httpx.AsyncClient, org_a: Tenant, sessionmaker: Any
) -> None:
    token = await scim_token(api, org_a)
    user = await create_user(api, token, "kept@northstar.example")
    now = datetime.now(UTC)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        trial = await trials.start_trial(
            session, organization_id=org_a.id, now=now, actor=Actor(type="system", id="t")
        )
        assert await trials.expire_trial(
            session, organization_id=org_a.id, now=trial.ends_at, actor=Actor(type="system", id="t")
        )

    created = await api.post(
        f"{SCIM}/Users",
        json={"schemas": [USER], "userName": "new@northstar.example"},
        headers=bearer(token),
    )
    assert created.status_code == 403, created.text
    assert created.json()["schemas"] == [ERROR]
    deactivated = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": False}}]},
        headers=bearer(token),
    )
    assert deactivated.status_code == 403, deactivated.text
    listed = await api.get(f"{SCIM}/Users", headers=bearer(token))
    assert listed.status_code == 200
    names = [u["userName"] for u in listed.json()["Resources"]]
    assert "kept@northstar.example" in names and "new@northstar.example" not in names
    kept = await api.get(f"{SCIM}/Users/{user['id']}", headers=bearer(token))
    assert kept.json()["active"] is True


# --- concurrency ----------------------------------------------------------------------------


async def test_concurrent_patches_of_one_user_get_412_never_500(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    token = await scim_token(api, org_a)
    user = await create_user(api, token, "busy@northstar.example")
    current = await api.get(f"{SCIM}/Users/{user['id']}", headers=bearer(token))
    etag = current.headers["ETag"]
    assert etag == current.json()["meta"]["version"]

    async def rename(i: int) -> httpx.Response:
        return await api.patch(
            f"{SCIM}/Users/{user['id']}",
            json={
                "schemas": [PATCH_OP],
                "Operations": [{"op": "replace", "path": "displayName", "value": f"Busy {i}"}],
            },
            headers={**bearer(token), "If-Match": etag},
        )

    answers = await asyncio.gather(*(rename(i) for i in range(6)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] + [412] * 5, [r.text for r in answers]
    stale = next(r for r in answers if r.status_code == 412).json()
    assert stale["schemas"] == [ERROR] and stale["status"] == "412"

    # Without If-Match every write lands, one after another.
    async def flip(i: int) -> httpx.Response:
        return await api.patch(
            f"{SCIM}/Users/{user['id']}",
            json={
                "schemas": [PATCH_OP],
                "Operations": [{"op": "replace", "value": {"active": i % 2 == 0}}],
            },
            headers=bearer(token),
        )

    flips = await asyncio.gather(*(flip(i) for i in range(6)))
    assert all(r.status_code == 200 for r in flips), [r.text for r in flips]
    final = (await api.get(f"{SCIM}/Users/{user['id']}", headers=bearer(token))).json()
    assert final["active"] in (True, False) and final["meta"]["version"] != etag


async def test_concurrent_group_pushes_of_one_organization_get_documented_answers(
    api: httpx.AsyncClient, org_a: Tenant
) -> None:
    token = await scim_token(api, org_a)
    for group, role in (("Managers", "manager"), ("Admins", "admin")):
        mapped = await api.post(
            "/v1/scim-group-mappings", json={"group": group, "role": role}, headers=org_a.headers
        )
        assert mapped.status_code == 201, mapped.text
    people = [await create_user(api, token, f"p{i}@northstar.example") for i in range(6)]

    # The same group pushed by two workers at once: one is created, the others are told.
    async def create(name: str) -> httpx.Response:
        return await api.post(
            f"{SCIM}/Groups", json={"schemas": [GROUP], "displayName": name}, headers=bearer(token)
        )

    made = await asyncio.gather(*(create("Managers") for _ in range(4)))
    assert sorted(r.status_code for r in made) == [201, 409, 409, 409], [r.text for r in made]
    assert all(r.json()["scimType"] == "uniqueness" for r in made if r.status_code == 409)
    managers = next(r for r in made if r.status_code == 201).json()["id"]
    admins = (await create("Admins")).json()["id"]

    # Okta adds members one PATCH at a time, concurrently: every one lands.
    async def add(gid: str, member_id: str) -> httpx.Response:
        return await api.patch(
            f"{SCIM}/Groups/{gid}",
            json={
                "schemas": [PATCH_OP],
                "Operations": [{"op": "add", "path": "members", "value": [{"value": member_id}]}],
            },
            headers=bearer(token),
        )

    added = await asyncio.gather(*(add(managers, p["id"]) for p in people))
    assert all(r.status_code == 200 for r in added), [r.text for r in added]
    group = (await api.get(f"{SCIM}/Groups/{managers}", headers=bearer(token))).json()
    assert sorted(m["value"] for m in group["members"]) == sorted(p["id"] for p in people)

    # Two groups swapping members at once lock the same members in opposite roles: each PUT
    # is applied whole (200) or refused whole (409), never half and never a 500.
    def put(gid: str, name: str, members: list[dict[str, Any]]) -> Awaitable[httpx.Response]:
        body = {"schemas": [GROUP], "displayName": name, "members": members}
        return api.put(f"{SCIM}/Groups/{gid}", json=body, headers=bearer(token))

    low = [{"value": p["id"]} for p in people[:3]]
    high = [{"value": p["id"]} for p in people[3:]]
    swaps = await asyncio.gather(
        put(managers, "Managers", low),
        put(admins, "Admins", high),
        put(managers, "Managers", high),
        put(admins, "Admins", low),
    )
    assert {r.status_code for r in swaps} <= {200, 409}, [r.text for r in swaps]
    assert all(r.json()["detail"] for r in swaps if r.status_code == 409), "a refusal says why"

    # Whatever won, every member's role is the one its groups grant now.
    async def members_of(gid: str) -> set[str]:
        group = (await api.get(f"{SCIM}/Groups/{gid}", headers=bearer(token))).json()
        return {m["value"] for m in group["members"]}

    in_admins, in_managers = await members_of(admins), await members_of(managers)
    for p in people:
        role = (await api.get(f"/v1/members/{p['id']}", headers=org_a.headers)).json()["role"]
        granted = {"admin"} if p["id"] in in_admins else set()
        granted |= {"manager"} if p["id"] in in_managers else set()
        assert role in (granted or {"viewer"}), (p["id"], role, granted)


# --- RFC 7644's own examples ------------------------------------------------------------------


async def test_the_rfc_patch_examples(api: httpx.AsyncClient, org_a: Tenant) -> None:
    token = await scim_token(api, org_a)
    user = await create_user(api, token, "babs@example.com")
    # §3.5.2.1, an add without a path: the value's attributes are added.
    added = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [
                {
                    "op": "add",
                    "value": {
                        "emails": [{"value": "babs@jensen.org", "type": "home"}],
                        "nickname": "Babs",
                    },
                }
            ],
        },
        headers=bearer(token),
    )
    assert added.status_code == 200 and added.json()["userName"] == "babs@example.com"
    # §3.5.2.3, replace a sub-attribute; §3.5.2.2, remove an attribute.
    replaced = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={
            "schemas": [PATCH_OP],
            "Operations": [
                {"op": "replace", "path": "name.familyName", "value": "Jensen"},
                {"op": "add", "path": "externalId", "value": "701984"},
                {"op": "remove", "path": "externalId"},
                {
                    "op": "replace",
                    "path": "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
                    "value": "Barbara",
                },
            ],
        },
        headers=bearer(token),
    )
    body = replaced.json()
    assert replaced.status_code == 200, replaced.text
    assert body["name"]["givenName"] == "Barbara" and body["name"]["familyName"] == "Jensen"
    assert "externalId" not in body
    malformed = await api.patch(
        f"{SCIM}/Users/{user['id']}",
        json={"schemas": [PATCH_OP], "Operations": [{"op": "move"}]},
        headers=bearer(token),
    )
    assert malformed.status_code == 400 and malformed.json()["scimType"] == "invalidSyntax"
    stale = await api.put(
        f"{SCIM}/Users/{user['id']}",
        json={"schemas": [USER], "userName": "babs@example.com"},
        headers={**bearer(token), "If-Match": 'W/"stale"'},
    )
    assert stale.status_code == 412
