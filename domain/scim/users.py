"""SCIM users: an identity provider's view of the organization's members.

A user *is* a member: creating one adds a member (seats and role rules of
``domain.tenancy.members`` apply), ``active: false`` disables it, and deactivation ends the
member's access at once — their dashboard sessions end, the API keys they issued are revoked,
and sign-in is refused (a disabled member cannot sign in) until they are reactivated.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.errors import Conflict, NotFound
from domain.scim.errors import invalid_value, uniqueness, version_mismatch
from domain.scim.filters import Attribute, Node, compile_filter
from domain.scim.models import ScimGroup, ScimGroupMember, ScimUser
from domain.tenancy import access, members
from domain.tenancy.models import ApiKey, Member
from domain.tenancy.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole

# What a provisioned member gets until a group mapping says otherwise.
DEFAULT_ROLE = BuiltinRole.VIEWER.value
# The identity provider acts with an owner's authority: an owner issued its token.
PROVISIONER_GRANTS = BUILTIN_ROLE_PERMISSIONS[BuiltinRole.OWNER]
MAX_PAGE = 200

USER_ATTRIBUTES: dict[str, Attribute] = {
    "id": Attribute(Member.id, case_exact=True),
    "username": Attribute(Member.email),
    "emails": Attribute(Member.email),
    "emails.value": Attribute(Member.email),
    "externalid": Attribute(ScimUser.external_id, case_exact=True),
    "displayname": Attribute(Member.name),
    "name.formatted": Attribute(Member.name),
    "name.givenname": Attribute(ScimUser.given_name),
    "name.familyname": Attribute(ScimUser.family_name),
    "active": Attribute(Member.status == "active", kind="boolean"),
    "meta.created": Attribute(Member.created_at, kind="datetime"),
    "meta.lastmodified": Attribute(Member.updated_at, kind="datetime"),
}


@dataclass(frozen=True, slots=True)
class UserFields:
    """Everything SCIM sets on a user (a PUT, or a PATCH applied to the current state)."""

    user_name: str
    formatted_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    external_id: str | None = None
    active: bool = True

    @property
    def display_name(self) -> str:
        joined = " ".join(p for p in (self.given_name, self.family_name) if p)
        return (self.formatted_name or joined or self.user_name)[:200]


@dataclass(frozen=True, slots=True)
class UserView:
    """A member as SCIM shows it, with the groups it belongs to (id, displayName)."""

    member: Member
    link: ScimUser | None
    groups: list[tuple[str, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.member.status == "active"

    def fields(self) -> UserFields:
        link = self.link
        return UserFields(
            user_name=self.member.email,
            formatted_name=self.member.name,
            given_name=link.given_name if link else None,
            family_name=link.family_name if link else None,
            external_id=link.external_id if link else None,
            active=self.active,
        )

    @property
    def version(self) -> str:
        """``meta.version``: changes whenever anything SCIM shows of the user changes, through
        any channel (SCIM, the API or the dashboard)."""
        material = json.dumps(
            [
                self.member.id,
                self.member.email,
                self.member.name,
                self.member.status,
                self.member.role,
                self.member.updated_at.isoformat(),
                self.link.given_name if self.link else None,
                self.link.family_name if self.link else None,
                self.link.external_id if self.link else None,
                sorted(self.groups),
            ]
        )
        return 'W/"' + hashlib.sha256(material.encode()).hexdigest()[:20] + '"'


def check_version(view: UserView | Any, if_match: str | None) -> None:
    """``If-Match`` against the current ``meta.version``: 412 on a mismatch (``*`` matches)."""
    if if_match is None:
        return
    wanted = {tag.strip() for tag in if_match.split(",")}
    if "*" not in wanted and view.version not in wanted:
        raise version_mismatch()


@dataclass(frozen=True, slots=True)
class UserPage:
    total: int
    views: list[UserView]


async def keyed_pairs(session: AsyncSession, stmt: Any) -> dict[str, list[tuple[str, str]]]:
    """Rows ``(key, id, name)`` of ``stmt`` as ``{key: [(id, name), …]}`` (the groups of
    each user, the members of each group)."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, ident, name in await session.execute(stmt):
        found[key].append((ident, name))
    return found


