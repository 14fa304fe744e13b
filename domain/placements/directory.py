"""The directory of organizations: which placement each one lives in.

It lives in the control database (the control placement). An organization without a row
lives in the control database itself: single-database deployments never write one. A
sub-organization and a sandbox twin live where their parent does and get a row of their own
when that is not the control database, so a worker that knows only an organization id finds
it with one lookup.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import system_session


async def lookup(control_session: AsyncSession, org_id: str) -> str | None:
    """The placement the directory names for ``org_id``, ``None`` when it names none."""
    found: Any = await control_session.scalar(
        text("SELECT placement_of(:org_id)"), {"org_id": org_id}
    )
    return str(found) if found is not None else None


async def placement_of(
    control_sessionmaker: async_sessionmaker[AsyncSession],
    org_id: str,
    *,
    default: str | None = None,
) -> str:
    """The placement ``org_id`` lives in: its directory row, else the control database.

    The control database's name is ``default`` or, for a
    :class:`~domain.placements.router.PlacementRouter`, its control placement.
    """
    async with system_session(control_sessionmaker) as session:
        found = await lookup(session, org_id)
    if found is not None:
        return found
    control = default or getattr(control_sessionmaker, "control_placement", None)
    if control is None:
        raise ValueError("placement_of needs default= for a plain sessionmaker")
    return str(control)


async def assign(control_session: AsyncSession, org_id: str, placement: str) -> None:
    """Route ``org_id`` to ``placement`` from the commit of ``control_session``'s transaction.

    Processes that looked the organization up keep their copy for up to
    ``PLACEMENT_CACHE_SECONDS``; a move keeps writes frozen at least that long after the switch.
    """
    if not placement:
        raise ValueError("a placement name is required")
    await control_session.execute(
        text("SELECT assign_placement(:org_id, :placement)"),
        {"org_id": org_id, "placement": placement},
    )
