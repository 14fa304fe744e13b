"""The plans table: seeded with the figures the code carried before (behaviour unchanged), a
higher plan never grants less than a lower one (a sub-organization's plan stays at or below
its parent's), and every plan the database accepts is a row of it."""

from __future__ import annotations

import itertools

import psycopg
import pytest

from domain.tenancy import plan_catalog
from domain.tenancy.plans import QUOTAS, RequestRate, quota_limit

pytestmark = pytest.mark.usefixtures("clean_db")


async def test_the_seeded_plans_keep_todays_figures(sessionmaker) -> None:
    async with sessionmaker() as session:
        plans = await plan_catalog.load_plans(session)
    assert list(plans) == ["pilot", "studio_pro", "label_enterprise", "api", "white_label"]
    studio = plans["studio_pro"]
    assert studio.requests == RequestRate(per_minute=600, burst=100)
    assert (studio.artists, studio.seats, studio.webhook_endpoints) == (25, 10, 5)
    assert studio.pricing.base_fee_minor == 29_900 and not studio.pricing.bills_overage
    assert plans["white_label"].artists is None and plans["white_label"].seats is None
    api = plans["api"]
    assert api.pricing.bills_overage
    assert api.pricing.allowances["api_requests"].price_minor == 40
    assert api.pricing.allowances["api_requests"].per == 1_000
    assert plans["pilot"].trial_days == 30
    assert plans["label_enterprise"].quota("bulk_concurrent_batches") == 10


async def test_a_higher_plan_never_grants_less(sessionmaker) -> None:
    async with sessionmaker() as session:
        plans = list((await plan_catalog.load_plans(session)).values())
    for lower, higher in itertools.pairwise(plans):
        assert higher.requests.per_minute >= lower.requests.per_minute, higher.name
        assert higher.requests.burst >= lower.requests.burst, higher.name
        for quota in QUOTAS:
            low, high = lower.quota(quota), higher.quota(quota)
            # None is unlimited: once a plan lifts a limit, every higher plan keeps it lifted.
            assert high is None or (low is not None and high >= low), (higher.name, quota)


async def test_an_override_replaces_the_plan_limit(sessionmaker) -> None:
    async with sessionmaker() as session:
        plans = await plan_catalog.load_plans(session)
    assert quota_limit(plans["studio_pro"], "webhook_endpoints") == 5
    assert quota_limit(plans["studio_pro"], "webhook_endpoints", 40) == 40
    assert quota_limit(plans["white_label"], "seats") is None
    assert quota_limit(plans["white_label"], "seats", 0) == 0


def test_an_organization_names_a_plan_of_the_table(owner_conninfo: str) -> None:
    with psycopg.connect(owner_conninfo) as conn, pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute(
            "INSERT INTO organizations (id, path, name, plan, region, settings) "
            "VALUES ('org_x', ARRAY['org_x'], 'X', 'gold', 'eu', '{}')"
        )
