"""Open sessions of a milestone: their request, its validation, and their plan.

A milestone may ask for a fixed session (a creator at a start) or an open one ("any mixing
engineer under 80 EUR/h in this window"), the same
:class:`~domain.scheduling.planning.SessionRequest`
the matching API and bulk bookings take. An open session is planned when its milestone is
booked, not when the project is created: by then the creators' calendars and the dependencies'
real finish are known. The window is clamped to after the dependencies' completion (and the
minimum lead) and to the milestone's due date; the placement is written onto the row before
anything is booked, so a retry books the same creator instead of planning again. A slip clears
the plans of sessions not yet booked, and the next booking turn plans them afresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain.errors import InvalidRequest
from domain.projects.models import Milestone, MilestoneSession
from domain.resources.models import Creator, Room
from domain.scheduling import planning, validation
from domain.scheduling.requests import PlanReason, SessionRequest, SkillNeed

# Fields of a SessionRequest that a fixed session (creator and start given) has no use for.
_OPEN_ONLY = ("max_hourly_rate", "timezones", "preferred_creator_ids")


class SessionRequestInput(SessionRequest):
    """A milestone's session: fixed (``creator_id`` + ``start``) or open (``skills`` or a
    creator, a window, optionally a budget, timezones and ``needs_room``)."""

    # Checked even when left out, so "no creator and no skills" is refused on this field.
    skills: list[SkillNeed] = Field(
        default_factory=list,
        max_length=10,
        validate_default=True,
        description="For an open session: who is needed",
    )
    allow_outside_working_hours: bool = False

    @field_validator("project_id", "artist_id", "client_id")
    @classmethod
    def _from_project(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            raise ValueError(f"a milestone's sessions take {info.field_name} from the project")
        return value

    @field_validator("depends_on")
    @classmethod
    def _no_session_order(cls, value: list[int]) -> list[int]:
        if value:
            raise ValueError("order work with the milestones' depends_on, not per session")
        return value

    @field_validator(*_OPEN_ONLY)
    @classmethod
    def _open_only(cls, value: Any, info: ValidationInfo) -> Any:
        fixed = info.data.get("creator_id") is not None and info.data.get("start") is not None
        if fixed and value:
            raise ValueError(
                f"{info.field_name} is for open sessions; this one has a creator and a start"
            )
        return value

    @field_validator("allow_outside_working_hours")
    @classmethod
    def _fixed_only(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("start") is None:
            raise ValueError("an open session is planned inside working hours")
        return value

    @property
    def needs_planner(self) -> bool:
        """Open in time or creator, or asking for any room: the planner decides."""
        return self.is_open or (self.needs_room and self.room_id is None)

    def as_request(self) -> SessionRequest:
        return SessionRequest.model_validate(
            self.model_dump(exclude={"allow_outside_working_hours"})
        )


# --- validation -----------------------------------------------------------------------------


async def _check_fixed(session: AsyncSession, s: SessionRequestInput, param: str) -> None:
    if s.creator_id and await session.get(Creator, s.creator_id) is None:
        raise InvalidRequest(
            f"no creator {s.creator_id}", param=f"{param}.creator_id", code="unknown_id"
        )
    if s.room_id and await session.get(Room, s.room_id) is None:
        raise InvalidRequest(f"no room {s.room_id}", param=f"{param}.room_id", code="unknown_id")


def _renumber(exc: InvalidRequest, field: str, positions: Sequence[int]) -> InvalidRequest:
    """The planner numbers the open sessions it was given; the client numbered all of them."""
    prefix = f"{field}."
    if exc.param and exc.param.startswith(prefix):
        head, _, rest = exc.param[len(prefix) :].partition(".")
        if head.isdigit() and int(head) < len(positions):
            exc.param = f"{prefix}{positions[int(head)]}" + (f".{rest}" if rest else "")
    return exc


def _check_due(s: SessionRequestInput, due_at: datetime | None, param: str) -> None:
    """The plan clamps a window to the milestone's due date; one that cannot fit before it
    is a mistake in the request, not something to find out when the milestone is booked."""
    if due_at is None or s.window_start is None:
        return
    if s.window_start + timedelta(minutes=s.duration_minutes) > due_at:
        raise InvalidRequest(
            f"the window leaves no {s.duration_minutes} minutes before the milestone's due "
            f"date {due_at.isoformat()}",
            param=f"{param}.window_start",
            code="impossible_window",
        )


async def validate_sessions(
    session: AsyncSession,
    sessions: Sequence[SessionRequestInput],
    *,
    param: str,
    now: datetime,
    due_at: datetime | None = None,
) -> None:
    """Fixed sessions name a creator and room that exist (``unknown_id``); open ones pass the
    planner's :func:`~domain.scheduling.planning.validate_requests` (known skills, a window still
    ahead,
    existing creators and rooms) and fit before the milestone's ``due_at``. Errors name
    ``{param}.{index}.{field}``."""
    positions = [j for j, s in enumerate(sessions) if s.needs_planner]
    for j, s in enumerate(sessions):
        if not s.needs_planner:
            await _check_fixed(session, s, f"{param}.{j}")
        else:
            _check_due(s, due_at, f"{param}.{j}")
    if not positions:
        return
    try:
        await validation.validate_requests(
            session, [sessions[j].as_request() for j in positions], now=now, field=param
        )
    except InvalidRequest as exc:
        raise _renumber(exc, param, positions) from None


def session_row(
    s: SessionRequestInput, *, organization_id: str, project_id: str, milestone_id: str
) -> MilestoneSession:
    """The stored session. An open one keeps its request; its creator stays empty unless the
    request fixes both creator and start (then only the room is left to the planner)."""
    fixed_time = s.start is not None
    start = s.start if fixed_time else s.window_start
    assert start is not None  # the model refuses a session with neither
    return MilestoneSession(
        id=new_id("mss"),
        organization_id=organization_id,
        project_id=project_id,
        milestone_id=milestone_id,
        creator_id=s.creator_id if fixed_time else None,
        room_id=s.room_id,
        title=s.title or "",
        start=start,
        duration_minutes=s.duration_minutes,
        allow_outside_working_hours=s.allow_outside_working_hours,
        status="planned",
        open_request=s.as_request().model_dump(mode="json") if s.needs_planner else None,
    )


# --- planning -------------------------------------------------------------------------------


def request_of(row: MilestoneSession) -> SessionRequest | None:
    return SessionRequest.model_validate(row.open_request) if row.open_request else None


def latest_start(row: MilestoneSession, *, due_at: datetime | None, shift_minutes: int) -> datetime:
    """Where an open session not placed yet counts in the milestone's projection: at the
    latest start its window (and the due date) allows, before the shift like ``row.start``.
    So a dependency finishing late only moves the window when what is left of it can no
    longer hold the session; until then the booking turn clamps it instead."""
    request = request_of(row)
    if request is None or row.creator_id is not None or request.window_end is None:
        return row.start
    end = request.window_end
    if due_at is not None:
        end = min(end, due_at - timedelta(minutes=shift_minutes))
    return max(row.start, end - timedelta(minutes=row.duration_minutes))


def clear_plan(row: MilestoneSession) -> bool:
    """Forget an open session's placement (or its reason for having none) so it is planned
    again; booked sessions and fixed ones are left alone. ``True`` if anything changed."""
    request = request_of(row)
    if request is None or row.status == "booked" or row.planned_at is None:
        return False
    start = request.start if request.start is not None else request.window_start
    assert start is not None
    row.creator_id = request.creator_id if request.start is not None else None
    row.room_id, row.start = request.room_id, start
    row.planned_at, row.plan_reason = None, None
    row.status, row.error = "planned", ""
    return True


async def clear_plans(session: AsyncSession, milestone_id: str) -> list[str]:
    """Clear every open, unbooked session's plan of the milestone; the ids cleared."""
    rows = await rows_of(session, milestone_id)
    return [row.id for row in rows if clear_plan(row)]


