"""How a usage statement prices what an organization used: the units it lists and the currency.

What each plan includes of every metered unit, and what it charges beyond, is data: the
``allowances`` and ``base_fee_minor`` of the plan's row in ``plans``, with the organization's
own terms over them (``domain/tenancy/plan_catalog.py``). Only a plan (or an override) that
bills overage charges for usage; the others show usage against what they include. Prices are
in minor units of :data:`CURRENCY` per ``per`` units, so a price below a cent per unit is
still exact.
"""

from __future__ import annotations

from domain.tenancy.plans import Allowance, PlanPricing
from domain.usage.meter import (
    API_REQUESTS,
    BOOKINGS_CREATED,
    BULK_SESSIONS,
    EMAILS_SENT,
    WEBHOOK_DELIVERIES,
    WORKFLOW_STARTS,
)

CURRENCY = "USD"

# The units a statement lists, in this order.
STATEMENT_UNITS: tuple[str, ...] = (
    API_REQUESTS,
    WORKFLOW_STARTS,
    WEBHOOK_DELIVERIES,
    EMAILS_SENT,
    BOOKINGS_CREATED,
    BULK_SESSIONS,
)

__all__ = ["CURRENCY", "STATEMENT_UNITS", "Allowance", "PlanPricing"]
