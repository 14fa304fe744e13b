"""Members: a person's place in one organization, with one role."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.dashboard.models import DashboardSession
from domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from domain.pagination import Page, paginate
from domain.tenancy import quotas
from domain.tenancy.models import Member, MemberAbsence, Role
from domain.tenancy.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole


def snapshot(member: Member) -> dict[str, Any]:
    return {
        "email": member.email,
        "name": member.name,
        "role": member.role,
        "status": member.status,
    }


async def role_permissions(
    session: AsyncSession, role: str, *, param: str = "role"
) -> frozenset[str]:
    """Permissions of a built-in role name or a custom role id of the current tenant."""
    if role in BuiltinRole.__members__.values():
        return BUILTIN_ROLE_PERMISSIONS[BuiltinRole(role)]
    custom = await session.get(Role, role)
    if custom is None:
        raise InvalidRequest(
            f"unknown role '{role}': use a built-in role "
            f"({', '.join(r.value for r in BuiltinRole)}) or a custom role id",
            param=param,
        )
    return frozenset(custom.permissions)


async def add_member(
    session: AsyncSession,
    *,
    organization_id: str,
    email: str,
    name: str,
    role: str,
    actor: audit.Actor,
    granted_by: frozenset[str] | None = None,
    actor_is_owner: bool = False,
) -> Member:
    """Add a member. ``granted_by`` is the caller's permissions (``None`` for bootstrap)."""
    if granted_by is None:
        await role_permissions(session, role)  # the role must exist
    else:
        await check_grantable(session, role, granted_by=granted_by, actor_is_owner=actor_is_owner)
    await _take_seat(session, organization_id)
    member = Member(
        id=new_id("mem"),
        organization_id=organization_id,
        email=email.lower(),
        name=name,
        role=role,
        status="active",
    )
    try:
        # Added inside the savepoint: begin_nested() flushes what is pending before it starts,
        # and a duplicate must roll back to the savepoint, not abort the transaction.
        async with session.begin_nested():
            session.add(member)
            await session.flush()
    except IntegrityError:
        raise Conflict(
            f"{email} is already a member", param="email", code="member_exists"
        ) from None
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="member.created",
        target_type="member",
        target_id=member.id,
        after=snapshot(member),
    )
    return member


async def _take_seat(session: AsyncSession, organization_id: str) -> None:
    """Refuse (409 ``quota_exceeded``) a new active member past the plan's ``seats``; a
    disabled member holds no seat."""

    async def active_members(session: AsyncSession) -> int:
        return int(
            (
                await session.execute(
                    select(func.count())
                    .select_from(Member)
                    .where(Member.organization_id == organization_id, Member.status == "active")
                )
            ).scalar_one()
        )

    await quotas.admit(
        session, organization_id=organization_id, quota="seats", usage=active_members
    )


async def check_grantable(
    session: AsyncSession,
    role: str,
    *,
    granted_by: frozenset[str],
    actor_is_owner: bool,
    param: str = "role",
) -> None:
    """Refuse a role the caller could not hand out: an unknown role (422), the owner role
    from a non-owner, or a role with permissions the caller lacks (403)."""
    permissions = await role_permissions(session, role, param=param)
    if role == BuiltinRole.OWNER.value and not actor_is_owner:
        raise PermissionDenied("only an owner may grant the owner role", param=param)
    _check_grant(role, permissions, granted_by, param=param)


def _check_grant(
    _role: str, permissions: frozenset[str], granted_by: frozenset[str], *, param: str = "role"
) -> None:
    """Nobody hands out more than they hold; only an owner makes owners."""
    beyond = sorted(permissions - granted_by)
    if beyond:
        raise PermissionDenied(
            f"you cannot grant a role with permissions you lack: {', '.join(beyond)}",
            param=param,
            code="missing_permission",
            extra={"missing_permission": beyond[0]},
        )


async def get_member(session: AsyncSession, member_id: str) -> Member:
    member = await session.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member {member_id}", param="id")
    return member


