"""Placements as configured, and the directory that routes an organization to its own."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from core.config import ConfigurationError, Settings, load_settings
from core.db import system_session, tenant_session
from domain.placements import directory
from domain.placements.registry import Placements, UnknownPlacement
from domain.placements.router import PlacementNotServed, PlacementRouter
from tests.support.placements import mentions


def test_without_placements_there_is_one_named_after_the_default_region() -> None:
    settings = Settings(environment="test", database_url="postgresql://db.example/ax")
    placements = Placements.from_settings(settings)
    assert placements.names() == ["eu"]
    assert placements.url("eu") == "postgresql://db.example/ax"
    assert placements.region("eu") == "eu"
    assert placements.control == "eu" and placements.residency is False
    # A one-region deployment keeps its queue and namespace.
    assert settings.task_queue_of("eu") == settings.temporal_task_queue
    us = Settings(environment="test", default_region="us", database_url="postgresql://h/d")
    assert Placements.from_settings(us).names() == ["us"]


def test_placements_from_json_with_their_regions_and_the_control_first(monkeypatch) -> None:
    monkeypatch.setenv(
        "PLACEMENTS",
        '{"us": {"url": "postgresql://us/ax", "region": "us"},'
        ' "eu": {"url": "postgresql://eu/ax", "region": "eu"},'
        ' "acme-dedicated": {"url": "postgresql://acme/ax", "region": "eu", "dedicated": true}}',
    )
    monkeypatch.setenv("REGION_TASK_QUEUES", '{"us": "auditoryx-us"}')
    settings = load_settings(environment="test")
    placements = Placements.from_settings(settings)
    assert placements.names() == ["eu", "us", "acme-dedicated"]
    assert placements.regions() == ["eu", "us"]
    assert placements.in_region("eu") == ["eu", "acme-dedicated"]
    assert placements.shared_of("eu") == "eu" and placements.shared_of("us") == "us"
    assert placements.residency is True
    assert settings.task_queue_of("us") == "auditoryx-us"
    assert settings.task_queue_of("uk") == f"{settings.temporal_task_queue}-uk"
    with pytest.raises(UnknownPlacement):
        placements.url("nowhere")
    with pytest.raises(Exception) as refused:
        placements.shared_of("apac")
    assert getattr(refused.value, "code", None) == "region_unavailable"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PLACEMENTS": '{"us": {"url": "postgresql://us/ax", "region": "us"}}'}, "CONTROL"),
        ({"PLACEMENTS": '{"eu": {"url": "mysql://eu/ax", "region": "eu"}}'}, "postgresql://"),
        ({"PLACEMENTS": '{"eu": {"url": "postgresql://eu/ax", "region": "mars"}}'}, "PLACEMENTS"),
        (
            {
                "PLACEMENTS": '{"eu": {"url": "postgresql://eu/ax", "region": "eu", '
                '"dedicated": true}}'
            },
            "dedicated",
        ),
        ({"WORKER_REGION": "mars"}, "WORKER_REGION"),
        ({"REGION_TASK_QUEUES": '{"mars": "q"}'}, "REGION_TASK_QUEUES"),
    ],
)
def test_a_bad_placement_configuration_is_refused_in_one_line(monkeypatch, env, message) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as refused:
        load_settings(environment="test")
    assert message in str(refused.value)


async def test_the_directory_routes_an_organization_in_one_transaction(router) -> None:
    # No row: the control database.
    assert await directory.placement_of(router, "org_nowhere") == "eu"
    async with system_session(router) as control:
        await directory.assign(control, "org_moving", "us")
        # Not before the commit: another transaction still sees the old routing.
        assert await directory.placement_of(router, "org_moving") == "eu"
    assert await directory.placement_of(router, "org_moving") == "us"
    # A failed transaction changes nothing.
    with pytest.raises(RuntimeError):
        async with system_session(router) as control:
            await directory.assign(control, "org_moving", "acme")
            raise RuntimeError("the switch failed")
    assert await directory.placement_of(router, "org_moving") == "us"
    assert (await router.for_organization("org_moving")) is router.placements.sessionmaker("us")
    # The application role cannot list the directory: it routes through the definer functions.
    async with system_session(router) as control:
        listed = (await control.execute(text("SELECT * FROM organization_placements"))).all()
    assert listed == []


async def test_concurrent_assignments_of_one_organization_leave_one_placement(router) -> None:
    async def assign(placement: str) -> None:
        async with system_session(router) as control:
            await directory.assign(control, "org_raced", placement)

    await asyncio.gather(*(assign(p) for p in ["us", "acme", "eu"] * 4))
    assert await directory.placement_of(router, "org_raced") in ("us", "acme", "eu")


async def test_a_tenant_session_opens_in_the_organizations_placement(
    router, database_url, us_url
) -> None:
    async with system_session(router) as control:
        await directory.assign(control, "org_in_us", "us")
    async with tenant_session(router, ["org_in_us"]) as session:
        where = await session.scalar(text("SELECT current_database()"))
        role = await session.scalar(text("SELECT current_user"))
        scope = await session.scalar(text("SELECT current_setting('app.org_ids')"))
    assert where == us_url.rsplit("/", 1)[1]
    assert (role, scope) == ("auditoryx_app", "org_in_us")  # RLS applies there too
    async with tenant_session(router, ["org_elsewhere"]) as session:
        assert (
            await session.scalar(text("SELECT current_database()"))
            == (database_url.rsplit("/", 1)[1])
        )


async def test_the_dedicated_placement_is_reached_as_its_own_role(router) -> None:
    async with system_session(router) as control:
        await directory.assign(control, "org_acme", "acme")
    async with tenant_session(router, ["org_acme"]) as session:
        login = await session.scalar(text("SELECT session_user"))
        role = await session.scalar(text("SELECT current_user"))
    assert (login, role) == ("acme_login", "auditoryx_app")


async def test_a_regions_worker_refuses_an_organization_of_another_region(router) -> None:
    async with system_session(router) as control:
        await directory.assign(control, "org_us_only", "us")
    eu_only = PlacementRouter(router.placements, region="eu", cache_seconds=0)
    assert eu_only.served() == ["eu", "acme"]
    with pytest.raises(PlacementNotServed) as refused:
        async with tenant_session(eu_only, ["org_us_only"]):
            pass
    assert refused.value.region == "us"
    us_only = PlacementRouter(router.placements, region="us", cache_seconds=0)
    async with tenant_session(us_only, ["org_us_only"]) as session:
        assert await session.scalar(text("SELECT 1")) == 1


async def test_a_placement_is_cached_for_the_configured_time_only(router) -> None:
    now = [0.0]
    cached = PlacementRouter(router.placements, cache_seconds=5, clock=lambda: now[0])
    assert await cached.placement_name("org_cached") == "eu"
    async with system_session(router) as control:
        await directory.assign(control, "org_cached", "us")
    now[0] = 4.9
    assert await cached.placement_name("org_cached") == "eu"
    now[0] = 5.1
    assert await cached.placement_name("org_cached") == "us"


async def test_usage_counts_of_two_regions_are_written_each_in_its_own_database(
    router, us_url, database_url
) -> None:
    from datetime import date

    from domain.audit.service import Actor
    from domain.tenancy.organizations import create_organization
    from domain.usage.meter import UsageKey, write_counts

    eu = await create_organization(
        router,
        name="Northstar",
        plan="api",
        region="eu",
        owner_email="o@n.example",
        owner_name="O",
        actor=Actor(type="system", id="test"),
    )
    us = await create_organization(
        router,
        name="Harbor",
        plan="api",
        region="us",
        owner_email="o@h.example",
        owner_name="O",
        actor=Actor(type="system", id="test"),
    )
    today = date.today()
    await write_counts(
        router,
        {
            UsageKey(eu.organization.id, today, "api_requests", "other", "2xx", ""): 3,
            UsageKey(us.organization.id, today, "api_requests", "other", "2xx", ""): 4,
        },
    )
    assert mentions(us_url, eu.organization.id) == {}
    assert "usage_daily" in mentions(us_url, us.organization.id)
    assert set(mentions(database_url, us.organization.id)) == {"organization_placements"}
