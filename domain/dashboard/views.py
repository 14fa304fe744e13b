"""Read models of the web dashboard: the roster table, an artist's sessions, a week of
bookings, the audit trail, and project / bulk booking progress.

Money is never computed here: the roster's figures and the charts' months come from
``domain.finance.analytics`` (converted to the reporting currency, statement revenue from the
``revenue_monthly`` rollup), so a page shows exactly what ``/v1/analytics`` answers. What is
the dashboard's own (search by genre or tag, the next session, pagination, week views) is
computed in PostgreSQL under the caller's tenant session, always filtered by
``organization_id`` too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit.models import AuditEvent
from domain.bookings.models import Booking
from domain.bulk.models import BulkBooking, BulkBookingItem
from domain.finance import analytics, forecasting
from domain.projects.models import Milestone, Project
from domain.resources.models import Creator
from domain.roster.models import Artist

RosterSort = Literal[
    "name",
    "status",
    "sessions",
    "completed",
    "next_session",
    "contract_end",
    "spend_committed",
    "spend_actual",
    "revenue",
    "margin",
    "pending_approvals",
]
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
    next_session: datetime | None
    sessions: int
    completed: int
    pending_approvals: int
    spend_committed: Decimal
    spend_actual: Decimal
    revenue: Decimal
    margin: Decimal


@dataclass(frozen=True, slots=True)
class RosterPage:
    rows: list[RosterRow]
    more: bool
    currency: str
    missing_rates: list[str]


def _sorted(rows: list[RosterRow], sort: RosterSort, descending: bool) -> list[RosterRow]:
    """By ``sort`` (names case-insensitively), empty values last either way, then by name."""
    rows = sorted(rows, key=lambda r: (r.name.casefold(), r.id))

    def key(row: RosterRow) -> Any:
        return row.name.casefold() if sort == "name" else getattr(row, sort)

    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=descending) + absent


async def roster(
    session: AsyncSession,
    *,
    organization_id: str,
    q: str | None,
    sort: RosterSort,
    descending: bool,
    page: int,
    only_artist: str | None = None,
) -> RosterPage:
    """One page of the roster with the analytics roster's figures (all time)."""
    overview = await analytics.roster_overview(
        session,
        organization_id=organization_id,
        artist_ids=[only_artist] if only_artist is not None else None,
    )
    figures = {a.artist_id: a for a in overview.artists}
    upcoming = (
        select(Booking.artist_id, func.min(func.lower(Booking.period)).label("next_session"))
        .where(
            Booking.organization_id == organization_id,
            Booking.status.in_(COMMITTED),
            func.lower(Booking.period) > func.now(),
        )
        .group_by(Booking.artist_id)
        .subquery()
    )
    stmt = (
        select(Artist, upcoming.c.next_session)
        .outerjoin(upcoming, upcoming.c.artist_id == Artist.id)
        .where(Artist.organization_id == organization_id)
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
    rows = []
    for artist, next_session in await session.execute(stmt):
        f = figures.get(artist.id)
        zero = Decimal(0)
        rows.append(
            RosterRow(
                id=artist.id,
                name=artist.name,
                status=artist.status,
                genres=list(artist.genres),
                contract_end=artist.contract_end,
                next_session=next_session,
                sessions=f.sessions_booked if f else 0,
                completed=f.sessions_completed if f else 0,
                pending_approvals=f.pending_approvals if f else 0,
                spend_committed=f.spend_committed if f else zero,
                spend_actual=f.spend_actual if f else zero,
                revenue=f.revenue if f else zero,
                margin=f.margin if f else zero,
            )
        )
    ordered = _sorted(rows, sort, descending)
    first = (page - 1) * ROSTER_PAGE
    return RosterPage(
        rows=ordered[first : first + ROSTER_PAGE],
        more=len(ordered) > first + ROSTER_PAGE,
        currency=overview.currency,
        missing_rates=overview.missing_rates,
    )


async def artist_summary(
    session: AsyncSession, organization_id: str, artist_id: str
) -> tuple[RosterPage, list[tuple[Booking, str]]]:
    """The artist's figures (a page of one row) and their latest 25 sessions with the
    creator's name."""
    figures = await roster(
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
    return figures, [(b, name) for b, name in bookings]


def chart_window(months: int, *, today: date) -> tuple[date, date]:
    """First and last day of the charts' months: ``months`` months ending two months ahead
    (sessions already booked for then are committed spend)."""
    last = forecasting.add_months(today.replace(day=1), SPEND_MONTHS_AHEAD)
    after = forecasting.add_months(last, 1)
    return forecasting.add_months(last, 1 - months), after - timedelta(days=1)


async def monthly_figures(
    session: AsyncSession,
    organization_id: str,
    *,
    months: int,
    today: date,
    artist_id: str | None = None,
) -> analytics.MonthlyFigures:
    """The analytics' month by month spend and revenue over the charts' window."""
    start, end = chart_window(months, today=today)
    return await analytics.monthly_figures(
        session, organization_id=organization_id, start=start, end=end, artist_id=artist_id
    )


async def week_of_bookings(
    session: AsyncSession, organization_id: str, monday: date
) -> list[tuple[Booking, str, str | None]]:
    """Active bookings overlapping the week (Monday 00:00 UTC + 7 days), with names."""
    start = datetime.combine(monday, datetime.min.time(), tzinfo=UTC)
    return await bookings_between(session, organization_id, start, start + timedelta(days=7))


async def bookings_between(
    session: AsyncSession, organization_id: str, start: datetime, end: datetime
) -> list[tuple[Booking, str, str | None]]:
    """Active bookings overlapping ``[start, end)``, with creator and artist names."""
    week = Range(start, end)
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
