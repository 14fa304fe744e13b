"""ProjectWorkflow with open milestone sessions on the time-skipping server, with the real API,
the real worker and PostgreSQL: the mixing milestone asks for "any mixing engineer under 80
EUR/h in Europe" and gets the cheapest eligible creator once tracking is complete (planned
then, not when the project was created); an impossible request is reported with the planner's
reason while the project goes on, and a delay plans it again."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import datetime, timedelta
from typing import Any

import psycopg
import pytest

from tests.support.projects import (
    booked,
    complete,
    milestones,
    server_day,
    session,
)
from tests.support.roster import add_creator
from worker import build_worker


@pytest.fixture
async def project_stack(time_skipping_env, engine, app_factory, org_a, owner_conninfo):
    """API + worker on a fresh task queue; projects and chains still running at the end are
    terminated while the worker runs, so no timer of theirs stalls the next test's clock."""
    queue = f"open-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    worker = build_worker(time_skipping_env.client, engine, task_queue=queue, identity="open")
    async with worker:
        yield api, time_skipping_env
        with psycopg.connect(owner_conninfo) as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT organization_id || ':project:' || id FROM projects "
                    "UNION ALL SELECT workflow_id FROM approval_requests WHERE status = 'pending'"
                )
            ]
        for workflow_id in ids:
            with contextlib.suppress(Exception):
                await time_skipping_env.client.get_workflow_handle(workflow_id).terminate("done")


def open_mix(window_start: datetime, days: int, **fields: Any) -> dict[str, Any]:
    return {
        "title": "Mix",
        "skills": [{"skill": "mixing", "min_level": 3}],
        "duration_minutes": 180,
        "window_start": window_start.isoformat(),
        "window_end": (window_start + timedelta(days=days)).isoformat(),
        **fields,
    }


async def progress_of(api, org, project_id: str) -> dict[str, dict[str, Any]]:
    r = await api.get(f"/v1/projects/{project_id}/progress", headers=org.headers)
    assert r.status_code == 200, r.text
    return {m["key"]: m for m in r.json()["milestones"]}


async def until(check, what: str) -> Any:
    for _ in range(300):
        value = await check()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_the_mix_gets_the_cheapest_eligible_engineer_once_tracking_is_complete(
    project_stack, org_a, org_b, owner_conninfo
):
    api, env = project_stack
    pat = await add_creator(api, org_a, "Pat", skills={"production": 5}, hourly_rate="50")
    await add_creator(api, org_a, "Ada", skills={"mixing": 5}, hourly_rate="60")
    await add_creator(api, org_a, "Bo", skills={"mixing": 3}, hourly_rate="45")
    await add_creator(api, org_a, "Pricey", skills={"mixing": 5}, hourly_rate="120")
    await add_creator(api, org_a, "Junior", skills={"mixing": 2}, hourly_rate="15")
    await add_creator(api, org_a, "Drums", skills={"drums": 5}, hourly_rate="10")
    await add_creator(
        api, org_a, "Far", skills={"mixing": 5}, hourly_rate="20", timezone="America/Denver"
    )
    await add_creator(api, org_a, "Dollar", skills={"mixing": 5}, hourly_rate="10", currency="USD")
    await add_creator(api, org_b, "Theirs", skills={"mixing": 5}, hourly_rate="5")
    window = await server_day(env, 3, hour=0)
    body = {
        "name": "Second album",
        "currency": "EUR",
        "milestones": [
            {
                "key": "tracking",
                "name": "Tracking",
                "sessions": [session(pat, await server_day(env, 2), 4)],
            },
            {
                "key": "mixing",
                "name": "Mixing",
                "depends_on": ["tracking"],
                "sessions": [
                    open_mix(
                        window,
                        4,
                        max_hourly_rate={"amount": "80", "currency": "EUR"},
                        timezones=["Europe/*"],
                    )
                ],
            },
        ],
    }
    created = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]
    r = await api.post(f"/v1/projects/{project_id}/start", headers=org_a.headers)
    assert r.status_code == 200, r.text
    tracking = await booked(api, org_a, project_id, "tracking")
    mix = (await milestones(api, org_a, project_id))["mixing"]
    assert mix["status"] == "pending" and mix["sessions"][0]["creator_id"] is None
    # Joins after the project was created: the plan is made when mixing is booked.
    cy = await add_creator(api, org_a, "Cy", skills={"mixing": 4}, hourly_rate="35")

    await complete(api, org_a, owner_conninfo, tracking, days_ago=3)
    mix_booking = await booked(api, org_a, project_id, "mixing")
    state = await milestones(api, org_a, project_id)
    (planned,) = state["mixing"]["sessions"]
    assert planned["creator_id"] == cy and planned["status"] == "booked" and planned["planned_at"]
    booking = (await api.get(f"/v1/bookings/{mix_booking}", headers=org_a.headers)).json()
    assert booking["creator_id"] == cy and booking["project_id"] == project_id
    assert booking["price"] == "105.00" and booking["currency"] == "EUR"  # 3 h at 35 EUR
    start = datetime.fromisoformat(booking["start"])
    tracking_done = datetime.fromisoformat(state["tracking"]["completed_at"])
    assert start >= tracking_done and start >= window
    assert datetime.fromisoformat(booking["end"]) <= window + timedelta(days=4)
    assert (await progress_of(api, org_a, project_id))["mixing"]["unplaced_sessions"] == []


