"""Moving an organization between placements: starting a move and reading it.

What moves is a root organization with its tree (docs/adr/0036-tenant-moves.md): every
sub-organization and sandbox twin that lives in the same database. A sub-organization
cannot move alone: its parent's row must be in the database it lives in (the hierarchy's
trigger and the parent's view of its children need it).

The move itself is the ``TenantMoveWorkflow``; its steps are in :mod:`domain.placements.steps`.
This module is what the operator API and the CLI call, and the one record of a move's
progress, ``tenant_moves``, in the control database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import libpq_conninfo, tenant_session
from core.ids import new_id
from core.workflow_ids import tenant_move_workflow_id
from domain.errors import Conflict, InvalidRequest, NotFound
from domain.placements import directory
from domain.placements.models import TenantMove
from domain.placements.registry import Placements

Sessionmaker = async_sessionmaker[AsyncSession]


class PlacementCatalog(Protocol):
    """What a move needs of the deployment's placements (``registry.Placements``)."""

    control: str

    def names(self) -> list[str]: ...

    def url(self, name: str) -> str: ...

    def region(self, name: str) -> str: ...

    def sessionmaker(self, name: str) -> Sessionmaker: ...


PlacementOf = Callable[[Sessionmaker, str], Awaitable[str]]
Assign = Callable[[AsyncSession, str, str], Awaitable[None]]


@dataclass(frozen=True)
class PlacementRouting:
    """The placements and the directory, as the move uses them (``directory.placement_of``
    and ``directory.assign``). ``owner_url`` names the URL a placement's schema owner logs in
    with (its migrations URL); by default the placement's URL, whose role owns the schema
    in a deployment that migrates with ``DATABASE_URL``."""

    placements: PlacementCatalog
    placement_of: PlacementOf
    assign: Assign
    owner_url: Callable[[str], str] | None = None

    def control_sessionmaker(self) -> Sessionmaker:
        """Sessions of the control database, where ``tenant_moves`` and the directory are:
        a plain sessionmaker, never the router (whose tenant sessions follow the tenant)."""
        return self.placements.sessionmaker(self.placements.control)

    def owner_conninfo(self, name: str) -> str:
        """A libpq connection string of the placement's schema owner."""
        return libpq_conninfo(self.owner_url(name) if self.owner_url else self.placements.url(name))


