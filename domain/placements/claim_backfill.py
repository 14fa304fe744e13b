"""Bring the registry of claimed names (``organization_claims`` in the control database) level
with what organizations hold in their placements.

Organizations configured before the registry existed hold SSO sign-in names, SSO e-mail
domains and custom domains the registry does not know, so an organization of another
placement could still claim them. :func:`reconcile` reads every placement as its schema owner
and:

- registers each name held by exactly one organization (and by no other in the registry);
- reports a name held by two organizations — two placements' organizations that took it
  before the registry, or a registered holder and another organization that holds it in its
  database — as a :class:`ClaimConflict` naming both, and registers nothing for it: which
  one keeps the name is the operator's decision (one of them changes its settings), never
  this module's;
- releases the claims of an organization that exists no more in the placement the directory
  routes it to (deleted), so its names are free again;
- releases a claim its organization has not used for :data:`UNUSED_AFTER` (no SSO setting or
  custom domain of the organization holds the name): a save refused after its claim, or a
  release that failed after its rows went (a sandbox reset while the control database was
  down). The delay leaves alone a save under way, which claims before it writes its row.

A row of a placement the directory does not route its organization to (a copy a move left
behind) counts for nothing. Running it again changes nothing. ``auditoryx migrate`` runs it
after upgrading every placement; ``auditoryx placements claims-backfill`` runs it alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from psycopg import AsyncConnection

from core.db import libpq_conninfo
from domain.placements.claims import CUSTOM_DOMAIN, SSO_EMAIL_DOMAIN, SSO_SLUG

Name = tuple[str, str]  # (kind, value)
UNUSED_AFTER = timedelta(hours=1)

# Every name an organization of the database holds, with its kind (%s: the three kinds).
_HELD = """
SELECT organization_id, %s::text, lower(slug) FROM sso_configurations
UNION
SELECT organization_id, %s::text, lower(d) FROM sso_configurations, unnest(email_domains) AS d
UNION
SELECT organization_id, %s::text, lower(hostname) FROM custom_domains
"""


class ClaimBackfillError(Exception):
    """A placement could not be read as the schema owner; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Holder:
    organization_id: str
    placement: str


@dataclass(frozen=True, slots=True)
class ClaimConflict:
    """One name two or more organizations hold; ``registered`` is the one the registry names
    (it keeps the name until an operator resolves the conflict), ``None`` if none."""

    kind: str
    value: str
    holders: tuple[Holder, ...]
    registered: str | None

    def describe(self) -> str:
        held = ", ".join(f"{h.organization_id} (placement {h.placement})" for h in self.holders)
        registered = (
            f"registered to {self.registered}" if self.registered else "registered to none of them"
        )
        return f"{self.kind} {self.value!r} is held by {held}; {registered}"


@dataclass(slots=True)
class ClaimReport:
    registered: list[tuple[str, str, str]] = field(default_factory=list)  # kind, value, org
    already: int = 0
    released: list[tuple[str, str, str]] = field(default_factory=list)
    unused: list[tuple[str, str, str]] = field(default_factory=list)
    conflicts: list[ClaimConflict] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.registered)} registered, {self.already} already registered, "
            f"{len(self.released)} released (organization gone), "
            f"{len(self.unused)} released (unused), "
            f"{len(self.conflicts)} conflict(s)"
        )


async def _connect(name: str, url: str) -> AsyncConnection:
    try:
        conn = await AsyncConnection.connect(libpq_conninfo(url), autocommit=True)
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClaimBackfillError(f"placement {name}: cannot connect: {reason}") from None
    row = await (
        await conn.execute(
            "SELECT r.rolsuper OR r.oid = c.relowner FROM pg_roles r, pg_class c "
            "WHERE r.rolname = current_user AND c.oid = to_regclass('public.organization_claims')"
        )
    ).fetchone()
    if not (row and row[0]):
        await conn.close()
        raise ClaimBackfillError(
            f"placement {name}: not migrated to the registry (0041), or its URL does not log in "
            "as the schema owner (give the placement its migrations URL)"
        )
    return conn


async def _maintenance(conn: AsyncConnection, org_ids: Sequence[str] = ()) -> None:
    """Inside a transaction: the owner's maintenance policies, and the tenant policies of
    ``org_ids`` (a table without a maintenance policy is read through those)."""
    await conn.execute(
        "SELECT set_config('app.owner_maintenance', 'on', true), "
        "set_config('app.org_ids', %s, true)",
        (",".join(org_ids),),
    )


async def _directory(control: AsyncConnection) -> dict[str, str]:
    async with control.transaction():
        await _maintenance(control)
        rows = await (
            await control.execute("SELECT organization_id, placement FROM organization_placements")
        ).fetchall()
    return {str(org): str(placement) for org, placement in rows}


async def _moving(control: AsyncConnection) -> set[str]:
    async with control.transaction():
        await _maintenance(control)
        rows = await (
            await control.execute(
                "SELECT organization_ids FROM tenant_moves WHERE state NOT IN ('done', 'failed')"
            )
        ).fetchall()
    return {str(org) for (ids,) in rows for org in ids}


async def _registry(control: AsyncConnection) -> dict[Name, str]:
    async with control.transaction():
        await _maintenance(control)
        rows = await (
            await control.execute("SELECT kind, value, organization_id FROM organization_claims")
        ).fetchall()
    return {(str(k), str(v)): str(org) for k, v, org in rows}


