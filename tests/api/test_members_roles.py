"""Members and custom roles: CRUD, validation, and the rules about owners and grants."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy.permissions import ALL_PERMISSIONS
from tests.support.harness import issue_api_key
from tests.support.locks import waiting_for_a_lock


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def add_member(api, headers, email, role="viewer", name="Someone"):
    r = await api.post(
        "/v1/members", json={"email": email, "name": name, "role": role}, headers=headers
    )
    assert r.status_code == 201, r.text
    return r.json()


async def key_issued_by(
    sessionmaker, tenant, member_id: str, permissions: list[str] | None = None
) -> str:
    """A key issued by ``member_id`` (the API mints keys for the caller's own member only)."""
    return await issue_api_key(
        sessionmaker, tenant.id, created_by=member_id, permissions=permissions, name="member key"
    )


async def state(api, tenant) -> tuple[str, str]:
    """Everything a failed request must leave untouched: the member list and the audit log."""
    members = await api.get("/v1/members?limit=100", headers=tenant.headers)
    audit = await api.get("/v1/audit-events?limit=100", headers=tenant.headers)
    return members.text, audit.text


# --- members --------------------------------------------------------------------------------


async def test_member_crud(api, org_a):
    h = org_a.headers
    created = await add_member(api, h, "Ana@Northstar.example", role="coordinator", name="Ana")
    assert created["email"] == "ana@northstar.example"
    assert created["role"] == "coordinator"
    assert created["status"] == "active"
    assert created["id"].startswith("mem_")

    r = await api.get(f"/v1/members/{created['id']}", headers=h)
    assert r.status_code == 200
    assert r.json() == created

    listing = (await api.get("/v1/members", headers=h)).json()
    assert {m["email"] for m in listing["data"]} == {
        "ana@northstar.example",
        "owner@northstar.example",
    }

    r = await api.patch(
        f"/v1/members/{created['id']}",
        json={"name": "Ana B.", "role": "manager", "status": "disabled"},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["role"], r.json()["status"]) == (
        "Ana B.",
        "manager",
        "disabled",
    )

    searched = (await api.get("/v1/members", params={"q": "ana b"}, headers=h)).json()["data"]
    assert [m["id"] for m in searched] == [created["id"]]
    by_role = (await api.get("/v1/members", params={"role": "owner"}, headers=h)).json()["data"]
    assert [m["id"] for m in by_role] == [org_a.bootstrap.owner.id]

    assert (await api.delete(f"/v1/members/{created['id']}", headers=h)).status_code == 204
    r = await api.get(f"/v1/members/{created['id']}", headers=h)
    assert r.status_code == 404
    assert r.json()["code"] == "resource_missing"


async def test_member_list_pages(api, org_a):
    for i in range(4):
        await add_member(api, org_a.headers, f"p{i}@northstar.example")
    first = (await api.get("/v1/members?limit=3", headers=org_a.headers)).json()
    assert len(first["data"]) == 3 and first["has_more"] is True
    rest = (
        await api.get(
            f"/v1/members?limit=3&starting_after={first['data'][-1]['id']}", headers=org_a.headers
        )
    ).json()
    assert len(rest["data"]) == 2 and rest["has_more"] is False
    ids = [m["id"] for m in first["data"] + rest["data"]]
    assert len(set(ids)) == 5


INVALID_REQUESTS = [
    (
        "post",
        "/v1/members",
        {"email": "a@b.example", "name": "A", "role": "viewer", "admin": True},
        "admin",
    ),
    ("post", "/v1/members", {"email": "a@b.example", "name": "A" * 201, "role": "viewer"}, "name"),
    ("post", "/v1/members", {"email": "a@b.example", "name": "", "role": "viewer"}, "name"),
    ("post", "/v1/members", {"email": "not-an-email", "name": "A", "role": "viewer"}, "email"),
    ("post", "/v1/members", {"name": "A", "role": "viewer"}, "email"),
    ("post", "/v1/members", {"email": "a@b.example", "name": "A", "role": "r" * 41}, "role"),
    ("post", "/v1/members", {"email": "a@b.example", "name": "A", "role": "superuser"}, "role"),
    (
        "post",
        "/v1/members",
        {"email": "a@b.example", "name": "A", "role": "rol_00000000000000000000000000"},
        "role",
    ),
    ("patch", "/v1/members/{owner}", {"status": "suspended"}, "status"),
    ("patch", "/v1/members/{owner}", {"email": "new@b.example"}, "email"),
    ("patch", "/v1/members/nope", {"name": "X"}, "id"),
    ("get", "/v1/members/nope", None, "id"),
    ("delete", "/v1/members/mem_123", None, "id"),
    ("get", "/v1/members?limit=0", None, "limit"),
    ("get", "/v1/members?starting_after=x", None, "starting_after"),
    ("post", "/v1/roles", {"name": "Loud Name!", "permissions": []}, "name"),
    ("post", "/v1/roles", {"name": "x" * 81, "permissions": []}, "name"),
    ("post", "/v1/roles", {"name": "ok", "permissions": ["bookings:fly"]}, "permissions"),
    ("post", "/v1/roles", {"name": "ok"}, "permissions"),
    ("post", "/v1/roles", {"name": "ok", "permissions": [], "builtin": True}, "builtin"),
    ("patch", "/v1/roles/rol_nope", {"name": "x"}, "id"),
    ("delete", "/v1/roles/mem_01m85hmjyp418fa700g40x75j2", None, "id"),
]


async def test_invalid_requests_are_422_naming_the_field_and_write_nothing(api, org_a, subtests):
    before = await state(api, org_a)
    for method, path, body, param in INVALID_REQUESTS:
        with subtests.test(f"{method.upper()} {path} {body}"):
            kwargs = {"json": body} if body is not None else {}
            url = path.replace("{owner}", org_a.bootstrap.owner.id)
            r = await api.request(method.upper(), url, headers=org_a.headers, **kwargs)
            assert r.status_code == 422, r.text
            assert r.headers["content-type"].startswith("application/problem+json")
            assert r.json()["param"] == param
    assert await state(api, org_a) == before


async def test_duplicate_email_is_409_whatever_the_case(api, org_a):
    await add_member(api, org_a.headers, "dup@northstar.example")
    before = await state(api, org_a)
    r = await api.post(
        "/v1/members",
        json={"email": "DUP@northstar.example", "name": "Again", "role": "viewer"},
        headers=org_a.headers,
    )
    assert r.status_code == 409, r.text
    assert (r.json()["code"], r.json()["param"]) == ("member_exists", "email")
    assert await state(api, org_a) == before


async def test_the_same_person_may_be_a_member_of_two_organizations(api, org_a, org_b):
    await add_member(api, org_a.headers, "freelance@studio.example")
    await add_member(api, org_b.headers, "freelance@studio.example")


# --- owners ---------------------------------------------------------------------------------


async def test_only_an_owner_grants_or_removes_the_owner_role(api, org_a, sessionmaker):
    owner = org_a.bootstrap.owner.id
    admin = await add_member(api, org_a.headers, "admin@northstar.example", role="admin")
    admin_key = bearer(await key_issued_by(sessionmaker, org_a, admin["id"]))
    second_owner = await add_member(api, org_a.headers, "co@northstar.example", role="owner")
    before = await state(api, org_a)

    attempts = [
        ("POST", "/v1/members", {"email": "x@northstar.example", "name": "X", "role": "owner"}),
        ("PATCH", f"/v1/members/{admin['id']}", {"role": "owner"}),
        ("PATCH", f"/v1/members/{owner}", {"role": "admin"}),
        ("PATCH", f"/v1/members/{second_owner['id']}", {"status": "disabled"}),
        ("DELETE", f"/v1/members/{second_owner['id']}", None),
    ]
    for method, path, body in attempts:
        kwargs = {"json": body} if body is not None else {}
        r = await api.request(method, path, headers=admin_key, **kwargs)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["code"] == "permission_denied"
    assert await state(api, org_a) == before

    # The admin still manages everyone else.
    r = await api.patch(f"/v1/members/{owner}", json={"name": "The Owner"}, headers=admin_key)
    assert r.status_code == 200, r.text
    viewer = await add_member(api, admin_key, "v@northstar.example")
    assert (await api.delete(f"/v1/members/{viewer['id']}", headers=admin_key)).status_code == 204

    # An owner may do all of the above.
    r = await api.patch(f"/v1/members/{admin['id']}", json={"role": "owner"}, headers=org_a.headers)
    assert r.status_code == 200 and r.json()["role"] == "owner"
    r = await api.patch(
        f"/v1/members/{second_owner['id']}", json={"status": "disabled"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    assert (
        await api.delete(f"/v1/members/{second_owner['id']}", headers=org_a.headers)
    ).status_code == 204


@pytest.mark.parametrize(
    ("method", "body"),
    [("PATCH", {"role": "admin"}), ("PATCH", {"status": "disabled"}), ("DELETE", None)],
)
async def test_the_last_owner_stays(api, org_a, method, body):
    owner = org_a.bootstrap.owner.id
    before = await state(api, org_a)
    kwargs = {"json": body} if body is not None else {}
    r = await api.request(method, f"/v1/members/{owner}", headers=org_a.headers, **kwargs)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "last_owner"
    assert await state(api, org_a) == before

    # With a second owner the first may step down.
    await add_member(api, org_a.headers, "heir@northstar.example", role="owner")
    r = await api.request(method, f"/v1/members/{owner}", headers=org_a.headers, **kwargs)
    assert r.status_code == {"PATCH": 200, "DELETE": 204}[method], r.text


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    api, org_a, sessionmaker, owner_conninfo
):
    """Both requests check "another owner is left" while the other is still in flight: the
    audit log is held against writes, so neither can commit until both have got as far as they
    can."""
    first = org_a.bootstrap.owner.id
    second = (await add_member(api, org_a.headers, "co@northstar.example", role="owner"))["id"]
    second_key = bearer(await key_issued_by(sessionmaker, org_a, second))
    with psycopg.connect(owner_conninfo) as lock:
        lock.execute("LOCK TABLE audit_events IN SHARE MODE")
        requests = asyncio.gather(
            api.patch(f"/v1/members/{second}", json={"role": "admin"}, headers=org_a.headers),
            api.patch(f"/v1/members/{first}", json={"role": "admin"}, headers=second_key),
        )
        await waiting_for_a_lock(owner_conninfo, 2)
        lock.rollback()
        results = await asyncio.wait_for(requests, timeout=15)
    assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]
    assert "last_owner" in results[0].text + results[1].text
    owners = (await api.get("/v1/members", params={"role": "owner"}, headers=second_key)).json()
    assert len(owners["data"]) == 1, owners


async def test_a_key_cannot_grant_a_role_wider_than_itself(api, org_a):
    r = await api.post(
        "/v1/api-keys",
        json={"name": "hr", "permissions": ["members:read", "members:write"]},
        headers=org_a.headers,
    )
    hr = bearer(r.json()["secret"])
    before = await state(api, org_a)
    r = await api.post(
        "/v1/members",
        json={"email": "v@northstar.example", "name": "V", "role": "viewer"},
        headers=hr,
    )
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "missing_permission"
    assert r.json()["missing_permission"] in r.json()["detail"]
    assert await state(api, org_a) == before


# --- custom roles ---------------------------------------------------------------------------


async def test_custom_role_crud_and_use(api, org_a):
    h = org_a.headers
    r = await api.post(
        "/v1/roles",
        json={
            "name": "session engineer",
            "description": "Books and reads sessions",
            "permissions": ["bookings:write", "bookings:read", "bookings:read"],
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    role = r.json()
    assert role["permissions"] == ["bookings:read", "bookings:write"]
    assert role["builtin"] is False

    listing = (await api.get("/v1/roles", headers=h)).json()["data"]
    assert [x["name"] for x in listing if x["builtin"]] == [
        "owner", "admin", "manager", "coordinator", "artist", "viewer",
    ]  # fmt: skip
    assert [x["id"] for x in listing if not x["builtin"]] == [role["id"]]
    assert (await api.get(f"/v1/roles/{role['id']}", headers=h)).json() == role
    catalog = (await api.get("/v1/permissions", headers=h)).json()["data"]
    assert {p["name"] for p in catalog} == set(ALL_PERMISSIONS)
    assert all(p["description"] for p in catalog)

    r = await api.patch(
        f"/v1/roles/{role['id']}", json={"permissions": ["bookings:read"]}, headers=h
    )
    assert r.status_code == 200 and r.json()["permissions"] == ["bookings:read"]

    member = await add_member(api, h, "eng@northstar.example", role=role["id"])
    assert member["role"] == role["id"]
    r = await api.delete(f"/v1/roles/{role['id']}", headers=h)
    assert r.status_code == 409
    assert r.json()["code"] == "role_in_use"
    assert (await api.get(f"/v1/roles/{role['id']}", headers=h)).status_code == 200

    await api.patch(f"/v1/members/{member['id']}", json={"role": "viewer"}, headers=h)
    assert (await api.delete(f"/v1/roles/{role['id']}", headers=h)).status_code == 204
    assert (await api.get(f"/v1/roles/{role['id']}", headers=h)).status_code == 404


@pytest.mark.parametrize("name", ["engineer", "owner"])
async def test_role_names_are_unique_and_builtins_reserved(api, org_a, name):
    await api.post("/v1/roles", json={"name": "engineer", "permissions": []}, headers=org_a.headers)
    before = await state(api, org_a)
    r = await api.post("/v1/roles", json={"name": name, "permissions": []}, headers=org_a.headers)
    assert r.status_code == 409, r.text
    assert (r.json()["code"], r.json()["param"]) == ("role_exists", "name")
    assert await state(api, org_a) == before


async def test_renaming_a_role_onto_another_is_409(api, org_a):
    h = org_a.headers
    await api.post("/v1/roles", json={"name": "one", "permissions": []}, headers=h)
    two = (await api.post("/v1/roles", json={"name": "two", "permissions": []}, headers=h)).json()
    r = await api.patch(f"/v1/roles/{two['id']}", json={"name": "one"}, headers=h)
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "role_exists"
    assert (await api.get(f"/v1/roles/{two['id']}", headers=h)).json()["name"] == "two"


async def test_a_role_cannot_carry_permissions_its_creator_lacks(api, org_a):
    r = await api.post(
        "/v1/api-keys",
        json={"name": "roles", "permissions": ["roles:read", "roles:write", "bookings:read"]},
        headers=org_a.headers,
    )
    key = bearer(r.json()["secret"])
    r = await api.post(
        "/v1/roles", json={"name": "sneaky", "permissions": ["bookings:write"]}, headers=key
    )
    assert r.status_code == 403, r.text
    assert r.json()["missing_permission"] == "bookings:write"
    ok = await api.post(
        "/v1/roles", json={"name": "fine", "permissions": ["bookings:read"]}, headers=key
    )
    assert ok.status_code == 201
    r = await api.patch(
        f"/v1/roles/{ok.json()['id']}", json={"permissions": ["api_keys:write"]}, headers=key
    )
    assert r.status_code == 403
    assert r.json()["missing_permission"] == "api_keys:write"


async def test_another_organizations_role_cannot_be_assigned(api, org_a, org_b):
    role_b = (
        await api.post(
            "/v1/roles", json={"name": "b-only", "permissions": []}, headers=org_b.headers
        )
    ).json()
    r = await api.post(
        "/v1/members",
        json={"email": "x@northstar.example", "name": "X", "role": role_b["id"]},
        headers=org_a.headers,
    )
    assert r.status_code == 422, r.text
    assert r.json()["param"] == "role"


async def test_a_keys_permissions_decide_not_its_members_role(api, org_a, sessionmaker):
    """Keys are the only credential: what a key may do was fixed when it was made."""
    r = await api.post(
        "/v1/roles",
        json={"name": "listener", "permissions": ["bookings:read"]},
        headers=org_a.headers,
    )
    member = await add_member(api, org_a.headers, "ear@northstar.example", role=r.json()["id"])
    key = bearer(await key_issued_by(sessionmaker, org_a, member["id"], ["members:read"]))
    assert (await api.get("/v1/members", headers=key)).status_code == 200
    r = await api.get("/v1/bookings", headers=key)
    assert r.status_code == 403
    assert r.json()["missing_permission"] == "bookings:read"


async def test_a_duplicate_does_not_spoil_the_rest_of_the_transaction(api, org_a, sessionmaker):
    """A caller adding many members (a roster import) can skip a duplicate and go on."""
    from domain.errors import Conflict
    from domain.tenancy import members

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        with pytest.raises(Conflict):
            await members.add_member(
                session,
                organization_id=org_a.id,
                email=org_a.bootstrap.owner.email,
                name="Again",
                role="viewer",
                actor=Actor.system("import"),
            )
        await members.add_member(
            session,
            organization_id=org_a.id,
            email="next@northstar.example",
            name="Next",
            role="viewer",
            actor=Actor.system("import"),
        )
    listing = (await api.get("/v1/members", headers=org_a.headers)).text
    assert "next@northstar.example" in listing


# --- disabled members -----------------------------------------------------------------------


async def test_a_disabled_members_keys_act_for_nobody(api, org_a, sessionmaker):
    """Disabling a member stops every key they issued at the door (401 on every route), so a
    disabled owner can neither decide approvals nor re-enable themselves; re-enabling them (by
    another owner) lets their keys act again, and removing them ends the keys for good."""
    ana = await add_member(api, org_a.headers, "ana@northstar.example", role="owner")
    ana_key = bearer(await key_issued_by(sessionmaker, org_a, ana["id"]))
    assert (await api.get("/v1/organization", headers=ana_key)).status_code == 200
    r = await api.patch(
        f"/v1/members/{ana['id']}", json={"status": "disabled"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    before = await state(api, org_a)

    attempts = [
        ("GET", "/v1/organization", None),
        ("GET", "/v1/members", None),
        ("PATCH", f"/v1/members/{ana['id']}", {"status": "active"}),
        ("POST", "/v1/approvals/apr_01jz000000000000000000000/decisions", {"decision": "approve"}),
        ("POST", "/v1/api-keys", {"name": "spare"}),
    ]
    for method, path, body in attempts:
        kwargs = {"json": body} if body is not None else {}
        r = await api.request(method, path, headers=ana_key, **kwargs)
        assert r.status_code == 401, (method, path, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["code"] == "member_disabled", r.text
    assert await state(api, org_a) == before

    r = await api.patch(
        f"/v1/members/{ana['id']}", json={"status": "active"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    assert (await api.get("/v1/organization", headers=ana_key)).status_code == 200

    assert (await api.delete(f"/v1/members/{ana['id']}", headers=org_a.headers)).status_code == 204
    r = await api.get("/v1/organization", headers=ana_key)
    assert r.status_code == 401 and r.json()["code"] == "member_removed", r.text


async def test_every_listed_role_can_be_fetched_and_builtins_are_read_only(api, org_a):
    listed = (await api.get("/v1/roles", headers=org_a.headers)).json()["data"]
    builtins = [role for role in listed if role["builtin"]]
    assert builtins
    for role in builtins:
        r = await api.get(f"/v1/roles/{role['id']}", headers=org_a.headers)
        assert r.status_code == 200, r.text
        assert r.json() == role
        r = await api.patch(
            f"/v1/roles/{role['id']}", headers=org_a.headers, json={"description": "mine now"}
        )
        assert r.status_code == 409 and r.json()["code"] == "builtin_role", r.text
        r = await api.delete(f"/v1/roles/{role['id']}", headers=org_a.headers)
        assert r.status_code == 409 and r.json()["code"] == "builtin_role", r.text
    r = await api.get("/v1/roles/no-such-role", headers=org_a.headers)
    assert r.status_code == 422 and r.json()["param"] == "id", r.text
    r = await api.get("/v1/roles/rol_00000000000000000000000000", headers=org_a.headers)
    assert r.status_code == 404, r.text
