"""Names organizations held before the claim registry existed are registered by the backfill
(``auditoryx migrate``, ``auditoryx placements claims-backfill``); a name two organizations
of different placements both hold is reported, naming both, and registered to neither; the
names of an organization deleted, or no longer used, become free for another organization.

Placements as in conftest.py: EU shared (the control database), US shared on a second server,
the dedicated EU ``acme``. "Before the registry" is a save without ``registry=`` (what every
save did before migration 0041).
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from sqlalchemy import text

from cli import build_parser, cmd_migrate, cmd_placements_claims_backfill
from core.config import Settings
from core.db import system_session, tenant_session
from domain.audit.service import Actor
from domain.dashboard.admin import register_domain
from domain.dashboard.branding import add_custom_domain
from domain.errors import Conflict
from domain.placements import claims, copier, directory
from domain.placements.claim_backfill import ClaimBackfillError, Holder, reconcile
from domain.placements.router import PlacementRouter
from domain.placements.tables import tenant_tables
from domain.sso import configuration
from tests.support.claims import found, set_up_sso
from tests.support.placements import conninfo

SYSTEM = Actor(type="system", id="test")


def owner_urls(settings: Settings) -> dict[str, str]:
    return {name: spec.migrations_url or spec.url for name, spec in settings.placements.items()}


async def backfill(settings: Settings):
    return await reconcile(owner_urls(settings), "eu")


async def domain_before_registry(router: PlacementRouter, org: str, host: str) -> None:
    async with tenant_session(router, [org]) as session:
        await add_custom_domain(
            session, organization_id=org, hostname=host, verified=True, actor=SYSTEM
        )


def registry(database_url: str) -> dict[tuple[str, str], str]:
    """The control database's registry, read as its owner."""
    with psycopg.connect(conninfo(database_url)) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        rows = conn.execute("SELECT kind, value, organization_id FROM organization_claims")
        return {(k, v): o for k, v, o in rows.fetchall()}


