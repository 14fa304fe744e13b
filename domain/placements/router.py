"""Routing sessions by organization: the :class:`~core.db.SessionRouter` of a deployment.

The router is handed wherever a sessionmaker was (the API's ``app.state.sessionmaker``, every
activity class of the worker). ``tenant_session(router, [org])`` opens its transaction in the
organization's placement; ``system_session(router)`` and ``router()`` open the control
database. A worker started for one region serves only that region's placements and refuses
an organization of another (:class:`PlacementNotServed`): its queue should never carry one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import SessionRouter, system_session
from domain.placements import directory, freeze
from domain.placements.registry import Placements


class PlacementNotServed(Exception):
    """An organization whose placement this process does not serve (another region's worker)."""

    def __init__(self, organization_id: str, placement: str, region: str) -> None:
        super().__init__(
            f"organization {organization_id} lives in placement {placement} (region {region}), "
            "which this process does not serve"
        )
        self.organization_id = organization_id
        self.placement = placement
        self.region = region


class PlacementRouter(SessionRouter):
    """Sessions of the control database; tenant sessions in each organization's placement."""

    def __init__(
        self,
        placements: Placements,
        *,
        region: str | None = None,
        cache_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(placements.engine(placements.control))
        self.placements = placements
        self.control_placement = placements.control
        self.region = region or None
        self._served = frozenset(placements.in_region(region) if region else placements.names())
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._known: dict[str, tuple[str, float]] = {}
        # API key id -> the placement it was last found in (authentication asks it first).
        self._keys: dict[str, str] = {}

    @property
    def single(self) -> bool:
        """One placement: nothing to look up, ever."""
        return len(self.placements.names()) == 1

    def served(self) -> list[str]:
        return [name for name in self.placements.names() if name in self._served]

    async def placement_name(self, organization_id: str) -> str:
        """Where ``organization_id`` lives, from this process's copy when it is fresh."""
        if self.single:
            return self.control_placement
        now = self._clock()
        known = self._known.get(organization_id)
        if known is not None and now - known[1] < self._cache_seconds:
            return known[0]
        async with system_session(self) as session:
            found = await directory.lookup(session, organization_id)
        name = found or self.control_placement
        self._known[organization_id] = (name, now)
        return name

    def remember(self, organization_id: str, placement: str) -> None:
        """Record a placement this process just assigned (its own reads follow at once)."""
        self._known[organization_id] = (placement, self._clock())

    def key_placement(self, key_id: str) -> str | None:
        return self._keys.get(key_id)

    def remember_key(self, key_id: str, placement: str) -> None:
        if len(self._keys) > 100_000:  # bounded: one entry per key this process has seen
            self._keys.clear()
        self._keys[key_id] = placement

    def forget(self, organization_ids: Iterable[str] | None = None) -> None:
        if organization_ids is None:
            self._known.clear()
        for organization_id in organization_ids or ():
            self._known.pop(organization_id, None)

    async def place(self, organization_id: str, placement: str) -> None:
        """Route a new organization to ``placement`` before its first row is written there
        (a directory row naming an organization that never got created routes nothing)."""
        self.placements.placement(placement)  # an unknown name fails here, not on first use
        if placement != self.control_placement:
            async with system_session(self) as control:
                await directory.assign(control, organization_id, placement)
        self.remember(organization_id, placement)

    async def place_beside(self, organization_id: str, beside: str) -> str:
        """Route ``organization_id`` to where ``beside`` lives (a sub-organization follows its
        parent); returns that placement."""
        placement = await self.placement_name(beside)
        await self.place(organization_id, placement)
        return placement

    async def for_organization(self, organization_id: str) -> async_sessionmaker[AsyncSession]:
        name = await self.placement_name(organization_id)
        if name not in self._served:
            raise PlacementNotServed(organization_id, name, self.placements.region(name))
        return self.placements.sessionmaker(name)

    def every_database(self) -> dict[str, async_sessionmaker[AsyncSession]]:
        return {name: self.placements.sessionmaker(name) for name in self.served()}

    async def before_commit(self, session: AsyncSession, org_ids: Sequence[str]) -> None:
        """Every tenant transaction that wrote passes a tenant move's write freeze
        (:func:`~domain.placements.freeze.hold_if_written`): activities, relays and any other
        writer obey it like the API does. One statement per tenant transaction, none with a
        single placement (there is nowhere to move to). A refusal because the organization
        moved away drops this process's cached route, so the retry goes to its new home."""
        if self.single:
            return
        try:
            await freeze.hold_if_written(session, org_ids)
        except freeze.TenantFrozen as exc:
            if exc.reason == "moved":
                self.forget(org_ids)
            raise
