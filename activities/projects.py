"""Activities of the ProjectWorkflow: re-plan and settle milestones, book a milestone's
sessions, delay a milestone, finish or cancel the project.

PostgreSQL holds the plan; the workflow only decides *when* to call these. Each activity is
one transaction and idempotent: a retry after a crash finds the work done and does nothing.
The clock is the workflow's (``now`` in every input), so time-skipping tests mean something.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from core.db import tenant_session
from core.workflow_ids import project_workflow_id
from domain.approvals import requests as approvals
from domain.approvals.chain_types import ApprovalChainInput
from domain.approvals.models import ApprovalRequest
from domain.audit import service as audit
from domain.bookings import creation, lifecycle, rules
from domain.bookings.models import Booking
from domain.errors import DomainError
from domain.free_text import texts
from domain.projects import milestone_planning
from domain.projects.models import Milestone, MilestoneSession, Project
from domain.projects.plan import (
    DAY,
    MIN_LEAD,
    SETTLED_BOOKINGS,
    PlanMilestone,
    progress,
    required_shifts,
)
from domain.projects.plan_view import load_plan
from domain.projects.progress_types import ProjectProgress
from workflows.project_types import BookMilestoneInput, DelayInput, FinishInput, ProjectStepInput


class BookResult(BaseModel):
    booked: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    unplaced: list[str] = Field(default_factory=list)
    chains: list[ApprovalChainInput] = Field(default_factory=list)


class FinishResult(BaseModel):
    cancelled_bookings: list[str] = Field(default_factory=list)
    cancelled_approvals: list[str] = Field(default_factory=list)


class MarkStartedInput(BaseModel):
    organization_id: str
    request_ids: list[str]


def _actor(organization_id: str, project_id: str) -> audit.Actor:
    return audit.Actor(type="workflow", id=project_workflow_id(organization_id, project_id))


def _milestone_done(m: PlanMilestone) -> bool:
    """Booked, every session booked and settled, at least one completed, checklist done.

    Read from the plan :func:`load_plan` already built (sessions with their bookings'
    statuses), not with a query per milestone."""
    if m.status != "booked" or m.checklist_done < m.checklist_total:
        return False
    if any(s.status != "booked" or s.booking_status not in SETTLED_BOOKINGS for s in m.sessions):
        return False
    return not m.sessions or any(s.booking_status == "completed" for s in m.sessions)


class ProjectActivities:
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, plan_time_limit_s: float = 5.0
    ) -> None:
        self._sessionmaker = sessionmaker
        self._plan_time_limit_s = plan_time_limit_s

    @activity.defn(name="project_step")
    async def step(self, job: ProjectStepInput) -> ProjectProgress:
        """Settle finished milestones, push not-yet-booked ones past any slip, report."""
        actor = _actor(job.organization_id, job.project_id)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            project = await session.get(Project, job.project_id)
            if project is None:
                raise RuntimeError(f"project {job.project_id} is not visible")
            rows, plan = await load_plan(session, project.id)
            if project.status == "active":
                done = {m.id for m in plan if _milestone_done(m)}
                for milestone in rows:
                    if milestone.id in done:
                        milestone.status = "done"
                        milestone.completed_at = job.now
                        await audit.record(
                            session,
                            organization_id=project.organization_id,
                            actor=actor,
                            action="milestone.done",
                            target_type="milestone",
                            target_id=milestone.id,
                            before={"status": "booked"},
                            after={"status": "done"},
                        )
                await session.flush()
                rows, plan = await load_plan(session, project.id)
                shifts = required_shifts(plan, job.now)
                for milestone in rows:
                    if milestone.id in shifts:
                        before = milestone.shift_minutes
                        milestone.shift_minutes = shifts[milestone.id]
                        # A slip moves the window: any plan made for it is stale.
                        await milestone_planning.clear_plans(session, milestone.id)
                        await audit.record(
                            session,
                            organization_id=project.organization_id,
                            actor=actor,
                            action="milestone.replanned",
                            target_type="milestone",
                            target_id=milestone.id,
                            before={"shift_minutes": before},
                            after={"shift_minutes": milestone.shift_minutes},
                        )
                await session.flush()
            return progress(
                project_id=project.id,
                status=project.status,
                due_at=project.due_at,
                milestones=plan,
                now=job.now,
            )

    @activity.defn(name="project_book_milestone")
    async def book_milestone(self, job: BookMilestoneInput) -> BookResult:
        """Plan the milestone's open sessions, then book every placed or fixed session (each
        confirmed or sent for approval).

        The plan is committed in a transaction of its own before anything is booked, so a
        retry books the creators already chosen. An open session the planner cannot place is
        kept as ``unplaced`` with the planner's reason, and a session that cannot be booked
        (conflict, time off) as ``failed`` with its reason; the others are booked. Delaying
        the milestone plans and tries those again at the new time.
        """
        actor = _actor(job.organization_id, job.project_id)
        result = BookResult()
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            if await self._prepare(session, job) is None:
                return result
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            prepared = await self._prepare(session, job)
            if prepared is None:
                return result  # booked by an earlier attempt, or no longer wanted
            milestone, requests = prepared
            project = await session.get(Project, job.project_id)
            artist_id = project.artist_id if project is not None else None
            for request in requests:
                if request.status == "unplaced":
                    result.unplaced.append(request.id)
                    continue
                await self._book_one(
                    session, job, milestone, request, actor, result, artist_id=artist_id
                )
            milestone.status = "booked"
            milestone.booked_at = job.now
            await audit.record(
                session,
                organization_id=job.organization_id,
                actor=actor,
                action="milestone.booked",
                target_type="milestone",
                target_id=milestone.id,
                before={"status": "pending"},
                after={
                    "status": "booked",
                    "booked": result.booked,
                    "failed": result.failed,
                    "unplaced": result.unplaced,
                },
            )
        return result

    async def _prepare(
        self, session: AsyncSession, job: BookMilestoneInput
    ) -> tuple[Milestone, list[MilestoneSession]] | None:
        """Lock a pending milestone, keep its timed sessions clear of ``now`` and plan its
        open ones (a no-op when an earlier transaction did both)."""
        milestone = await session.get(Milestone, job.milestone_id, with_for_update=True)
        if milestone is None or milestone.status != "pending":
            return None
        timed = [r for r in await milestone_planning.rows_of(session, milestone.id) if r.creator_id]
        # Sessions of a milestone that depends on nothing are booked as asked (the start
        # refused any inside the lead time); only a dependency's late finish moves them.
        if timed and milestone.depends_on:
            earliest = min(r.start for r in timed)
            shift = timedelta(minutes=milestone.shift_minutes)
            if earliest + shift < job.now + MIN_LEAD:
                # Its dependencies finished later than planned: move to the next free day.
                gap = job.now + MIN_LEAD - (earliest + shift)
                days = -(-gap // DAY)
                before = milestone.shift_minutes
                milestone.shift_minutes += days * 24 * 60
                await audit.record(
                    session,
                    organization_id=job.organization_id,
                    actor=_actor(job.organization_id, job.project_id),
                    action="milestone.shifted",
                    target_type="milestone",
                    target_id=milestone.id,
                    before={"shift_minutes": before},
                    after={
                        "shift_minutes": milestone.shift_minutes,
                        "reason": "its dependencies finished later than planned",
                    },
                )
        await milestone_planning.plan_open_sessions(
            session,
            milestone,
            now=job.now,
            min_lead=MIN_LEAD,
            time_limit_s=self._plan_time_limit_s,
        )
        return milestone, await milestone_planning.rows_of(session, milestone.id)

    async def _book_one(
        self,
        session: AsyncSession,
        job: BookMilestoneInput,
        milestone: Milestone,
        request: MilestoneSession,
        actor: audit.Actor,
        result: BookResult,
        *,
        artist_id: str | None,
    ) -> None:
        if request.creator_id is None:  # open, and the planner placed it nowhere
            result.unplaced.append(request.id)
            return
        start = request.start + timedelta(minutes=milestone.shift_minutes)
        try:
            async with session.begin_nested():
                booking = await creation.create_booking(
                    session,
                    organization_id=job.organization_id,
                    data=creation.BookingInput(
                        creator_id=request.creator_id,
                        room_id=request.room_id,
                        title=request.title or milestone.name,
                        artist_id=artist_id,
                        start=start,
                        end=start + timedelta(minutes=request.duration_minutes),
                        allow_outside_working_hours=request.allow_outside_working_hours,
                    ),
                    actor=actor,
                    now=job.now,
                    project_id=job.project_id,
                )
                chain = await approvals.confirm_or_request_approval(
                    session, booking, actor=actor, now=job.now
                )
        except DomainError as exc:
            request.status = "failed"
            request.error = exc.detail[:1000]
            result.failed.append(request.id)
            return
        request.status, request.error, request.booking_id = "booked", "", booking.id
        result.booked.append(booking.id)
        if chain is not None:
            result.chains.append(chain)

    @activity.defn(name="project_delay_milestone")
    async def delay_milestone(self, job: DelayInput) -> None:
        """Move a milestone later: its live bookings are rescheduled (their reminders follow,
        being derived from the booking's time); sessions that failed are tried again and open
        sessions not booked yet are planned again in the moved window."""
        actor = _actor(job.organization_id, job.project_id)
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            milestone = await session.get(Milestone, job.milestone_id, with_for_update=True)
            if milestone is None or milestone.status in ("done", "cancelled"):
                return
            reason = await texts.completed(session, job.reason, job.reason_ref)
            before = milestone.shift_minutes
            milestone.shift_minutes += job.delay_minutes
            replanned = await milestone_planning.clear_plans(session, milestone.id)
            if milestone.status == "booked":
                await self._move_booked(session, job, milestone, actor)
            await audit.record(
                session,
                organization_id=job.organization_id,
                actor=actor,
                action="milestone.delayed",
                target_type="milestone",
                target_id=milestone.id,
                before={"shift_minutes": before},
                after={
                    "shift_minutes": milestone.shift_minutes,
                    "reason": reason,
                    "replanned_sessions": replanned,
                },
            )

    async def _move_booked(
        self, session: AsyncSession, job: DelayInput, milestone: Milestone, actor: audit.Actor
    ) -> None:
        """Reschedule the live bookings first, so the planner sees where they now are; then
        plan the open sessions whose plan was cleared and book what is placed or failed."""
        delta = timedelta(minutes=job.delay_minutes)
        retry: list[MilestoneSession] = []
        for request in await milestone_planning.rows_of(session, milestone.id):
            if request.status != "booked":
                retry.append(request)
                continue
            booking = await session.get(Booking, request.booking_id or "")
            if booking is None or booking.status not in ("held", "pending_approval", "confirmed"):
                continue
            assert booking.period.lower is not None and booking.period.upper is not None
            try:
                async with session.begin_nested():
                    await lifecycle.reschedule(
                        session,
                        booking,
                        rules.SessionTimes(
                            start=booking.period.lower + delta, end=booking.period.upper + delta
                        ),
                        actor=actor,
                        now=job.now,
                        allow_outside_working_hours=request.allow_outside_working_hours,
                    )
            except DomainError as exc:
                request.error = f"could not move: {exc.detail}"[:1000]
        await milestone_planning.plan_open_sessions(
            session, milestone, now=job.now, min_lead=MIN_LEAD, time_limit_s=self._plan_time_limit_s
        )
        book = BookMilestoneInput(
            organization_id=job.organization_id,
            project_id=job.project_id,
            milestone_id=milestone.id,
            now=job.now,
        )
        result = BookResult()
        project = await session.get(Project, job.project_id)
        artist_id = project.artist_id if project is not None else None
        for request in retry:
            if request.status in ("planned", "failed"):
                await self._book_one(
                    session, book, milestone, request, actor, result, artist_id=artist_id
                )

    @activity.defn(name="project_finish")
    async def finish(self, job: FinishInput) -> FinishResult:
        """Close the project. Cancelling releases the sessions that have not started yet and
        withdraws their pending approvals; finished work is kept."""
        actor = _actor(job.organization_id, job.project_id)
        out = FinishResult()
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            project = await session.get(Project, job.project_id)
            if project is None or project.status not in ("active", "draft"):
                return out
            reason = await texts.completed(session, job.reason, job.reason_ref)
            before = {"status": project.status}
            project.status = job.status
            project.finished_at = job.now
            project.status_reason = reason[:500]
            if job.status == "cancelled":
                await self._release(session, project, job, actor, out)
            await audit.record(
                session,
                organization_id=job.organization_id,
                actor=actor,
                action=f"project.{job.status}",
                target_type="project",
                target_id=project.id,
                before=before,
                after={"status": job.status, "reason": reason},
            )
        return out

    async def _release(
        self,
        session: AsyncSession,
        project: Project,
        job: FinishInput,
        actor: audit.Actor,
        out: FinishResult,
    ) -> None:
        live = (
            (
                await session.execute(
                    select(Booking).where(
                        Booking.project_id == project.id,
                        Booking.status.in_(("held", "pending_approval", "confirmed")),
                    )
                )
            )
            .scalars()
            .all()
        )
        for booking in live:
            if booking.period.lower is not None and booking.period.lower <= job.now:
                continue  # under way or over: not ours to cancel
            await lifecycle.transition(
                session, booking, "cancel", actor=actor, now=job.now, reason="project cancelled"
            )
            out.cancelled_bookings.append(booking.id)
        if out.cancelled_bookings:
            withdrawn = (
                await session.execute(
                    update(ApprovalRequest)
                    .where(
                        ApprovalRequest.subject_type == "booking",
                        ApprovalRequest.subject_id.in_(out.cancelled_bookings),
                        ApprovalRequest.status == "pending",
                    )
                    .values(status="cancelled", reason="project cancelled", decided_at=job.now)
                    .returning(ApprovalRequest.id)
                )
            ).scalars()
            out.cancelled_approvals.extend(withdrawn)
        ended = (
            await session.execute(
                update(Milestone)
                .where(
                    Milestone.project_id == project.id,
                    Milestone.status.in_(("pending", "booked")),
                )
                .values(status="cancelled")
                .returning(Milestone.id, Milestone.status)
            )
        ).all()
        # One record per milestone: each is an event, and QuickBooks bills what was done.
        await audit.record_many(
            session,
            organization_id=job.organization_id,
            actor=actor,
            changes=[
                audit.Change(
                    "milestone.cancelled",
                    "milestone",
                    milestone_id,
                    after={"status": status, "reason": "project cancelled"},
                )
                for milestone_id, status in ended
            ],
        )

    @activity.defn(name="project_mark_chains_started")
    async def mark_chains_started(self, job: MarkStartedInput) -> None:
        async with tenant_session(self._sessionmaker, [job.organization_id]) as session:
            for request_id in job.request_ids:
                await approvals.mark_started(session, request_id)
