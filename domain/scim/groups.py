"""SCIM groups and the roles they grant.

The organization maps a group — by its displayName or its externalId — to a role
(:class:`ScimRoleMapping`). A member who joins a mapped group takes its role; one who leaves it
takes the role of the mapped group they joined most recently among those they are still in, or
``viewer`` when none is left. Every role change goes through ``members.update_member``, so the
role rules (last owner included) hold for SCIM as for the API.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.errors import Conflict, NotFound
from domain.pagination import Page, paginate
from domain.scim.errors import invalid_value, uniqueness
from domain.scim.filters import Attribute, Node, compile_filter
from domain.scim.models import ScimGroup, ScimGroupMember, ScimRoleMapping
from domain.scim.users import DEFAULT_ROLE, PROVISIONER_GRANTS, keyed_pairs, offset_page
from domain.tenancy import members
from domain.tenancy.models import Member

GROUP_ATTRIBUTES: dict[str, Attribute] = {
    "id": Attribute(ScimGroup.id, case_exact=True),
    "displayname": Attribute(ScimGroup.display_name),
    "externalid": Attribute(ScimGroup.external_id, case_exact=True),
    "meta.created": Attribute(ScimGroup.created_at, kind="datetime"),
    "meta.lastmodified": Attribute(ScimGroup.updated_at, kind="datetime"),
}


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group with its members (id, display name) and the role its mapping grants."""

    group: ScimGroup
    members: list[tuple[str, str]] = field(default_factory=list)

    @property
    def version(self) -> str:
        material = json.dumps(
            [
                self.group.id,
                self.group.display_name,
                self.group.external_id,
                self.group.updated_at.isoformat(),
                sorted(self.members),
            ]
        )
        return 'W/"' + hashlib.sha256(material.encode()).hexdigest()[:20] + '"'


@dataclass(frozen=True, slots=True)
class GroupPage:
    total: int
    views: list[GroupView]


async def _members_of(
    session: AsyncSession, group_ids: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    return await keyed_pairs(
        session,
        select(ScimGroupMember.group_id, Member.id, Member.name)
        .join(Member, Member.id == ScimGroupMember.member_id)
        .where(ScimGroupMember.group_id.in_(group_ids))
        .order_by(Member.id),
    )


async def list_groups(
    session: AsyncSession,
    *,
    organization_id: str,
    filter_node: Node | None,
    start_index: int,
    count: int,
    with_members: bool = True,
) -> GroupPage:
    base = select(ScimGroup).where(ScimGroup.organization_id == organization_id)
    if filter_node is not None:
        base = base.where(compile_filter(filter_node, GROUP_ATTRIBUTES))
    total, rows = await offset_page(
        session,
        base,
        (ScimGroup.created_at, ScimGroup.id),
        start_index=start_index,
        count=count,
    )
    groups = [row[0] for row in rows]
    listed = await _members_of(session, [g.id for g in groups]) if with_members else {}
    return GroupPage(total, [GroupView(g, listed.get(g.id, [])) for g in groups])


async def get_group(session: AsyncSession, group_id: str, *, for_update: bool = False) -> GroupView:
    stmt = select(ScimGroup).where(ScimGroup.id == group_id)
    group = (await session.execute(stmt.with_for_update() if for_update else stmt)).scalar()
    if group is None:
        raise NotFound(f"no group {group_id}", param="id")
    return GroupView(group, (await _members_of(session, [group_id])).get(group_id, []))


def _snapshot(group: ScimGroup) -> dict[str, Any]:
    return {"display_name": group.display_name, "external_id": group.external_id}


async def create_group(
    session: AsyncSession,
    *,
    organization_id: str,
    display_name: str,
    external_id: str | None,
    member_ids: Iterable[str],
    actor: audit.Actor,
) -> GroupView:
    """A new group (its displayName unique in the organization), with its first members."""
    display_name = _check_name(display_name)
    group = ScimGroup(
        id=new_id("grp"),
        organization_id=organization_id,
        display_name=display_name,
        external_id=external_id,
    )
    try:
        async with session.begin_nested():
            session.add(group)
            await session.flush()
    except IntegrityError:
        raise uniqueness(f"a group named {display_name!r} exists", param="displayName") from None
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="scim_group.created",
        target_type="scim_group",
        target_id=group.id,
        after=_snapshot(group),
    )
    return await replace_group(
        session,
        GroupView(group),
        display_name=display_name,
        external_id=external_id,
        member_ids=member_ids,
        actor=actor,
    )


