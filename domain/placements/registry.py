"""The placements of a deployment, built from :class:`~core.config.Settings`.

A placement is one PostgreSQL database organizations live in: the shared database of a region,
or a database dedicated to one organization (its own URL and role). Without ``PLACEMENTS`` a
deployment has one placement, named after ``DEFAULT_REGION``, on ``DATABASE_URL``: nothing
changes for a deployment that never configured placements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import PlacementSpec, Settings
from core.db import create_app_engine, create_sessionmaker
from domain.errors import InvalidRequest


class UnknownPlacement(LookupError):
    """A name no placement of this deployment has (a directory row naming a removed one)."""


@dataclass(frozen=True, slots=True)
class Placement:
    name: str
    url: str
    region: str
    migrations_url: str = ""
    dedicated: bool = False

    @property
    def owner_url(self) -> str:
        """Where migrations run: the schema owner's URL, else the application's."""
        return self.migrations_url or self.url


class Placements:
    """Every placement by name, with one engine each, opened on first use.

    ``engines`` lends engines the caller owns (tests, ``create_app(engine=...)``); the others
    are created here and closed by :meth:`dispose`.
    """

    def __init__(
        self,
        placements: Mapping[str, Placement],
        *,
        control: str,
        pool_size: int = 10,
        engines: Mapping[str, AsyncEngine] | None = None,
        residency: bool = True,
    ) -> None:
        if control not in placements:
            raise UnknownPlacement(control)
        # Whether an organization's region decides its database. Not without PLACEMENTS: one
        # database holds every region's organizations, and ``region`` stays a label (as before).
        self.residency = residency
        self._placements = dict(placements)
        self.control = control
        self._pool_size = pool_size
        self._lent = dict(engines or {})
        self._owned: dict[str, AsyncEngine] = {}
        self._sessionmakers: dict[str, async_sessionmaker[AsyncSession]] = {}

    @classmethod
    def from_settings(
        cls, settings: Settings, *, engines: Mapping[str, AsyncEngine] | None = None
    ) -> Placements:
        specs: Mapping[str, PlacementSpec] = settings.placements or {
            settings.default_region: PlacementSpec(
                url=settings.database_url or "postgresql://unconfigured/",
                region=settings.default_region,
                migrations_url=settings.migrations_database_url,
            )
        }
        return cls(
            {
                name: Placement(
                    name=name,
                    url=spec.url,
                    region=spec.region,
                    migrations_url=spec.migrations_url,
                    dedicated=spec.dedicated,
                )
                for name, spec in specs.items()
            },
            control=settings.control_placement or settings.default_region,
            pool_size=settings.db_pool_size,
            engines=engines,
            residency=bool(settings.placements),
        )

    def _get(self, name: str) -> Placement:
        try:
            return self._placements[name]
        except KeyError:
            raise UnknownPlacement(name) from None

    def names(self) -> list[str]:
        """Every placement's name, the control database first."""
        return [self.control, *(name for name in self._placements if name != self.control)]

    def url(self, name: str) -> str:
        return self._get(name).url

    def region(self, name: str) -> str:
        return self._get(name).region

    def placement(self, name: str) -> Placement:
        return self._get(name)

    def regions(self) -> list[str]:
        """The regions that have at least one placement, the control database's first."""
        return list(dict.fromkeys(self.region(name) for name in self.names()))

    def in_region(self, region: str) -> list[str]:
        return [name for name in self.names() if self.region(name) == region]

    def shared_of(self, region: str) -> str:
        """The shared (not dedicated) placement new organizations of ``region`` live in."""
        shared = [name for name in self.in_region(region) if not self._get(name).dedicated]
        if not shared:
            raise InvalidRequest(
                f"this deployment has no database in region {region!r}; regions: "
                f"{', '.join(self.regions())}",
                param="region",
                code="region_unavailable",
            )
        # The placement named after its region is the obvious one when there are several.
        return region if region in shared else shared[0]

    def engine(self, name: str) -> AsyncEngine:
        placement = self._get(name)
        if name in self._lent:
            return self._lent[name]
        if name not in self._owned:
            self._owned[name] = create_app_engine(placement.url, pool_size=self._pool_size)
        return self._owned[name]

    def sessionmaker(self, name: str) -> async_sessionmaker[AsyncSession]:
        if name not in self._sessionmakers:
            self._sessionmakers[name] = create_sessionmaker(self.engine(name))
        return self._sessionmakers[name]

    async def dispose(self) -> None:
        """Close the engines this object opened (lent ones stay with their owner)."""
        owned, self._owned = self._owned, {}
        self._sessionmakers = {n: m for n, m in self._sessionmakers.items() if n in self._lent}
        for engine in owned.values():
            await engine.dispose()
