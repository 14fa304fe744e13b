"""Read models of the web dashboard: the roster table, an artist's sessions, a week of
bookings, monthly spend, the audit trail, and project / bulk booking progress.

Everything is computed in PostgreSQL in one or two statements per page, always under the
caller's tenant session (row-level security), and always filtered by ``organization_id`` too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.approval_models import ApprovalRequest
from domain.bulk_models import BulkBooking, BulkBookingItem
from domain.ledger_models import RevenueLine
from domain.models import AuditEvent
from domain.project_models import Milestone, Project
from domain.scheduling_models import Artist, Booking, Creator

RosterSort = Literal["name", "status", "sessions", "completed", "next_session", "contract_end"]
ROSTER_PAGE = 50
COMMITTED = ("held", "pending_approval", "confirmed")
SPENDING = (*COMMITTED, "completed")
SPEND_MONTHS_AHEAD = 2


@dataclass(frozen=True, slots=True)
class RosterRow:
    id: str
    name: str
    status: str
    genres: list[str]
    contract_end: date | None
    sessions: int
    completed: int
    next_session: datetime | None
    pending_approvals: int
    spend: dict[str, int] = field(default_factory=dict)


def _booking_stats() -> Select[str | None, int, int, Any]:
    return (
        select(
            Booking.artist_id.label("artist_id"),
            func.count().filter(Booking.status.in_(SPENDING)).label("sessions"),
            func.count().filter(Booking.status == "completed").label("completed"),
            func.min(func.lower(Booking.period))
            .filter(Booking.status.in_(COMMITTED), func.lower(Booking.period) > func.now())
            .label("next_session"),
        )
        .where(Booking.artist_id.is_not(None))
        .group_by(Booking.artist_id)
    )


async def roster(
    session: AsyncSession,
    *,
    organization_id: str,
    q: str | None,
    sort: RosterSort,
    descending: bool,
    page: int,
    only_artist: str | None = None,
) -> tuple[list[RosterRow], bool]:
    """One page of the roster with booking figures; ``True`` when another page follows."""
    stats = _booking_stats().where(Booking.organization_id == organization_id).subquery()
    pending = (
        select(Booking.artist_id, func.count().label("n"))
        .join(
            ApprovalRequest,
            and_(
                ApprovalRequest.organization_id == Booking.organization_id,
                ApprovalRequest.subject_id == Booking.id,
                ApprovalRequest.subject_type == "booking",
                ApprovalRequest.status == "pending",
            ),
        )
        .where(Booking.organization_id == organization_id)
        .group_by(Booking.artist_id)
        .subquery()
    )
    sessions = func.coalesce(stats.c.sessions, 0)
    completed = func.coalesce(stats.c.completed, 0)
    keys: dict[str, Any] = {
        "name": func.lower(Artist.name),
        "status": Artist.status,
        "sessions": sessions,
        "completed": completed,
        "next_session": stats.c.next_session,
        "contract_end": Artist.contract_end,
    }
    key = keys[sort]
    order = key.desc().nulls_last() if descending else key.asc().nulls_last()
    stmt = (
        select(
            Artist,
            sessions,
            completed,
            stats.c.next_session,
            func.coalesce(pending.c.n, 0),
        )
        .outerjoin(stats, stats.c.artist_id == Artist.id)
        .outerjoin(pending, pending.c.artist_id == Artist.id)
        .where(Artist.organization_id == organization_id)
        .order_by(order, func.lower(Artist.name), Artist.id)
        .limit(ROSTER_PAGE + 1)
        .offset((page - 1) * ROSTER_PAGE)
    )
    if only_artist is not None:
        stmt = stmt.where(Artist.id == only_artist)
    if q:
        needle = q.strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(Artist.name).contains(needle, autoescape=True),
                Artist.genres.any_() == needle,
                Artist.tags.any_() == needle,
            )
        )
    rows = (await session.execute(stmt)).all()
    spend = await _spend_by_artist(session, organization_id, [r[0].id for r in rows])
    result = [
        RosterRow(
            id=a.id,
            name=a.name,
            status=a.status,
            genres=list(a.genres),
            contract_end=a.contract_end,
            sessions=n,
            completed=done,
            next_session=upcoming,
            pending_approvals=waiting,
            spend=spend.get(a.id, {}),
        )
        for a, n, done, upcoming, waiting in rows[:ROSTER_PAGE]
    ]
    return result, len(rows) > ROSTER_PAGE


async def _spend_by_artist(
    session: AsyncSession, organization_id: str, artist_ids: list[str]
) -> dict[str, dict[str, int]]:
    if not artist_ids:
        return {}
    rows = await session.execute(
        select(Booking.artist_id, Booking.currency, func.sum(Booking.price_minor))
        .where(
            Booking.organization_id == organization_id,
            Booking.artist_id.in_(artist_ids),
            Booking.status.in_(SPENDING),
        )
        .group_by(Booking.artist_id, Booking.currency)
        .order_by(Booking.currency)
    )
    spend: dict[str, dict[str, int]] = {}
    for artist_id, currency, total in rows:
        if artist_id is not None:
            spend.setdefault(artist_id, {})[currency] = int(total)
    return spend


async def artist_summary(
    session: AsyncSession, organization_id: str, artist_id: str
) -> tuple[RosterRow | None, list[tuple[Booking, str]]]:
    """The artist's figures and their latest 25 sessions (with the creator's name)."""
    rows, _more = await roster(
        session,
        organization_id=organization_id,
        q=None,
        sort="name",
        descending=False,
        page=1,
        only_artist=artist_id,
    )
    bookings = (
        await session.execute(
            select(Booking, Creator.name)
            .join(
                Creator,
                and_(
                    Creator.organization_id == Booking.organization_id,
                    Creator.id == Booking.creator_id,
                ),
            )
            .where(Booking.organization_id == organization_id, Booking.artist_id == artist_id)
            .order_by(func.lower(Booking.period).desc())
            .limit(25)
        )
    ).all()
    return (rows[0] if rows else None), [(b, name) for b, name in bookings]


def month_starts(months: int, *, today: date, ahead: int = 0) -> list[date]:
    """First days of ``months`` calendar months, the last one ``ahead`` months after today's."""
    first = today.replace(day=1)
    starts = []
    for back in range(months - 1 - ahead, -1 - ahead, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        starts.append(date(year, month + 1, 1))
    return starts


async def monthly_spend(
    session: AsyncSession,
    organization_id: str,
    *,
    months: int,
    today: date,
    artist_id: str | None = None,
) -> dict[str, list[tuple[date, int]]]:
    """Per currency, the booked spend per calendar month (by session start), oldest first.

    The window ends two months ahead: sessions already booked for then are committed spend.
    """
    starts = month_starts(months, today=today, ahead=SPEND_MONTHS_AHEAD)
    begin = datetime.combine(starts[0], datetime.min.time(), tzinfo=UTC)
    after = month_starts(1, today=today, ahead=SPEND_MONTHS_AHEAD + 1)[0]
    end = datetime.combine(after, datetime.min.time(), tzinfo=UTC)
    month = func.date_trunc("month", func.lower(Booking.period), "UTC")
    stmt = (
        select(Booking.currency, month, func.sum(Booking.price_minor))
        .where(
            Booking.organization_id == organization_id,
            Booking.status.in_(SPENDING),
            func.lower(Booking.period) >= begin,
            func.lower(Booking.period) < end,
        )
        .group_by(Booking.currency, month)
    )
    if artist_id is not None:
        stmt = stmt.where(Booking.artist_id == artist_id)
    totals: dict[str, dict[date, int]] = {}
    for currency, when, total in await session.execute(stmt):
        totals.setdefault(currency, {})[when.date()] = int(total)
    return {
        currency: [(start, by_month.get(start, 0)) for start in starts]
        for currency, by_month in sorted(totals.items())
    }


async def monthly_revenue(
    session: AsyncSession,
    organization_id: str,
    *,
    months: int,
    today: date,
    artist_id: str | None = None,
) -> dict[str, list[tuple[date, int]]]:
    """Per currency, imported statement revenue per month (as stated, not converted)."""
    starts = month_starts(months, today=today)
    stmt = (
        select(RevenueLine.currency, RevenueLine.period, func.sum(RevenueLine.amount_minor))
        .where(RevenueLine.organization_id == organization_id, RevenueLine.period >= starts[0])
        .group_by(RevenueLine.currency, RevenueLine.period)
    )
    if artist_id is not None:
        stmt = stmt.where(RevenueLine.artist_id == artist_id)
    totals: dict[str, dict[date, int]] = {}
    for currency, period, total in await session.execute(stmt):
        totals.setdefault(currency, {})[period] = int(total)
    return {
        currency: [(start, by_month.get(start, 0)) for start in starts]
        for currency, by_month in sorted(totals.items())
    }


async def week_of_bookings(
    session: AsyncSession, organization_id: str, monday: date
) -> list[tuple[Booking, str, str | None]]:
    """Active bookings overlapping the week (Monday 00:00 UTC + 7 days), with names."""
    start = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    week = Range(start, start + timedelta(days=7))
    rows = await session.execute(
        select(Booking, Creator.name, Artist.name)
        .join(
            Creator,
            and_(
                Creator.organization_id == Booking.organization_id,
                Creator.id == Booking.creator_id,
            ),
        )
        .outerjoin(
            Artist,
            and_(Artist.organization_id == Booking.organization_id, Artist.id == Booking.artist_id),
        )
        .where(
            Booking.organization_id == organization_id,
            Booking.status.in_(SPENDING),
            Booking.period.op("&&")(week),
        )
        .order_by(func.lower(Booking.period))
        .limit(500)
    )
    return [(b, creator, artist) for b, creator, artist in rows]


async def audit_trail(
    session: AsyncSession,
    organization_id: str,
    *,
    action: str | None,
    before_seq: int | None,
    limit: int = 50,
) -> tuple[list[AuditEvent], bool]:
    stmt = select(AuditEvent).where(AuditEvent.organization_id == organization_id)
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
    if before_seq is not None:
        stmt = stmt.where(AuditEvent.seq < before_seq)
    rows = list(
        (await session.execute(stmt.order_by(AuditEvent.seq.desc()).limit(limit + 1))).scalars()
    )
    return rows[:limit], len(rows) > limit


@dataclass(frozen=True, slots=True)
class Progress:
    id: str
    name: str
    status: str
    done: int
    total: int
    detail: str

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


async def project_progress(session: AsyncSession, organization_id: str) -> list[Progress]:
    """Projects by milestones done (cancelled milestones do not count)."""
    counted = Milestone.status != "cancelled"
    rows = await session.execute(
        select(
            Project.id,
            Project.name,
            Project.status,
            func.count(Milestone.id).filter(Milestone.status == "done", counted),
            func.count(Milestone.id).filter(counted),
        )
        .outerjoin(
            Milestone,
            and_(
                Milestone.organization_id == Project.organization_id,
                Milestone.project_id == Project.id,
            ),
        )
        .where(Project.organization_id == organization_id)
        .group_by(Project.id)
        .order_by(Project.created_at.desc())
        .limit(50)
    )
    return [
        Progress(pid, name, status, done, total, f"{done} of {total} milestones done")
        for pid, name, status, done, total in rows
    ]


async def bulk_progress(session: AsyncSession, organization_id: str) -> list[Progress]:
    """Bulk bookings by items settled (confirmed, or finally refused or released)."""
    settled = BulkBookingItem.status.in_(("confirmed", "released", "failed", "conflict"))
    rows = await session.execute(
        select(
            BulkBooking.id,
            BulkBooking.title,
            BulkBooking.status,
            func.count().filter(settled),
            BulkBooking.item_count,
            func.count().filter(BulkBookingItem.status == "confirmed"),
        )
        .outerjoin(
            BulkBookingItem,
            and_(
                BulkBookingItem.organization_id == BulkBooking.organization_id,
                BulkBookingItem.batch_id == BulkBooking.id,
            ),
        )
        .where(BulkBooking.organization_id == organization_id)
        .group_by(BulkBooking.id)
        .order_by(BulkBooking.created_at.desc())
        .limit(50)
    )
    return [
        Progress(
            bid,
            title or bid,
            status,
            # A finished batch is done whatever its items say.
            total if status in ("confirmed", "failed", "rejected", "cancelled") else done,
            total,
            f"{confirmed} of {total} sessions confirmed",
        )
        for bid, title, status, done, total, confirmed in rows
    ]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
