"""Open milestone sessions ("any mixing engineer under 80 EUR/h in this window") through the API
and the ProjectWorkflow's activities, on real PostgreSQL under row-level security, without
Temporal: bad input is a 422 naming ``milestones.N.sessions.M.<field>`` with nothing stored; a
plan is made when the milestone is booked, recorded before booking so a retry books the same
creator, and cleared by a slip so the moved window is planned afresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from activities.projects import ProjectActivities
from core.db import tenant_session
from domain.projects import milestone_planning
from domain.projects.models import Milestone
from tests.support.roster import add_creator
from workflows.project_types import BookMilestoneInput, DelayInput, ProjectStepInput

DAY = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def at(days: float) -> str:
    return (DAY + timedelta(days=days)).isoformat()


def mixing(**fields: Any) -> dict[str, Any]:
    return {
        "skills": [{"skill": "mixing", "min_level": 3}],
        "duration_minutes": 180,
        "window_start": at(3),
        "window_end": at(6),
        "max_hourly_rate": {"amount": "80", "currency": "EUR"},
        **fields,
    }


def project(*sessions: dict[str, Any], **milestone: Any) -> dict[str, Any]:
    return {
        "name": "Second album",
        "currency": "EUR",
        "milestones": [{"key": "mix", "name": "Mix", "sessions": list(sessions), **milestone}],
    }


def count(owner_conninfo: str, table: str) -> int:
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture
async def mixers(api, org_a) -> dict[str, str]:
    return {
        "ada": await add_creator(api, org_a, "Ada", skills={"mixing": 5}, hourly_rate="60"),
        "bo": await add_creator(api, org_a, "Bo", skills={"mixing": 3}, hourly_rate="45"),
        "pricey": await add_creator(api, org_a, "Pricey", skills={"mixing": 5}, hourly_rate="120"),
        "drums": await add_creator(api, org_a, "Drums", skills={"drums": 5}, hourly_rate="10"),
    }


async def test_an_open_session_is_stored_as_asked_and_planned_later(api, org_a, mixers):
    r = await api.post("/v1/projects", headers=org_a.headers, json=project(mixing()))
    assert r.status_code == 201, r.text
    (session,) = r.json()["milestones"][0]["sessions"]
    assert session["open"] is True and session["status"] == "planned"
    assert session["creator_id"] is None and session["planned_at"] is None
    assert datetime.fromisoformat(session["planned_start"]) == DAY + timedelta(days=3)
    assert session["request"]["skills"] == [{"skill": "mixing", "min_level": 3}]
    assert session["request"]["max_hourly_rate"] == {"amount": "80", "currency": "EUR"}
    assert session["unplaced_reason"] is None


NOBODY = "crt_0000000000aaaaaaaaaaaaaaaa"
BAD = [
    (mixing(skills=[{"skill": "mixnig"}]), "skills.0.skill", "unknown_skill"),
    (mixing(window_end=at(2)), "window_end", "invalid_request"),
    (mixing(window_end=None), "window_end", "invalid_request"),
    (mixing(window_start=at(-9), window_end=at(-8)), "window_end", "impossible_window"),
    (
        mixing(max_hourly_rate={"amount": "80.001", "currency": "EUR"}),
        "max_hourly_rate.currency",
        "invalid_request",
    ),
    (mixing(timezones=["Mars/Olympus"]), "timezones", "invalid_request"),
    (mixing(depends_on=[0]), "depends_on", "invalid_request"),
    (mixing(project_id="prj_0000000000aaaaaaaaaaaaaaaa"), "project_id", "invalid_request"),
    (mixing(preferred_creator_ids=[NOBODY]), "preferred_creator_ids.0", "resource_missing"),
    (
        {"duration_minutes": 60, "window_start": at(3), "window_end": at(4)},
        "skills",
        "invalid_request",
    ),
    (mixing(allow_outside_working_hours=True), "allow_outside_working_hours", "invalid_request"),
]


@pytest.mark.parametrize(("session", "field", "code"), BAD)
async def test_bad_open_sessions_are_refused_naming_the_field(
    api, org_a, mixers, owner_conninfo, session, field, code
):
    """Session 1 is the bad one, after a good fixed session: the index is the client's."""
    fixed = {"creator_id": mixers["ada"], "start": at(2), "duration_minutes": 120}
    r = await api.post("/v1/projects", headers=org_a.headers, json=project(fixed, session))
    assert r.status_code == 422, r.text
    expected = (f"milestones.0.sessions.1.{field}", code)
    assert (r.json()["param"], r.json()["code"]) == expected, r.json()
    assert count(owner_conninfo, "projects") == 0
    assert count(owner_conninfo, "milestone_sessions") == 0


