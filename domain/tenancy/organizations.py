"""Organizations: creation (with owner and first key), hierarchy, profile changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session, widened_scope
from core.ids import new_id
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from domain.pagination import Page, paginate
from domain.placements.registry import Placements, UnknownPlacement
from domain.placements.router import PlacementRouter
from domain.tenancy import plan_catalog
from domain.tenancy.access import create_api_key
from domain.tenancy.members import add_member
from domain.tenancy.models import ApiKey, Member, Organization
from domain.tenancy.permissions import ALL_PERMISSIONS, BuiltinRole

REGIONS = ("eu", "us", "uk", "apac")
MAX_DEPTH = 4


def snapshot(org: Organization) -> dict[str, Any]:
    return {"name": org.name, "plan": org.plan, "region": org.region, "settings": org.settings}


async def _plans(session: AsyncSession) -> dict[str, int]:
    """Each plan's rank, fresh from the table (plans are data: an operator adds them)."""
    return {name: plan.rank for name, plan in (await plan_catalog.load_plans(session)).items()}


async def _validate(session: AsyncSession, plan: str | None, region: str | None) -> None:
    if plan is not None and plan not in (known := await _plans(session)):
        raise InvalidRequest(f"plan must be one of {', '.join(known)}", param="plan")
    if region is not None and region not in REGIONS:
        raise InvalidRequest(f"region must be one of {', '.join(REGIONS)}", param="region")


def placement_for(placements: Placements, *, region: str, placement: str | None) -> str:
    """Where a new root organization of ``region`` lives: ``placement`` when named (it must be
    in that region), else the region's shared database."""
    if placement is None:
        return placements.shared_of(region)
    try:
        placed_in = placements.region(placement)
    except UnknownPlacement:
        raise InvalidRequest(
            f"no placement {placement!r}; placements: {', '.join(placements.names())}",
            param="placement",
            code="placement_unknown",
        ) from None
    if placed_in != region:
        raise InvalidRequest(
            f"placement {placement!r} is in region {placed_in}, not {region}",
            param="placement",
            code="placement_in_other_region",
        )
    return placement


@dataclass(frozen=True, slots=True)
class Bootstrap:
    organization: Organization
    owner: Member
    api_key: ApiKey
    raw_api_key: str


async def create_organization(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    name: str,
    plan: str,
    region: str,
    owner_email: str,
    owner_name: str,
    actor: audit.Actor,
    placement: str | None = None,
) -> Bootstrap:
    """Create a root organization, its owner and a first live API key (shown once).

    It lives in the shared placement of ``region`` (``region_unavailable`` when the deployment
    has none there) or, with ``placement``, in that one (a dedicated database).
    """
    org_id = new_id("org")
    if region not in REGIONS:
        raise InvalidRequest(f"region must be one of {', '.join(REGIONS)}", param="region")
    if isinstance(sessionmaker, PlacementRouter) and sessionmaker.placements.residency:
        await sessionmaker.place(
            org_id, placement_for(sessionmaker.placements, region=region, placement=placement)
        )
    elif placement is not None:
        raise InvalidRequest(
            f"no placement {placement!r}: this deployment has one database (PLACEMENTS is not "
            "configured)",
            param="placement",
            code="placement_unknown",
        )
    async with tenant_session(sessionmaker, [org_id]) as session:
        await _validate(session, plan, region)
        org = Organization(
            id=org_id,
            parent_id=None,
            path=[org_id],
            name=name,
            plan=plan,
            region=region,
            settings={},
        )
        session.add(org)
        await session.flush()
        await audit.record(
            session,
            organization_id=org_id,
            actor=actor,
            action="organization.created",
            target_type="organization",
            target_id=org_id,
            after=snapshot(org),
        )
        owner = await add_member(
            session,
            organization_id=org_id,
            email=owner_email,
            name=owner_name,
            role=BuiltinRole.OWNER.value,
            actor=actor,
        )
        key, raw = await create_api_key(
            session,
            organization_id=org_id,
            name="Bootstrap key",
            mode="live",
            permissions=None,
            granted_by=ALL_PERMISSIONS,
            created_by=owner.id,
            expires_at=None,
            actor=actor,
        )
    return Bootstrap(org, owner, key, raw)


async def get_organization(session: AsyncSession, org_id: str) -> Organization:
    org = await session.get(Organization, org_id)
    if org is None:
        raise NotFound(f"no organization {org_id}", param="id")
    return org


async def update_organization(
    session: AsyncSession,
    org: Organization,
    *,
    changes: dict[str, Any],
    actor: audit.Actor,
    residency: bool = False,
) -> Organization:
    """Change an organization's profile. With ``residency`` its region is where its data
    lives, changed only by moving the organization (``region_change_needs_move``)."""
    await _validate(session, changes.get("plan"), changes.get("region"))
    if residency and changes.get("region") not in (None, org.region):
        raise Conflict(
            f"the organization's data lives in region {org.region}; another region is a move "
            'of the organization (docs/operations.md, "Placements and regions")',
            param="region",
            code="region_change_needs_move",
        )
    before = snapshot(org)
    for field, value in changes.items():
        setattr(org, field, value)
    await session.flush()
    await audit.record(
        session,
        organization_id=org.id,
        actor=actor,
        action="organization.updated",
        target_type="organization",
        target_id=org.id,
        before=before,
        after=snapshot(org),
    )
    plan_catalog.forget(org.id)
    return org


