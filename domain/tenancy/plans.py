"""What a plan grants, as values: request rates, quotas, prices and allowances, modules.

Plans are data: the ``plans`` table holds one row per plan (seeded by migration 0032 with the
figures the code carried before) and an operator manages it (``/operator/plans``, ``auditoryx
plan set``). ``domain/tenancy/plan_catalog.py`` reads the rows into the :class:`Plan` values
below, and an organization's own terms (its override of fee, allowances, modules, rate and
support tier) into :class:`Entitlements`. The request rate is checked by the rate limiter, the
quotas (artists across a hierarchy, seats, webhook endpoints, running bulk batches and bulk
sessions a day) by ``domain/tenancy/quotas.py`` where each thing is created, the modules by
the API's gate, the pricing by the usage statement. ``rank`` orders the plans, lowest first: a
sub-organization's plan is never above its parent's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime


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
# Feature modules: a plan grants some, an organization may switch granted ones off
# (``settings["modules"]``); enabled = granted ∩ switched on. Each gates its API routes, its
# dashboard sections and the workflows only it starts.
MODULES = ("roster", "analytics", "calendar", "approvals", "projects", "audit", "usage")
SUPPORT_TIERS = ("standard", "priority", "dedicated")


@dataclass(frozen=True, slots=True)
class Allowance:
    """``included`` units a month (``None``: unlimited); beyond them ``price_minor`` per
    ``per`` units (``None``: the plan does not bill this unit)."""

    included: int | None
    price_minor: int | None = None
    per: int = 1


@dataclass(frozen=True, slots=True)
class PlanPricing:
    """A monthly fee in minor units (``None``: agreed per contract) and the allowances."""

    base_fee_minor: int | None
    allowances: Mapping[str, Allowance]
    bills_overage: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    rank: int
    requests: RequestRate
    # Quotas (None: unlimited), one per name of QUOTAS.
    artists: int | None
    seats: int | None
    webhook_endpoints: int | None
    bulk_concurrent_batches: int | None
    bulk_sessions_per_day: int | None
    pricing: PlanPricing = field(default_factory=lambda: PlanPricing(None, {}))
    modules: frozenset[str] = frozenset(MODULES)
    support_tier: str = "standard"
    # Days a trial of this plan lasts (None: the plan is not a trial).
    trial_days: int | None = None

    def quota(self, name: str) -> int | None:
        """The plan's limit on ``name`` (one of :data:`QUOTAS`; ``None``: unlimited)."""
        if name not in QUOTAS:
            raise ValueError(f"{name!r} is not a quota")
        limit: int | None = getattr(self, name)
        return limit


# Traffic nobody has authenticated (missing or bad keys), counted per client address.
ANONYMOUS = "anonymous"
ANONYMOUS_RATE = RequestRate(per_minute=60, burst=30)


def quota_limit(plan: Plan, quota: str, override: int | None = None) -> int | None:
    """The limit on ``quota`` for an organization on ``plan``: the organization's own
    override when an operator set one, else the plan's (``None``: unlimited)."""
    if override is not None:
        return override
    return plan.quota(quota)


@dataclass(frozen=True, slots=True)
class Trial:
    """An organization's trial: ``status`` is active, converted or expired."""

    plan: str
    status: str
    ends_at_iso: str
    converted_plan: str | None = None


@dataclass(frozen=True, slots=True)
class Entitlements:
    """What one organization may do now: its plan with its own terms applied."""

    organization_id: str
    plan: Plan
    requests: RequestRate
    pricing: PlanPricing
    # The plan's modules (or the override's) that the organization has not switched off.
    modules: frozenset[str]
    support_tier: str
    trial: Trial | None = None
    # The plan's (or the override's) modules before the organization's own switches.
    granted: frozenset[str] = frozenset(MODULES)

    @property
    def read_only(self) -> bool:
        """A trial that ended unconverted: reads work, every change is refused. Expired by
        its workflow, or still active past its end (the workflow never started, or is
        late): the end holds without it."""
        trial = self.trial
        if trial is None or trial.status == "converted":
            return False
        ended = datetime.fromisoformat(trial.ends_at_iso) <= datetime.now(UTC)
        return trial.status == "expired" or ended
