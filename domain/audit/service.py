"""The audit log: append-only, hash-chained per organization.

Each record's ``hash`` covers its content and the previous record's hash, so editing,
deleting or reordering any record breaks verification from that point on. A record is
written in the transaction of its change and linked into the chain when that transaction
commits: the chain's order is the order in which changes committed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from core.ids import new_id
from domain.audit.models import AuditChainHead, AuditEvent
from domain.pagination import Page, paginate

GENESIS_HASH = "0" * 64
ACTOR_TYPES = ("user", "api_key", "system", "workflow")


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something, and from where (the client IP only as an HMAC, never in clear)."""

    type: str
    id: str
    request_id: str | None = None
    ip_hmac: str | None = None

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(type="system", id=name)


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """``{"before": {...}, "after": {...}}`` restricted to the fields that changed."""
    before = before or {}
    after = after or {}
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {
        "before": {k: before[k] for k in changed if k in before},
        "after": {k: after[k] for k in changed if k in after},
    }


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def compute_hash(event: AuditEvent) -> str:
    material = _canonical(
        {
            "id": event.id,
            "organization_id": event.organization_id,
            "seq": event.seq,
            "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
            "actor_type": event.actor_type,
            "actor_id": event.actor_id,
            "action": event.action,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "changes": event.changes,
            "request_id": event.request_id,
            "ip_hmac": event.ip_hmac,
            "prev_hash": event.prev_hash,
        }
    )
    return hashlib.sha256(material.encode()).hexdigest()


