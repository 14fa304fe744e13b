"""The write freeze of a tenant move, as writers meet it and as the move sets it.

A writing transaction calls :func:`hold_writes` first, in the database it is about to write
(one statement: ``tenant_write_hold``). It takes a shared advisory lock per organization of
its scope, held until it commits, and learns whether the organization's writes are blocked
there. A move freezes by writing the block rows in the source and then taking the same locks
exclusively (:func:`freeze`): that waits for every write already under way and lets none
start after, because a writer that got its lock after the block committed reads the block.
So when :func:`freeze` returns, nothing of the organizations changes in the source any more
until :func:`unfreeze`, and the last copy sees everything.

Once the routing switched, the source keeps the block as ``moved``: a process that still
routes the organization there (a cached route, an activity that resolved it a moment ago)
is refused instead of writing into the copy left behind, and retries against the new home.
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import AsyncConnection
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.errors import DomainError

# What a writer refused during a freeze is told to wait; the freeze lasts for the last
# catch-up copy and the verification, seconds for a tenant of ordinary size.
FREEZE_RETRY_AFTER_SECONDS = 5
# What a writer that reached the old database after the switch is told to wait: the time
# for its process to look the organization's placement up again.
MOVED_RETRY_AFTER_SECONDS = 1
# How long the freeze waits for writes already under way before it gives up (and retries).
DRAIN_TIMEOUT = "30s"


class TenantFrozen(DomainError):
    """The organization's writes are refused here for now (503 with ``Retry-After``)."""

    status, code, title = 503, "tenant_moving", "Organization moving"

    def __init__(self, organization_id: str, reason: str, retry_after: int) -> None:
        detail = (
            "this organization is moving to another database; its data can be read but not "
            "changed for a few seconds, send the request again after Retry-After"
            if reason == "frozen"
            else "this organization moved to another database; send the request again"
        )
        super().__init__(detail, extra={"retry_after": retry_after})
        self.organization_id = organization_id
        self.reason = reason
        self.retry_after = retry_after


# ``session.info`` key: the organizations whose writes this session's transaction holds.
HELD = "tenant_writes_held"


async def hold_writes(session: AsyncSession, organization_ids: Sequence[str]) -> None:
    """Hold off a move's freeze until this transaction ends, or raise :class:`TenantFrozen`
    when the organizations' writes are blocked in this database."""
    found = (
        await session.execute(
            text("SELECT * FROM tenant_write_hold(CAST(:ids AS text[]))"),
            {"ids": list(organization_ids)},
        )
    ).first()
    if found is not None:
        raise TenantFrozen(str(found[0]), str(found[1]), int(found[2]))
    session.info[HELD] = session.info.get(HELD, frozenset()) | frozenset(organization_ids)


# One statement: the hold of :func:`hold_writes` when the transaction has written anything
# (PostgreSQL assigns a transaction id at its first write), else nothing at all (an empty
# list takes no lock and matches no block).
_HOLD_IF_WRITTEN = text(
    "SELECT * FROM tenant_write_hold(CASE WHEN pg_current_xact_id_if_assigned() IS NULL "
    "THEN CAST('{}' AS text[]) ELSE CAST(:ids AS text[]) END)"
)


async def hold_if_written(session: AsyncSession, organization_ids: Sequence[str]) -> None:
    """At the end of a tenant transaction, before it commits: if it wrote, hold the writes as
    :func:`hold_writes` does (raising :class:`TenantFrozen` when they are blocked here, and
    the transaction rolls back); a read-only transaction is let go, reads go on during a
    freeze. Nothing when the transaction already held its writes (the API's do, first thing).

    Why at the end: a writer whose hold comes after the freeze's drain reads the block and
    rolls back, one whose hold comes before is waited for by the drain, so every committed
    write of the source is seen by the move's last copy; and no code between the start and
    the commit has to know that a freeze exists."""
    if frozenset(organization_ids) <= session.info.get(HELD, frozenset()):
        return
    await session.flush()  # the ORM's pending writes, so the database knows of them
    found = (await session.execute(_HOLD_IF_WRITTEN, {"ids": list(organization_ids)})).first()
    if found is not None:
        raise TenantFrozen(str(found[0]), str(found[1]), int(found[2]))


def _lock_key(organization_id: str) -> str:
    return f"tenant-move:{organization_id}"


async def freeze(
    source: AsyncConnection,
    *,
    move_id: str,
    organization_ids: Sequence[str],
    retry_after: int = FREEZE_RETRY_AFTER_SECONDS,
) -> None:
    """Block the organizations' writes in ``source`` and wait for those under way to end."""
    async with source.transaction():
        for org in organization_ids:
            await source.execute(
                "INSERT INTO tenant_write_blocks (organization_id, move_id, reason, "
                "retry_after_seconds) VALUES (%s, %s, 'frozen', %s) "
                "ON CONFLICT (organization_id) DO UPDATE SET move_id = EXCLUDED.move_id, "
                "reason = 'frozen', retry_after_seconds = EXCLUDED.retry_after_seconds",
                (org, move_id, retry_after),
            )
    async with source.transaction():
        await source.execute("SELECT set_config('lock_timeout', %s, true)", (DRAIN_TIMEOUT,))
        for org in sorted(organization_ids):
            await source.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (_lock_key(org),)
            )


async def unfreeze(source: AsyncConnection, *, organization_ids: Sequence[str]) -> None:
    """Let the organizations write in ``source`` again (a move that did not switch)."""
    await source.execute(
        "DELETE FROM tenant_write_blocks WHERE organization_id = ANY (%s) AND reason = 'frozen'",
        (list(organization_ids),),
    )


async def mark_moved(
    source: AsyncConnection, *, move_id: str, organization_ids: Sequence[str]
) -> None:
    """Keep the organizations' writes refused in ``source`` for good: they live elsewhere."""
    for org in organization_ids:
        await source.execute(
            "INSERT INTO tenant_write_blocks (organization_id, move_id, reason, "
            "retry_after_seconds) VALUES (%s, %s, 'moved', %s) "
            "ON CONFLICT (organization_id) DO UPDATE SET move_id = EXCLUDED.move_id, "
            "reason = 'moved', retry_after_seconds = EXCLUDED.retry_after_seconds",
            (org, move_id, MOVED_RETRY_AFTER_SECONDS),
        )


async def clear_blocks(target: AsyncConnection, *, organization_ids: Sequence[str]) -> None:
    """Drop blocks the target kept from an earlier move away (the organizations return)."""
    await target.execute(
        "DELETE FROM tenant_write_blocks WHERE organization_id = ANY (%s)",
        (list(organization_ids),),
    )
