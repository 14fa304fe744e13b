"""Counting usage cheaply: in memory per process, added to ``usage_daily`` every few seconds.

The request path only increments a dict entry (no I/O, no lock: one event loop). A flush
swaps the dict for an empty one and writes what it held as one multi-row
``INSERT … ON CONFLICT DO UPDATE SET n = usage_daily.n + excluded.n`` in one transaction, so
several processes flushing the same counter add up, and rows are written in key order so two
flushes never wait on each other's locks in opposite orders. A flush that fails gives its
counts back to the next one. A process that crashes loses at most the counts of its last
interval (:data:`FLUSH_SECONDS`); a graceful shutdown flushes (:func:`flushing`).

Work that happens inside a domain transaction (a booking, a bulk batch, a webhook attempt
recorded) is counted with :func:`count_on_commit`: the increment is held on the session and
reaches the meter only if that transaction commits, so a rolled-back booking is never
counted. See docs/adr/0023-usage-metering.md.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from core.db import by_database, tenant_session
from core.ids import is_valid_id
from domain.base import utcnow
from domain.usage.models import NO_KEY

log = logging.getLogger("auditoryx.usage")

FLUSH_SECONDS = 5.0
"""How often a process adds its counts to the database by default (``USAGE_FLUSH_SECONDS``):
what a crash can lose."""

API_REQUESTS = "api_requests"
WORKFLOW_STARTS = "workflow_starts"
WEBHOOK_DELIVERIES = "webhook_deliveries"
BOOKINGS_CREATED = "bookings_created"
BULK_SESSIONS = "bulk_sessions"
EMAILS_SENT = "emails_sent"
METRICS: tuple[str, ...] = (
    API_REQUESTS,
    WORKFLOW_STARTS,
    WEBHOOK_DELIVERIES,
    BOOKINGS_CREATED,
    BULK_SESSIONS,
    EMAILS_SENT,
)
_ON_COMMIT = "usage_on_commit"


@dataclass(frozen=True, slots=True, order=True)
class UsageKey:
    """One counter: the primary key of a ``usage_daily`` row."""

    organization_id: str
    day: date
    metric: str
    category: str
    status_class: str
    api_key_id: str


class UsageMeter:
    """Counts of one process, waiting for the next flush."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self._clock = clock
        self._counts: dict[UsageKey, int] = {}

    def count(
        self,
        organization_id: str,
        metric: str,
        *,
        category: str = "",
        status_class: str = "",
        api_key_id: str | None = None,
        n: int = 1,
        at: datetime | None = None,
    ) -> None:
        """Add ``n`` of ``metric`` for the organization (and key) on the UTC day of ``at``
        (now by default)."""
        if n <= 0:
            return
        day = (at or self._clock()).astimezone(UTC).date()
        key = UsageKey(organization_id, day, metric, category, status_class, api_key_id or NO_KEY)
        self._counts[key] = self._counts.get(key, 0) + n

    def pending(self) -> dict[UsageKey, int]:
        """What the next flush would write (a copy)."""
        return dict(self._counts)

    def _give_back(self, counts: dict[UsageKey, int]) -> None:
        for key, n in counts.items():
            self._counts[key] = self._counts.get(key, 0) + n

    async def flush(self, sessionmaker: async_sessionmaker[AsyncSession]) -> int:
        """Add the pending counts to ``usage_daily``; returns how many units were written.
        On failure the counts stay pending for the next flush and the error propagates."""
        counts, self._counts = self._counts, {}
        if not counts:
            return 0
        try:
            return await write_counts(sessionmaker, counts)
        except BaseException:
            self._give_back(counts)
            raise


# Every counter of a flush as one array per column: one statement whatever the number of
# counters, compiled once, its rows in key order (so row locks are taken in that order).
_ADD_COUNTS = text(
    """
    INSERT INTO usage_daily AS u
        (organization_id, day, metric, category, status_class, api_key_id, n)
    SELECT * FROM unnest(
        CAST(:organization_ids AS text[]), CAST(:days AS date[]), CAST(:metrics AS text[]),
        CAST(:categories AS text[]), CAST(:status_classes AS text[]),
        CAST(:api_key_ids AS text[]), CAST(:ns AS bigint[])
    )
    ON CONFLICT ON CONSTRAINT pk_usage_daily DO UPDATE SET n = u.n + excluded.n
    """
)


_EXISTING = text("SELECT id FROM organizations WHERE id = ANY(CAST(:ids AS text[]))")


