"""Who an identity provider's verified e-mail is here: just-in-time membership and roles.

A person whose verified e-mail is at one of the organization's domains becomes a member on
their first sign-in, through the members service (so the plan's seats apply and the audit log
records it), with the role the mapping gives. On every later sign-in the mapping is applied
again when a role claim is configured, except that the last active owner is never demoted
(the members service refuses it; the sign-in goes on with the role kept).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.errors import Conflict, DomainError
from domain.sso.models import SsoConfiguration
from domain.tenancy import members
from domain.tenancy.models import Member
from domain.tenancy.permissions import ALL_PERMISSIONS


class SignInRefused(DomainError):
    status, code, title = 403, "sso_refused", "Sign-in refused"


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    """What a validated ID token says of the person (``email`` verified by the provider)."""

    email: str
    name: str
    claims: dict[str, Any]


def mapped_role(config: SsoConfiguration, claims: dict[str, Any]) -> str | None:
    """The role the configured claim maps to (the default role when no value maps), or
    ``None`` when no role claim is configured."""
    if not config.role_claim:
        return None
    raw = claims.get(config.role_claim)
    held = {str(v) for v in raw} if isinstance(raw, list) else {str(raw)} if raw else set()
    for mapping in config.role_mapping:
        if mapping["value"] in held:
            return mapping["role"]
    return config.default_role


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


async def admit(
    session: AsyncSession,
    config: SsoConfiguration,
    identity: VerifiedIdentity,
    *,
    actor: audit.Actor,
) -> Member:
    """The active member ``identity`` signs in as, created or re-roled as configured; or
    :class:`SignInRefused` (domain not allowed, membership disabled)."""
    domain = email_domain(identity.email)
    if domain not in config.email_domains:
        raise SignInRefused(
            f"e-mail addresses at {domain} may not sign in to this organization; "
            "ask an administrator to allow the domain",
            code="domain_not_allowed",
        )
    role = mapped_role(config, identity.claims)
    member = await _member(session, config.organization_id, identity.email)
    if member is None:
        try:
            # The roles were checked as grantable when SSO was configured.
            return await members.add_member(
                session,
                organization_id=config.organization_id,
                email=identity.email,
                name=identity.name or identity.email.partition("@")[0],
                role=role or config.default_role,
                actor=actor,
            )
        except Conflict as exc:
            # The same person signing in twice at once: the other sign-in made the member.
            if exc.code != "member_exists":
                raise
            member = await _member(session, config.organization_id, identity.email)
            if member is None:
                raise
    if member.status != "active":
        raise SignInRefused(
            "your membership of this organization is disabled", code="member_disabled"
        )
    if role is not None and role != member.role:
        try:
            async with session.begin_nested():
                await members.update_member(
                    session,
                    member,
                    changes={"role": role},
                    actor=actor,
                    granted_by=ALL_PERMISSIONS,
                    actor_is_owner=True,
                )
        except Conflict as exc:
            if exc.code != "last_owner":
                raise
    return member


async def _member(session: AsyncSession, organization_id: str, email: str) -> Member | None:
    return (
        await session.execute(
            select(Member).where(
                Member.organization_id == organization_id, Member.email == email.lower()
            )
        )
    ).scalar_one_or_none()
