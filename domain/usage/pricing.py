"""What each plan includes of every metered unit, and what the API Access plan charges beyond.

Kept beside the meter, keyed by plan name (``domain/tenancy/plans.py`` names the plans): the
plans' limits and rates live there, their prices and allowances here. Only the API Access plan
(``api``) bills usage: the others show usage against what they include. Prices are in minor
units of :data:`CURRENCY` per ``per`` units, so a price below a cent per unit is still exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.usage.meter import (
    API_REQUESTS,
    BOOKINGS_CREATED,
    BULK_SESSIONS,
    EMAILS_SENT,
    WEBHOOK_DELIVERIES,
    WORKFLOW_STARTS,
)

CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class Allowance:
    """``included`` units a month (``None``: unlimited); beyond them ``price_minor`` per
    ``per`` units (``None``: the plan does not bill this unit)."""

    included: int | None
    price_minor: int | None = None
    per: int = 1


@dataclass(frozen=True, slots=True)
class PlanPricing:
    """A plan's monthly fee (``None``: agreed per contract) and its allowances."""

    base_fee_minor: int | None
    allowances: Mapping[str, Allowance]
    bills_overage: bool = False


# The units a statement lists, in this order.
STATEMENT_UNITS: tuple[str, ...] = (
    API_REQUESTS,
    WORKFLOW_STARTS,
    WEBHOOK_DELIVERIES,
    EMAILS_SENT,
    BOOKINGS_CREATED,
    BULK_SESSIONS,
)


def _included(
    requests: int, starts: int, deliveries: int, emails: int, bookings: int, bulk: int
) -> dict[str, Allowance]:
    return {
        API_REQUESTS: Allowance(requests),
        WORKFLOW_STARTS: Allowance(starts),
        WEBHOOK_DELIVERIES: Allowance(deliveries),
        EMAILS_SENT: Allowance(emails),
        BOOKINGS_CREATED: Allowance(bookings),
        BULK_SESSIONS: Allowance(bulk),
    }


PLAN_PRICING: Mapping[str, PlanPricing] = {
    "studio_pro": PlanPricing(
        base_fee_minor=29_900,
        allowances=_included(100_000, 10_000, 25_000, 5_000, 5_000, 2_000),
    ),
    "label_enterprise": PlanPricing(
        base_fee_minor=79_900,
        allowances=_included(500_000, 50_000, 100_000, 25_000, 25_000, 10_000),
    ),
    "api": PlanPricing(
        base_fee_minor=19_900,
        bills_overage=True,
        allowances={
            # $0.40 per 1,000 requests beyond 250,000 a month, and so on.
            API_REQUESTS: Allowance(250_000, price_minor=40, per=1_000),
            WORKFLOW_STARTS: Allowance(25_000, price_minor=100, per=1_000),
            WEBHOOK_DELIVERIES: Allowance(100_000, price_minor=20, per=1_000),
            EMAILS_SENT: Allowance(10_000, price_minor=80, per=1_000),
            BOOKINGS_CREATED: Allowance(10_000, price_minor=2, per=1),
            BULK_SESSIONS: Allowance(5_000, price_minor=1, per=1),
        },
    ),
    "white_label": PlanPricing(
        base_fee_minor=None,
        allowances={unit: Allowance(None) for unit in STATEMENT_UNITS},
    ),
}


def pricing_of(plan: str) -> PlanPricing:
    """The pricing of ``plan``; a plan without a row here includes everything, bills nothing."""
    return PLAN_PRICING.get(
        plan, PlanPricing(None, {unit: Allowance(None) for unit in STATEMENT_UNITS})
    )