async def test_a_fixed_session_takes_no_budget_and_add_milestone_checks_the_same(
    api, org_a, mixers, owner_conninfo
):
    fixed = {
        "creator_id": mixers["ada"],
        "start": at(2),
        "duration_minutes": 120,
        "max_hourly_rate": {"amount": "10", "currency": "EUR"},
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=project(fixed))
    assert r.status_code == 422 and r.json()["param"] == "milestones.0.sessions.0.max_hourly_rate"
    created = await api.post(
        "/v1/projects", headers=org_a.headers, json={"name": "EP", "currency": "EUR"}
    )
    path = f"/v1/projects/{created.json()['id']}/milestones"
    bad = {"key": "mix", "name": "Mix", "sessions": [mixing(skills=[{"skill": "tuba"}])]}
    r = await api.post(path, headers=org_a.headers, json=bad)
    assert r.status_code == 422, r.text
    assert (r.json()["param"], r.json()["code"]) == ("sessions.0.skills.0.skill", "unknown_skill")
    assert count(owner_conninfo, "milestones") == 0
    ok = await api.post(path, headers=org_a.headers, json={**bad, "sessions": [mixing()]})
    assert ok.status_code == 201 and ok.json()["sessions"][0]["open"] is True


async def test_a_recorded_plan_is_reused_by_a_retry_and_a_slip_plans_again(
    api, org_a, mixers, sessionmaker
):
    """The plan is committed before any booking: a retry after a crash books Bo, whom the
    planner chose, even though a cheaper mixer appeared since. A delay clears the plan of a
    milestone not booked yet, and the next booking turn plans the moved window afresh."""
    created = await api.post("/v1/projects", headers=org_a.headers, json=project(mixing()))
    project_id = created.json()["id"]
    milestone_id = created.json()["milestones"][0]["id"]
    now = datetime.now(UTC)
    activities = ProjectActivities(sessionmaker, plan_time_limit_s=2.0)

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        milestone = await session.get(Milestone, milestone_id)
        assert milestone is not None
        await milestone_planning.plan_open_sessions(
            session, milestone, now=now, min_lead=timedelta(hours=1)
        )
    # ...the worker died here. Meanwhile a cheaper mixer joined the roster.
    cy = await add_creator(api, org_a, "Cy", skills={"mixing": 4}, hourly_rate="30")
    job = BookMilestoneInput(
        organization_id=org_a.id, project_id=project_id, milestone_id=milestone_id, now=now
    )
    result = await activities.book_milestone(job)
    assert len(result.booked) == 1 and not result.unplaced
    booking = (await api.get(f"/v1/bookings/{result.booked[0]}", headers=org_a.headers)).json()
    assert booking["creator_id"] == mixers["bo"]  # cheapest eligible when planned
    assert DAY + timedelta(days=3) <= datetime.fromisoformat(booking["start"])
    assert datetime.fromisoformat(booking["end"]) <= DAY + timedelta(days=6)
    assert booking["price"] == "135.00" and booking["project_id"] == project_id
    assert await activities.book_milestone(job) == type(result)()  # booked: nothing more

    # A second milestone, not booked yet: a plan recorded for it is stale after a slip.
    r = await api.post(
        f"/v1/projects/{project_id}/milestones",
        headers=org_a.headers,
        json={"key": "remix", "name": "Remix", "depends_on": ["mix"], "sessions": [mixing()]},
    )
    remix_id = r.json()["id"]
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        remix = await session.get(Milestone, remix_id)
        assert remix is not None
        await milestone_planning.plan_open_sessions(
            session, remix, now=now, min_lead=timedelta(hours=1)
        )
    planned = (await api.get(f"/v1/milestones/{remix_id}", headers=org_a.headers)).json()
    assert planned["sessions"][0]["creator_id"] == cy and planned["sessions"][0]["planned_at"]
    await activities.delay_milestone(
        DelayInput(
            organization_id=org_a.id,
            project_id=project_id,
            milestone_id=remix_id,
            delay_minutes=24 * 60,
            reason="tracking late",
            now=now,
        )
    )
    cleared = (await api.get(f"/v1/milestones/{remix_id}", headers=org_a.headers)).json()
    session_out = cleared["sessions"][0]
    assert session_out["creator_id"] is None and session_out["planned_at"] is None
    assert datetime.fromisoformat(session_out["planned_start"]) == DAY + timedelta(days=4)


