"""Destroys, in the key store, what an organization deleted by hand left there.

An organization's row deleted outside the product's deletion (an operator's ``DELETE``, a
parent's cascade) loses its payload key versions in the data database (the 0031 trigger), but
its key-encryption key and its persons' keys are in the key store, another database: with them
a backup of the data would still open its payload keys and its persons' sealed fields. This
sweep finds such organizations in its database (``deleted_organizations_with_keys``, migration
0047: every key row a tombstone, no organization row, no move's write block) whose home the
directory says is this database, and destroys their keys in the key store, in groups of
:data:`GROUP`. Every sweep looks at every such organization: deletions by hand are rare, and
destroying what is already destroyed changes nothing (so several workers may sweep at once).
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from core.db import system_session
from domain.keys.store import KeyStore
from domain.placements import directory
from domain.placements.router import PlacementRouter

log = logging.getLogger("auditoryx.worker")

GROUP = 500  # organizations per key store transaction


class DeletedOrganizationKeys:
    """The sweep of one database (``placement``, where ``router`` routes organizations), for
    one key store."""

    def __init__(self, keystore: KeyStore, router: PlacementRouter, placement: str) -> None:
        self._keystore = keystore
        self._router = router
        self._placement = placement

    async def __call__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        client: Client,
        *,
        task_queue: str,
    ) -> int:
        """One pass over ``sessionmaker``'s database (``placement``'s); how many keys it
        destroyed in the key store (persons' keys and key-encryption keys that were live)."""
        async with system_session(sessionmaker) as session:
            listed = list(
                (
                    await session.execute(
                        text("SELECT organization_id FROM deleted_organizations_with_keys()")
                    )
                )
                .scalars()
                .all()
            )
        # Only those whose home is this database, as the directory says now (one transaction
        # of the control database, never the cache): tombstones in another (a move's partial
        # copy, a failed move's leftovers) are not a deletion.
        async with system_session(self._router) as control:
            homes = {o: await directory.lookup(control, o) for o in listed}
        home = self._router.control_placement
        deleted = [o for o in listed if (homes[o] or home) == self._placement]
        persons = keks = 0
        for start in range(0, len(deleted), GROUP):
            destroyed = await self._keystore.destroy_organizations(deleted[start : start + GROUP])
            persons, keks = persons + destroyed[0], keks + destroyed[1]
        if persons or keks:
            log.warning(
                "destroyed %d person key(s) and %d key-encryption key(s) in the key store, of "
                "organizations deleted outside the product's deletion",
                persons,
                keks,
            )
        return persons + keks