def _check_name(display_name: str) -> str:
    name = display_name.strip()
    if not name or len(name) > 255:
        raise invalid_value("displayName must be 1 to 255 characters", param="displayName")
    return name


async def replace_group(
    session: AsyncSession,
    view: GroupView,
    *,
    display_name: str,
    external_id: str | None,
    member_ids: Iterable[str],
    actor: audit.Actor,
) -> GroupView:
    """Make the group what the identity provider says: its names and exactly ``member_ids``
    as members (each added or removed member's role follows the mapping)."""
    group = view.group
    display_name = _check_name(display_name)
    before = _snapshot(group)
    if (display_name, external_id) != (group.display_name, group.external_id):
        group.display_name, group.external_id = display_name, external_id
        group.updated_at = datetime.now(UTC)
        try:
            async with session.begin_nested():
                await session.flush()
        except IntegrityError:
            raise uniqueness(
                f"a group named {display_name!r} exists", param="displayName"
            ) from None
        await audit.record(
            session,
            organization_id=group.organization_id,
            actor=actor,
            action="scim_group.updated",
            target_type="scim_group",
            target_id=group.id,
            before=before,
            after=_snapshot(group),
        )
    wanted = list(dict.fromkeys(member_ids))
    current = {member_id for member_id, _ in view.members}
    await _add_members(session, group, [m for m in wanted if m not in current], actor=actor)
    await _remove_members(session, group, [m for m in current if m not in set(wanted)], actor=actor)
    return await get_group(session, group.id)


async def _add_members(
    session: AsyncSession, group: ScimGroup, member_ids: Sequence[str], *, actor: audit.Actor
) -> None:
    if not member_ids:
        return
    found = {
        m.id: m
        for m in (
            await session.execute(
                select(Member)
                .where(Member.id.in_(member_ids))
                .order_by(Member.id)
                .with_for_update()
            )
        ).scalars()
    }
    missing = [m for m in member_ids if m not in found]
    if missing:
        raise invalid_value(f"no user {missing[0]} in this organization", param="members")
    role = await mapped_role(session, group)
    for member_id in member_ids:
        session.add(
            ScimGroupMember(
                organization_id=group.organization_id, group_id=group.id, member_id=member_id
            )
        )
        await session.flush()
        await _record_membership(session, group, member_id, "scim_group.member_added", actor)
        member = found[member_id]
        if role is not None and member.role != role:
            await _set_role(session, member, role, actor)
    group.updated_at = datetime.now(UTC)


async def _remove_members(
    session: AsyncSession, group: ScimGroup, member_ids: Sequence[str], *, actor: audit.Actor
) -> None:
    if not member_ids:
        return
    await session.execute(
        delete(ScimGroupMember).where(
            ScimGroupMember.group_id == group.id, ScimGroupMember.member_id.in_(member_ids)
        )
    )
    role = await mapped_role(session, group)
    # Only those still holding the role the group granted may change (not one changed by hand
    # since), locked at once in id order like _add_members locks them.
    holding: dict[str, Member] = {}
    if role is not None:
        holding = {
            m.id: m
            for m in (
                await session.execute(
                    select(Member)
                    .where(Member.id.in_(member_ids), Member.role == role)
                    .order_by(Member.id)
                    .with_for_update()
                )
            ).scalars()
        }
    for member_id in sorted(member_ids):
        await _record_membership(session, group, member_id, "scim_group.member_removed", actor)
        member = holding.get(member_id)
        if member is None:
            continue
        fallback = await _role_from_remaining_groups(session, member_id) or DEFAULT_ROLE
        if fallback != member.role:
            await _set_role(session, member, fallback, actor)
    group.updated_at = datetime.now(UTC)


async def _record_membership(
    session: AsyncSession, group: ScimGroup, member_id: str, action: str, actor: audit.Actor
) -> None:
    await audit.record(
        session,
        organization_id=group.organization_id,
        actor=actor,
        action=action,
        target_type="scim_group",
        target_id=group.id,
        after={"member_id": member_id},
    )