async def _groups_of(
    session: AsyncSession, member_ids: Sequence[str]
) -> dict[str, list[tuple[str, str]]]:
    return await keyed_pairs(
        session,
        select(ScimGroupMember.member_id, ScimGroup.id, ScimGroup.display_name)
        .join(ScimGroup, ScimGroup.id == ScimGroupMember.group_id)
        .where(ScimGroupMember.member_id.in_(member_ids))
        .order_by(ScimGroup.display_name),
    )


async def offset_page(
    session: AsyncSession,
    stmt: Any,
    order_by: tuple[Any, ...],
    *,
    start_index: int,
    count: int,
) -> tuple[int, list[Any]]:
    """How many rows ``stmt`` finds, and those from the 1-based ``start_index`` on (at most
    ``count``, at most ``MAX_PAGE``), in ``order_by`` order: RFC 7644 §3.4.2.4's paging."""
    total = (await session.execute(select(func.count()).select_from(stmt.subquery()))).scalar()
    rows = await session.execute(
        stmt.order_by(*order_by).offset(max(start_index, 1) - 1).limit(max(min(count, MAX_PAGE), 0))
    )
    return int(total or 0), list(rows.all())


async def list_users(
    session: AsyncSession,
    *,
    organization_id: str,
    filter_node: Node | None,
    start_index: int,
    count: int,
) -> UserPage:
    """One page of the organization's members (oldest first), filtered; ``start_index`` is
    1-based as in RFC 7644 §3.4.2.4."""
    condition = compile_filter(filter_node, USER_ATTRIBUTES) if filter_node is not None else None
    base = (
        select(Member, ScimUser)
        .outerjoin(ScimUser, ScimUser.member_id == Member.id)
        .where(Member.organization_id == organization_id)
    )
    if condition is not None:
        base = base.where(condition)
    total, rows = await offset_page(
        session, base, (Member.created_at, Member.id), start_index=start_index, count=count
    )
    pairs = [(row[0], row[1]) for row in rows]
    groups = await _groups_of(session, [m.id for m, _ in pairs])
    return UserPage(total, [UserView(m, link, groups.get(m.id, [])) for m, link in pairs])


async def get_user(session: AsyncSession, member_id: str, *, for_update: bool = False) -> UserView:
    """The user ``member_id`` (404 when it is no member of the organization); ``for_update``
    locks the member until commit, so concurrent writes of one user queue up and each
    compares ``If-Match`` with what the one before it left."""
    stmt = select(Member).where(Member.id == member_id)
    member = (await session.execute(stmt.with_for_update() if for_update else stmt)).scalar()
    if member is None:
        raise NotFound(f"no user {member_id}", param="id")
    link = await session.get(ScimUser, member_id)
    groups = await _groups_of(session, [member_id])
    return UserView(member, link, groups.get(member_id, []))


def _check_user_name(value: str) -> str:
    user_name = value.strip().lower()
    local, at, domain = user_name.partition("@")
    if not (local and at and "." in domain) or len(user_name) > 320 or " " in user_name:
        raise invalid_value("userName must be the user's e-mail address", param="userName")
    return user_name


async def _check_external_id(
    session: AsyncSession, organization_id: str, external_id: str | None, member_id: str | None
) -> None:
    if external_id is None:
        return
    taken = (
        await session.execute(
            select(ScimUser.member_id).where(
                ScimUser.organization_id == organization_id,
                ScimUser.external_id == external_id,
            )
        )
    ).scalar()
    if taken is not None and taken != member_id:
        raise uniqueness(f"externalId {external_id!r} is another user's", param="externalId")


