"""Per-organization look and reach of the dashboard: branding, feature modules, custom domains.

Branding is the organization's communication settings (``/v1/communication-settings``), the
same name, colours and logo its e-mails carry, and every value is checked again before it
reaches a page: colours must be ``#rrggbb`` (they go into
CSS), a logo must be an ``https://`` URL (or a path on this server). Anything else falls back
to the default, so a bad setting can never break or inject into a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere
from core.ids import new_id
from domain import records
from domain.audit import service as audit
from domain.dashboard.models import CustomDomain
from domain.errors import Conflict, InvalidRequest
from domain.notices.models import CommunicationSettings
from domain.placements import claims
from domain.tenancy.models import Organization

DEFAULT_PRIMARY = "#1f3a5f"
DEFAULT_ACCENT = "#e07a2e"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$"
)

DOMAIN_UNIQUE = {"uq_custom_domains_hostname": ("this host name is already in use", "hostname")}


@dataclass(frozen=True, slots=True)
class Branding:
    name: str
    logo_url: str | None
    primary_color: str
    accent_color: str


def _colour(value: Any, default: str) -> str:
    return value if isinstance(value, str) and _COLOUR.match(value) else default


def _logo(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 500 or any(c in value for c in "\"'<> \n"):
        return None
    if value.startswith("https://") or (value.startswith("/") and not value.startswith("//")):
        return value
    return None


async def load_branding(session: AsyncSession, org: Organization) -> Branding:
    """``org``'s branding, read through ``session`` (a session scoped to ``org``)."""
    stored = await session.get(CommunicationSettings, org.id)
    if stored is None:
        return Branding(org.name, None, DEFAULT_PRIMARY, DEFAULT_ACCENT)
    name = stored.brand_name
    return Branding(
        name=name.strip()[:120] if isinstance(name, str) and name.strip() else org.name,
        logo_url=_logo(stored.logo_url),
        primary_color=_colour(stored.primary_color, DEFAULT_PRIMARY),
        accent_color=_colour(stored.accent_color, DEFAULT_ACCENT),
    )


# --- custom domains ---------------------------------------------------------------------------


def normalize_hostname(value: str) -> str:
    host = value.strip().lower().rstrip(".")
    if not _HOSTNAME.match(host):
        raise InvalidRequest(f"'{value[:80]}' is not a host name", param="hostname")
    return host


def host_of(header: str | None) -> str | None:
    """The host name of a ``Host`` header, without port; ``None`` if it is not a name."""
    if not header:
        return None
    host = header.strip().lower()
    if host.startswith("["):
        return None  # an IPv6 literal is never a custom domain
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host if _HOSTNAME.match(host.rstrip(".")) else None


async def organization_for_host(
    sessionmaker: async_sessionmaker[AsyncSession], host_header: str | None
) -> str | None:
    """The organization whose verified custom domain this request came to, if any."""
    host = host_of(host_header)
    if host is None:
        return None
    # The domain's organization may live in any placement (docs/adr/0035).
    row = await find_anywhere(
        sessionmaker,
        text("SELECT organization_id FROM custom_domain_lookup(:h)"),
        {"h": host},
        owner="organization_id",
    )
    return str(row[0]) if row is not None else None


async def add_custom_domain(
    session: AsyncSession,
    *,
    organization_id: str,
    hostname: str,
    verified: bool,
    actor: audit.Actor,
    registry: async_sessionmaker[AsyncSession] | None = None,
) -> CustomDomain:
    """Register a host name; ``verified`` once its DNS is known to point at this service.
    With ``registry`` (the deployment's router) the name is claimed across every placement
    first (domain/placements/claims.py): another organization's, wherever it lives, is 409."""
    host = normalize_hostname(hostname)
    if registry is not None:
        mine = [d.hostname for d in await list_custom_domains(session, organization_id)]
        if await claims.claim(registry, organization_id, claims.CUSTOM_DOMAIN, [*mine, host]):
            message, param = DOMAIN_UNIQUE["uq_custom_domains_hostname"]
            raise Conflict(message, param=param, code="duplicate")
    domain = (
        await session.execute(select(CustomDomain).where(CustomDomain.hostname == host))
    ).scalar_one_or_none()
    if domain is None:
        domain = CustomDomain(id=new_id("dom"), organization_id=organization_id, hostname=host)
        # Another organization's row is invisible here (RLS); the unique index still refuses.
        await records.flush_or_conflict(session, DOMAIN_UNIQUE, add=domain)
    if verified and domain.verified_at is None:
        domain.verified_at = datetime.now(UTC)
        await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="custom_domain.created",
        target_type="custom_domain",
        target_id=domain.id,
        after={"hostname": host, "verified": domain.verified_at is not None},
    )
    return domain


async def list_custom_domains(session: AsyncSession, organization_id: str) -> list[CustomDomain]:
    """The organization's host names, verified or waiting for DNS, by name."""
    stmt = (
        select(CustomDomain)
        .where(CustomDomain.organization_id == organization_id)
        .order_by(CustomDomain.hostname)
    )
    return list((await session.execute(stmt)).scalars())