def routing_of(placements: Placements) -> PlacementRouting:
    """The routing a deployment's moves use: its registry, the directory in its control
    database (an organization without a row lives there), and each placement's schema owner
    (its ``migrations_url``, else its URL)."""
    control = placements.control

    async def placement_of(control_sessionmaker: Sessionmaker, org_id: str) -> str:
        return await directory.placement_of(control_sessionmaker, org_id, default=control)

    return PlacementRouting(
        placements,
        placement_of,
        directory.assign,
        owner_url=lambda name: placements.placement(name).owner_url,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def check_target(routing: PlacementRouting, target: str) -> None:
    """A clear refusal for a placement this deployment does not have."""
    names = routing.placements.names()
    if target not in names:
        raise InvalidRequest(
            f"no placement named {target!r}; placements: {', '.join(names)}",
            param="to",
            code="unknown_placement",
        )


async def moving_organizations(session: AsyncSession, root: str) -> list[str]:
    """The root, its sub-organizations and their sandbox twins (as the session sees them:
    an owner session of the source scoped to the root, or a tenant session of it)."""
    tree = [
        str(r)
        for r in (
            await session.execute(
                text("SELECT id FROM organizations WHERE :root = ANY (path) ORDER BY path"),
                {"root": root},
            )
        ).scalars()
    ]
    await session.execute(
        text("SELECT set_config('app.org_ids', :ids, true)"), {"ids": ",".join(tree)}
    )
    twins = [
        str(r)
        for r in (
            await session.execute(
                text(
                    "SELECT id FROM organizations WHERE sandbox_of = ANY (CAST(:ids AS text[])) "
                    "ORDER BY id"
                ),
                {"ids": tree},
            )
        ).scalars()
    ]
    return tree + [t for t in twins if t not in tree]


async def start_move(
    control: Sessionmaker,
    routing: PlacementRouting,
    *,
    organization_id: str,
    target: str,
) -> TenantMove:
    """Record a move of ``organization_id``'s tree to ``target`` (the caller starts its
    workflow). Refused: an unknown placement (422 ``unknown_placement``), a sub-organization
    (422 ``not_a_root_organization``), the placement it already lives in (409
    ``already_in_placement``), a second move while one runs (409 ``move_in_progress``)."""
    check_target(routing, target)
    source = await routing.placement_of(control, organization_id)
    async with tenant_session(routing.placements.sessionmaker(source), [organization_id]) as s:
        row = (
            await s.execute(
                text("SELECT parent_id, sandbox_of FROM organizations WHERE id = :id"),
                {"id": organization_id},
            )
        ).first()
        if row is None:
            raise NotFound(f"no organization {organization_id}", param="org")
        if row[0] is not None or row[1] is not None:
            raise InvalidRequest(
                f"{organization_id} is a sub-organization or a sandbox twin; move its root "
                "organization, which carries its whole tree",
                param="org",
                code="not_a_root_organization",
            )
        ids = await moving_organizations(s, organization_id)
    if source == target:
        raise Conflict(
            f"{organization_id} already lives in placement {target}",
            param="to",
            code="already_in_placement",
        )
    move_id = new_id("tmv")
    try:
        async with tenant_session(control, [organization_id]) as session:
            move = TenantMove(
                id=move_id,
                organization_id=organization_id,
                organization_ids=ids,
                source=source,
                target=target,
                state="copying",
                progress={},
                workflow_id=tenant_move_workflow_id(organization_id, move_id),
            )
            session.add(move)
    except IntegrityError as exc:
        raise Conflict(
            f"a move of {organization_id} is running; wait for it (tenant move-status)",
            param="org",
            code="move_in_progress",
        ) from exc
    return move


async def get_move(
    control: Sessionmaker, *, organization_id: str, move_id: str | None = None
) -> TenantMove:
    """A move of the organization: ``move_id``, or its latest."""
    async with tenant_session(control, [organization_id]) as session:
        query = select(TenantMove).where(TenantMove.organization_id == organization_id)
        if move_id is not None:
            query = query.where(TenantMove.id == move_id)
        found = await session.scalar(query.order_by(TenantMove.created_at.desc()).limit(1))
    if found is None:
        raise NotFound(f"no move of {organization_id}", param="org")
    return found


async def update_move(
    control: Sessionmaker, organization_id: str, move_id: str, **values: Any
) -> TenantMove:
    """Write the move's row (its state, progress, report…) and return it."""
    async with tenant_session(control, [organization_id]) as session:
        move = await session.get(TenantMove, move_id)
        if move is None:
            raise NotFound(f"no move {move_id}")
        for name, value in values.items():
            setattr(move, name, value)
        move.updated_at = _now()
    return move


def move_document(move: TenantMove) -> dict[str, Any]:
    """What the operator API and ``tenant move-status`` show of a move."""
    return {
        "id": move.id,
        "object": "tenant_move",
        "organization_id": move.organization_id,
        "organization_ids": list(move.organization_ids),
        "source": move.source,
        "target": move.target,
        "state": move.state,
        "progress": move.progress,
        "report": move.report,
        "error": move.error,
        "workflow_id": move.workflow_id,
        "created_at": move.created_at.isoformat() if move.created_at else None,
        "frozen_at": move.frozen_at.isoformat() if move.frozen_at else None,
        "switched_at": move.switched_at.isoformat() if move.switched_at else None,
        "finished_at": move.finished_at.isoformat() if move.finished_at else None,
    }


def frozen_for(move: TenantMove) -> float | None:
    """Seconds the writes were frozen (until the switch), once it happened."""
    if move.frozen_at and move.switched_at:
        return (move.switched_at - move.frozen_at).total_seconds()
    return None
