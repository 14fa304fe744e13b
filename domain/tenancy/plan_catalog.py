"""Plans read from the database, and each organization's entitlements, cached briefly.

Two kinds of reads:

- **Counted limits** (quotas: artists, seats, webhook endpoints, bulk work) are read fresh,
  inside the transaction that locks the quota (``domain/tenancy/quotas.py``, the roster): a
  plan's new limit holds from the next creation on, in every process, exactly.
- **Per-request terms** (request rate, enabled modules, read-only after a trial, pricing) are
  read through a per-process cache that keeps an answer for at most :data:`CACHE_SECONDS`.
  A change made through this process (operator API, CLI, dashboard switch) forgets the cached
  answer at once; another process sees it within :data:`CACHE_SECONDS`. That is the bound a
  stale read can overshoot by: for that long a lowered request rate still admits at the old
  rate, a switched-off module still answers, an expired trial still writes.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from domain.errors import NotFound
from domain.tenancy.models import (
    Organization,
    OrganizationPlanOverride,
    OrganizationTrial,
    PlanRecord,
)
from domain.tenancy.plans import (
    MODULES,
    Allowance,
    Entitlements,
    Plan,
    PlanPricing,
    RequestRate,
    Trial,
)

CACHE_SECONDS = 5.0


def _allowances(raw: Mapping[str, Any]) -> dict[str, Allowance]:
    return {
        unit: Allowance(
            included=value.get("included"),
            price_minor=value.get("price_minor"),
            per=int(value.get("per") or 1),
        )
        for unit, value in raw.items()
        if isinstance(value, dict)
    }


def plan_of(row: PlanRecord) -> Plan:
    """The :class:`Plan` a row of ``plans`` describes."""
    return Plan(
        name=row.name,
        rank=row.rank,
        requests=RequestRate(row.requests_per_minute, row.requests_burst),
        artists=row.artists,
        seats=row.seats,
        webhook_endpoints=row.webhook_endpoints,
        bulk_concurrent_batches=row.bulk_concurrent_batches,
        bulk_sessions_per_day=row.bulk_sessions_per_day,
        pricing=PlanPricing(row.base_fee_minor, _allowances(row.allowances), row.bills_overage),
        modules=frozenset(row.modules) & frozenset(MODULES),
        support_tier=row.support_tier,
        trial_days=row.trial_days,
    )


class _Cache:
    """Per-process answers with the monotonic time they were read."""

    def __init__(self) -> None:
        self.plans: tuple[float, dict[str, Plan]] | None = None
        self.organizations: dict[str, tuple[float, Entitlements]] = {}

    def fresh(self, read_at: float) -> bool:
        return time.monotonic() - read_at < CACHE_SECONDS


_cache = _Cache()


def forget(organization_id: str | None = None) -> None:
    """Drop cached answers: one organization's entitlements, or (``None``) everything. Every
    change of a plan, an override, a trial or a module switch calls this."""
    if organization_id is None:
        _cache.plans = None
        _cache.organizations.clear()
    else:
        _cache.organizations.pop(organization_id, None)


async def load_plans(session: AsyncSession) -> dict[str, Plan]:
    """Every plan, fresh from the table, lowest rank first."""
    rows = (await session.execute(select(PlanRecord).order_by(PlanRecord.rank))).scalars()
    return {row.name: plan_of(row) for row in rows}


async def plans(session: AsyncSession) -> dict[str, Plan]:
    """Every plan, lowest rank first, as cached (at most :data:`CACHE_SECONDS` old)."""
    cached = _cache.plans
    if cached is not None and _cache.fresh(cached[0]):
        return cached[1]
    loaded = await load_plans(session)
    _cache.plans = (time.monotonic(), loaded)
    return loaded


async def plan_named(session: AsyncSession, name: str, *, fresh: bool = False) -> Plan:
    """The plan ``name`` (404 ``not_found`` naming ``plan`` when there is none)."""
    if fresh:
        row = await session.get(PlanRecord, name, populate_existing=True)
        if row is None:
            raise NotFound(f"no plan {name[:40]!r}", param="plan")
        return plan_of(row)
    found = (await plans(session)).get(name)
    if found is None:
        raise NotFound(f"no plan {name[:40]!r}", param="plan")
    return found


def apply_override(plan: Plan, override: OrganizationPlanOverride | None) -> PlanPricing:
    """The plan's pricing with the organization's own fee and allowances over it."""
    if override is None:
        return plan.pricing
    allowances = dict(plan.pricing.allowances)
    allowances.update(_allowances(override.allowances or {}))
    fee = override.base_fee_minor
    return PlanPricing(
        plan.pricing.base_fee_minor if fee is None else fee,
        allowances,
        # A custom price for a unit is a price the organization is billed.
        plan.pricing.bills_overage or any(a.price_minor is not None for a in allowances.values()),
    )


def switched_on(org: Organization) -> frozenset[str]:
    """Modules the organization has not switched off: ``settings["modules"]`` is
    ``{"analytics": false, ...}``; a module it does not name is on."""
    raw = (org.settings or {}).get("modules")
    switches: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return frozenset(m for m in MODULES if switches.get(m, True) is not False)


async def read_entitlements(session: AsyncSession, organization_id: str) -> Entitlements:
    """The organization's entitlements, fresh, through ``session`` (scoped to it)."""
    org = await session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"no organization {organization_id}", param="organization")
    plan = await plan_named(session, org.plan)
    override = await session.get(OrganizationPlanOverride, organization_id)
    trial_row = await session.get(OrganizationTrial, organization_id)
    granted = plan.modules
    requests = plan.requests
    support = plan.support_tier
    if override is not None:
        if override.modules is not None:
            granted = frozenset(override.modules) & frozenset(MODULES)
        requests = RequestRate(
            override.requests_per_minute or requests.per_minute,
            override.requests_burst or requests.burst,
        )
        support = override.support_tier or support
    trial = (
        Trial(
            plan=trial_row.plan,
            status=trial_row.status,
            ends_at_iso=trial_row.ends_at.isoformat(),
            converted_plan=trial_row.converted_plan,
        )
        if trial_row is not None
        else None
    )
    return Entitlements(
        organization_id=organization_id,
        plan=plan,
        requests=requests,
        pricing=apply_override(plan, override),
        modules=granted & switched_on(org),
        support_tier=support,
        trial=trial,
        granted=granted,
    )


async def entitlements(
    sessionmaker: async_sessionmaker[AsyncSession], organization_id: str
) -> Entitlements:
    """The organization's entitlements as cached (at most :data:`CACHE_SECONDS` old)."""
    cached = _cache.organizations.get(organization_id)
    if cached is not None and _cache.fresh(cached[0]):
        return cached[1]
    async with tenant_session(sessionmaker, [organization_id]) as session:
        found = await read_entitlements(session, organization_id)
    _cache.organizations[organization_id] = (time.monotonic(), found)
    return found
