"""The plan table: every plan the database accepts has one row, and a higher plan never
grants less than a lower one (a sub-organization's plan stays at or below its parent's)."""

from __future__ import annotations

import itertools

from sqlalchemy import CheckConstraint

from domain.tenancy.models import Organization
from domain.tenancy.plans import (
    PLAN_TABLE,
    PLANS,
    PLANS_BY_NAME,
    QUOTAS,
    artist_limit,
    quota_limit,
    request_rate,
)
from domain.tenancy.plans import RequestRate as Rate


def test_every_plan_the_database_accepts_has_one_row() -> None:
    assert sorted(plan.name for plan in PLAN_TABLE) == sorted(PLANS)
    [check] = [
        text
        for c in Organization.__table__.constraints
        if isinstance(c, CheckConstraint) and (text := str(c.sqltext)).startswith("plan IN")
    ]
    assert all(f"'{plan}'" in check for plan in PLANS)


def test_a_higher_plan_never_grants_less() -> None:
    for lower, higher in itertools.pairwise(PLAN_TABLE):
        assert higher.requests.per_minute >= lower.requests.per_minute, higher.name
        assert higher.requests.burst >= lower.requests.burst, higher.name
        for quota in QUOTAS:
            low, high = lower.quota(quota), higher.quota(quota)
            # None is unlimited: once a plan lifts a limit, every higher plan keeps it lifted.
            assert high is None or (low is not None and high >= low), (higher.name, quota)


def test_limits_are_read_from_the_table_unless_the_deployment_overrides_them() -> None:
    assert artist_limit("studio_pro") == 25
    assert artist_limit("white_label") is None
    assert request_rate("studio_pro") == Rate(per_minute=600, burst=100)
    assert request_rate("studio_pro", {"studio_pro": Rate(60, 5)}) == Rate(60, 5)
    assert request_rate("anonymous").per_minute > 0


def test_every_plan_names_every_quota_and_an_override_replaces_it() -> None:
    for plan in PLAN_TABLE:
        assert {quota: plan.quota(quota) for quota in QUOTAS}.keys() == set(QUOTAS)
    assert quota_limit("studio_pro", "webhook_endpoints") == 5
    assert quota_limit("studio_pro", "webhook_endpoints", 40) == 40
    assert quota_limit("white_label", "seats") is None
    assert quota_limit("white_label", "seats", 0) == 0
    assert PLANS_BY_NAME["label_enterprise"].quota("bulk_concurrent_batches") == 10
