"""Retention periods: how long an organization keeps bookings, sent e-mail, webhook delivery
attempts and events, and the batched deletes of what is older.

The minimums protect what money and operations depend on (docs/privacy.md):

- bookings ≥ 365 days after the session ended, and a booking a contract, ledger entry or bulk
  booking item points at is never deleted (invoices and statements keep their booking);
- sent e-mail ≥ 30 days (delivery questions come within weeks), only messages no longer
  queued;
- webhook delivery attempts ≥ 7 days (the redelivery window is 5 days of retries);
- events ≥ 30 days and only once relayed with no delivery still pending; an event's
  finished deliveries go with it.

The audit log is never deleted by retention: its hash chain is verified from genesis and a
gap would break it, and it holds no more personal data than ids and diffs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit import service as audit
from domain.errors import InvalidRequest
from domain.events import service as events
from domain.pagination import Page, paginate
from domain.privacy.models import RetentionPolicy, RetentionRun

# entity → (policy column, minimum days)
PERIODS: dict[str, tuple[str, int]] = {
    "bookings": ("bookings_days", 365),
    "sent_emails": ("sent_emails_days", 30),
    "webhook_attempts": ("webhook_attempts_days", 7),
    "events": ("events_days", 30),
}
MAX_DAYS = 36_500

# One batch of each entity: the ids of the oldest rows past ``:cutoff`` that may go.
_DOOMED: dict[str, str] = {
    "bookings": (
        "SELECT b.id FROM bookings b WHERE b.organization_id = :org "
        "AND upper(b.period) < :cutoff "
        "AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.organization_id = b.organization_id "
        "AND c.booking_id = b.id) "
        "AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE "
        "l.organization_id = b.organization_id AND l.booking_id = b.id) "
        "AND NOT EXISTS (SELECT 1 FROM bulk_booking_items i WHERE "
        "i.organization_id = b.organization_id AND i.booking_id = b.id) "
        "ORDER BY upper(b.period) LIMIT :n"
    ),
    "sent_emails": (
        "SELECT id FROM email_outbox WHERE organization_id = :org AND status <> 'queued' "
        "AND coalesce(sent_at, created_at) < :cutoff ORDER BY created_at LIMIT :n"
    ),
    "webhook_attempts": (
        "SELECT id FROM webhook_attempts WHERE organization_id = :org "
        "AND attempted_at < :cutoff ORDER BY attempted_at LIMIT :n"
    ),
    "events": (
        "SELECT e.id FROM events e WHERE e.organization_id = :org AND e.created_at < :cutoff "
        "AND e.relayed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d "
        "WHERE d.organization_id = e.organization_id AND d.event_id = e.id "
        "AND d.status = 'pending') ORDER BY e.created_at LIMIT :n"
    ),
}
_DELETE: dict[str, str] = {
    entity: f"DELETE FROM {table} WHERE organization_id = :org AND id = ANY(:ids)"  # noqa: S608 - constant table names
    for entity, table in (
        ("bookings", "bookings"),
        ("sent_emails", "email_outbox"),
        ("webhook_attempts", "webhook_attempts"),
        ("events", "events"),
    )
}


def validate_periods(periods: Mapping[str, int | None]) -> None:
    for entity, days in periods.items():
        if entity not in PERIODS:
            raise InvalidRequest(f"no retention period for {entity!r}", param=entity)
        minimum = PERIODS[entity][1]
        if days is not None and not minimum <= days <= MAX_DAYS:
            raise InvalidRequest(
                f"{entity} are kept at least {minimum} days (at most {MAX_DAYS}); "
                f"null keeps them forever",
                param=entity,
                code="retention_too_short" if days < minimum else "invalid_request",
                extra={"minimum_days": minimum},
            )


async def get_policy(session: AsyncSession, organization_id: str) -> dict[str, int | None]:
    """The organization's periods, entity → days (``None``: kept forever)."""
    policy = await session.get(RetentionPolicy, organization_id)
    return {e: getattr(policy, column) if policy else None for e, (column, _) in PERIODS.items()}


async def set_policy(
    session: AsyncSession,
    *,
    organization_id: str,
    periods: Mapping[str, int | None],
    actor: audit.Actor,
) -> dict[str, int | None]:
    """Change the periods named in ``periods`` (others stay), audited."""
    validate_periods(periods)
    policy = await session.get(RetentionPolicy, organization_id, with_for_update=True)
    before = await get_policy(session, organization_id)
    if policy is None:
        policy = RetentionPolicy(organization_id=organization_id)
        session.add(policy)
    for entity, days in periods.items():
        setattr(policy, PERIODS[entity][0], days)
    policy.updated_at = datetime.now(UTC)
    await session.flush()
    after = await get_policy(session, organization_id)
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="retention_policy.updated",
        target_type="organization",
        target_id=organization_id,
        **audit.diff(before, after),
    )
    return after


async def purge_batch(
    session: AsyncSession, *, organization_id: str, entity: str, now: datetime, limit: int
) -> tuple[int, bool]:
    """Delete one batch of ``entity`` past its period; ``(removed, more may remain)``."""
    days = (await get_policy(session, organization_id))[entity]
    if days is None:
        return 0, False
    cutoff = now - timedelta(days=days)
    ids = list(
        (
            await session.execute(
                text(_DOOMED[entity]), {"org": organization_id, "cutoff": cutoff, "n": limit}
            )
        )
        .scalars()
        .all()
    )
    if not ids:
        return 0, False
    params: dict[str, Any] = {"org": organization_id, "ids": ids}
    if entity == "events":
        await session.execute(
            text(
                "DELETE FROM webhook_deliveries WHERE organization_id = :org "
                "AND event_id = ANY(:ids)"
            ),
            params,
        )
    await session.execute(
        text(_DELETE[entity]),
        params,
    )
    return len(ids), len(ids) == limit


async def record_run(
    session: AsyncSession, *, organization_id: str, removed: dict[str, int], now: datetime
) -> RetentionRun:
    """Keep what a sweep removed: a run row, a ``retention.completed`` event, an audit entry."""
    run = RetentionRun(
        id=new_id("ret"), organization_id=organization_id, ran_at=now, removed=removed
    )
    session.add(run)
    await session.flush()
    await events.emit(
        session,
        organization_id=organization_id,
        type_="retention.completed",
        data={"object": "retention_run", "id": run.id, "ran_at": now, "removed": removed},
    )
    await audit.record(
        session,
        organization_id=organization_id,
        actor=audit.Actor.system("retention"),
        action="retention.completed",
        target_type="retention_run",
        target_id=run.id,
        after={"removed": removed},
    )
    return run


async def list_runs(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[RetentionRun]:
    stmt = select(RetentionRun).where(RetentionRun.organization_id == organization_id)
    return await paginate(
        session, stmt, RetentionRun.id, limit=limit, starting_after=starting_after
    )
