"""Plans as data: what each plan grants, in one table.

An organization's ``plan`` names a row of :data:`PLAN_TABLE`. The request rate (checked by the
rate limiter, per API key and per organization) and the quotas (artists across a hierarchy,
seats, webhook endpoints, running bulk batches and bulk sessions a day, checked by
``domain/tenancy/quotas.py`` where each thing is created) are read from here, nowhere else;
an operator may override a quota for one organization (``auditoryx org set-quota``). The
order of the table is the order of the plans, lowest first: a sub-organization's plan is never
above its parent's, so the plans that grant more (artists, request rates) are never reached by
creating an imprint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestRate:
    """A sustained rate and the burst allowed on top of it (GCRA: one request every
    ``60 / per_minute`` seconds, up to ``burst`` at once after a quiet spell)."""

    per_minute: int
    burst: int

    @property
    def emission_interval(self) -> float:
        """Seconds between two requests at the sustained rate."""
        return 60.0 / self.per_minute

    @property
    def tolerance(self) -> float:
        """How far ahead of now the theoretical arrival time may run: ``burst`` intervals."""
        return self.burst * self.emission_interval


# What a plan counts, by the name clients read in a refusal (``quota`` of a 409
# ``quota_exceeded``) and an operator passes to ``auditoryx org set-quota``.
QUOTAS = (
    "artists",  # artists of the organization and its sub-organizations together
    "seats",  # active members
    "webhook_endpoints",  # webhook endpoints, enabled or not
    "bulk_concurrent_batches",  # bulk bookings accepted and not yet finished
    "bulk_sessions_per_day",  # sessions submitted in bulk bookings per organization-local day
)


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    requests: RequestRate
    # Quotas (None: unlimited), one per name of QUOTAS.
    artists: int | None
    seats: int | None
    webhook_endpoints: int | None
    bulk_concurrent_batches: int | None
    bulk_sessions_per_day: int | None

    def quota(self, name: str) -> int | None:
        """The plan's limit on ``name`` (one of :data:`QUOTAS`; ``None``: unlimited)."""
        if name not in QUOTAS:
            raise ValueError(f"{name!r} is not a quota")
        limit: int | None = getattr(self, name)
        return limit


PLAN_TABLE: tuple[Plan, ...] = (
    Plan(
        "studio_pro",
        requests=RequestRate(per_minute=600, burst=100),
        artists=25,
        seats=10,
        webhook_endpoints=5,
        bulk_concurrent_batches=3,
        bulk_sessions_per_day=2_000,
    ),
    Plan(
        "label_enterprise",
        requests=RequestRate(per_minute=1200, burst=200),
        artists=100,
        seats=50,
        webhook_endpoints=20,
        bulk_concurrent_batches=10,
        bulk_sessions_per_day=20_000,
    ),
    Plan(
        "api",
        requests=RequestRate(per_minute=3000, burst=500),
        artists=None,
        seats=100,
        webhook_endpoints=50,
        bulk_concurrent_batches=25,
        bulk_sessions_per_day=100_000,
    ),
    Plan(
        "white_label",
        requests=RequestRate(per_minute=6000, burst=1000),
        artists=None,
        seats=None,
        webhook_endpoints=100,
        bulk_concurrent_batches=50,
        bulk_sessions_per_day=250_000,
    ),
)
PLANS_BY_NAME: dict[str, Plan] = {plan.name: plan for plan in PLAN_TABLE}
# The database's CHECK constraint lists the plans in this (historical) order.
PLANS = ("studio_pro", "label_enterprise", "white_label", "api")
# Lowest first.
PLAN_ORDER = tuple(plan.name for plan in PLAN_TABLE)
# Traffic nobody has authenticated (missing or bad keys), counted per client address.
ANONYMOUS = "anonymous"
ANONYMOUS_RATE = RequestRate(per_minute=60, burst=30)


def plan_rank(plan: str) -> int:
    """Where ``plan`` stands in :data:`PLAN_ORDER` (higher grants more)."""
    return PLAN_ORDER.index(plan)


def artist_limit(plan: str) -> int | None:
    """How many artists ``plan`` allows across an organization's tree (``None``: no limit)."""
    return PLANS_BY_NAME[plan].artists


def quota_limit(plan: str, quota: str, override: int | None = None) -> int | None:
    """The limit on ``quota`` for an organization on ``plan``: the organization's own
    override when an operator set one, else the plan's (``None``: unlimited)."""
    if override is not None:
        return override
    return PLANS_BY_NAME[plan].quota(quota)


def request_rate(plan: str, overrides: Mapping[str, RequestRate] | None = None) -> RequestRate:
    """The request rate of ``plan`` (or :data:`ANONYMOUS`), unless the deployment overrides it."""
    if overrides and plan in overrides:
        return overrides[plan]
    if plan == ANONYMOUS:
        return ANONYMOUS_RATE
    return PLANS_BY_NAME[plan].requests
