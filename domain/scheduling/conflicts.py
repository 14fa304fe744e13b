"""Conflict check without writing: many proposed sessions against stored bookings, against
each other and against each resource's availability rules, with a reason code per finding."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field
from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, TIMESTAMP
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Integer, String

from domain.bookings.rules import ID, SessionTimes
from domain.resources.models import Creator, Room, TimeOff
from domain.scheduling import availability

MAX_PROPOSALS = 5000


class ProposedSession(SessionTimes):
    creator_id: str = Field(pattern=ID)
    room_id: str | None = Field(default=None, pattern=ID)


@dataclass(slots=True)
class ItemReport:
    index: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


_STORED_SQL = text("""
    SELECT p.idx, b.id, b.status, lower(b.period) AS start, upper(b.period) AS end
    FROM unnest(:idx, :rid, :lo, :hi) AS p(idx, rid, lo, hi)
    JOIN bookings b
      ON b.organization_id = :org
     AND b.{column}_id = p.rid
     AND b.{column}_block && tstzrange(p.lo, p.hi)
     AND b.status IN ('held', 'pending_approval', 'confirmed', 'completed')
     AND NOT (b.status = 'held' AND b.hold_expires_at <= :now)
""")


def _stored_sql(column: str) -> Any:
    return text(_STORED_SQL.text.replace("{column}", column)).bindparams(
        bindparam("idx", type_=ARRAY(Integer)),
        bindparam("rid", type_=ARRAY(String)),
        bindparam("lo", type_=ARRAY(TIMESTAMP(timezone=True))),
        bindparam("hi", type_=ARRAY(TIMESTAMP(timezone=True))),
    )


def _block(item: ProposedSession, resource: Creator | Room) -> availability.Interval:
    return availability.Interval(item.start, item.end).widened(
        timedelta(minutes=resource.buffer_before_minutes),
        timedelta(minutes=resource.buffer_after_minutes),
    )


async def check_conflicts(
    session: AsyncSession, *, organization_id: str, items: list[ProposedSession], now: datetime
) -> list[ItemReport]:
    reports = [ItemReport(i) for i in range(len(items))]
    creator_ids = {i.creator_id for i in items}
    room_ids = {i.room_id for i in items if i.room_id}
    creators = {
        c.id: c
        for c in (
            await session.execute(select(Creator).where(Creator.id.in_(creator_ids)))
        ).scalars()
    }
    rooms = (
        {
            r.id: r
            for r in (await session.execute(select(Room).where(Room.id.in_(room_ids)))).scalars()
        }
        if room_ids
        else {}
    )

    per_kind: dict[str, list[tuple[int, Creator | Room, availability.Interval]]] = {
        "creator": [],
        "room": [],
    }
    for index, item in enumerate(items):
        creator = creators.get(item.creator_id)
        if creator is None:
            reports[index].conflicts.append(
                {"reason": "unknown_creator", "creator_id": item.creator_id}
            )
        else:
            per_kind["creator"].append((index, creator, _block(item, creator)))
        if item.room_id:
            room = rooms.get(item.room_id)
            if room is None:
                reports[index].conflicts.append({"reason": "unknown_room", "room_id": item.room_id})
            else:
                per_kind["room"].append((index, room, _block(item, room)))

    for kind, entries in per_kind.items():
        if not entries:
            continue
        # Stored bookings: one set-based query that uses the exclusion constraint's index.
        rows = await session.execute(
            _stored_sql(kind),
            {
                "idx": [e[0] for e in entries],
                "rid": [e[1].id for e in entries],
                "lo": [e[2].start for e in entries],
                "hi": [e[2].end for e in entries],
                "org": organization_id,
                "now": now,
            },
        )
        for idx, booking_id, status, start, end in rows:
            reports[idx].conflicts.append(
                {
                    "reason": "booking_overlap",
                    "resource": kind,
                    "booking_id": booking_id,
                    "status": status,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                }
            )
        _batch_overlaps(kind, entries, reports)
        await _rule_checks(session, kind, entries, items, reports, now=now)
    return reports


def _batch_overlaps(
    kind: str,
    entries: list[tuple[int, Creator | Room, availability.Interval]],
    reports: list[ItemReport],
) -> None:
    """Proposals that collide with each other (same resource, overlapping blocks)."""
    by_resource: dict[str, list[tuple[availability.Interval, int]]] = defaultdict(list)
    for index, resource, block in entries:
        by_resource[resource.id].append((block, index))
    for blocks in by_resource.values():
        blocks.sort()
        for position, (block, index) in enumerate(blocks):
            for other_block, other_index in blocks[position + 1 :]:
                if other_block.start >= block.end:
                    break
                reports[index].conflicts.append(
                    {"reason": "batch_overlap", "resource": kind, "with_index": other_index}
                )
                reports[other_index].conflicts.append(
                    {"reason": "batch_overlap", "resource": kind, "with_index": index}
                )


async def _rule_checks(
    session: AsyncSession,
    kind: str,
    entries: list[tuple[int, Creator | Room, availability.Interval]],
    items: list[ProposedSession],
    reports: list[ItemReport],
    *,
    now: datetime,
) -> None:
    """Minimum notice, working hours and time off, computed once per resource."""
    grouped: dict[str, list[int]] = defaultdict(list)
    resources: dict[str, Creator | Room] = {}
    for index, resource, _ in entries:
        grouped[resource.id].append(index)
        resources[resource.id] = resource
    column = TimeOff.creator_id if kind == "creator" else TimeOff.room_id
    offs: dict[str, list[availability.Interval]] = defaultdict(list)
    rows = (
        await session.execute(select(column, TimeOff.period).where(column.in_(list(grouped))))
    ).all()
    for owner, period in rows:
        assert owner is not None and period.lower is not None and period.upper is not None
        offs[owner].append(availability.Interval(period.lower, period.upper))
    for resource_id, indexes in grouped.items():
        resource = resources[resource_id]
        window = availability.Interval(
            min(items[i].start for i in indexes), max(items[i].end for i in indexes)
        )
        # Expand the weekly rules once over the whole window when proposals are dense, or
        # around each proposal when they are scattered over months.
        dense = window.duration <= timedelta(days=3 * len(indexes))
        work = (
            availability.working_intervals(
                resource.working_hours, resource.date_overrides, resource.timezone, window
            )
            if dense
            else []
        )
        earliest = now + timedelta(minutes=resource.min_notice_minutes)
        for index in indexes:
            proposed = availability.Interval(items[index].start, items[index].end)
            if not dense:
                work = availability.working_intervals(
                    resource.working_hours, resource.date_overrides, resource.timezone, proposed
                )
            if proposed.start < earliest:
                reports[index].conflicts.append(
                    {
                        "reason": "min_notice",
                        "resource": kind,
                        "earliest_start": earliest.isoformat(),
                    }
                )
            if not availability.fits(proposed, work):
                reports[index].conflicts.append(
                    {
                        "reason": "outside_working_hours",
                        "resource": kind,
                        "timezone": resource.timezone,
                    }
                )
            if any(off.overlaps(proposed) for off in offs.get(resource_id, ())):
                reports[index].conflicts.append({"reason": "time_off", "resource": kind})
            if resource.status != "active":
                reports[index].conflicts.append({"reason": "resource_inactive", "resource": kind})