async def create_child(
    session: AsyncSession,
    parent: Organization,
    *,
    name: str,
    plan: str | None,
    region: str | None,
    actor: audit.Actor,
    child_id: str | None = None,
    residency: bool = False,
) -> Organization:
    """Create a sub-organization (an imprint or sub-label) under ``parent``.

    It lives where its parent lives (docs/adr/0035): a hierarchy is read in one database.
    With ``residency`` (the deployment's regions decide its databases) it is in its parent's
    region too, and another region is refused (``region_differs_from_parent``); without, the
    region is a label. ``child_id`` is the id the caller routed beforehand (a new one by
    default).
    """
    await _validate(session, plan, region)
    if residency and region is not None and region != parent.region:
        raise InvalidRequest(
            f"a sub-organization lives in its parent's region ({parent.region}); an "
            "organization of another region is a root organization of its own",
            param="region",
            code="region_differs_from_parent",
            extra={"parent_region": parent.region},
        )
    if parent.sandbox_of is not None:
        raise InvalidRequest("a sandbox cannot have sub-organizations")
    if len(parent.path) >= MAX_DEPTH:
        raise InvalidRequest(f"organizations nest at most {MAX_DEPTH} levels deep")
    if plan is not None:
        await _check_below_parent(session, plan, parent)
    child_id = child_id or new_id("org")
    child = Organization(
        id=child_id,
        parent_id=parent.id,
        path=[*parent.path, child_id],
        name=name,
        plan=plan or parent.plan,
        region=region or parent.region,
        settings={},
    )
    session.add(child)
    await session.flush()
    async with widened_scope(session, [parent.id], [child_id]):
        await audit.record(
            session,
            organization_id=child_id,
            actor=actor,
            action="organization.created",
            target_type="organization",
            target_id=child_id,
            after={**snapshot(child), "parent_id": parent.id},
        )
    await audit.record(
        session,
        organization_id=parent.id,
        actor=actor,
        action="organization.child_created",
        target_type="organization",
        target_id=child_id,
        after={"name": name},
    )
    return child


async def _check_below_parent(session: AsyncSession, plan: str, parent: Organization) -> None:
    ranks = await _plans(session)
    if ranks[plan] > ranks[parent.plan]:
        raise PermissionDenied(
            f"a sub-organization's plan cannot be above its parent's ({parent.plan}); plans "
            f"from lowest: {', '.join(ranks)}",
            param="plan",
            code="plan_above_parent",
            extra={"parent_plan": parent.plan},
        )


async def set_plan(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    organization_id: str,
    plan: str,
    actor: audit.Actor,
) -> Organization:
    """Move an organization (and its sandbox twin) to ``plan``: an operator's action (the
    ``auditoryx org set-plan`` command), never the API's. The plan stays at or below the
    parent's and at or above every sub-organization's."""
    async with tenant_session(sessionmaker, [organization_id]) as session:
        await _validate(session, plan, None)
        path = list((await get_organization(session, organization_id)).path)
    # Scoped to the whole line: the parent is checked, sub-organizations are seen.
    async with tenant_session(sessionmaker, path) as session:
        org = await get_organization(session, organization_id)
        await change_plan(session, org, plan=plan, actor=actor)
    return org


async def change_plan(
    session: AsyncSession, org: Organization, *, plan: str, actor: audit.Actor
) -> None:
    """Move ``org`` (and its sandbox twin) to ``plan`` through ``session``, which sees the
    organization's whole line: the plan stays at or below the parent's and at or above every
    sub-organization's."""
    await _validate(session, plan, None)
    if org.parent_id is not None:
        await _check_below_parent(session, plan, await get_organization(session, org.parent_id))
    ranks = await _plans(session)
    above = [
        child.id
        for child in (
            await session.execute(
                select(Organization).where(
                    Organization.path.contains([org.id]), Organization.id != org.id
                )
            )
        ).scalars()
        if ranks[child.plan] > ranks[plan]
    ]
    if above:
        raise InvalidRequest(
            f"sub-organizations are on a higher plan: {', '.join(sorted(above))}; move "
            "them down first",
            param="plan",
            code="plan_below_children",
        )
    before = snapshot(org)
    twins = (
        await session.execute(select(Organization).where(Organization.sandbox_of == org.id))
    ).scalars()
    for target in (org, *twins):
        target.plan = plan
        plan_catalog.forget(target.id)
    await session.flush()
    await audit.record(
        session,
        organization_id=org.id,
        actor=actor,
        action="organization.plan_changed",
        target_type="organization",
        target_id=org.id,
        before=before,
        after=snapshot(org),
    )


async def list_descendants(
    session: AsyncSession, org: Organization, *, limit: int, starting_after: str | None
) -> Page[Organization]:
    stmt = select(Organization).where(
        Organization.path.contains([org.id]), Organization.id != org.id
    )
    return await paginate(
        session, stmt, Organization.id, limit=limit, starting_after=starting_after
    )


async def get_descendant(session: AsyncSession, org: Organization, child_id: str) -> Organization:
    child = await session.get(Organization, child_id)
    if child is None or child.id == org.id or org.id not in child.path:
        raise NotFound(f"no organization {child_id}", param="id")
    return child
