"""Request and response models of ``api/routes/entitlements.py`` and ``api/routes/operator.py``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from api.schemas import RequestBody, ResponseBody
from domain.tenancy.plans import QUOTAS, Entitlements

Module = Literal["roster", "analytics", "calendar", "approvals", "projects", "audit", "usage"]
SupportTier = Literal["standard", "priority", "dedicated"]


class AllowanceIn(RequestBody):
    included: int | None = Field(default=None, ge=0, description="Units a month; null: unlimited")
    price_minor: int | None = Field(
        default=None, ge=0, description="Price beyond `included` in minor units per `per` units"
    )
    per: int = Field(default=1, ge=1)


class AllowanceOut(ResponseBody):
    included: int | None
    price_minor: int | None
    per: int


class RequestRateOut(ResponseBody):
    per_minute: int
    burst: int


class TrialOut(ResponseBody):
    plan: str
    status: Literal["active", "converted", "expired"]
    ends_at: str
    converted_plan: str | None


class EntitlementsOut(ResponseBody):
    object: Literal["entitlements"] = "entitlements"
    organization_id: str
    plan: str
    requests: RequestRateOut
    quotas: dict[str, int | None] = Field(description="The plan's quotas (null: unlimited)")
    base_fee_minor: int | None
    allowances: dict[str, AllowanceOut]
    modules: list[Module] = Field(description="Enabled: the plan's modules the settings keep on")
    support_tier: SupportTier
    read_only: bool = Field(description="True after a trial ended without conversion")
    trial: TrialOut | None


def entitlements_out(terms: Entitlements) -> EntitlementsOut:
    trial = terms.trial
    return EntitlementsOut(
        organization_id=terms.organization_id,
        plan=terms.plan.name,
        requests=RequestRateOut(per_minute=terms.requests.per_minute, burst=terms.requests.burst),
        quotas={q: terms.plan.quota(q) for q in QUOTAS},
        base_fee_minor=terms.pricing.base_fee_minor,
        allowances={
            unit: AllowanceOut(included=a.included, price_minor=a.price_minor, per=a.per)
            for unit, a in terms.pricing.allowances.items()
        },
        modules=sorted(terms.modules),
        support_tier=terms.support_tier,
        read_only=terms.read_only,
        trial=TrialOut(
            plan=trial.plan,
            status=trial.status,
            ends_at=trial.ends_at_iso,
            converted_plan=trial.converted_plan,
        )
        if trial
        else None,
    )


# --- operator ---------------------------------------------------------------------------------


class PlanIn(RequestBody):
    version: int = Field(ge=0, description="The version read; 0 creates the plan")
    rank: int | None = None
    requests_per_minute: int | None = Field(default=None, gt=0)
    requests_burst: int | None = Field(default=None, gt=0)
    artists: int | None = Field(default=None, ge=0)
    seats: int | None = Field(default=None, ge=0)
    webhook_endpoints: int | None = Field(default=None, ge=0)
    bulk_concurrent_batches: int | None = Field(default=None, ge=0)
    bulk_sessions_per_day: int | None = Field(default=None, ge=0)
    base_fee_minor: int | None = Field(default=None, ge=0)
    bills_overage: bool | None = None
    allowances: dict[str, AllowanceIn] | None = None
    modules: list[Module] | None = None
    support_tier: SupportTier | None = None
    trial_days: int | None = Field(default=None, gt=0)

    def values(self) -> dict[str, Any]:
        """The fields sent (null where sent as null: an unlimited quota, no fixed fee)."""
        return self.model_dump(exclude_unset=True, exclude={"version"})


class OverrideIn(RequestBody):
    version: int = Field(ge=0, description="The version read; 0 when there is no override yet")
    base_fee_minor: int | None = Field(default=None, ge=0)
    allowances: dict[str, AllowanceIn] | None = None
    modules: list[Module] | None = None
    requests_per_minute: int | None = Field(default=None, gt=0)
    requests_burst: int | None = Field(default=None, gt=0)
    support_tier: SupportTier | None = None
    quotas: dict[str, int | None] = Field(
        default_factory=dict, description="Quota limits (null: back to the plan's)"
    )

    def values(self) -> dict[str, Any]:
        sent = self.model_dump(exclude_unset=True, exclude={"version", "quotas"})
        if "allowances" in sent and sent["allowances"] is None:
            sent["allowances"] = {}
        return sent


class PlanChoice(RequestBody):
    plan: str = Field(min_length=1, max_length=40)


class TrialStart(RequestBody):
    plan: str = Field(default="pilot", min_length=1, max_length=40)


class MoveStart(RequestBody):
    """``POST /operator/organizations/{id}/moves``: the placement the organization goes to."""

    to: str = Field(min_length=1, max_length=100)
    # Between the switch and the deletion of the source's copy (longer than any process
    # trusts a cached placement).
    cleanup_delay_seconds: float = Field(default=60.0, ge=0, le=86400)


class DeletionStart(RequestBody):
    """``POST /operator/organizations/{id}/deletion``: the grace period (default: the
    deployment's ``ORGANIZATION_DELETION_GRACE_SECONDS``)."""

    grace_seconds: int | None = Field(default=None, ge=0, le=90 * 86400)
