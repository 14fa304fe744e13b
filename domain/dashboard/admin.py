"""Operator actions for dashboard access, used by the ``auditoryx`` command line: set a
member's password, issue an invite/reset link, register a custom domain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import tenant_session
from domain.audit import service as audit
from domain.dashboard import auth as dashboard_auth
from domain.dashboard.branding import add_custom_domain
from domain.errors import NotFound
from domain.tenancy.models import Member, Organization


async def _member(session: AsyncSession, organization_id: str, email: str) -> Member:
    if await session.get(Organization, organization_id) is None:
        raise NotFound(f"no organization {organization_id}", param="--org")
    member = (
        await session.execute(
            select(Member).where(
                Member.organization_id == organization_id, Member.email == email.strip().lower()
            )
        )
    ).scalar_one_or_none()
    if member is None or member.status != "active":
        raise NotFound(f"no active member {email} in {organization_id}", param="--email")
    return member


async def set_member_password(
    sessionmaker: async_sessionmaker[AsyncSession], organization_id: str, email: str, password: str
) -> Member:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        member = await _member(session, organization_id, email)
        await dashboard_auth.set_password(
            session, member, password, actor=audit.Actor.system("cli")
        )
    return member


async def issue_password_link(
    sessionmaker: async_sessionmaker[AsyncSession], organization_id: str, email: str
) -> tuple[Member, str]:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        member = await _member(session, organization_id, email)
        token = await dashboard_auth.create_password_link(session, member)
        await audit.record(
            session,
            organization_id=organization_id,
            actor=audit.Actor.system("cli"),
            action="member.password_link_issued",
            target_type="member",
            target_id=member.id,
        )
    return member, token


async def register_domain(
    sessionmaker: async_sessionmaker[AsyncSession], organization_id: str, hostname: str
) -> str:
    async with tenant_session(sessionmaker, [organization_id]) as session:
        if await session.get(Organization, organization_id) is None:
            raise NotFound(f"no organization {organization_id}", param="--org")
        domain = await add_custom_domain(
            session,
            organization_id=organization_id,
            hostname=hostname,
            verified=True,
            actor=audit.Actor.system("cli"),
            registry=sessionmaker,
        )
        return domain.hostname
