"""API key invites: a member gets an API key acting as themselves.

A key acts for the member who issued it (``api_keys.created_by``), so a manager who should
decide approvals through the API needs a key of their own. Whoever manages keys invites the
member; the invite is a 256-bit token, single-use, expiring (72 hours by default), of which only
the SHA-256 is stored. The member exchanges it for a key with ``claim``: the key is issued *by
the member*, with the invite's permissions narrowed to what the member's role allows at claim
time, so neither the inviter nor the invite can give the member more than their role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere
from core.ids import new_id
from core.security import random_secret, sha256
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.tenancy import access, members
from domain.tenancy.models import ApiKey, ApiKeyInvite, Member
from domain.tenancy.permissions import unknown_permissions

TOKEN_BYTES = 32
DEFAULT_TTL = timedelta(hours=72)
MAX_TTL = timedelta(days=30)


def _snapshot(invite: ApiKeyInvite) -> dict[str, object]:
    return {
        "member_id": invite.member_id,
        "name": invite.name,
        "mode": invite.mode,
        "permissions": invite.permissions,
        "expires_at": invite.expires_at.isoformat(),
    }


async def create_invite(
    session: AsyncSession,
    *,
    member: Member,
    name: str,
    mode: str,
    permissions: list[str] | None,
    granted_by: frozenset[str],
    created_by: str | None,
    ttl: timedelta,
    actor: audit.Actor,
) -> tuple[ApiKeyInvite, str]:
    """Invite ``member`` to claim a key; returns the invite and its one-time token.

    The key's permissions are ``permissions`` (default: everything the member's role allows),
    never beyond the member's role nor the inviter's own permissions (``granted_by``).
    """
    if member.status != "active":
        raise Conflict(
            f"member {member.id} is {member.status}; only an active member can hold a key",
            param="id",
            code="member_not_active",
        )
    if mode not in access.KEY_MODES:
        raise InvalidRequest("mode must be 'live' or 'test'", param="mode")
    if not timedelta(minutes=5) <= ttl <= MAX_TTL:
        raise InvalidRequest("an invite lasts from 5 minutes to 30 days", param="expires_in_hours")
    allowed = await members.role_permissions(session, member.role)
    wanted = set(permissions) if permissions is not None else set(allowed)
    unknown = unknown_permissions(wanted)
    if unknown:
        raise InvalidRequest(f"unknown permissions: {', '.join(unknown)}", param="permissions")
    beyond_role = sorted(wanted - allowed)
    if beyond_role:
        raise InvalidRequest(
            f"the member's role ({member.role}) does not allow: {', '.join(beyond_role)}",
            param="permissions",
            code="beyond_member_role",
        )
    access.check_reach(wanted, granted_by, param="permissions", doing="invite a key with")
    token = random_secret(TOKEN_BYTES)
    invite = ApiKeyInvite(
        id=new_id("kin"),
        organization_id=member.organization_id,
        member_id=member.id,
        name=name,
        mode=mode,
        permissions=sorted(wanted),
        token_hash=sha256(token),
        created_by=created_by,
        expires_at=datetime.now(UTC) + ttl,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="api_key_invite.created",
        target_type="api_key_invite",
        target_id=invite.id,
        after=_snapshot(invite),
    )
    return invite, token


@dataclass(frozen=True, slots=True)
class InviteRef:
    invite_id: str
    organization_id: str


_NOT_VALID = "this API key invite is not valid"


async def find_invite(sessionmaker: async_sessionmaker[AsyncSession], token: str) -> InviteRef:
    """Which organization and invite a token belongs to (404 for anything unknown)."""
    if not 20 <= len(token) <= 100 or not token.isalnum():
        raise NotFound(_NOT_VALID, param="token", code="invalid_invite")
    # The invite's organization may live in any placement (docs/adr/0035).
    row = await find_anywhere(
        sessionmaker,
        text("SELECT id, organization_id FROM api_key_invite_lookup(:h)"),
        {"h": sha256(token)},
    )
    if row is None:
        raise NotFound(_NOT_VALID, param="token", code="invalid_invite")
    return InviteRef(invite_id=row[0], organization_id=row[1])


async def claim(session: AsyncSession, invite_id: str, *, now: datetime) -> tuple[ApiKey, str]:
    """Exchange the invite for a key issued by its member; single use, atomically."""
    invite = await session.get(ApiKeyInvite, invite_id)
    if invite is None:
        raise NotFound(_NOT_VALID, param="token", code="invalid_invite")
    if invite.used_at is not None:
        raise Conflict(
            "this invite was already claimed; ask for a new one", code="invite_already_used"
        )
    if invite.expires_at <= now:
        raise Conflict("this invite has expired; ask for a new one", code="invite_expired")
    member = await session.get(Member, invite.member_id)
    if member is None or member.status != "active":
        raise Conflict(
            "the invited member is no longer active", param="token", code="member_not_active"
        )
    taken = (
        await session.execute(
            update(ApiKeyInvite)
            .where(ApiKeyInvite.id == invite.id, ApiKeyInvite.used_at.is_(None))
            .values(used_at=now)
            .returning(ApiKeyInvite.id)
        )
    ).scalar_one_or_none()
    if taken is None:  # a simultaneous claim got here first
        raise Conflict(
            "this invite was already claimed; ask for a new one", code="invite_already_used"
        )
    # The role may have narrowed since the invite: the key gets what both allow.
    allowed = await members.role_permissions(session, member.role)
    actor = audit.Actor(type="user", id=member.id)
    key, raw = await access.create_api_key(
        session,
        organization_id=invite.organization_id,
        name=invite.name,
        mode=invite.mode,
        permissions=sorted(set(invite.permissions) & allowed),
        granted_by=allowed,
        created_by=member.id,
        expires_at=None,
        actor=actor,
    )
    invite.api_key_id = key.id
    await session.flush()
    return key, raw
