"""The operator's actions on plans and on an organization's own terms (never a tenant's).

Both kinds of row carry a ``version``: an edit names the version it read (0 for a row that does
not exist yet) and is refused with 409 ``version_conflict`` when someone changed the row since,
so two operators editing at once never overwrite each other silently. The check is one
conditional statement (``UPDATE … WHERE version = :read`` or ``INSERT … ON CONFLICT DO
NOTHING``): the second of two concurrent writers waits for the first's row lock, then finds
the version moved. Every change forgets this process's cached entitlements
(``plan_catalog.forget``); other processes see it within ``plan_catalog.CACHE_SECONDS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import SessionRouter, is_unreachable, system_session
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.tenancy import plan_catalog, quotas
from domain.tenancy.models import (
    Organization,
    OrganizationPlanOverride,
    OrganizationQuota,
    PlanRecord,
)
from domain.tenancy.plans import MODULES, QUOTAS, SUPPORT_TIERS
from domain.usage.pricing import STATEMENT_UNITS

log = logging.getLogger("auditoryx.plans")

PLAN_FIELDS = (
    "rank",
    "requests_per_minute",
    "requests_burst",
    *QUOTAS,
    "base_fee_minor",
    "bills_overage",
    "allowances",
    "modules",
    "support_tier",
    "trial_days",
)
OVERRIDE_FIELDS = (
    "base_fee_minor",
    "allowances",
    "modules",
    "requests_per_minute",
    "requests_burst",
    "support_tier",
)


class VersionConflict(Conflict):
    """409: the row changed since the version the edit was based on."""

    code, title = "version_conflict", "Changed by someone else"


def _conflict(what: str, read: int) -> VersionConflict:
    return VersionConflict(
        f"{what} changed since version {read}; read it again and repeat the change",
        param="version",
    )


def _check_terms(values: dict[str, Any]) -> None:
    """Field checks both plans and overrides share (the database re-checks the ranges)."""
    modules = values.get("modules")
    if modules is not None and (unknown := sorted(set(modules) - set(MODULES))):
        raise InvalidRequest(
            f"unknown module {unknown[0][:40]!r}; modules are {', '.join(MODULES)}",
            param="modules",
        )
    tier = values.get("support_tier")
    if tier is not None and tier not in SUPPORT_TIERS:
        raise InvalidRequest(
            f"support_tier must be one of {', '.join(SUPPORT_TIERS)}", param="support_tier"
        )
    for unit, allowance in (values.get("allowances") or {}).items():
        if unit not in STATEMENT_UNITS:
            raise InvalidRequest(
                f"unknown unit {unit[:40]!r}; units are {', '.join(STATEMENT_UNITS)}",
                param="allowances",
            )
        for key in ("included", "price_minor", "per"):
            amount = allowance.get(key)
            if amount is not None and (not isinstance(amount, int) or amount < 0):
                raise InvalidRequest(
                    f"allowances.{unit}.{key} is a whole number, 0 or more",
                    param=f"allowances.{unit}.{key}",
                )
    for name in ("requests_per_minute", "requests_burst", "trial_days"):
        if values.get(name) is not None and values[name] <= 0:
            raise InvalidRequest(f"{name} must be more than 0", param=name)
    for name in (*QUOTAS, "base_fee_minor"):
        if values.get(name) is not None and values[name] < 0:
            raise InvalidRequest(f"{name} must be 0 or more", param=name)


def plan_document(row: PlanRecord) -> dict[str, Any]:
    """A plan as the operator API shows it."""
    return {"name": row.name, **{f: getattr(row, f) for f in PLAN_FIELDS}, "version": row.version}


async def list_plans(session: AsyncSession) -> list[PlanRecord]:
    return list((await session.execute(select(PlanRecord).order_by(PlanRecord.rank))).scalars())


async def put_plan(
    session: AsyncSession, *, name: str, values: dict[str, Any], version: int, actor: audit.Actor
) -> PlanRecord:
    """Create the plan (``version`` 0) or replace what ``values`` names in it (``version``
    the one read). The new figures hold for every organization on the plan: counted limits
    at their next creation, per-request terms within the cache's bound."""
    _check_terms(values)
    if version == 0:
        missing = [f for f in ("rank", "requests_per_minute", "requests_burst") if f not in values]
        if missing:
            raise InvalidRequest(f"a new plan needs {missing[0]}", param=missing[0])
        written = (
            await session.execute(
                pg_insert(PlanRecord)
                .values(name=name, version=1, **values)
                .on_conflict_do_nothing(index_elements=[PlanRecord.name])
                .returning(PlanRecord.name)
            )
        ).scalar_one_or_none()
    else:
        written = (
            await session.execute(
                update(PlanRecord)
                .where(PlanRecord.name == name, PlanRecord.version == version)
                .values(version=PlanRecord.version + 1, **values)
                .returning(PlanRecord.name)
            )
        ).scalar_one_or_none()
    if written is None:
        if version != 0 and await session.get(PlanRecord, name) is None:
            raise NotFound(f"no plan {name[:40]!r}", param="plan")
        raise _conflict(f"plan {name[:40]!r}", version)
    row = await session.get(PlanRecord, name, populate_existing=True)
    assert row is not None
    # Plans are shared by every tenant: the change goes to the operators' log, each
    # organization's audit trail records its own terms (overrides, trials, plan moves).
    log.info(
        "plan changed",
        extra={"plan": name, "actor": f"{actor.type}:{actor.id}", "version": row.version},
    )
    plan_catalog.forget()
    return row


