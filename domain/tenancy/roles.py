"""Custom roles: named sets of permissions, next to the built-in roles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound, PermissionDenied
from domain.pagination import Page, paginate
from domain.tenancy.models import Member, Role
from domain.tenancy.permissions import BuiltinRole, unknown_permissions


def snapshot(role: Role) -> dict[str, Any]:
    return {
        "name": role.name,
        "description": role.description,
        "permissions": list(role.permissions),
    }


def _check_permissions(permissions: list[str], granted_by: frozenset[str]) -> list[str]:
    unknown = unknown_permissions(permissions)
    if unknown:
        raise InvalidRequest(f"unknown permissions: {', '.join(unknown)}", param="permissions")
    beyond = sorted(set(permissions) - granted_by)
    if beyond:
        raise PermissionDenied(
            f"a role cannot carry permissions you lack: {', '.join(beyond)}",
            param="permissions",
            code="missing_permission",
            extra={"missing_permission": beyond[0]},
        )
    return sorted(set(permissions))


async def create_role(
    session: AsyncSession,
    *,
    organization_id: str,
    name: str,
    description: str,
    permissions: list[str],
    granted_by: frozenset[str],
    actor: audit.Actor,
) -> Role:
    if name in BuiltinRole.__members__.values():
        raise Conflict(f"'{name}' is a built-in role", param="name", code="role_exists")
    role = Role(
        id=new_id("rol"),
        organization_id=organization_id,
        name=name,
        description=description,
        permissions=_check_permissions(permissions, granted_by),
    )
    try:
        # Added inside the savepoint (begin_nested() flushes what is pending before it starts).
        async with session.begin_nested():
            session.add(role)
            await session.flush()
    except IntegrityError:
        raise Conflict(f"a role named '{name}' exists", param="name", code="role_exists") from None
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="role.created",
        target_type="role",
        target_id=role.id,
        after=snapshot(role),
    )
    return role


async def get_role(session: AsyncSession, role_id: str) -> Role:
    role = await session.get(Role, role_id)
    if role is None:
        raise NotFound(f"no role {role_id}", param="id")
    return role


async def list_roles(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[Role]:
    stmt = select(Role).where(Role.organization_id == organization_id)
    return await paginate(session, stmt, Role.id, limit=limit, starting_after=starting_after)


async def update_role(
    session: AsyncSession,
    role: Role,
    *,
    changes: dict[str, Any],
    granted_by: frozenset[str],
    actor: audit.Actor,
) -> Role:
    before = snapshot(role)
    if "permissions" in changes:
        changes["permissions"] = _check_permissions(changes["permissions"], granted_by)
    try:
        async with session.begin_nested():
            for field, value in changes.items():
                setattr(role, field, value)
            await session.flush()
    except IntegrityError:
        raise Conflict(
            f"a role named '{changes.get('name')}' exists", param="name", code="role_exists"
        ) from None
    await audit.record(
        session,
        organization_id=role.organization_id,
        actor=actor,
        action="role.updated",
        target_type="role",
        target_id=role.id,
        before=before,
        after=snapshot(role),
    )
    return role


async def delete_role(session: AsyncSession, role: Role, *, actor: audit.Actor) -> None:
    in_use = (
        await session.execute(
            select(func.count()).select_from(Member).where(Member.role == role.id)
        )
    ).scalar_one()
    if in_use:
        raise Conflict(f"{in_use} member(s) still have this role", code="role_in_use")
    before = snapshot(role)
    await session.delete(role)
    await session.flush()
    await audit.record(
        session,
        organization_id=role.organization_id,
        actor=actor,
        action="role.deleted",
        target_type="role",
        target_id=role.id,
        before=before,
    )