async def _placement(conn: AsyncConnection) -> tuple[set[str], list[tuple[str, str, str]]]:
    """Every organization of the database, and every name they hold (org, kind, value)."""
    async with conn.transaction():
        await _maintenance(conn)
        found = await (await conn.execute("SELECT id FROM organizations")).fetchall()
        orgs = [str(row[0]) for row in found]
        await _maintenance(conn, orgs)
        held = await (
            await conn.execute(_HELD, (SSO_SLUG, SSO_EMAIL_DOMAIN, CUSTOM_DOMAIN))
        ).fetchall()
    return set(orgs), [(str(org), str(kind), str(value)) for org, kind, value in held if value]


async def reconcile(owner_urls: Mapping[str, str], control: str) -> ClaimReport:
    """Register, report and release as the module says; ``owner_urls``: each placement's
    schema owner's URL by name, ``control``: the control placement's name. Raises
    :class:`ClaimBackfillError` when a placement cannot be read; nothing is changed then
    (a name held in that placement could be registered to another organization otherwise)."""
    if control not in owner_urls:
        raise ClaimBackfillError(f"no placement named {control!r} (the control database)")
    connections: dict[str, AsyncConnection] = {}
    try:
        for name, url in owner_urls.items():
            connections[name] = await _connect(name, url)
        return await _reconcile(connections, control)
    finally:
        for conn in connections.values():
            await conn.close()


async def _reconcile(connections: Mapping[str, AsyncConnection], control: str) -> ClaimReport:
    db = connections[control]
    directory = await _directory(db)

    def home(org: str) -> str:
        return directory.get(org, control)

    present: dict[str, set[str]] = {}
    held: dict[Name, set[Holder]] = defaultdict(set)
    for name, conn in connections.items():
        present[name], rows = await _placement(conn)
        for org, kind, value in rows:
            if home(org) == name:  # else a copy a move left behind
                held[(kind, value)].add(Holder(org, name))

    report = ClaimReport()
    registry = await _registry(db)
    # Organizations that exist no more where the directory routes them. One that moved while
    # the placements were read (its directory row changed, or a move is under way) is left
    # for the next run.
    holders = set(registry.values())
    gone = {org for org in holders if org not in present.get(home(org), {org})}
    if gone:
        again, moving = await _directory(db), await _moving(db)
        gone = {org for org in gone if again.get(org) == directory.get(org) and org not in moving}
    if gone:
        async with db.transaction():
            await _maintenance(db)
            released = await (
                await db.execute(
                    "DELETE FROM organization_claims WHERE organization_id = ANY (%s) "
                    "RETURNING kind, value, organization_id",
                    (sorted(gone),),
                )
            ).fetchall()
        report.released = sorted((str(k), str(v), str(o)) for k, v, o in released)
        for kind, value, _org in report.released:
            registry.pop((kind, value), None)
    unused = [
        (kind, value, org)
        for (kind, value), org in registry.items()
        if org not in gone
        and home(org) in present
        and org in present[home(org)]
        and org not in {h.organization_id for h in held.get((kind, value), ())}
    ]
    if unused:
        async with db.transaction():
            await _maintenance(db)
            released = await (
                await db.execute(
                    "DELETE FROM organization_claims c USING unnest("
                    "%s::text[], %s::text[], %s::text[]) AS u(kind, value, organization_id) "
                    "WHERE (c.kind, c.value, c.organization_id) = (u.kind, u.value, "
                    "u.organization_id) AND c.claimed_at < now() - %s "
                    "RETURNING c.kind, c.value, c.organization_id",
                    (*(list(col) for col in zip(*unused, strict=True)), UNUSED_AFTER),
                )
            ).fetchall()
        report.unused = sorted((str(k), str(v), str(o)) for k, v, o in released)
        for kind, value, _org in report.unused:
            registry.pop((kind, value), None)

    wanted: list[tuple[str, str, str]] = []
    for (kind, value), found in sorted(held.items()):
        orgs = {h.organization_id for h in found}
        registered = registry.get((kind, value))
        if registered is not None and registered not in orgs:
            found = found | {Holder(registered, home(registered))}
        if len(orgs | ({registered} if registered else set())) > 1:
            report.conflicts.append(_conflict(kind, value, found, registered))
        elif registered is not None:
            report.already += 1
        else:
            wanted.append((kind, value, orgs.pop()))
    if wanted:
        async with db.transaction():
            await _maintenance(db)
            inserted = await (
                await db.execute(
                    "INSERT INTO organization_claims (kind, value, organization_id) "
                    "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]) "
                    "ORDER BY 1, 2 ON CONFLICT (kind, value) DO NOTHING "
                    "RETURNING kind, value, organization_id",
                    ([w[0] for w in wanted], [w[1] for w in wanted], [w[2] for w in wanted]),
                )
            ).fetchall()
        report.registered = sorted((str(k), str(v), str(o)) for k, v, o in inserted)
        # A name claimed through the API while this ran: the registry's holder decides.
        missed = [w for w in wanted if w not in set(report.registered)]
        if missed:
            registry = await _registry(db)
            for kind, value, org in missed:
                registered = registry.get((kind, value))
                if registered == org:
                    report.already += 1
                else:
                    holders_ = {Holder(org, home(org))}
                    if registered is not None:
                        holders_.add(Holder(registered, home(registered)))
                    report.conflicts.append(_conflict(kind, value, holders_, registered))
    return report


def _conflict(kind: str, value: str, holders: set[Holder], registered: str | None) -> ClaimConflict:
    ordered = sorted(holders, key=lambda h: (h.organization_id != registered, h.organization_id))
    return ClaimConflict(kind, value, tuple(ordered), registered)
