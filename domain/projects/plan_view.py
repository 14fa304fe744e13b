"""A project read as a plan: its milestones with their bookings' current state, the view the
progress and re-planning functions of :mod:`domain.projects.plan` work on."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.bookings.models import Booking
from domain.projects.milestone_planning import (
    latest_start,
)
from domain.projects.models import Milestone, MilestoneSession
from domain.projects.plan import PlanMilestone, PlanSession
from domain.projects.service import milestones_of, sessions_of

# --- the project as a plan ------------------------------------------------------------------


async def load_plan(
    session: AsyncSession, project_id: str
) -> tuple[list[Milestone], list[PlanMilestone]]:
    """The milestones (rows) and their plan view, with the bookings' current periods."""
    rows = await milestones_of(session, project_id)
    requests = await sessions_of(session, project_id)
    booking_ids = [r.booking_id for r in requests if r.booking_id]
    bookings = {
        b.id: b
        for b in (
            (await session.execute(select(Booking).where(Booking.id.in_(booking_ids))))
            .scalars()
            .all()
            if booking_ids
            else []
        )
    }
    plan: list[PlanMilestone] = []
    for m in rows:
        sessions = []
        for r in requests:
            if r.milestone_id != m.id:
                continue
            b = bookings.get(r.booking_id or "")
            sessions.append(
                PlanSession(
                    id=r.id,
                    start=latest_start(r, due_at=m.due_at, shift_minutes=m.shift_minutes),
                    duration=timedelta(minutes=r.duration_minutes),
                    booking_start=b.period.lower if b else None,
                    booking_end=b.period.upper if b else None,
                    booking_status=b.status if b else None,
                    status=r.status,
                    unplaced_code=(r.plan_reason or {}).get("code"),
                    unplaced_detail=(r.plan_reason or {}).get("detail", ""),
                )
            )
        plan.append(
            PlanMilestone(
                id=m.id,
                key=m.key,
                name=m.name,
                status=m.status,
                depends_on=list(m.depends_on),
                due_at=m.due_at,
                shift_minutes=m.shift_minutes,
                checklist_total=len(m.checklist),
                checklist_done=sum(1 for i in m.checklist if i.get("done")),
                completed_at=m.completed_at,
                sessions=sessions,
            )
        )
    return rows, plan


async def milestones_of_bookings(session: AsyncSession, booking_ids: list[str]) -> dict[str, str]:
    """booking id → the milestone it was booked for, for those bookings that belong to one."""
    if not booking_ids:
        return {}
    rows = await session.execute(
        select(MilestoneSession.booking_id, MilestoneSession.milestone_id).where(
            MilestoneSession.booking_id.in_(booking_ids)
        )
    )
    return {booking_id: milestone_id for booking_id, milestone_id in rows.all() if booking_id}