async def test_a_window_that_cannot_end_before_the_due_date_is_refused(
    api, org_a, mixers, owner_conninfo
):
    body = project(mixing(window_start=at(3), window_end=at(6)), due_at=at(3.1))
    r = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert r.status_code == 422, r.text
    assert r.json()["param"] == "milestones.0.sessions.0.window_start"
    assert r.json()["code"] == "impossible_window" and "due date" in r.json()["detail"]
    assert count(owner_conninfo, "projects") == 0


async def test_another_organizations_skills_and_creators_are_unknown(api, org_a, org_b, mixers):
    theirs = await add_creator(api, org_b, "Mo", skills={"mastering": 5}, hourly_rate="20")
    r = await api.post(
        "/v1/projects",
        headers=org_a.headers,
        json=project(mixing(skills=[{"skill": "mastering"}])),
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_skill", r.text
    assert r.json()["param"] == "milestones.0.sessions.0.skills.0.skill"
    r = await api.post(
        "/v1/projects",
        headers=org_a.headers,
        json=project(mixing(preferred_creator_ids=[theirs])),
    )
    assert r.status_code == 422 and r.json()["code"] == "resource_missing", r.text
    assert r.json()["param"] == "milestones.0.sessions.0.preferred_creator_ids.0"


async def test_a_slip_past_the_due_date_leaves_the_session_unplaced_with_the_reason(
    api, org_a, mixers, sessionmaker
):
    body = project(mixing(window_start=at(3), window_end=at(6)), due_at=at(4))
    created = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert created.status_code == 201, created.text
    project_id, milestone_id = created.json()["id"], created.json()["milestones"][0]["id"]
    activities = ProjectActivities(sessionmaker, plan_time_limit_s=2.0)
    now = datetime.now(UTC)
    await activities.delay_milestone(
        DelayInput(
            organization_id=org_a.id,
            project_id=project_id,
            milestone_id=milestone_id,
            delay_minutes=2 * 24 * 60,
            now=now,
        )
    )
    result = await activities.book_milestone(
        BookMilestoneInput(
            organization_id=org_a.id, project_id=project_id, milestone_id=milestone_id, now=now
        )
    )
    assert result.booked == [] and len(result.unplaced) == 1
    milestone = (await api.get(f"/v1/milestones/{milestone_id}", headers=org_a.headers)).json()
    assert milestone["status"] == "booked"
    (session,) = milestone["sessions"]
    assert session["status"] == "unplaced" and session["creator_id"] is None
    assert session["unplaced_reason"]["code"] == "no_free_slot_in_window"
    assert "due date" in session["unplaced_reason"]["detail"]
    progress = await api.get(f"/v1/projects/{project_id}/progress", headers=org_a.headers)
    (reported,) = progress.json()["milestones"][0]["unplaced_sessions"]
    assert reported["session_id"] == session["id"]
    assert reported["code"] == "no_free_slot_in_window"


async def test_a_slip_moves_an_open_window_only_when_it_can_no_longer_hold_the_session(
    api, org_a, mixers, sessionmaker, owner_conninfo
):
    """Tracking slips by two days: a fixed session after it would move, but the open mix
    window still has room after tracking's projected finish, so it stays as asked (the
    booking turn clamps it); a narrow window that no longer fits moves by whole days."""
    body = {
        "name": "EP",
        "currency": "EUR",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [
                    {"creator_id": mixers["ada"], "start": at(2), "duration_minutes": 120}
                ],
            },
            {"key": "wide", "name": "Wide", "depends_on": ["tracking"], "sessions": [mixing()]},
            {
                "key": "narrow",
                "name": "Narrow",
                "depends_on": ["tracking"],
                "sessions": [mixing(window_start=at(3), window_end=at(3.5))],
            },
        ],
    }
    created = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE projects SET status = 'active' WHERE id = %s", (project_id,))
    progress = await ProjectActivities(sessionmaker).step(
        ProjectStepInput(
            organization_id=org_a.id, project_id=project_id, now=DAY + timedelta(days=3.5)
        )
    )
    shifts = {m.key: m.shift_minutes for m in progress.milestones}
    assert shifts["tracking"] == 2 * 24 * 60  # not in the past: to the next day it fits
    assert shifts["wide"] == 0  # [day 3, day 6] still holds 3 h after tracking on day 4
    # [day 3, day 3.5] cannot: one whole day later its latest start (09:00) follows tracking.
    assert shifts["narrow"] == 24 * 60