async def test_names_held_before_the_registry_are_registered_once_and_then_refused_elsewhere(
    router, placed_settings, database_url
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    acme = (await found(router, "Acme", "eu", placement="acme")).organization.id
    await set_up_sso(
        router, placed_settings, eu, "northstar", ["northstar.example"], registry=False
    )
    await domain_before_registry(router, eu, "studio.northstar.example")
    await domain_before_registry(router, us, "Harbor.Example")
    await set_up_sso(router, placed_settings, acme, "acme", ["acme.example"], registry=False)
    assert registry(database_url) == {}

    report = await backfill(placed_settings)
    assert report.conflicts == [] and report.released == [] and report.unused == []
    expected = {
        (claims.SSO_SLUG, "northstar"): eu,
        (claims.SSO_EMAIL_DOMAIN, "northstar.example"): eu,
        (claims.CUSTOM_DOMAIN, "studio.northstar.example"): eu,
        (claims.CUSTOM_DOMAIN, "harbor.example"): us,
        (claims.SSO_SLUG, "acme"): acme,
        (claims.SSO_EMAIL_DOMAIN, "acme.example"): acme,
    }
    assert {(k, v): o for k, v, o in report.registered} == expected
    assert registry(database_url) == expected

    # Another placement's organization is refused what the first ones held all along.
    late = (await found(router, "Late", "us")).organization.id
    with pytest.raises(Conflict) as slug:
        await set_up_sso(router, placed_settings, late, "northstar", ["late.example"])
    assert slug.value.code == "slug_taken"
    with pytest.raises(Conflict) as domain:
        await register_domain(router, late, "studio.northstar.example")
    assert domain.value.status == 409 and domain.value.param == "hostname"
    # The holders themselves save as before.
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example"])
    await register_domain(router, us, "harbor.example")

    # Running it again changes nothing.
    again = await backfill(placed_settings)
    assert again.registered == [] and again.conflicts == [] and again.released == []
    assert again.already == len(expected)
    assert registry(database_url) == expected


async def test_a_name_two_placements_held_is_reported_with_both_and_registered_to_neither(
    router, placed_settings, database_url, capsys
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    await set_up_sso(router, placed_settings, eu, "music", ["shared.example"], registry=False)
    await set_up_sso(
        router, placed_settings, us, "music", ["shared.example", "harbor.example"], registry=False
    )
    # A name the registry already gives one organization, held by another in its database.
    await register_domain(router, eu, "www.northstar.example")
    await domain_before_registry(router, us, "www.northstar.example")

    report = await backfill(placed_settings)
    conflicts = {(c.kind, c.value): c for c in report.conflicts}
    assert set(conflicts) == {
        (claims.SSO_SLUG, "music"),
        (claims.SSO_EMAIL_DOMAIN, "shared.example"),
        (claims.CUSTOM_DOMAIN, "www.northstar.example"),
    }
    both = (Holder(eu, "eu"), Holder(us, "us"))
    assert set(conflicts[(claims.SSO_SLUG, "music")].holders) == set(both)
    assert conflicts[(claims.SSO_SLUG, "music")].registered is None
    taken = conflicts[(claims.CUSTOM_DOMAIN, "www.northstar.example")]
    assert taken.holders == both and taken.registered == eu
    # Neither side is chosen; what only one holds is registered.
    held = registry(database_url)
    assert (claims.SSO_SLUG, "music") not in held
    assert (claims.SSO_EMAIL_DOMAIN, "shared.example") not in held
    assert held[(claims.CUSTOM_DOMAIN, "www.northstar.example")] == eu
    assert held[(claims.SSO_EMAIL_DOMAIN, "harbor.example")] == us

    # The command names both organizations and their placements, and exits 2 until resolved.
    args = build_parser().parse_args(["placements", "claims-backfill"])
    assert await asyncio.to_thread(cmd_placements_claims_backfill, placed_settings, args) == 2
    out, err = capsys.readouterr()
    line = next(x for x in err.splitlines() if "'shared.example'" in x)
    assert f"{eu} (placement eu)" in line and f"{us} (placement us)" in line
    assert "registered to none of them" in line
    assert "3 conflict(s)" in out

    # The US organization gives the names up: the next run registers them to the EU one.
    async with tenant_session(router, [us]) as session:
        await configuration.delete_configuration(session, organization_id=us, actor=SYSTEM)
    async with tenant_session(router, [us]) as session:
        await session.execute(
            text("DELETE FROM custom_domains WHERE organization_id = :o"), {"o": us}
        )
    assert await asyncio.to_thread(cmd_placements_claims_backfill, placed_settings, args) == 0
    held = registry(database_url)
    assert held[(claims.SSO_SLUG, "music")] == eu
    assert held[(claims.SSO_EMAIL_DOMAIN, "shared.example")] == eu


async def test_a_deleted_organizations_names_are_free_for_another_placement(
    router, placed_settings, database_url, owner_url
) -> None:
    us = (await found(router, "Harbor", "us")).organization.id
    eu = (await found(router, "Northstar", "eu")).organization.id
    await set_up_sso(router, placed_settings, us, "harbor", ["harbor.example"])
    await register_domain(router, us, "studio.harbor.example")
    with pytest.raises(Conflict):
        await register_domain(router, eu, "studio.harbor.example")

    # The organization's rows go from its placement (the whole tenant, as a move's cleanup
    # deletes them).
    us_url = placed_settings.placements["us"].url
    conn = await copier.open_side(conninfo(owner_url(us_url)), [us])
    try:
        await copier.delete_scope(conn, await tenant_tables(conn), [us])
    finally:
        await conn.close()

    report = await backfill(placed_settings)
    assert {(k, v) for k, v, o in report.released if o == us} == {
        (claims.SSO_SLUG, "harbor"),
        (claims.SSO_EMAIL_DOMAIN, "harbor.example"),
        (claims.CUSTOM_DOMAIN, "studio.harbor.example"),
    }
    assert us not in registry(database_url).values()
    await register_domain(router, eu, "studio.harbor.example")
    await set_up_sso(router, placed_settings, eu, "harbor", ["harbor.example"])
    assert await configuration.organization_for_login(router, "x@harbor.example") == eu


async def test_release_frees_every_name_of_an_organization(router, placed_settings) -> None:
    acme = (await found(router, "Acme", "eu", placement="acme")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    await set_up_sso(router, placed_settings, acme, "acme", ["acme.example"])
    await register_domain(router, acme, "acme.example")
    await claims.release(router, acme)
    await set_up_sso(router, placed_settings, us, "acme", ["acme.example"])
    await register_domain(router, us, "acme.example")


async def test_a_claim_left_unused_is_released_after_an_hour_only(
    router, placed_settings, database_url
) -> None:
    us = (await found(router, "Harbor", "us")).organization.id
    await set_up_sso(router, placed_settings, us, "harbor", ["harbor.example"])
    # The settings went without their names being released (a release that failed).
    async with tenant_session(router, [us]) as session:
        await configuration.delete_configuration(session, organization_id=us, actor=SYSTEM)
    report = await backfill(placed_settings)
    assert report.unused == [] and len(registry(database_url)) == 2  # a save may be under way

    with psycopg.connect(conninfo(database_url)) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        conn.execute("UPDATE organization_claims SET claimed_at = now() - interval '2 hours'")
    await register_domain(router, us, "harbor.example")  # in use: stays, however old
    with psycopg.connect(conninfo(database_url)) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        conn.execute("UPDATE organization_claims SET claimed_at = now() - interval '2 hours'")
    report = await backfill(placed_settings)
    assert sorted(report.unused) == [
        (claims.SSO_EMAIL_DOMAIN, "harbor.example", us),
        (claims.SSO_SLUG, "harbor", us),
    ]
    assert registry(database_url) == {(claims.CUSTOM_DOMAIN, "harbor.example"): us}


async def test_the_registry_shows_an_organization_its_own_claims_only(
    router, placed_settings
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example"])
    await set_up_sso(router, placed_settings, us, "harbor", ["harbor.example"])
    # The application role in the control database: its own rows, never another's.
    control = router.placements.sessionmaker("eu")
    for org, mine in ((eu, {"northstar", "northstar.example"}), (us, {"harbor", "harbor.example"})):
        async with tenant_session(control, [org]) as session:
            rows = await session.execute(
                text("SELECT value, organization_id FROM organization_claims")
            )
            seen = rows.all()
        assert {v for v, _o in seen} == mine and {o for _v, o in seen} == {org}
    async with system_session(control) as session:
        count = await session.scalar(text("SELECT count(*) FROM organization_claims"))
    assert count == 0
    # A refusal names the caller's own input, never who holds it.
    with pytest.raises(Conflict) as taken:
        await set_up_sso(router, placed_settings, us, "harbor", ["northstar.example"])
    assert eu not in str(taken.value) and "Northstar" not in str(taken.value)


async def test_a_placement_not_read_as_its_owner_changes_nothing(
    router, placed_settings, database_url
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    await domain_before_registry(router, eu, "studio.northstar.example")
    urls = owner_urls(placed_settings)
    urls["acme"] = placed_settings.placements["acme"].url  # the application's login
    with pytest.raises(ClaimBackfillError, match=r"placement acme: .*schema owner"):
        await reconcile(urls, "eu")
    assert registry(database_url) == {}


async def test_migrate_registers_the_names_after_upgrading_every_placement(
    router, placed_settings, database_url, capsys
) -> None:
    us = (await found(router, "Harbor", "us")).organization.id
    await domain_before_registry(router, us, "harbor.example")
    args = build_parser().parse_args(["migrate"])
    assert await asyncio.to_thread(cmd_migrate, placed_settings, args) == 0
    out = capsys.readouterr().out
    assert f"name claims: registered custom_domain 'harbor.example' to {us}" in out
    assert registry(database_url) == {(claims.CUSTOM_DOMAIN, "harbor.example"): us}


async def test_backfills_and_claims_at_the_same_moment_never_give_a_name_twice(
    router, placed_settings, database_url
) -> None:
    eu = (await found(router, "Northstar", "eu")).organization.id
    us = (await found(router, "Harbor", "us")).organization.id
    for round_ in range(4):
        host = f"held-{round_}.example"
        await domain_before_registry(router, eu, host)
        first, second, claimed = await asyncio.gather(
            backfill(placed_settings),
            backfill(placed_settings),  # two `auditoryx migrate` at once
            register_domain(router, us, host),
            return_exceptions=True,
        )
        assert not isinstance(first, BaseException) and not isinstance(second, BaseException)
        holder = registry(database_url)[(claims.CUSTOM_DOMAIN, host)]
        reported = [c for c in (*first.conflicts, *second.conflicts) if c.value == host]
        if isinstance(claimed, Conflict):
            # The backfill registered it first: the other placement's claim is refused.
            assert holder == eu and reported == []
        else:
            # The claim came first: the name stays where the registry put it, and the
            # organization that held it before is named in the conflict.
            assert claimed == host and holder == us
            assert reported and {h.organization_id for h in reported[0].holders} == {eu, us}


async def test_a_us_sandbox_reset_frees_its_sso_names_for_an_organization_of_another_region(
    app_factory, dev_server_env, placement_specs, router, placed_settings, database_url
) -> None:
    api = await app_factory(temporal_client=dev_server_env.client, placements=placement_specs)
    us = await found(router, "Harbor", "us")
    key = await api.post(
        "/v1/api-keys",
        json={"name": "sandbox", "mode": "test"},
        headers={"Authorization": f"Bearer {us.raw_api_key}"},
    )
    assert key.status_code == 201, key.text
    test = {"Authorization": f"Bearer {key.json()['secret']}"}
    sandbox = (await api.get("/v1/organization", headers=test)).json()["id"]
    await set_up_sso(router, placed_settings, sandbox, "harbor-test", ["test.harbor.example"])
    await register_domain(router, sandbox, "sandbox.harbor.example")
    eu = (await found(router, "Northstar", "eu")).organization.id
    with pytest.raises(Conflict):
        await set_up_sso(router, placed_settings, eu, "harbor-test", ["northstar.example"])

    reset = await api.post("/v1/sandbox/reset", headers=test)
    assert reset.status_code == 200, reset.text
    assert reset.json()["deleted"]["sso_configurations"] == 1
    assert registry(database_url) == {(claims.CUSTOM_DOMAIN, "sandbox.harbor.example"): sandbox}
    await set_up_sso(router, placed_settings, eu, "harbor-test", ["test.harbor.example"])
    with pytest.raises(Conflict):
        await register_domain(router, eu, "sandbox.harbor.example")


def owner_sql(url: str, statement: str, params: tuple[object, ...] = ()) -> None:
    with psycopg.connect(conninfo(url)) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        conn.execute(statement, params)


async def test_rows_the_directory_does_not_route_to_and_moving_organizations_are_left_alone(
    router, placed_settings, database_url, owner_url
) -> None:
    us = (await found(router, "Harbor", "us")).organization.id
    eu = (await found(router, "Northstar", "eu")).organization.id
    await set_up_sso(router, placed_settings, eu, "northstar", ["northstar.example"])
    await domain_before_registry(router, us, "harbor.example")
    # The directory sends the US organization elsewhere: what stays in the US database is a
    # copy left behind, and registers nothing.
    async with system_session(router.placements.sessionmaker("eu")) as session:
        await directory.assign(session, us, "acme")
    report = await backfill(placed_settings)
    assert report.registered == [] and report.conflicts == []
    async with system_session(router.placements.sessionmaker("eu")) as session:
        await directory.assign(session, us, "us")

    # An organization missing while a move of its tree runs keeps its claims.
    owner_sql(
        database_url,
        "INSERT INTO tenant_moves (id, organization_id, organization_ids, source, target, "
        "state, workflow_id) VALUES ('mov_1', %s, %s, 'eu', 'us', 'copying', 'w')",
        (eu, [eu]),
    )
    conn = await copier.open_side(conninfo(owner_url(database_url)), [eu])
    try:
        await copier.delete_scope(conn, await tenant_tables(conn), [eu])
    finally:
        await conn.close()
    report = await backfill(placed_settings)
    assert report.released == []
    assert set(registry(database_url).values()) == {eu, us}  # the US domain now registered
    owner_sql(database_url, "UPDATE tenant_moves SET state = 'failed' WHERE id = 'mov_1'")
    report = await backfill(placed_settings)
    assert {o for _k, _v, o in report.released} == {eu}
    assert registry(database_url) == {(claims.CUSTOM_DOMAIN, "harbor.example"): us}