async def _set_role(session: AsyncSession, member: Member, role: str, actor: audit.Actor) -> None:
    await members.update_member(
        session,
        member,
        changes={"role": role},
        actor=actor,
        granted_by=PROVISIONER_GRANTS,
        actor_is_owner=True,
    )


async def mapped_role(session: AsyncSession, group: ScimGroup) -> str | None:
    """The role the organization maps ``group`` to (by displayName first, then externalId)."""
    names = [group.display_name, *([group.external_id] if group.external_id else [])]
    rows = (
        await session.execute(
            select(ScimRoleMapping.group, ScimRoleMapping.role).where(
                ScimRoleMapping.organization_id == group.organization_id,
                ScimRoleMapping.group.in_(names),
            )
        )
    ).all()
    by_name = dict(rows)
    return next((by_name[n] for n in names if n in by_name), None)


async def _role_from_remaining_groups(session: AsyncSession, member_id: str) -> str | None:
    """The mapped role of the group ``member_id`` joined most recently among those they are
    still in, if any is mapped (a group's displayName mapping before its externalId's, as
    :func:`mapped_role` has it), in one statement."""
    by_display_name = ScimRoleMapping.group == ScimGroup.display_name
    return (
        await session.execute(
            select(ScimRoleMapping.role)
            .select_from(ScimGroupMember)
            .join(ScimGroup, ScimGroup.id == ScimGroupMember.group_id)
            .join(
                ScimRoleMapping,
                (ScimRoleMapping.organization_id == ScimGroup.organization_id)
                & (by_display_name | (ScimRoleMapping.group == ScimGroup.external_id)),
            )
            .where(ScimGroupMember.member_id == member_id)
            .order_by(ScimGroupMember.created_at.desc(), ScimGroup.id, by_display_name.desc())
            .limit(1)
        )
    ).scalar()


async def delete_group(session: AsyncSession, view: GroupView, *, actor: audit.Actor) -> None:
    """Remove the group; its members leave it first (their roles follow)."""
    await _remove_members(session, view.group, [m for m, _ in view.members], actor=actor)
    before = _snapshot(view.group)
    await session.delete(view.group)
    await session.flush()
    await audit.record(
        session,
        organization_id=view.group.organization_id,
        actor=actor,
        action="scim_group.deleted",
        target_type="scim_group",
        target_id=view.group.id,
        before=before,
    )


# --- the organization's mapping (managed through /v1 by an owner) ---------------------------


async def create_mapping(
    session: AsyncSession, *, organization_id: str, group: str, role: str, actor: audit.Actor
) -> ScimRoleMapping:
    """Map the group named ``group`` (displayName or externalId) to ``role``; one mapping per
    group name (409 ``mapping_exists``)."""
    await members.role_permissions(session, role)  # an unknown role is a 422 naming it
    mapping = ScimRoleMapping(
        id=new_id("srm"), organization_id=organization_id, group=group, role=role
    )
    try:
        async with session.begin_nested():
            session.add(mapping)
            await session.flush()
    except IntegrityError:
        raise Conflict(
            f"the group {group!r} is mapped already; delete that mapping first",
            param="group",
            code="mapping_exists",
        ) from None
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="scim_role_mapping.created",
        target_type="scim_role_mapping",
        target_id=mapping.id,
        after={"group": group, "role": role},
    )
    return mapping


async def delete_mapping(
    session: AsyncSession, mapping: ScimRoleMapping, *, actor: audit.Actor
) -> None:
    """Forget the mapping: members keep the role they have; later changes no longer grant it."""
    await session.delete(mapping)
    await session.flush()
    await audit.record(
        session,
        organization_id=mapping.organization_id,
        actor=actor,
        action="scim_role_mapping.deleted",
        target_type="scim_role_mapping",
        target_id=mapping.id,
        before={"group": mapping.group, "role": mapping.role},
    )


async def list_mappings(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[ScimRoleMapping]:
    stmt = select(ScimRoleMapping).where(ScimRoleMapping.organization_id == organization_id)
    return await paginate(
        session, stmt, ScimRoleMapping.id, limit=limit, starting_after=starting_after
    )
