"""An organization's single sign-on settings: read, replace, remove, and the lookups sign-in
needs before it knows the organization.

The client secret is sealed with :class:`core.crypto.SecretBox` before it is stored and is
never returned; the audit log records that it changed, not its value. Roles handed out by the
mapping are checked like any grant: nobody configures SSO to make members with more
permissions than they hold, and only an owner maps a claim to the owner role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import SecretBox
from core.db import by_database, find_everywhere, tenant_session
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.placements import claims
from domain.sso.models import SsoConfiguration
from domain.tenancy.members import check_grantable

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
MAX_DOMAINS = 50
MAX_MAPPINGS = 50


@dataclass(frozen=True, slots=True)
class RoleMapping:
    """Members whose ``role_claim`` holds ``value`` get ``role``."""

    value: str
    role: str


@dataclass(frozen=True, slots=True)
class SsoSettings:
    """What an administrator sets; ``client_secret`` ``None`` keeps the stored one."""

    slug: str
    issuer: str
    client_id: str
    client_secret: str | None
    email_domains: list[str]
    default_role: str
    role_claim: str = ""
    role_mapping: list[RoleMapping] = field(default_factory=list)
    sso_required: bool = False
    enabled: bool = True


def snapshot(config: SsoConfiguration) -> dict[str, Any]:
    """What the audit log and the API show: everything but the client secret."""
    return {
        "slug": config.slug,
        "issuer": config.issuer,
        "client_id": config.client_id,
        "email_domains": list(config.email_domains),
        "role_claim": config.role_claim,
        "role_mapping": list(config.role_mapping),
        "default_role": config.default_role,
        "sso_required": config.sso_required,
        "enabled": config.enabled,
    }


def normalized_domains(domains: list[str]) -> list[str]:
    """Lower-cased, de-duplicated e-mail domains; 422 on anything that is not a domain."""
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().removeprefix("@")
        if not DOMAIN.match(domain):
            raise InvalidRequest(
                f"'{raw[:80]}' is not an e-mail domain such as northstar.example",
                param="email_domains",
            )
        if domain not in cleaned:
            cleaned.append(domain)
    if not cleaned:
        raise InvalidRequest("name at least one e-mail domain", param="email_domains")
    if len(cleaned) > MAX_DOMAINS:
        raise InvalidRequest(f"at most {MAX_DOMAINS} e-mail domains", param="email_domains")
    return cleaned


async def get_configuration(session: AsyncSession, organization_id: str) -> SsoConfiguration:
    config = await session.get(SsoConfiguration, organization_id)
    if config is None:
        raise NotFound("single sign-on is not set up", code="sso_not_configured")
    return config


async def find_configuration(
    session: AsyncSession, organization_id: str
) -> SsoConfiguration | None:
    return await session.get(SsoConfiguration, organization_id)


async def put_configuration(
    session: AsyncSession,
    *,
    organization_id: str,
    values: SsoSettings,
    box: SecretBox,
    actor: audit.Actor,
    granted_by: frozenset[str],
    actor_is_owner: bool,
    registry: async_sessionmaker[AsyncSession] | None = None,
) -> tuple[SsoConfiguration, bool]:
    """Create or replace the organization's settings; (the settings, whether created).

    Two administrators saving at once: the row lock orders them and the last one wins; two
    creating at once: one creates, the other gets 409 ``concurrent_update``. With
    ``registry`` (the deployment's router) the sign-in name and the e-mail domains are
    claimed across every placement first (domain/placements/claims.py): a name another
    organization holds is 409 ``slug_taken``, a domain 409 ``email_domain_taken``, wherever
    that organization lives.
    """
    slug = values.slug.strip().lower()
    if not SLUG.match(slug):
        raise InvalidRequest(
            "the sign-in name takes lower-case letters, digits and hyphens (1-63)", param="slug"
        )
    domains = normalized_domains(values.email_domains)
    if len(values.role_mapping) > MAX_MAPPINGS:
        raise InvalidRequest(f"at most {MAX_MAPPINGS} role mappings", param="role_mapping")
    if values.role_mapping and not values.role_claim:
        raise InvalidRequest("name the claim the role mapping reads", param="role_claim")
    await check_grantable(
        session,
        values.default_role,
        granted_by=granted_by,
        actor_is_owner=actor_is_owner,
        param="default_role",
    )
    for mapping in values.role_mapping:
        await check_grantable(
            session,
            mapping.role,
            granted_by=granted_by,
            actor_is_owner=actor_is_owner,
            param="role_mapping",
        )
    if registry is not None:
        await _claim(registry, organization_id, slug, domains)
    config = (
        await session.execute(
            select(SsoConfiguration)
            .where(SsoConfiguration.organization_id == organization_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    created = config is None
    before = snapshot(config) if config is not None else None
    if config is None:
        if not values.client_secret:
            raise InvalidRequest("the client secret is required", param="client_secret")
        config = SsoConfiguration(organization_id=organization_id)
    if values.client_secret:
        config.client_secret_sealed = box.seal({"client_secret": values.client_secret})
    config.slug = slug
    config.issuer = values.issuer
    config.client_id = values.client_id
    config.email_domains = domains
    config.role_claim = values.role_claim
    config.role_mapping = [{"value": m.value, "role": m.role} for m in values.role_mapping]
    config.default_role = values.default_role
    config.sso_required = values.sso_required
    config.enabled = values.enabled
    try:
        async with session.begin_nested():
            session.add(config)
            await session.flush()
    except IntegrityError as exc:
        constraint = getattr(getattr(exc.orig, "diag", None), "constraint_name", "") or ""
        if "slug" in constraint:
            raise Conflict(
                f"the sign-in name '{slug}' is taken", param="slug", code="slug_taken"
            ) from None
        raise Conflict(
            "single sign-on was set up at the same time; read it and try again",
            code="concurrent_update",
        ) from None
    after = snapshot(config)
    if values.client_secret:
        after["client_secret_changed"] = True
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="sso.created" if created else "sso.updated",
        target_type="sso_configuration",
        target_id=organization_id,
        before=before,
        after=after,
    )
    return config, created


async def _claim(
    registry: async_sessionmaker[AsyncSession], organization_id: str, slug: str, domains: list[str]
) -> None:
    taken = await claims.claim(registry, organization_id, claims.SSO_SLUG, [slug])
    if taken is not None:
        raise Conflict(f"the sign-in name '{slug}' is taken", param="slug", code="slug_taken")
    taken = await claims.claim(registry, organization_id, claims.SSO_EMAIL_DOMAIN, domains)
    if taken is not None:
        raise Conflict(
            f"the e-mail domain {taken} signs in to another organization",
            param="email_domains",
            code="email_domain_taken",
        )


async def delete_configuration(
    session: AsyncSession,
    *,
    organization_id: str,
    actor: audit.Actor,
    registry: async_sessionmaker[AsyncSession] | None = None,
) -> None:
    """Remove the settings; with ``registry`` the name and domains are released."""
    config = await get_configuration(session, organization_id)
    if registry is not None:
        await claims.release(registry, organization_id, (claims.SSO_SLUG, claims.SSO_EMAIL_DOMAIN))
    before = snapshot(config)
    await session.delete(config)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="sso.deleted",
        target_type="sso_configuration",
        target_id=organization_id,
        before=before,
    )


def client_secret(box: SecretBox, config: SsoConfiguration) -> str:
    return str(box.open(config.client_secret_sealed)["client_secret"])


async def organization_for_login(
    sessionmaker: async_sessionmaker[AsyncSession], login: str
) -> str | None:
    """The organization a sign-in name or a work e-mail signs in to, when SSO is on for it."""
    login = login.strip().lower()
    if not 1 <= len(login) <= 320:
        return None
    # Asked in every placement (docs/adr/0035). A name or e-mail domain is claimed once across
    # placements (domain/placements/claims.py); one claimed twice all the same (before the
    # registry existed, or within one database) signs in to none of them.
    rows = await find_everywhere(
        sessionmaker,
        text("SELECT organization_id FROM sso_organization_lookup(:l)"),
        {"l": login},
        owner="organization_id",
    )
    found = {row[0] for row in rows if row[0]}
    return found.pop() if len(found) == 1 else None


async def organizations_requiring_sso(
    sessionmaker: async_sessionmaker[AsyncSession], organization_ids: list[str]
) -> set[str]:
    """Those of ``organization_ids`` whose members may sign in only with SSO."""
    if not organization_ids:
        return set()
    required: set[str] = set()
    # A person's memberships may be in several placements: one scope per database.
    for target, org_ids in await by_database(sessionmaker, organization_ids):
        async with tenant_session(target, org_ids) as session:
            rows = await session.execute(
                select(SsoConfiguration.organization_id).where(
                    SsoConfiguration.organization_id.in_(org_ids),
                    SsoConfiguration.enabled,
                    SsoConfiguration.sso_required,
                )
            )
            required.update(rows.scalars())
    return required
