"""Sealing: linking committed audit records into their organization's hash chain.

A request only inserts unlinked records (:mod:`domain.audit.service`); the worker's sealer
(``relays/audit_sealer.py``) links them shortly after they commit, so no request ever waits
on the chain head. The order is fixed by the transaction-visibility watermark,
``pg_snapshot_xmin(pg_current_snapshot())``: every transaction with a smaller id has committed
or aborted, so the records below it are final, and any record committed later belongs to a
transaction at or above it. Sealing the visible records below the watermark in
(``xid``, ``id``) order therefore never has to put a later record before an earlier one.

One sealer per organization at a time (the chain head's row lock); each batch is one
transaction, so a sealer that dies leaves nothing half-done, and a rerun picks up exactly the
records still unlinked. See docs/adr/0019-audit-sealer.md.
"""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import system_session, tenant_session
from domain.audit.models import AuditChainHead, AuditEvent
from domain.audit.service import GENESIS_HASH, compute_hash

log = logging.getLogger("auditoryx.audit")

BATCH = 1000


def _sealable() -> ColumnElement[bool]:
    """Evaluated in the statement's own snapshot: the rows it admits are all final. Besides
    those below the watermark, a visible record whose xid lies beyond this server's history
    (``>= pg_snapshot_xmax``) was restored from another server's backup before it was sealed
    there (pg_restore loads data before it creates the stamping trigger); no transaction here
    can own it, so it is final too, and waiting for the xid counter to reach it could take
    months."""
    snapshot = func.pg_current_snapshot()
    return or_(
        AuditEvent.xid < func.pg_snapshot_xmin(snapshot),
        AuditEvent.xid >= func.pg_snapshot_xmax(snapshot),
    )


async def _lock_head(
    session: AsyncSession, organization_id: str, *, skip_locked: bool
) -> AuditChainHead | None:
    """The organization's chain head, locked; ``None`` when another sealer holds it and
    ``skip_locked`` says not to wait."""
    query = (
        select(AuditChainHead)
        .where(AuditChainHead.organization_id == organization_id)
        .with_for_update(skip_locked=skip_locked)
        # The locked row, not a copy this session may hold from before the lock.
        .execution_options(populate_existing=True)
    )
    head = (await session.execute(query)).scalar_one_or_none()
    if head is not None:
        return head
    await session.execute(
        text(
            "INSERT INTO audit_chain_heads (organization_id, seq, hash) VALUES (:org, 0, :h) "
            "ON CONFLICT (organization_id) DO NOTHING"
        ),
        {"org": organization_id, "h": GENESIS_HASH},
    )
    return (await session.execute(query)).scalar_one_or_none()


async def seal_batch(
    session: AsyncSession, organization_id: str, *, limit: int = BATCH, skip_locked: bool = False
) -> int | None:
    """Link up to ``limit`` sealable records of the organization onto its chain, in the
    session's transaction (scoped to the organization). Returns how many were linked, or
    ``None`` if another sealer holds the chain and ``skip_locked`` is set."""
    head = await _lock_head(session, organization_id, skip_locked=skip_locked)
    if head is None:
        return None
    # Read after the lock, so in a snapshot that sees whatever the previous sealer committed.
    events = (
        (
            await session.execute(
                select(AuditEvent)
                .where(
                    AuditEvent.organization_id == organization_id,
                    AuditEvent.hash.is_(None),
                    _sealable(),
                )
                .order_by(AuditEvent.xid, AuditEvent.id)
                .limit(limit)
                .execution_options(populate_existing=True)
            )
        )
        .scalars()
        .all()
    )
    seq, prev = head.seq, head.hash
    for event in events:
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = compute_hash(event)
    head.seq, head.hash = seq, prev
    await session.flush()
    return len(events)


async def seal_organization(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_id: str,
    *,
    limit: int = BATCH,
    skip_locked: bool = False,
) -> int:
    """Seal every sealable record of one organization, a batch per transaction."""
    sealed = 0
    while True:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            count = await seal_batch(session, organization_id, limit=limit, skip_locked=skip_locked)
        if count is None:  # another sealer is on it
            return sealed
        sealed += count
        if count < limit:
            return sealed


async def unsealed_organizations(
    sessionmaker: async_sessionmaker[AsyncSession], *, visible_in: str | None = None
) -> list[str]:
    """The organizations with records below the watermark still to seal, or with
    ``visible_in`` (a ``pg_snapshot`` as text) those with unlinked records committed when that
    snapshot was taken. Ids only, through a definer function: the worker sees no tenant."""
    async with system_session(sessionmaker) as session:
        return list(
            (
                await session.execute(
                    text(
                        "SELECT organization_id "
                        "FROM audit_unsealed_organizations(CAST(:snapshot AS pg_snapshot))"
                    ),
                    {"snapshot": visible_in},
                )
            ).scalars()
        )


async def seal_round(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_ids: list[str],
    *,
    limit: int = BATCH,
    skip_locked: bool = True,
) -> tuple[int, list[str]]:
    """One batch for each of ``organization_ids`` in turn: (records sealed, the organizations
    whose batch was full and may have more). An organization another sealer is working on is
    skipped; one that fails is logged and the others are still sealed."""
    sealed, more = 0, []
    for organization_id in organization_ids:
        try:
            async with tenant_session(sessionmaker, [organization_id]) as session:
                count = await seal_batch(
                    session, organization_id, limit=limit, skip_locked=skip_locked
                )
        except Exception:  # one organization must not hold up the others
            log.exception("sealing the audit chain of %s failed", organization_id)
            continue
        if count is None:  # another sealer is on it
            continue
        sealed += count
        if count == limit:
            more.append(organization_id)
    return sealed, more


async def seal_sealable(
    sessionmaker: async_sessionmaker[AsyncSession], *, skip_locked: bool = True
) -> int:
    """Seal every organization with sealable records (the worker's sweep), a batch of each in
    turn: one organization's backlog delays another's sealing by one batch, not by all of it."""
    sealed = 0
    pending = await unsealed_organizations(sessionmaker)
    while pending:
        count, pending = await seal_round(sessionmaker, pending, skip_locked=skip_locked)
        sealed += count
    return sealed


async def seal_pending(
    sessionmaker: async_sessionmaker[AsyncSession],
    organization_id: str | None = None,
    *,
    wait_seconds: float = 30.0,
) -> int:
    """Seal now every record committed before the call (of one organization, or of all).

    A record committed before the call may still sit above the watermark because an older
    transaction is open; this waits for that transaction to end, polling, up to ``wait_seconds``
    seconds (then :class:`TimeoutError`). Waits for other sealers rather than skipping them.
    Returns how many records this call linked.
    """
    async with system_session(sessionmaker) as session:
        # What this call promises to seal: the records visible in a snapshot taken now.
        started = (await session.execute(text("SELECT pg_current_snapshot()::text"))).scalar_one()
    deadline = time.monotonic() + wait_seconds
    sealed = 0
    while True:
        orgs = (
            [organization_id]
            if organization_id is not None
            else await unsealed_organizations(sessionmaker)
        )
        for org in orgs:
            sealed += await seal_organization(sessionmaker, org)
        # Those committed before the call but not yet below the watermark are left.
        left = await unsealed_organizations(sessionmaker, visible_in=started)
        if not left if organization_id is None else organization_id not in left:
            return sealed
        if time.monotonic() > deadline:
            raise TimeoutError(
                "audit records committed before sealing began are still unsealed: an older "
                "transaction is holding the sealing watermark back"
            )
        await asyncio.sleep(0.05)