async def rows_of(session: AsyncSession, milestone_id: str) -> list[MilestoneSession]:
    return list(
        (
            await session.execute(
                select(MilestoneSession)
                .where(MilestoneSession.milestone_id == milestone_id)
                .order_by(MilestoneSession.start, MilestoneSession.id)
            )
        ).scalars()
    )


@dataclass(frozen=True, slots=True)
class Bounds:
    """Where the milestone's open sessions may lie now: not before, not after."""

    not_before: datetime
    not_after: datetime | None
    shift: timedelta


async def bounds(
    session: AsyncSession, milestone: Milestone, *, now: datetime, min_lead: timedelta
) -> Bounds:
    finished = (
        (
            await session.execute(
                select(Milestone.completed_at).where(Milestone.id.in_(milestone.depends_on))
            )
        )
        .scalars()
        .all()
        if milestone.depends_on
        else []
    )
    not_before = max([now + min_lead, *(f for f in finished if f is not None)])
    return Bounds(not_before, milestone.due_at, timedelta(minutes=milestone.shift_minutes))


def _clamped(request: SessionRequest, b: Bounds) -> SessionRequest | PlanReason:
    """The request with its window moved by the milestone's shift and clamped to ``b``, or
    the reason no session fits any more."""
    if request.start is not None:
        return request.model_copy(update={"start": request.start + b.shift})
    assert request.window_start is not None and request.window_end is not None
    start = max(request.window_start + b.shift, b.not_before)
    end, bound = request.window_end + b.shift, "the window's end"
    if b.not_after is not None and b.not_after < end:
        end, bound = b.not_after, "the milestone's due date"
    if end - start < timedelta(minutes=request.duration_minutes):
        return PlanReason(
            code="no_free_slot_in_window",
            detail=(
                f"no {request.duration_minutes} minutes are left between {start.isoformat()} "
                f"(after the dependencies and the minimum lead) and {end.isoformat()} ({bound})"
            ),
        )
    return request.model_copy(update={"window_start": start, "window_end": end})