async def test_an_impossible_request_is_reported_with_its_reason_and_a_delay_plans_again(
    project_stack, org_a, owner_conninfo
):
    api, env = project_stack
    ada = await add_creator(api, org_a, "Ada", skills={"mixing": 5}, hourly_rate="60")
    await add_creator(api, org_a, "Bo", skills={"mixing": 3}, hourly_rate="45")
    window = await server_day(env, 2, hour=0)
    body = {
        "name": "Single",
        "currency": "EUR",
        "milestones": [
            {
                "key": "mix",
                "name": "Mix",
                "sessions": [
                    session(ada, await server_day(env, 2), 2),
                    open_mix(window, 4, max_hourly_rate={"amount": "20", "currency": "EUR"}),
                ],
            }
        ],
    }
    created = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert created.status_code == 201, created.text
    project_id = created.json()["id"]
    await api.post(f"/v1/projects/{project_id}/start", headers=org_a.headers)

    async def reported() -> list[dict[str, Any]] | None:
        # Before the workflow's first turn its progress lists no milestones yet.
        mix = (await progress_of(api, org_a, project_id)).get("mix", {})
        return mix.get("unplaced_sessions") or None

    (unplaced,) = await until(reported, "the unplaced session in the progress")
    assert unplaced["code"] == "over_budget" and "4500" in unplaced["detail"]
    project = (await api.get(f"/v1/projects/{project_id}", headers=org_a.headers)).json()
    assert project["status"] == "active"  # reported, not failed
    sessions = project["milestones"][0]["sessions"]
    (fixed,) = [s for s in sessions if not s["open"]]
    (open_one,) = [s for s in sessions if s["open"]]
    assert fixed["status"] == "booked" and fixed["booking_id"]
    assert open_one["status"] == "unplaced" and open_one["booking_id"] is None
    assert open_one["unplaced_reason"]["code"] == "over_budget"

    cheap = await add_creator(api, org_a, "Cheap", skills={"mixing": 3}, hourly_rate="18")
    r = await api.post(
        f"/v1/projects/{project_id}/replan",
        headers=org_a.headers,
        json={
            "milestone_id": project["milestones"][0]["id"],
            "delay_days": 1,
            "reason": "budget mixer found",
        },
    )
    assert r.status_code == 200, r.text
    assert {m["key"]: m for m in r.json()["milestones"]}["mix"]["unplaced_sessions"] == []
    after = (await milestones(api, org_a, project_id))["mix"]["sessions"]
    replanned = next(s for s in after if s["id"] == open_one["id"])
    assert replanned["status"] == "booked" and replanned["creator_id"] == cheap
    booking = (
        await api.get(f"/v1/bookings/{replanned['booking_id']}", headers=org_a.headers)
    ).json()
    # Inside the window moved by the delay.
    assert datetime.fromisoformat(booking["start"]) >= window + timedelta(days=1)
    assert datetime.fromisoformat(booking["end"]) <= window + timedelta(days=5)
