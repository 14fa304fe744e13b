"""The caller's organization, sub-organizations (imprints) and `auditoryx org create`."""

from __future__ import annotations

import asyncio

import psycopg

from tests.support.commands import run_cli


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def acting_as(tenant, org_id: str) -> dict[str, str]:
    return {**tenant.headers, "AuditoryX-Organization": org_id}


async def create_child(api, headers, name="Imprint", **body):
    r = await api.post("/v1/organizations", json={"name": name, **body}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def audit_text(api, tenant) -> str:
    return (await api.get("/v1/audit-events?limit=100", headers=tenant.headers)).text


# --- /v1/organization -----------------------------------------------------------------------


async def test_get_and_change_own_organization(api, org_a):
    r = await api.get("/v1/organization", headers=org_a.headers)
    assert r.status_code == 200
    org = r.json()
    assert (org["id"], org["name"], org["plan"], org["region"]) == (
        org_a.id, "Northstar Records", "label_enterprise", "eu",
    )  # fmt: skip
    assert (org["parent_id"], org["sandbox"], org["object"]) == (None, False, "organization")

    r = await api.patch(
        "/v1/organization",
        json={"name": "Northstar Music", "region": "uk", "settings": {"brand": "#112233"}},
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["region"], r.json()["settings"]) == (
        "Northstar Music", "uk", {"brand": "#112233"},
    )  # fmt: skip
    assert (await api.get("/v1/organization", headers=org_a.headers)).json() == r.json()


INVALID_CHANGES = [
    ({"plan": "white_label"}, "plan"),  # the plan is not the customer's to change
    ({"region": "mars"}, "region"),
    ({"name": ""}, "name"),
    ({"name": "n" * 201}, "name"),
    ({"settings": "dark"}, "settings"),
    ({"parent_id": "org_01m85hmjyp418fa700g40x75j2"}, "parent_id"),
    ({"id": "org_01m85hmjyp418fa700g40x75j2"}, "id"),
]


async def test_invalid_changes_are_422_and_write_nothing(api, org_a, subtests):
    before = (await api.get("/v1/organization", headers=org_a.headers)).json()
    audit_before = await audit_text(api, org_a)
    for body, param in INVALID_CHANGES:
        with subtests.test(str(body)):
            r = await api.patch("/v1/organization", json=body, headers=org_a.headers)
            assert r.status_code == 422, r.text
            assert r.json()["param"] == param
    assert (await api.get("/v1/organization", headers=org_a.headers)).json() == before
    assert await audit_text(api, org_a) == audit_before


# --- /v1/organizations ----------------------------------------------------------------------


async def test_create_list_get_and_change_sub_organizations(api, org_a):
    child = await create_child(api, org_a.headers, name="Northstar Jazz")
    assert (child["parent_id"], child["plan"], child["region"]) == (
        org_a.id, "label_enterprise", "eu",
    )  # fmt: skip
    other = await create_child(
        api, org_a.headers, name="Northstar Pop", plan="studio_pro", region="us"
    )
    assert (other["plan"], other["region"]) == ("studio_pro", "us")
    grandchild = await create_child(api, acting_as(org_a, child["id"]), name="Jazz Reissues")
    assert grandchild["parent_id"] == child["id"]

    listing = (await api.get("/v1/organizations", headers=org_a.headers)).json()
    assert {o["id"] for o in listing["data"]} == {child["id"], other["id"], grandchild["id"]}
    assert org_a.id not in {o["id"] for o in listing["data"]}
    # Acting as the child, only its own descendants are listed.
    as_child = (await api.get("/v1/organizations", headers=acting_as(org_a, child["id"]))).json()
    assert [o["id"] for o in as_child["data"]] == [grandchild["id"]]

    paged = (await api.get("/v1/organizations?limit=2", headers=org_a.headers)).json()
    assert len(paged["data"]) == 2 and paged["has_more"] is True

    r = await api.get(f"/v1/organizations/{grandchild['id']}", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["name"] == "Jazz Reissues"

    r = await api.patch(
        f"/v1/organizations/{grandchild['id']}", json={"name": "Jazz Vault"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Jazz Vault"
    r = await api.get("/v1/organization", headers=acting_as(org_a, grandchild["id"]))
    assert r.json()["name"] == "Jazz Vault"

    # The caller's own organization is not one of its sub-organizations.
    assert (
        await api.get(f"/v1/organizations/{org_a.id}", headers=org_a.headers)
    ).status_code == 404


INVALID_CHILDREN = [
    ({}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "X", "plan": "free"}, "plan"),
    ({"name": "X", "region": "moon"}, "region"),
    ({"name": "X", "parent_id": "org_01m85hmjyp418fa700g40x75j2"}, "parent_id"),
]


async def test_invalid_sub_organizations_are_422_and_write_nothing(api, org_a, subtests):
    audit_before = await audit_text(api, org_a)
    for body, param in INVALID_CHILDREN:
        with subtests.test(str(body)):
            r = await api.post("/v1/organizations", json=body, headers=org_a.headers)
            assert r.status_code == 422, r.text
            assert r.json()["param"] == param
    assert (await api.get("/v1/organizations", headers=org_a.headers)).json()["data"] == []
    assert await audit_text(api, org_a) == audit_before


async def test_hierarchy_depth_is_limited(api, org_a):
    parent = org_a.id
    for level in range(3):
        parent = (await create_child(api, acting_as(org_a, parent), name=f"Level {level}"))["id"]
    r = await api.post(
        "/v1/organizations", json={"name": "Too deep"}, headers=acting_as(org_a, parent)
    )
    assert r.status_code == 422, r.text


async def test_a_childs_data_stays_in_the_child(api, org_a):
    child = (await create_child(api, org_a.headers))["id"]
    r = await api.post(
        "/v1/members",
        json={"email": "jazz@northstar.example", "name": "Jazz", "role": "viewer"},
        headers=acting_as(org_a, child),
    )
    member = r.json()["id"]
    r = await api.post(
        "/v1/roles", json={"name": "jazz", "permissions": []}, headers=acting_as(org_a, child)
    )
    role = r.json()["id"]
    for path in ("/v1/members", "/v1/roles", "/v1/audit-events?limit=100"):
        assert member not in (await api.get(path, headers=org_a.headers)).text
        assert role not in (await api.get(path, headers=org_a.headers)).text
    assert (await api.get(f"/v1/members/{member}", headers=org_a.headers)).status_code == 404
    assert member in (await api.get("/v1/members", headers=acting_as(org_a, child))).text


async def test_a_child_key_cannot_see_or_change_its_parent_or_siblings(api, org_a):
    child = (await create_child(api, org_a.headers, name="Jazz"))["id"]
    sibling = (await create_child(api, org_a.headers, name="Pop"))["id"]
    r = await api.post("/v1/api-keys", json={"name": "jazz"}, headers=acting_as(org_a, child))
    child_key = bearer(r.json()["secret"])
    parent_before = (await api.get("/v1/organization", headers=org_a.headers)).json()

    assert (await api.get("/v1/organization", headers=child_key)).json()["id"] == child
    assert (await api.get("/v1/organizations", headers=child_key)).json()["data"] == []
    for target in (org_a.id, sibling):
        r = await api.get(f"/v1/organizations/{target}", headers=child_key)
        assert r.status_code == 404, r.text
        r = await api.patch(
            f"/v1/organizations/{target}", json={"name": "Taken over"}, headers=child_key
        )
        assert r.status_code == 404, r.text
    members = (await api.get("/v1/members", headers=child_key)).text
    assert org_a.bootstrap.owner.id not in members
    assert (await api.get("/v1/organization", headers=org_a.headers)).json() == parent_before


# --- plans across the hierarchy ----------------------------------------------------------------


async def import_artists(api, headers, count: int, prefix: str) -> dict:
    artists = [{"name": f"{prefix} {i}", "external_ref": f"{prefix}-{i}"} for i in range(count)]
    r = await api.post("/v1/artists/bulk", json={"artists": artists}, headers=headers)
    assert r.status_code == 200, r.text
    summary: dict = r.json()["summary"]
    return summary


async def test_a_sub_organization_never_has_a_higher_plan_than_its_parent(api, org_b):
    """Bluewave is on studio_pro: an imprint on a bigger plan would lift its limits."""
    for plan in ("label_enterprise", "api", "white_label"):
        r = await api.post(
            "/v1/organizations", json={"name": "Loophole", "plan": plan}, headers=org_b.headers
        )
        assert r.status_code == 403, r.text
        assert (r.json()["code"], r.json()["param"]) == ("plan_above_parent", "plan")
    assert (await api.get("/v1/organizations", headers=org_b.headers)).json()["data"] == []
    child = await create_child(api, org_b.headers)
    assert child["plan"] == "studio_pro"
    # Nor is a plan changed through the API once the organization exists.
    for path, headers in (
        ("/v1/organization", acting_as(org_b, child["id"])),
        (f"/v1/organizations/{child['id']}", org_b.headers),
    ):
        r = await api.patch(path, json={"plan": "api"}, headers=headers)
        assert (r.status_code, r.json()["param"]) == (422, "plan"), r.text
    assert (await api.get("/v1/organization", headers=acting_as(org_b, child["id"]))).json()[
        "plan"
    ] == "studio_pro"


async def test_the_artist_limit_of_a_plan_covers_the_organization_and_its_imprints(api, org_b):
    child = await create_child(api, org_b.headers)
    grandchild = await create_child(api, acting_as(org_b, child["id"]))
    assert await import_artists(api, org_b.headers, 10, "root") == {
        "created": 10, "updated": 0, "unchanged": 0, "failed": 0,
    }  # fmt: skip

    into_grandchild = await import_artists(api, acting_as(org_b, grandchild["id"]), 150, "gc")

    assert (into_grandchild["created"], into_grandchild["failed"]) == (15, 135)
    r = await api.post("/v1/artists", json={"name": "One more"}, headers=org_b.headers)
    assert (r.status_code, r.json()["code"]) == (409, "quota_exceeded"), r.text


async def test_concurrent_imports_into_a_tree_stay_within_its_limit(api, org_b):
    children = [await create_child(api, org_b.headers, name=f"Imprint {i}") for i in range(2)]

    results = await asyncio.gather(
        *(
            import_artists(api, acting_as(org_b, child["id"]), 20, f"c{i}")
            for i, child in enumerate(children)
        )
    )

    assert sum(r["created"] for r in results) == 25, results
    assert sum(r["failed"] for r in results) == 15, results


# --- `auditoryx org create` -----------------------------------------------------------------


async def test_cli_org_create_prints_a_working_key_once(api, database_url, tmp_path):
    result = await asyncio.to_thread(
        run_cli,
        database_url,
        tmp_path,
        "org", "create", "--name", "Harbor Sound", "--owner-email", "Boss@Harbor.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    keys = [word for word in result.stdout.split() if word.startswith("ax_")]
    assert len(keys) == 1 and keys[0].startswith("ax_live_")
    headers = bearer(keys[0])

    org = (await api.get("/v1/organization", headers=headers)).json()
    assert (org["name"], org["plan"], org["region"]) == ("Harbor Sound", "label_enterprise", "eu")
    assert org["id"] in result.stdout
    members = (await api.get("/v1/members", headers=headers)).json()["data"]
    assert [(m["email"], m["role"]) for m in members] == [("boss@harbor.example", "owner")]
    listed = await api.get("/v1/api-keys", headers=headers)
    assert keys[0] not in listed.text
    actions = [
        e["action"] for e in (await api.get("/v1/audit-events", headers=headers)).json()["data"]
    ]
    assert sorted(actions) == ["api_key.created", "member.created", "organization.created"]


async def test_cli_org_create_refuses_bad_input_and_writes_nothing(
    api, database_url, owner_conninfo, tmp_path
):
    bad = [
        ["--name", "Nameless", "--owner-email", "not-an-address"],
        ["--name", " ", "--owner-email", "a@b.example"],
        ["--name", "n" * 201, "--owner-email", "a@b.example"],
    ]
    results = await asyncio.gather(
        *(
            asyncio.to_thread(run_cli, database_url, tmp_path, "org", "create", *argv)
            for argv in bad
        )
    )
    for argv, result in zip(bad, results, strict=True):
        assert result.returncode == 2, (argv, result.stdout + result.stderr)
        assert "ax_" not in result.stdout
        assert "Traceback" not in result.stderr
        assert "auditoryx org create:" in result.stderr
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute("SELECT count(*) FROM organizations").fetchone()
    assert row is not None and row[0] == 0


async def test_cli_org_set_plan_is_the_only_way_to_change_a_plan(
    api, org_b, database_url, tmp_path
):
    child = await create_child(api, org_b.headers)

    above_parent = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "org", "set-plan", child["id"], "label_enterprise"
    )
    assert above_parent.returncode == 2, above_parent.stdout + above_parent.stderr
    assert "parent" in above_parent.stderr
    root = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "org", "set-plan", org_b.id, "label_enterprise"
    )
    assert root.returncode == 0, root.stdout + root.stderr
    lifted = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "org", "set-plan", child["id"], "label_enterprise"
    )
    assert lifted.returncode == 0, lifted.stdout + lifted.stderr
    below_child = await asyncio.to_thread(
        run_cli, database_url, tmp_path, "org", "set-plan", org_b.id, "studio_pro"
    )
    assert below_child.returncode == 2, below_child.stdout + below_child.stderr
    assert child["id"] in below_child.stderr

    assert (await api.get("/v1/organization", headers=org_b.headers)).json()["plan"] == (
        "label_enterprise"
    )
    assert "organization.plan_changed" in await audit_text(api, org_b)