async def create_user(
    session: AsyncSession, *, organization_id: str, fields: UserFields, actor: audit.Actor
) -> UserView:
    """Provision a member (role ``viewer`` until a mapped group says otherwise); a member
    with the same e-mail already is 409 ``uniqueness``."""
    user_name = _check_user_name(fields.user_name)
    await _check_external_id(session, organization_id, fields.external_id, None)
    try:
        member = await members.add_member(
            session,
            organization_id=organization_id,
            email=user_name,
            name=fields.display_name,
            role=DEFAULT_ROLE,
            actor=actor,
            granted_by=PROVISIONER_GRANTS,
            actor_is_owner=True,
        )
    except Conflict as exc:
        if exc.code != "member_exists":
            raise
        raise uniqueness(f"a user with userName {user_name} exists", param="userName") from None
    link = await _link(session, member, fields)
    view = UserView(member, link)
    if not fields.active:
        return await replace_user(session, view, fields=fields, actor=actor)
    return view


async def _link(session: AsyncSession, member: Member, fields: UserFields) -> ScimUser:
    link = await session.get(ScimUser, member.id)
    if link is None:
        link = ScimUser(member_id=member.id, organization_id=member.organization_id)
        session.add(link)
    link.external_id = fields.external_id
    link.given_name = fields.given_name
    link.family_name = fields.family_name
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        # A concurrent request took the externalId after our check.
        raise uniqueness(
            f"externalId {fields.external_id!r} is another user's", param="externalId"
        ) from None
    return link


async def replace_user(
    session: AsyncSession, view: UserView, *, fields: UserFields, actor: audit.Actor
) -> UserView:
    """Make the user what ``fields`` says (PUT, or PATCH applied): e-mail, name and status
    through the member services (owner, seat and last-owner rules), then what SCIM alone
    keeps. Deactivation ends the member's sessions and revokes the API keys they issued."""
    member = view.member
    user_name = _check_user_name(fields.user_name)
    await _check_external_id(session, member.organization_id, fields.external_id, member.id)
    changes: dict[str, Any] = {}
    if user_name != member.email:
        clash = (
            await session.execute(
                select(Member.id).where(
                    Member.organization_id == member.organization_id,
                    Member.email == user_name,
                    Member.id != member.id,
                )
            )
        ).scalar()
        if clash is not None:
            raise uniqueness(f"a user with userName {user_name} exists", param="userName")
        changes["email"] = user_name
    if fields.display_name != member.name:
        changes["name"] = fields.display_name
    status = "active" if fields.active else "disabled"
    if status != member.status:
        changes["status"] = status
    if changes:
        await members.update_member(
            session,
            member,
            changes=changes,
            actor=actor,
            granted_by=PROVISIONER_GRANTS,
            actor_is_owner=True,
        )
    if changes.get("status") == "disabled":
        await revoke_keys_of(session, member, actor=actor)
    link = await _link(session, member, fields)
    if not changes and _link_changed(view, fields):
        member.updated_at = datetime.now(UTC)  # meta.lastModified follows SCIM-only changes
        await session.flush()
    return UserView(member, link, view.groups)


def _link_changed(view: UserView, fields: UserFields) -> bool:
    before = view.fields()
    return (before.external_id, before.given_name, before.family_name) != (
        fields.external_id,
        fields.given_name,
        fields.family_name,
    )


async def revoke_keys_of(session: AsyncSession, member: Member, *, actor: audit.Actor) -> int:
    """Revoke, for good, every live API key ``member`` issued; returns how many."""
    keys = (
        await session.execute(
            select(ApiKey)
            .where(
                ApiKey.organization_id == member.organization_id,
                ApiKey.created_by == member.id,
                ApiKey.revoked_at.is_(None),
            )
            .order_by(ApiKey.id)
            .with_for_update()
        )
    ).scalars()
    revoked = 0
    for key in keys:
        await access.revoke_api_key(
            session, key, granted_by=frozenset(key.permissions), actor=actor
        )
        revoked += 1
    return revoked


async def delete_user(session: AsyncSession, view: UserView, *, actor: audit.Actor) -> None:
    """Deprovision: the member's access ends (sessions, keys) and the member is removed."""
    member = view.member
    await revoke_keys_of(session, member, actor=actor)
    await members.remove_member(session, member, actor=actor, actor_is_owner=True)
