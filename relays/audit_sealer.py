"""The audit sealer: link committed audit records into their organizations' hash chains.

Requests write their audit records unlinked; this sweep seals every organization's records
that lie below the transaction-visibility watermark, a batch per transaction, under the chain
head's row lock (an organization another worker is sealing is skipped, not waited for). It
runs as the application role like every relay: the organizations come from a definer function
(ids only), each is sealed in a session scoped to it. See docs/adr/0019-audit-sealer.md.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from domain.audit.sealer import seal_sealable

log = logging.getLogger("auditoryx.worker")


async def seal_audit_chains(
    sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
) -> int:
    """One pass of the sealer (``client`` and ``task_queue`` are unused: it starts nothing)."""
    del client, task_queue
    sealed = await seal_sealable(sessionmaker)
    if sealed:
        log.debug("sealed %d audit record(s)", sealed)
    return sealed
