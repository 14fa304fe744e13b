"""Plans as data: what each plan grants, in one table.

An organization's ``plan`` names a row of :data:`PLAN_TABLE`. The artist limit (checked by
the roster across a hierarchy) and the request rate (checked by the rate limiter, per API key
and per organization) are read from here, nowhere else. The order of the table is the order
of the plans, lowest first: a sub-organization's plan is never above its parent's, so the
plans that grant more (artists, request rates) are never reached by creating an imprint.
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


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    artists: int | None  # None: unlimited
    requests: RequestRate


PLAN_TABLE: tuple[Plan, ...] = (
    Plan("studio_pro", artists=25, requests=RequestRate(per_minute=600, burst=100)),
    Plan("label_enterprise", artists=100, requests=RequestRate(per_minute=1200, burst=200)),
    Plan("api", artists=None, requests=RequestRate(per_minute=3000, burst=500)),
    Plan("white_label", artists=None, requests=RequestRate(per_minute=6000, burst=1000)),
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


def request_rate(plan: str, overrides: Mapping[str, RequestRate] | None = None) -> RequestRate:
    """The request rate of ``plan`` (or :data:`ANONYMOUS`), unless the deployment overrides it."""
    if overrides and plan in overrides:
        return overrides[plan]
    if plan == ANONYMOUS:
        return ANONYMOUS_RATE
    return PLANS_BY_NAME[plan].requests
