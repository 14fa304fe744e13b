"""Names an organization claims that must be unique across every placement: SSO sign-in
names, SSO e-mail domains, custom domains.

Each is unique within its own database by its table's constraint, but an organization of
another placement could claim it in its own database. The registry, ``organization_claims``
in the control database, is the one place a claim is checked: its primary key serialises
two claims of one name, whichever placements the organizations live in, so of two
concurrent claims one wins and the other is refused. A claim is committed there before the
organization's own row is written in its placement; a save that then fails leaves the
organization holding the name until its next save changes or releases it. Claims are keyed
by organization id, not by placement, so a tenant move carries them (the move neither
copies nor deletes the registry, domain/placements/tables.py).

Names held before the registry existed are registered by the backfill
(domain/placements/claim_backfill.py, run by ``auditoryx migrate``), which also releases the
claims of organizations that exist no more, and claims left unused (a save refused after its
claim, a release that failed). What removes a configuration releases its names:
deleting the SSO settings, a sandbox reset (domain/sandbox/reset.py), :func:`release`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import system_session

SSO_SLUG = "sso_slug"
SSO_EMAIL_DOMAIN = "sso_email_domain"
CUSTOM_DOMAIN = "custom_domain"
KINDS = (SSO_SLUG, SSO_EMAIL_DOMAIN, CUSTOM_DOMAIN)
# The table whose rows each kind of claim stands for.
TABLE_OF = {
    SSO_SLUG: "sso_configurations",
    SSO_EMAIL_DOMAIN: "sso_configurations",
    CUSTOM_DOMAIN: "custom_domains",
}


class _Taken(Exception):
    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_id: str,
    kind: str,
    values: Sequence[str],
) -> str | None:
    """Make the organization's claims of ``kind`` exactly ``values`` (none: release them),
    committed in the control database (``sessionmaker``: the deployment's router, or the one
    database's sessionmaker). Returns the first value another organization holds, and then
    nothing of this claim is kept; ``None`` when every value is the organization's now."""
    try:
        async with system_session(sessionmaker) as session:
            taken = await session.scalar(
                text("SELECT claim_names(:org, :kind, CAST(:values AS text[]))"),
                {"org": organization_id, "kind": kind, "values": sorted(set(values))},
            )
            if taken is not None:
                raise _Taken(str(taken))  # rolls the claim back
    except _Taken as exc:
        return exc.value
    return None


async def release(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_id: str,
    kinds: Sequence[str] = KINDS,
) -> None:
    """Give up the organization's claims of ``kinds`` (by default all of them): the names
    become free for any other organization, wherever it lives. For what removes the rows the
    claims stand for: call it once they are gone (committed), so a failure in between leaves
    the names with the organization rather than free while it still uses them."""
    for kind in kinds:
        await claim(sessionmaker, organization_id, kind, [])


async def claimant(session: AsyncSession, kind: str, value: str) -> str | None:
    """The organization holding ``value`` (a session of the control database that may read
    the registry: an owner's, for tests and operators)."""
    found = await session.scalar(
        text("SELECT organization_id FROM organization_claims WHERE kind = :k AND value = :v"),
        {"k": kind, "v": value},
    )
    return str(found) if found is not None else None