async def write_counts(
    sessionmaker: async_sessionmaker[AsyncSession], counts: dict[UsageKey, int]
) -> int:
    """One transaction per database, scoped to the organizations counted, adding every count
    to its row; the units written. Counts of an organization that no longer exists (deleted
    while they waited) are dropped: written, they would bring back rows of a deleted
    organization, which its deletion had removed and nothing would remove again."""
    organizations = sorted({key.organization_id for key in counts})
    written = 0
    # Each organization's counts go to its own placement's database.
    for target, scope in await by_database(sessionmaker, organizations):
        async with tenant_session(target, scope) as session:
            members = set((await session.execute(_EXISTING, {"ids": list(scope)})).scalars())
            keys = sorted(key for key in counts if key.organization_id in members)
            if gone := set(scope) - members:
                dropped = sum(n for key, n in counts.items() if key.organization_id in gone)
                log.info("usage of %d deleted organization(s) dropped: %d", len(gone), dropped)
            if not keys:
                continue
            await session.execute(
                _ADD_COUNTS,
                {
                    "organization_ids": [key.organization_id for key in keys],
                    "days": [key.day for key in keys],
                    "metrics": [key.metric for key in keys],
                    "categories": [key.category for key in keys],
                    "status_classes": [key.status_class for key in keys],
                    "api_key_ids": [key.api_key_id for key in keys],
                    "ns": [counts[key] for key in keys],
                },
            )
            written += sum(counts[key] for key in keys)
    return written


async def _flush_all(
    meters: Iterable[UsageMeter], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    for meter in meters:
        try:
            await meter.flush(sessionmaker)
        except Exception:  # kept for the next flush; the loop must outlive a bad one
            log.exception("usage flush failed; the counts are kept for the next one")


@asynccontextmanager
async def flushing(
    sessionmaker: async_sessionmaker[AsyncSession],
    meters: Sequence[UsageMeter],
    *,
    every_seconds: float = FLUSH_SECONDS,
) -> AsyncIterator[None]:
    """Flush ``meters`` every ``every_seconds`` while the block runs, and once more on exit.

    The loop is stopped between flushes, never cancelled in the middle of one: a flush
    interrupted after its commit would give its counts back and write them twice."""
    stop = asyncio.Event()

    async def loop() -> None:
        while not stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every_seconds)
            if not stop.is_set():
                await _flush_all(meters, sessionmaker)

    task = asyncio.create_task(loop(), name="usage flush")
    try:
        yield
    finally:
        stop.set()
        await task
        await _flush_all(meters, sessionmaker)


# --- the process's own meter ------------------------------------------------------------------

_PROCESS_METER = UsageMeter()


def process_meter() -> UsageMeter:
    """The meter of work counted outside a request (the worker's activities and relays, the
    domain's transactions); the API and the worker flush it."""
    return _PROCESS_METER


def count(organization_id: str, metric: str, **details: Any) -> None:
    """Count on the process's meter now (for work already done: a mail sent)."""
    _PROCESS_METER.count(organization_id, metric, **details)


def count_on_commit(
    session: AsyncSession, organization_id: str, metric: str, **details: Any
) -> None:
    """Count on the process's meter when ``session``'s transaction commits (never if it rolls
    back): for work that is only done once its transaction is."""
    session.info.setdefault(_ON_COMMIT, []).append((organization_id, metric, details))


def api_key_of(actor: Any) -> str | None:
    """The API key an audit actor (``type``, ``id``) acted through, if it was one."""
    return str(actor.id) if getattr(actor, "type", None) == "api_key" else None


def delivery_outcome(succeeded: bool, *, gave_up: bool) -> str:
    """How a webhook attempt counts: ``delivered``; ``failed`` (to be retried); ``dead`` (no
    attempt left, or the endpoint was disabled)."""
    return "delivered" if succeeded else "dead" if gave_up else "failed"


def count_workflow_start(workflow_id: str) -> None:
    """Count a workflow start by its id, ``{organization_id}:{kind}:{key}`` (kind: approval,
    project, bulk, webhook, sync, slack-notice, lifecycle, …). Work of no organization
    (``system:health:…``, the readiness probe) is nobody's usage."""
    organization_id, _, rest = workflow_id.partition(":")
    kind = rest.partition(":")[0]
    if is_valid_id(organization_id, "org") and kind:
        _PROCESS_METER.count(organization_id, WORKFLOW_STARTS, category=kind[:60])


@event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    for organization_id, metric, details in session.info.pop(_ON_COMMIT, ()):
        _PROCESS_METER.count(organization_id, metric, **details)


@event.listens_for(Session, "after_transaction_end")
def _drop_rolled_back(session: Session, transaction: SessionTransaction) -> None:
    # After a commit the list is already gone; after the outermost rollback it must go too.
    if transaction.parent is None:
        session.info.pop(_ON_COMMIT, None)