async def record(
    session: AsyncSession,
    *,
    organization_id: str,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one record to the organization's chain, in the caller's transaction."""
    [event] = await _append(
        session,
        organization_id=organization_id,
        actor=actor,
        changes=[Change(action, target_type, target_id, before, after)],
    )
    return event


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of :func:`record_many`."""

    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


async def record_many(
    session: AsyncSession, *, organization_id: str, actor: Actor, changes: list[Change]
) -> int:
    """Append one record per change in one round trip: a set-based change of hundreds of
    rows (a bulk booking's chunk) is audited row by row."""
    if not changes:
        return 0
    return len(
        await _append(session, organization_id=organization_id, actor=actor, changes=changes)
    )


# session.info key: the ids of the records this transaction wrote, by organization, in order.
_UNLINKED = "audit_unlinked"


async def _append(
    session: AsyncSession, *, organization_id: str, actor: Actor, changes: list[Change]
) -> list[AuditEvent]:
    """Write ``changes`` as unlinked records in the caller's transaction.

    No lock is taken here: the records are linked into the organization's chain when the
    transaction commits (:func:`_link_at_commit`), so concurrent writes of one organization
    run side by side and never wait on each other for their audit trail.
    """
    now = datetime.now(UTC)
    events = [
        AuditEvent(
            id=new_id("evt"),
            organization_id=organization_id,
            occurred_at=now,
            actor_type=actor.type,
            actor_id=actor.id,
            action=change.action,
            target_type=change.target_type,
            target_id=change.target_id,
            changes=json.loads(_canonical(diff(change.before, change.after))),
            request_id=actor.request_id,
            ip_hmac=actor.ip_hmac,
        )
        for change in changes
    ]
    session.add_all(events)
    await session.flush()
    unlinked: dict[str, list[str]] = session.info.setdefault(_UNLINKED, {})
    unlinked.setdefault(organization_id, []).extend(event.id for event in events)
    return events


def _link_at_commit(session: Session) -> None:
    """Link the transaction's records into their chains, as the last thing before COMMIT.

    The chain head's row lock is the last lock the transaction takes and nothing is waited
    for after it, so it cannot close a deadlock cycle; it is held only while the commit
    itself runs, so writes of one organization serialise for that instant, not for their
    whole transaction. Records of a savepoint that rolled back are simply not found.
    """
    if session.in_nested_transaction():  # a savepoint is released, the transaction goes on
        return
    unlinked: dict[str, list[str]] | None = session.info.pop(_UNLINKED, None)
    if not unlinked:
        return
    session.flush()
    # A parent writes into a child's chain under a widened scope (core.db.widened_scope),
    # which has ended by now: link under the scope the records were written in.
    scope = session.execute(text("SELECT current_setting('app.org_ids', true)")).scalar()
    current = [org for org in (scope or "").split(",") if org]
    if not set(unlinked) <= set(current):
        session.execute(
            text("SELECT set_config('app.org_ids', :ids, true)"),
            {"ids": ",".join([*current, *(org for org in unlinked if org not in current)])},
        )
    for organization_id in sorted(unlinked):  # one order: two chains never lock crosswise
        _link(session, organization_id, unlinked[organization_id])


def _link(session: Session, organization_id: str, ids: list[str]) -> None:
    session.execute(
        text(
            "INSERT INTO audit_chain_heads (organization_id, seq, hash) VALUES (:org, 0, :h) "
            "ON CONFLICT (organization_id) DO NOTHING"
        ),
        {"org": organization_id, "h": GENESIS_HASH},
    )
    head = session.execute(
        select(AuditChainHead)
        .where(AuditChainHead.organization_id == organization_id)
        .with_for_update()
        # The locked row, not a copy this session may hold from before the lock.
        .execution_options(populate_existing=True)
    ).scalar_one()
    written = {
        event.id: event
        for event in session.execute(
            select(AuditEvent).where(AuditEvent.id.in_(ids), AuditEvent.hash.is_(None))
        ).scalars()
    }
    seq, prev = head.seq, head.hash
    for event in (written[i] for i in ids if i in written):
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = compute_hash(event)
    head.seq, head.hash = seq, prev
    session.flush()


def _forget_unlinked(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that rolled back leaves nothing to link in the session's next one."""
    if transaction.parent is None:
        session.info.pop(_UNLINKED, None)


sa_event.listen(Session, "before_commit", _link_at_commit)
sa_event.listen(Session, "after_transaction_end", _forget_unlinked)


@dataclass(frozen=True, slots=True)
class ChainReport:
    organization_id: str
    records: int
    ok: bool
    first_bad_seq: int | None = None
    reason: str | None = None


async def verify_chain(
    session: AsyncSession, organization_id: str, batch: int = 5000
) -> ChainReport:
    """Recompute every hash of the organization's committed chain, in order, and compare
    with the head; a committed record left outside the chain is a break too."""
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    while True:
        rows = (
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.organization_id == organization_id, AuditEvent.seq > last_seq)
                    .order_by(AuditEvent.seq)
                    .limit(batch)
                )
            )
            .scalars()
            .all()
        )
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return ChainReport(
                    organization_id, count, False, expected_seq, f"record {expected_seq} is missing"
                )
            if event.prev_hash != prev:
                return ChainReport(
                    organization_id,
                    count,
                    False,
                    event.seq,
                    "link to the previous record is broken",
                )
            if compute_hash(event) != event.hash:
                return ChainReport(
                    organization_id,
                    count,
                    False,
                    event.seq,
                    "content does not match its hash (edited)",
                )
            prev = event.hash
            expected_seq += 1
            count += 1
            last_seq = event.seq
        session.expunge_all()
    unlinked = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.organization_id == organization_id, AuditEvent.hash.is_(None))
    )
    if unlinked:
        return ChainReport(
            organization_id,
            count,
            False,
            count + 1,
            f"{unlinked} committed records were never linked into the chain",
        )
    head = await session.get(AuditChainHead, organization_id)
    if head is None:
        if count:
            return ChainReport(
                organization_id, count, False, count + 1, "the chain head is missing"
            )
    elif head.seq != count or head.hash != prev:
        return ChainReport(
            organization_id, count, False, count + 1, "records after the last one were deleted"
        )
    return ChainReport(organization_id, count, True)


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """Which audit events to list: every given field must match; times are [after, before)."""

    action: str | None = None
    actor_type: str | None = None
    actor_id: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    request_id: str | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None


_EQUAL_FIELDS = ("action", "actor_type", "actor_id", "target_type", "target_id", "request_id")


async def list_audit_events(
    session: AsyncSession,
    *,
    organization_id: str,
    filters: AuditFilters,
    limit: int,
    starting_after: str | None,
) -> Page[AuditEvent]:
    """The organization's audit events matching ``filters``, newest first."""
    stmt = select(AuditEvent).where(AuditEvent.organization_id == organization_id)
    for column in _EQUAL_FIELDS:
        value = getattr(filters, column)
        if value is not None:
            stmt = stmt.where(getattr(AuditEvent, column) == value)
    if filters.occurred_after is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= filters.occurred_after)
    if filters.occurred_before is not None:
        stmt = stmt.where(AuditEvent.occurred_at < filters.occurred_before)
    return await paginate(session, stmt, AuditEvent.id, limit=limit, starting_after=starting_after)
