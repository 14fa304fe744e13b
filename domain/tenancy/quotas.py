"""Quotas by plan: how many of a thing an organization may have, checked where it is created.

A creation that a quota covers calls :func:`admit` inside its own transaction, before it
writes anything. ``admit`` locks the organization's row of that quota in
``organization_quotas`` (an upsert: the row lock lasts until the transaction ends), then
counts what the organization has (each aggregate says how, ``usage``) and refuses when the
new things would not fit. The next creation of the same organization and quota waits for the
lock and counts after this transaction committed (READ COMMITTED takes a new snapshot per
statement), so concurrent creations are admitted exactly up to the limit; other quotas and
other organizations never wait. A refusal raises before anything was written, and the
transaction rolls back as a whole.

The limit is the organization's override when an operator set one (``auditoryx org
set-quota``, or ``quotas`` of ``PUT /operator/organizations/{id}/plan-override``), else its
plan's, read from the ``plans`` table in the locking statement (never from a cache). A
refusal is a 409 problem with code ``quota_exceeded`` naming the quota, the limit, the
usage and the plan. The artist quota counts a whole hierarchy and is checked by the roster
(``roster_limits``), with the same refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.tenancy import plan_catalog
from domain.tenancy.models import Organization, OrganizationQuota
from domain.tenancy.plans import QUOTAS, quota_limit

# What a refused creation asks for, per quota: how it reads in the refusal.
_NOUNS = {
    "artists": "artists across the organization and its sub-organizations",
    "seats": "active members",
    "webhook_endpoints": "webhook endpoints",
    "bulk_concurrent_batches": "bulk bookings in progress at once",
    "bulk_sessions_per_day": "sessions in bulk bookings per day",
}
# One statement: create the row on first use, lock it either way, read the plan, its limit
# (fresh from ``plans``: a plan's new limit holds from the next creation on) and the override.
# DO UPDATE (not DO NOTHING) so that an existing row is locked too.
_LOCK = text(
    """
    WITH locked AS (
        INSERT INTO organization_quotas AS q (organization_id, quota)
        VALUES (:org, :quota)
        ON CONFLICT (organization_id, quota) DO UPDATE SET quota = q.quota
        RETURNING q.limit_override
    )
    SELECT o.plan, (to_jsonb(p) ->> :quota)::integer, locked.limit_override
      FROM organizations o JOIN plans p ON p.name = o.plan, locked
     WHERE o.id = :org
    """
)


class QuotaExceeded(Conflict):
    """409: the organization has used what its plan (or its override) allows."""

    code, title = "quota_exceeded", "Quota exceeded"


@dataclass(frozen=True, slots=True)
class QuotaUse:
    """What a check found: the limit in force (``None``: unlimited) and the usage before."""

    quota: str
    plan: str
    limit: int | None
    usage: int


def refusal(
    *, quota: str, plan: str, limit: int, usage: int, requested: int, **more: Any
) -> QuotaExceeded:
    """The 409 for a creation that would take ``quota`` past ``limit``."""
    asked = "" if requested == 1 else f" ({requested} requested)"
    return QuotaExceeded(
        f"the {plan} plan allows {limit} {_NOUNS[quota]}; {usage} in use{asked}. Remove some "
        "or ask for a higher limit",
        extra={
            "quota": quota,
            "limit": limit,
            "usage": usage,
            "requested": requested,
            "plan": plan,
            **more,
        },
    )


async def admit(
    session: AsyncSession,
    *,
    organization_id: str,
    quota: str,
    usage: Callable[[AsyncSession], Awaitable[int]],
    requested: int = 1,
) -> QuotaUse:
    """Lock ``quota`` of the organization for this transaction and refuse (409
    ``quota_exceeded``) if ``requested`` more would not fit beside ``usage``."""
    if quota not in QUOTAS:
        raise ValueError(f"{quota!r} is not a quota")
    row = (await session.execute(_LOCK, {"org": organization_id, "quota": quota})).one()
    plan, plan_limit, override = row
    limit = plan_limit if override is None else override
    if limit is None:
        return QuotaUse(quota, plan, None, 0)
    used = await usage(session)
    if used + requested > limit:
        raise refusal(quota=quota, plan=plan, limit=limit, usage=used, requested=requested)
    return QuotaUse(quota, plan, limit, used)


async def set_override(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    organization_id: str,
    quota: str,
    limit: int | None,
    actor: audit.Actor,
) -> int | None:
    """Set (or with ``None`` clear) an organization's own limit on ``quota``: an operator's
    action (``auditoryx org set-quota``), never the API's. Returns the limit now in force.
    Lowering it below the usage refuses nothing that exists; only new creations."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        return await write_override(
            session, organization_id=organization_id, quota=quota, limit=limit, actor=actor
        )


async def write_override(
    session: AsyncSession,
    *,
    organization_id: str,
    quota: str,
    limit: int | None,
    actor: audit.Actor,
) -> int | None:
    """:func:`set_override` in the caller's transaction (scoped to the organization)."""
    if quota not in QUOTAS:
        raise InvalidRequest(f"quota must be one of {', '.join(QUOTAS)}", param="quota")
    if limit is not None and limit < 0:
        raise InvalidRequest("a limit is 0 or more", param="limit")
    plan_name = (
        await session.execute(select(Organization.plan).where(Organization.id == organization_id))
    ).scalar_one_or_none()
    if plan_name is None:
        raise NotFound(f"no organization {organization_id}", param="organization")
    plan = await plan_catalog.plan_named(session, plan_name, fresh=True)
    before = (
        await session.execute(
            select(OrganizationQuota.limit_override).where(
                OrganizationQuota.organization_id == organization_id,
                OrganizationQuota.quota == quota,
            )
        )
    ).scalar_one_or_none()
    await session.execute(
        insert(OrganizationQuota)
        .values(organization_id=organization_id, quota=quota, limit_override=limit)
        .on_conflict_do_update(
            index_elements=[OrganizationQuota.organization_id, OrganizationQuota.quota],
            set_={"limit_override": limit, "updated_at": text("now()")},
        )
    )
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="organization.quota_changed",
        target_type="organization",
        target_id=organization_id,
        before={"quota": quota, "limit_override": before},
        after={"quota": quota, "limit_override": limit},
    )
    return quota_limit(plan, quota, limit)
