"""Destroys, in the key store, what an organization deleted by hand left there.

An organization's row deleted outside the product's deletion (an operator's ``DELETE``, a
parent's cascade) loses its payload key versions in the data database (the 0031 trigger), but
its key-encryption key and its persons' keys are in the key store, another database: with them
a backup of the data would still open its payload keys and its persons' sealed fields. This
sweep finds such organizations in its database (``deleted_organizations_with_keys``, migration
0047: every key row a tombstone, no organization row, no move's write block) whose home the
directory says is this database, and destroys their keys in the key store, in groups of
:data:`GROUP`. The first sweep of a database looks at every
deletion; later ones at those since the previous sweep began, less :data:`MARGIN` (a deletion
committed while a sweep ran). Destroying what is already destroyed changes nothing, so several
workers may sweep at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.db import system_session
from domain.keys.store import KeyStore
from domain.placements.router import PlacementRouter

log = logging.getLogger("auditoryx.worker")

GROUP = 500  # organizations per key store transaction
MARGIN = timedelta(hours=1)


class DeletedOrganizationKeys:
    """The sweep of one database (``placement``, where ``router`` routes organizations), for
    one key store; it remembers when it last began."""

    def __init__(self, keystore: KeyStore, router: PlacementRouter, placement: str) -> None:
        self._keystore = keystore
        self._router = router
        self._placement = placement
        self._began: datetime | None = None

    async def __call__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: Client,
        *,
        task_queue: str,
    ) -> int:
        """One pass over ``sessionmaker``'s database (``placement``'s); how many keys it
        destroyed in the key store (persons' keys and key-encryption keys that were live)."""
        began = datetime.now(UTC)
        since = datetime.min.replace(tzinfo=UTC) if self._began is None else self._began - MARGIN
        async with system_session(sessionmaker) as session:
            listed = list(
                (
                    await session.execute(
                        text("SELECT organization_id FROM deleted_organizations_with_keys(:since)"),
                        {"since": since},
                    )
                )
                .scalars()
                .all()
            )
        # Only those whose home is this database, as the directory says now: tombstones in
        # another (a move's partial copy, a failed move's leftovers) are not a deletion.
        self._router.forget(listed)
        deleted = [o for o in listed if await self._router.placement_name(o) == self._placement]
        persons = keks = 0
        for start in range(0, len(deleted), GROUP):
            destroyed = await self._keystore.destroy_organizations(deleted[start : start + GROUP])
            persons, keks = persons + destroyed[0], keks + destroyed[1]
        self._began = began
        if persons or keks:
            log.warning(
                "destroyed %d person key(s) and %d key-encryption key(s) in the key store, of "
                "organizations deleted outside the product's deletion",
                persons,
                keks,
            )
        return persons + keks