async def list_members(
    session: AsyncSession,
    *,
    organization_id: str,
    limit: int,
    starting_after: str | None,
    role: str | None = None,
    q: str | None = None,
) -> Page[Member]:
    stmt = select(Member).where(Member.organization_id == organization_id)
    if role:
        stmt = stmt.where(Member.role == role)
    if q:
        pattern = f"%{q.lower()}%"
        stmt = stmt.where((Member.email.like(pattern)) | (func.lower(Member.name).like(pattern)))
    return await paginate(session, stmt, Member.id, limit=limit, starting_after=starting_after)


async def _owners_left(session: AsyncSession, organization_id: str, excluding: str) -> int:
    """Active owners other than ``excluding``, with every owner row locked until commit.

    Locking all of them (in id order, so two callers cannot deadlock) makes two concurrent
    demotions of the last two owners queue up; the second then sees one owner fewer.
    """
    owners = (
        await session.execute(
            select(Member.id)
            .where(
                Member.organization_id == organization_id,
                Member.role == BuiltinRole.OWNER.value,
                Member.status == "active",
            )
            .order_by(Member.id)
            .with_for_update()
        )
    ).scalars()
    return sum(1 for owner_id in owners if owner_id != excluding)


async def update_member(
    session: AsyncSession,
    member: Member,
    *,
    changes: dict[str, Any],
    actor: audit.Actor,
    granted_by: frozenset[str],
    actor_is_owner: bool,
) -> Member:
    before = snapshot(member)
    new_role = changes.get("role")
    role_changes = new_role is not None and new_role != member.role
    status_changes = changes.get("status") not in (None, member.status)
    # Disabling an owner takes the role away as surely as demoting them; re-enabling one
    # hands it back.
    touches_owner = BuiltinRole.OWNER.value in (member.role, new_role)
    if touches_owner and (role_changes or status_changes) and not actor_is_owner:
        raise PermissionDenied(
            "only an owner may grant, take away, disable or enable the owner role",
            param="role" if role_changes else "status",
        )
    if new_role is not None and role_changes:
        _check_grant(new_role, await role_permissions(session, new_role), granted_by)
    demoting_owner = member.role == BuiltinRole.OWNER.value and (
        (new_role not in (None, BuiltinRole.OWNER.value)) or changes.get("status") == "disabled"
    )
    if demoting_owner and await _owners_left(session, member.organization_id, member.id) == 0:
        raise Conflict(
            "an organization must keep at least one active owner", param="role", code="last_owner"
        )
    if status_changes and changes.get("status") == "active":
        await _take_seat(session, member.organization_id)
    for field, value in changes.items():
        setattr(member, field, value)
    if status_changes and member.status == "disabled":
        # Signed-in browsers end now, not merely while the member is disabled: re-enabling
        # them must not bring an old cookie back to life.
        await session.execute(
            delete(DashboardSession).where(
                DashboardSession.organization_id == member.organization_id,
                DashboardSession.member_id == member.id,
            )
        )
    await session.flush()
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="member.updated",
        target_type="member",
        target_id=member.id,
        before=before,
        after=snapshot(member),
    )
    return member


async def remove_member(
    session: AsyncSession, member: Member, *, actor: audit.Actor, actor_is_owner: bool
) -> None:
    if member.role == BuiltinRole.OWNER.value:
        if not actor_is_owner:
            raise PermissionDenied("only an owner may remove an owner")
        if await _owners_left(session, member.organization_id, member.id) == 0:
            raise Conflict("an organization must keep at least one active owner", code="last_owner")
    before = snapshot(member)
    await session.delete(member)
    await session.flush()
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="member.deleted",
        target_type="member",
        target_id=member.id,
        before=before,
    )


async def list_absences(
    session: AsyncSession,
    *,
    organization_id: str,
    member_id: str | None = None,
    limit: int,
    starting_after: str | None,
) -> Page[MemberAbsence]:
    """Out-of-office periods, newest first; only ``member_id``'s when given."""
    stmt = select(MemberAbsence).where(MemberAbsence.organization_id == organization_id)
    if member_id:
        stmt = stmt.where(MemberAbsence.member_id == member_id)
    return await paginate(
        session, stmt, MemberAbsence.id, limit=limit, starting_after=starting_after
    )
