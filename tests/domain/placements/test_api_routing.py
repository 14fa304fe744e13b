"""The API routes every request to the caller's placement.

What a user would notice: an EU organization's rows are in the EU database and nowhere in the
US one (and the other way round), its sub-organizations and its sandbox live with it, a
dedicated organization's rows are only in its own database, and a region whose database is
down answers 503 for its organizations while the others carry on.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from core.config import PlacementSpec
from core.devstack import free_port
from domain.audit.service import Actor
from domain.placements import directory
from domain.placements.router import PlacementRouter
from domain.tenancy.organizations import Bootstrap, create_organization
from tests.support.placements import mentions


def bearer(bootstrap: Bootstrap) -> dict[str, str]:
    return {"Authorization": f"Bearer {bootstrap.raw_api_key}"}


async def found(router: PlacementRouter, name: str, region: str, **kw: Any) -> Bootstrap:
    return await create_organization(
        router,
        name=name,
        plan="white_label",
        region=region,
        owner_email=f"owner@{name.lower()}.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
        **kw,
    )


async def created(api: httpx.AsyncClient, path: str, headers: dict[str, str], **body: Any) -> str:
    r = await api.post(path, json=body, headers=headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@pytest.fixture
async def placed_api(app_factory, placement_specs, router) -> httpx.AsyncClient:
    return await app_factory(placements=placement_specs)


async def test_each_organizations_rows_live_only_in_its_regions_database(
    placed_api, router, database_url, us_url
) -> None:
    eu = await found(router, "Northstar", "eu")
    us = await found(router, "Harbor", "us")
    eu_artist = await created(placed_api, "/v1/artists", bearer(eu), name="Aurora North")
    us_artist = await created(placed_api, "/v1/artists", bearer(us), name="Bay Harbor")

    # Each reads its own through the API; the other's id does not exist for it.
    for bootstrap, mine, theirs in ((eu, eu_artist, us_artist), (us, us_artist, eu_artist)):
        r = await placed_api.get("/v1/artists", headers=bearer(bootstrap))
        assert [a["id"] for a in r.json()["data"]] == [mine]
        r = await placed_api.get(f"/v1/artists/{theirs}", headers=bearer(bootstrap))
        assert r.status_code == 404
        r = await placed_api.get("/v1/organization", headers=bearer(bootstrap))
        assert r.json()["region"] == bootstrap.organization.region

    # Nothing of the EU organization in the US database, not even a mention.
    assert mentions(us_url, eu.organization.id) == {}
    assert mentions(us_url, "Aurora North") == {}
    us_tables = mentions(us_url, us.organization.id)
    assert {"organizations", "members", "api_keys", "artists", "audit_events"} <= set(us_tables)
    # The EU (control) database knows of the US organization its id and placement only.
    assert mentions(database_url, us.organization.id) == {"organization_placements": 1}
    assert mentions(database_url, "Bay Harbor") == {}


async def test_sub_organizations_and_the_sandbox_live_with_their_parent(
    placed_api, router, database_url, us_url
) -> None:
    us = await found(router, "Harbor", "us")
    # A sub-organization in the parent's region, and refused in another.
    child = await created(placed_api, "/v1/organizations", bearer(us), name="Harbor Pop")
    r = await placed_api.post(
        "/v1/organizations", json={"name": "Harbor Euro", "region": "eu"}, headers=bearer(us)
    )
    assert r.status_code == 422, r.text
    assert (r.json()["code"], r.json()["param"], r.json()["parent_region"]) == (
        "region_differs_from_parent",
        "region",
        "us",
    )
    same = await created(
        placed_api, "/v1/organizations", bearer(us), name="Harbor West", region="us"
    )
    # Changing a region is a move, not a PATCH.
    r = await placed_api.patch("/v1/organization", json={"region": "eu"}, headers=bearer(us))
    assert (r.status_code, r.json()["code"]) == (409, "region_change_needs_move")
    r = await placed_api.patch(
        f"/v1/organizations/{child}", json={"region": "eu"}, headers=bearer(us)
    )
    assert (r.status_code, r.json()["code"]) == (409, "region_change_needs_move")

    # Acting as the child writes into the US database.
    as_child = {**bearer(us), "AuditoryX-Organization": child}
    artist = await created(placed_api, "/v1/artists", as_child, name="Imprint Artist")
    assert await directory.placement_of(router, child) == "us"
    assert await directory.placement_of(router, same) == "us"

    # A test-mode key acts on the sandbox twin, created in the US database and routed there.
    key = await placed_api.post(
        "/v1/api-keys", json={"name": "sandbox", "mode": "test"}, headers=bearer(us)
    )
    assert key.status_code == 201, key.text
    sandbox_headers = {"Authorization": f"Bearer {key.json()['secret']}"}
    sandbox = (await placed_api.get("/v1/organization", headers=sandbox_headers)).json()
    assert sandbox["sandbox"] is True
    await created(placed_api, "/v1/artists", sandbox_headers, name="Sandbox Artist")
    assert await directory.placement_of(router, sandbox["id"]) == "us"

    for org_id in (child, same, sandbox["id"]):
        assert set(mentions(database_url, org_id)) == {"organization_placements"}, org_id
    assert "artists" in mentions(us_url, artist)
    assert "artists" in mentions(us_url, "Sandbox Artist")
    assert mentions(database_url, "Imprint Artist") == {}


async def test_concurrent_sub_organizations_of_one_parent_are_all_routed_with_it(
    placed_api, router, us_url
) -> None:
    us = await found(router, "Harbor", "us")

    async def make(n: int) -> httpx.Response:
        return await placed_api.post(
            "/v1/organizations", json={"name": f"Imprint {n}"}, headers=bearer(us)
        )

    answers = await asyncio.gather(*(make(n) for n in range(8)))
    assert sorted(r.status_code for r in answers) == [201] * 8, [r.text for r in answers]
    for r in answers:
        assert await directory.placement_of(router, r.json()["id"]) == "us"
        assert "organizations" in mentions(us_url, r.json()["id"])
    listed = await placed_api.get("/v1/organizations", headers=bearer(us))
    assert len(listed.json()["data"]) == 8


async def test_a_dedicated_organization_lives_only_in_its_own_database(
    placed_api, router, database_url, us_url, acme_url, owner_url
) -> None:
    acme = await found(router, "Acme", "eu", placement="acme")
    artist = await created(placed_api, "/v1/artists", bearer(acme), name="Acme Artist")
    r = await placed_api.get(f"/v1/artists/{artist}", headers=bearer(acme))
    assert r.status_code == 200
    assert "artists" in mentions(owner_url(acme_url), acme.organization.id)
    assert mentions(us_url, acme.organization.id) == {}
    assert mentions(database_url, acme.organization.id) == {"organization_placements": 1}
    assert mentions(database_url, "Acme Artist") == {}
    # A dedicated placement is named for its region; one of another region is refused.
    with pytest.raises(Exception) as refused:
        await found(router, "Wrong", "us", placement="acme")
    assert getattr(refused.value, "code", None) == "placement_in_other_region"
    with pytest.raises(Exception) as refused:
        await found(router, "Nowhere", "eu", placement="nowhere")
    assert getattr(refused.value, "code", None) == "placement_unknown"


async def test_a_region_whose_database_is_down_answers_503_for_its_organizations_only(
    app_factory, placement_specs, router
) -> None:
    eu = await found(router, "Northstar", "eu")
    us = await found(router, "Harbor", "us")
    acme = await found(router, "Acme", "eu", placement="acme")
    down = make_url(placement_specs["us"].url).set(port=free_port()).render_as_string(False)
    api = await app_factory(
        placements={**placement_specs, "us": PlacementSpec(url=down, region="us")}
    )
    r = await api.get("/v1/artists", headers=bearer(us))
    assert (r.status_code, r.json()["code"]) == (503, "database_unavailable")
    # A key of no placement cannot be told apart from one of the placement that is down.
    r = await api.get("/v1/artists", headers={"Authorization": "Bearer ax_live_nope"})
    assert r.status_code in (401, 503)
    for bootstrap in (eu, acme):
        r = await api.get("/v1/artists", headers=bearer(bootstrap))
        assert r.status_code == 200, r.text
        await created(api, "/v1/artists", bearer(bootstrap), name="Still Working")


async def test_one_placement_changes_nothing_for_a_deployment_without_placements(
    app_factory, make_tenant, sessionmaker
) -> None:
    api = await app_factory()
    tenant = await make_tenant("Northstar Records")
    # A placement named where none is configured is refused, not ignored.
    with pytest.raises(Exception) as refused:
        await create_organization(
            sessionmaker, name="Acme", plan="api", region="eu", owner_email="o@acme.example",
            owner_name="O", actor=Actor(type="system", id="test"), placement="acme",
        )  # fmt: skip
    assert getattr(refused.value, "code", None) == "placement_unknown"
    # The region is a label there, as before: another region for a sub-organization is kept.
    r = await api.post(
        "/v1/organizations", json={"name": "Pop", "region": "us"}, headers=tenant.headers
    )
    assert (r.status_code, r.json()["region"]) == (201, "us")


async def test_tokens_find_their_organization_in_its_placement(
    placed_api, router, database_url, us_url
) -> None:
    """Calendar feeds, key invites and SCIM tokens name their organization by the token alone:
    one of the US region is found in the US database."""
    us = await found(router, "Harbor", "us")
    feed = await placed_api.post("/v1/calendar-feeds", json={}, headers=bearer(us))
    assert feed.status_code == 201, feed.text
    r = await placed_api.get(httpx.URL(feed.json()["url"]).path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")

    member = await created(
        placed_api, "/v1/members", bearer(us), email="mara@harbor.example", name="M",
        role="manager",
    )  # fmt: skip
    invite = await placed_api.post(
        f"/v1/members/{member}/api-key-invites", json={"name": "Mara's"}, headers=bearer(us)
    )
    assert invite.status_code == 201, invite.text
    claimed = await placed_api.post(
        "/v1/api-key-invites/claim", json={"token": invite.json()["token"]}
    )
    assert claimed.status_code == 201, claimed.text
    mara = {"Authorization": f"Bearer {claimed.json()['secret']}"}
    assert (await placed_api.get("/v1/approvals", headers=mara)).status_code == 200

    scim = await placed_api.post("/v1/scim-tokens", json={"name": "Okta"}, headers=bearer(us))
    assert scim.status_code == 201, scim.text
    r = await placed_api.get(
        "/scim/v2/Users", headers={"Authorization": f"Bearer {scim.json()['token']}"}
    )
    assert r.status_code == 200, r.text
    # An unknown token is still unknown everywhere.
    r = await placed_api.get("/scim/v2/Users", headers={"Authorization": "Bearer ax_scim_nope"})
    assert r.status_code == 401
    assert set(mentions(database_url, us.organization.id)) == {"organization_placements"}
