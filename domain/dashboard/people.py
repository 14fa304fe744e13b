"""The dashboard's "People and access" pages: inviting a member by e-mail link, a member's own
API keys and signed-in browsers.

Every rule is the tenancy services': a member is added by ``members.add_member`` (the grant
rule, the owner rule, the seat quota), a key is made by ``access.create_api_key`` issued by the
member themselves and no wider than their role, a key is revoked by
``access.revoke_api_key``. What is here is the composition the pages need, and their read
models.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.dashboard import auth as dashboard_auth
from domain.dashboard.models import DashboardSession
from domain.errors import NotFound
from domain.tenancy import members
from domain.tenancy.models import ApiKey, Member


async def invite_member(
    session: AsyncSession,
    *,
    organization_id: str,
    email: str,
    name: str,
    role: str,
    granted_by: frozenset[str],
    actor_is_owner: bool,
    actor: audit.Actor,
) -> tuple[Member, str]:
    """Add the member (every rule of ``POST /v1/members``) and issue their password link;
    returns the member and the link's one-time token."""
    member = await members.add_member(
        session,
        organization_id=organization_id,
        email=email,
        name=name,
        role=role,
        actor=actor,
        granted_by=granted_by,
        actor_is_owner=actor_is_owner,
    )
    return member, await issue_password_link(session, member, actor=actor)


async def issue_password_link(session: AsyncSession, member: Member, *, actor: audit.Actor) -> str:
    """A fresh invite/reset link for an active member (the earlier ones keep their expiry)."""
    if member.status != "active":
        raise NotFound(f"no active member {member.id}", param="id")
    token = await dashboard_auth.create_password_link(session, member)
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="member.password_link_issued",
        target_type="member",
        target_id=member.id,
    )
    return token


async def own_keys(session: AsyncSession, member_id: str) -> list[ApiKey]:
    """The keys a member issued (they act as that member), newest first, revoked included."""
    rows = await session.execute(
        select(ApiKey).where(ApiKey.created_by == member_id).order_by(ApiKey.id.desc()).limit(200)
    )
    return list(rows.scalars())


async def own_key(session: AsyncSession, member_id: str, key_id: str) -> ApiKey:
    """One of the member's own keys; any other key (a colleague's, another organization's) is
    not found."""
    key = await session.get(ApiKey, key_id)
    if key is None or key.created_by != member_id:
        raise NotFound(f"no API key {key_id}", param="id")
    return key


async def signed_in_browsers(session: AsyncSession, member_id: str) -> list[DashboardSession]:
    rows = await session.execute(
        select(DashboardSession)
        .where(DashboardSession.member_id == member_id)
        .order_by(DashboardSession.last_seen_at.desc())
    )
    return list(rows.scalars())


async def sign_out_everywhere(session: AsyncSession, member: Member, *, actor: audit.Actor) -> int:
    """End every dashboard session of ``member`` (this browser's too); returns how many."""
    ended = await session.execute(
        delete(DashboardSession)
        .where(
            DashboardSession.organization_id == member.organization_id,
            DashboardSession.member_id == member.id,
        )
        .returning(DashboardSession.id)
    )
    ids = list(ended.scalars())
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="member.signed_out_everywhere",
        target_type="member",
        target_id=member.id,
        after={"sessions_ended": len(ids)},
    )
    return len(ids)