@dataclass(frozen=True, slots=True)
class PlacementOutcome:
    """What one placement's database did with a plan change: ``changed``, ``unreachable``
    (down: it still has the old figures) or ``failed`` (it refused the row; ``detail`` says
    why)."""

    placement: str
    status: str
    detail: str | None = None

    def document(self) -> dict[str, Any]:
        return {"placement": self.placement, "status": self.status, "detail": self.detail}


async def put_plan_everywhere(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    name: str,
    values: dict[str, Any],
    version: int,
    actor: audit.Actor,
) -> tuple[PlanRecord, list[PlacementOutcome]]:
    """:func:`put_plan` in the control database, whose ``version`` is the one an edit names,
    then the whole resulting row written into every other placement (docs/adr/0035: plans
    are in every database). Each placement's outcome is returned, the control database's
    first; one that is down is reported, and the same change made again once it is back
    brings it level (the whole row is copied, not the edited fields)."""
    async with system_session(sessionmaker) as session:
        row = await put_plan(session, name=name, values=values, version=version, actor=actor)
    control = sessionmaker.control_placement if isinstance(sessionmaker, SessionRouter) else None
    outcomes = [PlacementOutcome(control or "control", "changed")]
    if not isinstance(sessionmaker, SessionRouter):
        return row, outcomes
    columns = {attr.key: getattr(row, attr.key) for attr in inspect(PlanRecord).column_attrs}
    for placement, target in sessionmaker.every_database().items():
        if placement == control:
            continue
        try:
            async with system_session(target) as session:
                await session.execute(
                    pg_insert(PlanRecord)
                    .values(**columns)
                    .on_conflict_do_update(index_elements=[PlanRecord.name], set_=columns)
                )
        except DBAPIError as exc:
            reason = (str(exc.orig or exc).strip().splitlines() or [type(exc).__name__])[0]
            status = "unreachable" if is_unreachable(exc) else "failed"
            log.warning(
                "plan change not made in a placement",
                extra={"plan": name, "placement": placement, "status": status},
            )
            outcomes.append(PlacementOutcome(placement, status, reason[:300]))
        else:
            outcomes.append(PlacementOutcome(placement, "changed"))
    return row, outcomes


@dataclass(frozen=True, slots=True)
class OverrideView:
    """An organization's own terms: the override row's fields (``None``: the plan's), the
    quotas it has its own limit on, and the version to name in the next edit (0: none yet)."""

    organization_id: str
    values: dict[str, Any]
    quotas: dict[str, int | None]
    version: int


async def _organization(session: AsyncSession, organization_id: str) -> Organization:
    org = await session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"no organization {organization_id}", param="organization")
    return org


async def get_override(session: AsyncSession, organization_id: str) -> OverrideView:
    await _organization(session, organization_id)
    row = await session.get(OrganizationPlanOverride, organization_id, populate_existing=True)
    quota_rows = await session.execute(
        select(OrganizationQuota.quota, OrganizationQuota.limit_override).where(
            OrganizationQuota.organization_id == organization_id,
            OrganizationQuota.limit_override.is_not(None),
        )
    )
    return OverrideView(
        organization_id=organization_id,
        values={f: getattr(row, f) if row else None for f in OVERRIDE_FIELDS},
        quotas={quota: limit for quota, limit in quota_rows},
        version=row.version if row else 0,
    )


async def put_override(
    session: AsyncSession,
    *,
    organization_id: str,
    values: dict[str, Any],
    quota_limits: dict[str, int | None],
    version: int,
    actor: audit.Actor,
) -> OverrideView:
    """Set the organization's own terms (``values``: fields of :data:`OVERRIDE_FIELDS`,
    ``None`` back to the plan's) and quota limits, based on ``version`` (0: none yet)."""
    _check_terms(values)
    before = await get_override(session, organization_id)
    if version == 0:
        written = (
            await session.execute(
                pg_insert(OrganizationPlanOverride)
                .values(organization_id=organization_id, version=1, **values)
                .on_conflict_do_nothing(index_elements=[OrganizationPlanOverride.organization_id])
                .returning(OrganizationPlanOverride.organization_id)
            )
        ).scalar_one_or_none()
    else:
        written = (
            await session.execute(
                update(OrganizationPlanOverride)
                .where(
                    OrganizationPlanOverride.organization_id == organization_id,
                    OrganizationPlanOverride.version == version,
                )
                .values(version=OrganizationPlanOverride.version + 1, **values)
                .returning(OrganizationPlanOverride.organization_id)
            )
        ).scalar_one_or_none()
    if written is None:
        raise _conflict("the organization's plan override", version)
    for quota, limit in quota_limits.items():
        await quotas.write_override(
            session, organization_id=organization_id, quota=quota, limit=limit, actor=actor
        )
    after = await get_override(session, organization_id)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.plan_override_changed",
        target_type="organization",
        target_id=organization_id,
        before={**before.values, "quotas": before.quotas},
        after={**after.values, "quotas": after.quotas},
    )
    plan_catalog.forget(organization_id)
    return after
