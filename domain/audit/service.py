"""The audit log: append-only, hash-chained per organization.

Each record's ``hash`` covers its content and the previous record's hash, so editing,
deleting or reordering any sealed record breaks verification from that point on. A record is
written unlinked in the transaction of its change; the worker's sealer
(:mod:`domain.audit.sealer`) links it into the chain shortly after that transaction commits,
in the order of the writing transactions' ids (ADR 19).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.audit.models import AuditChainHead, AuditEvent
from domain.pagination import Page, paginate

GENESIS_HASH = "0" * 64
SALT_BYTES = 16
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


def changes_digest(salt: bytes, changes: dict[str, Any]) -> str:
    """The salted commitment to a record's changes: what its hash covers (ADR 0034)."""
    return hashlib.sha256(salt + _canonical(changes).encode()).hexdigest()


def compute_hash(event: AuditEvent) -> str:
    """The record's hash. A record with a ``changes_digest`` is hashed over the digest, so its
    changes can be redacted without breaking the chain; an older one over its changes."""
    content: dict[str, Any] = (
        {"changes_digest": event.changes_digest}
        if event.changes_digest is not None
        else {"changes": event.changes}
    )
    material = _canonical(
        content
        | {
            "id": event.id,
            "organization_id": event.organization_id,
            "seq": event.seq,
            "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
            "actor_type": event.actor_type,
            "actor_id": event.actor_id,
            "action": event.action,
            "target_type": event.target_type,
            "target_id": event.target_id,
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
    """Write one audit record in the caller's transaction (the sealer chains it after commit)."""
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


async def _append(
    session: AsyncSession, *, organization_id: str, actor: Actor, changes: list[Change]
) -> list[AuditEvent]:
    """Write ``changes`` as unlinked records in the caller's transaction.

    Nothing is locked or waited for: the sealer links the records into the organization's
    chain after the transaction commits, so concurrent writes of one organization never wait
    on each other for their audit trail.
    """
    now = datetime.now(UTC)
    events = []
    for change in changes:
        changed = json.loads(_canonical(diff(change.before, change.after)))
        salt = os.urandom(SALT_BYTES)
        events.append(
            AuditEvent(
                id=new_id("evt"),
                organization_id=organization_id,
                occurred_at=now,
                actor_type=actor.type,
                actor_id=actor.id,
                action=change.action,
                target_type=change.target_type,
                target_id=change.target_id,
                changes=changed,
                changes_salt=salt,
                changes_digest=changes_digest(salt, changed),
                request_id=actor.request_id,
                ip_hmac=actor.ip_hmac,
            )
        )
    session.add_all(events)
    await session.flush()
    return events


# How long a committed record may wait for the sealer before verification calls it a break.
SEALING_DELAY = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class ChainReport:
    organization_id: str
    records: int
    ok: bool
    first_bad_seq: int | None = None
    reason: str | None = None
    # Records committed within the sealing delay and not yet linked: waiting, not a break.
    pending: int = 0


async def _head(session: AsyncSession, organization_id: str) -> AuditChainHead | None:
    return await session.get(AuditChainHead, organization_id, populate_existing=True)


# The action of the record an erasure writes when it has redacted records, and the field of
# its ``after`` that lists them (ADR 0034).
ERASURE_COMPLETED = "erasure.completed"
REDACTED = "redacted_audit_events"


def _content_matches(event: AuditEvent) -> bool:
    """The record is what was sealed: its hash, and (where it commits to them through a
    digest whose salt is still there) its changes."""
    if compute_hash(event) != event.hash:
        return False
    if event.changes_digest is None:
        return True
    if event.changes_salt is None:  # forgotten by a redaction: the changes are not covered
        return False
    return changes_digest(event.changes_salt, event.changes) == event.changes_digest


async def _completed_erasures(
    session: AsyncSession, organization_id: str
) -> dict[str, frozenset[str]]:
    """Every erasure that recorded its completion in the log, with the records it redacted."""
    rows = await session.execute(
        select(AuditEvent.target_id, AuditEvent.changes).where(
            AuditEvent.organization_id == organization_id,
            AuditEvent.action == ERASURE_COMPLETED,
        )
    )
    return {
        target: frozenset((changes or {}).get("after", {}).get(REDACTED) or ())
        for target, changes in rows
    }


def redacted_by_erasure(event: AuditEvent, erasures: dict[str, frozenset[str]]) -> bool:
    """Whether ``event`` may differ from what was sealed because an erasure redacted it: it is
    marked as redacted by an erasure that recorded its completion in the log, naming this
    record among those it redacted (``erasures``).
    A record with a digest must still match its hash (everything but the changes is covered);
    an older one's hash then stands for the content that was erased. Either is still linked
    both ways, so no record can be dropped, inserted or reordered unnoticed."""
    if event.changes_digest is not None and compute_hash(event) != event.hash:
        return False
    return (
        event.redacted_by is not None
        and event.redacted_at is not None
        and event.id in erasures.get(event.redacted_by, frozenset())
    )


async def verify_chain(
    session: AsyncSession,
    organization_id: str,
    batch: int = 5000,
    *,
    sealing_delay: timedelta = SEALING_DELAY,
) -> ChainReport:
    """Recompute every hash of the organization's sealed chain, in order, and compare with
    the head. A record still unlinked ``sealing_delay`` after it was written is a break too;
    a younger one is counted as pending.

    Safe while the sealer runs, even in READ COMMITTED: the sealer commits records and head
    together, so the head read first bounds a chain no later snapshot can change (short of
    tampering), and what lies beyond it is compared with a head read after it."""
    head = await _head(session, organization_id)
    if head is None and await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.organization_id == organization_id, AuditEvent.seq.is_not(None))
    ):
        head = await _head(session, organization_id)  # sealed in between, or removed
        if head is None:
            return ChainReport(organization_id, 0, False, 1, "the chain head is missing")
    bound = head.seq if head is not None else 0
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    erasures: dict[str, frozenset[str]] | None = None  # read at the first redacted record
    last_seq = 0
    while True:
        rows = (
            (
                await session.execute(
                    select(AuditEvent)
                    .where(
                        AuditEvent.organization_id == organization_id,
                        AuditEvent.seq > last_seq,
                        AuditEvent.seq <= bound,
                    )
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
            if not _content_matches(event):
                if erasures is None and event.redacted_by is not None:
                    erasures = await _completed_erasures(session, organization_id)
                if not redacted_by_erasure(event, erasures or {}):
                    return ChainReport(
                        organization_id,
                        count,
                        False,
                        event.seq,
                        "content does not match its hash (edited)",
                    )
            assert event.hash is not None  # a record with a seq was sealed with its hash
            prev = event.hash
            expected_seq += 1
            count += 1
            last_seq = event.seq
        session.expunge_all()
    if count < bound:
        return ChainReport(
            organization_id, count, False, count + 1, "records after the last one were deleted"
        )
    if head is not None and head.hash != prev:
        return ChainReport(
            organization_id, count, False, count, "the last record does not match the head"
        )
    # Records beyond the head first, then the head again: a sealer committing in between
    # only moves the head further.
    beyond = await session.scalar(
        select(func.max(AuditEvent.seq)).where(
            AuditEvent.organization_id == organization_id, AuditEvent.seq > bound
        )
    )
    if beyond is not None:
        latest = await _head(session, organization_id)
        if latest is None or latest.seq < beyond:
            return ChainReport(
                organization_id,
                count,
                False,
                (latest.seq if latest is not None else bound) + 1,
                "records beyond the chain head were inserted",
            )
    unlinked = AuditEvent.organization_id == organization_id, AuditEvent.hash.is_(None)
    overdue_before = func.now() - sealing_delay
    overdue, pending = (
        await session.execute(
            select(
                func.count().filter(AuditEvent.occurred_at < overdue_before),
                func.count().filter(AuditEvent.occurred_at >= overdue_before),
            ).where(*unlinked)
        )
    ).one()
    if overdue:
        return ChainReport(
            organization_id,
            count,
            False,
            count + 1,
            f"{overdue} committed records were left unsealed for more than "
            f"{sealing_delay.total_seconds():g} s",
            pending,
        )
    return ChainReport(organization_id, count, True, pending=pending)


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