def _fixed_request(row: MilestoneSession, shift: timedelta) -> SessionRequest:
    """A session whose creator and time are settled, so the plan keeps them busy."""
    return SessionRequest(
        creator_id=row.creator_id,
        room_id=row.room_id,
        start=row.start + shift,
        duration_minutes=row.duration_minutes,
    )


def _unplaced(row: MilestoneSession, reason: PlanReason, now: datetime) -> None:
    row.status, row.planned_at = "unplaced", now
    row.plan_reason = reason.model_dump()
    row.error = f"{reason.code}: {reason.detail}"[:1000]


async def plan_open_sessions(
    session: AsyncSession,
    milestone: Milestone,
    *,
    now: datetime,
    min_lead: timedelta,
    time_limit_s: float = 5.0,
) -> list[str]:
    """Plan the milestone's open sessions that have no plan yet and write the outcome onto
    their rows: a creator, room and start, or ``unplaced`` with the planner's reason. Sessions
    already placed (by an earlier attempt) are kept. Returns the ids planned now."""
    rows = await rows_of(session, milestone.id)
    todo = [r for r in rows if r.open_request is not None and r.planned_at is None]
    if not todo:
        return []
    b = await bounds(session, milestone, now=now, min_lead=min_lead)
    requests: list[SessionRequest] = []
    targets: list[MilestoneSession | None] = []
    for row in rows:
        if row.creator_id is not None and row.status == "planned" and row not in todo:
            # Fixed or placed before: not booked yet, but its creator's time is taken.
            requests.append(_fixed_request(row, b.shift))
            targets.append(None)
    for row in todo:
        request = request_of(row)
        assert request is not None
        clamped = _clamped(request, b)
        if isinstance(clamped, PlanReason):
            _unplaced(row, clamped, now)
            continue
        requests.append(clamped)
        targets.append(row)
    if any(t is not None for t in targets):
        plan = await planning.plan_sessions(session, requests, now=now, time_limit_s=time_limit_s)
        for item, target in zip(plan.items, targets, strict=True):
            if target is None:
                continue
            if not item.placed or item.start is None or item.creator_id is None:
                _unplaced(target, item.reason or _NO_REASON, now)
                continue
            target.creator_id, target.room_id = item.creator_id, item.room_id
            target.start = item.start - b.shift  # stored like a fixed one's: before the shift
            target.planned_at, target.plan_reason, target.error = now, None, ""
    await session.flush()
    return [row.id for row in todo]


_NO_REASON = PlanReason(code="capacity", detail="the planner found no placement")


def reason_of(row: MilestoneSession) -> dict[str, Any] | None:
    return dict(row.plan_reason) if row.plan_reason else None
