"""POST /v1/matches and the planner against real PostgreSQL under row-level security: ranking
with its breakdown, crews without anyone twice, bad input as 422 naming the field, and the
tenant boundary (another organization's creators never appear, not even as a known skill)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from core.db import tenant_session
from domain.errors import InvalidRequest
from domain.scheduling import planning, requests, validation
from tests.support.roster import add_creator

MONDAY = datetime(2030, 6, 3, tzinfo=UTC)
OFFICE = {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def at(hour: float) -> str:
    return (MONDAY + timedelta(hours=hour)).isoformat()


def request(**fields: Any) -> dict[str, Any]:
    return {
        "skills": [{"skill": "mixing", "min_level": 3}],
        "duration_minutes": 120,
        "window_start": at(0),
        "window_end": at(24 * 5),
        **fields,
    }


async def matches(api: httpx.AsyncClient, tenant: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post("/v1/matches", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def add(api: httpx.AsyncClient, tenant: Any, name: str, **fields: Any) -> str:
    fields.setdefault("working_hours", OFFICE)
    fields.setdefault("timezone", "UTC")
    return await add_creator(api, tenant, name, **fields)


async def test_creators_are_ranked_with_the_score_broken_down(api, org_a) -> None:
    best = await add(api, org_a, "Ada", skills={"mixing": 5}, hourly_rate="60.00")
    second = await add(api, org_a, "Bo", skills={"mixing": 3}, hourly_rate="90.00")
    await add(api, org_a, "Dollar", skills={"mixing": 5}, hourly_rate="10", currency="USD")
    await add(api, org_a, "Pricey", skills={"mixing": 5}, hourly_rate="120.00")
    await add(api, org_a, "Drummer", skills={"drums": 5}, hourly_rate="10.00")
    await add(
        api, org_a, "Faraway", skills={"mixing": 5}, hourly_rate="50", timezone="America/Denver"
    )
    body = request(
        max_hourly_rate={"amount": "100.00", "currency": "EUR"}, timezones=["Europe/*", "UTC"]
    )
    result = await matches(api, org_a, body)
    ranked = [c["creator_id"] for c in result["data"]]
    # Over budget, another currency, the wrong skill and outside the zones are filtered out.
    assert ranked == [best, second]
    top = result["data"][0]
    assert top["breakdown"]["skill_fit"]["value"] == 1.0
    assert top["breakdown"]["price"]["value"] == 0.7  # 1 - 0.5 * 60 / 100
    assert top["breakdown"]["availability"]["value"] == 1.0
    assert top["earliest_start"].startswith("2030-06-03T09:00")
    assert set(top["breakdown"]) == {"skill_fit", "price", "availability", "history"}
    assert top["score"] > result["data"][1]["score"]


async def test_availability_and_the_artists_hours_move_the_ranking(api, org_a) -> None:
    busy = await add(api, org_a, "Busy", skills={"mixing": 5}, hourly_rate="50.00")
    free = await add(api, org_a, "Free", skills={"mixing": 4}, hourly_rate="50.00")
    booked = await api.post(
        "/v1/bookings",
        json={"creator_id": busy, "start": at(9), "end": at(17)},
        headers=org_a.headers,
    )
    assert booked.status_code == 201, booked.text
    one_day = request(window_start=at(9), window_end=at(17))
    ranked = [c["creator_id"] for c in (await matches(api, org_a, one_day))["data"]]
    assert ranked == [free, busy]
    # The artist works Tokyo hours: the overlap with 09-17 UTC is zero, shown per creator.
    tokyo = {"timezone": "Asia/Tokyo", "working_hours": OFFICE}
    result = await matches(api, org_a, request(artist_hours=tokyo))
    assert result["data"][0]["breakdown"]["timezone"]["value"] == 0.0
    near = await matches(api, org_a, request(near={"latitude": 52.5, "longitude": 13.4}))
    assert near["data"][0]["breakdown"]["distance"]["detail"] == "no location on file"


async def test_crews_never_list_a_person_twice_and_share_a_slot(api, org_a) -> None:
    producer = await add(api, org_a, "Prod", roles=["producer"], skills={"production": 5})
    versatile = await add(api, org_a, "Versa", roles=["producer", "musician"], skills={"guitar": 5})
    await add(api, org_a, "Gui", roles=["musician"], skills={"guitar": 4})
    await add(api, org_a, "Bass", roles=["musician"], skills={"bass": 4})
    body = {
        "crew": [
            {"role": "producer", "count": 1},
            {"role": "musician", "count": 2},
        ],
        "duration_minutes": 120,
        "window_start": at(0),
        "window_end": at(48),
    }
    result = await matches(api, org_a, body)
    assert result["data"] == [] and result["crews"]
    for crew in result["crews"]:
        ids = [m["creator_id"] for m in crew["members"]]
        assert len(ids) == len(set(ids)) == 3
        assert [m["role_index"] for m in crew["members"]] == [0, 1, 1]
        assert crew["common_start"] is not None
    assert {producer, versatile} <= {
        m["creator_id"] for crew in result["crews"] for m in crew["members"]
    }


async def test_bad_input_is_a_422_naming_the_field(api, org_a) -> None:
    await add(api, org_a, "Ada", skills={"mixing": 5})
    cases = [
        (request(skills=[{"skill": "yodel"}]), "skills.0.skill", "unknown_skill"),
        (
            request(max_hourly_rate={"amount": "80", "currency": "XYZ"}),
            "max_hourly_rate.currency",
            "invalid_request",
        ),
        (request(window_end=at(1)), "window_end", "invalid_request"),
        (request(crew=[{"role": "producer"}]), "crew", "invalid_request"),
        (request(timezones=["Mars/*"]), "timezones", "invalid_request"),
        (
            request(window_start=at(-24 * 365 * 10), window_end=at(-24 * 365 * 10 + 5)),
            "window_end",
            "impossible_window",
        ),
    ]
    for body, param, code in cases:
        response = await api.post("/v1/matches", json=body, headers=org_a.headers)
        assert response.status_code == 422, (body, response.text)
        problem = response.json()
        assert problem["param"] == param and problem["code"] == code, problem


async def test_another_organizations_creators_never_appear(api, org_a, org_b) -> None:
    mine = await add(api, org_a, "Mine", skills={"mixing": 4})
    await add(api, org_b, "Theirs", skills={"mixing": 5, "mastering": 5})
    result = await matches(api, org_a, request())
    assert [c["creator_id"] for c in result["data"]] == [mine]
    # org_b's skills are not org_a's vocabulary either.
    response = await api.post(
        "/v1/matches", json=request(skills=[{"skill": "mastering"}]), headers=org_a.headers
    )
    assert response.status_code == 422 and response.json()["param"] == "skills.0.skill"


async def test_planner_reads_only_the_tenants_world(api, org_a, org_b, sessionmaker) -> None:
    mine = await add(api, org_a, "Mine", skills={"mixing": 4}, hourly_rate="90")
    theirs = await add(api, org_b, "Theirs", skills={"mixing": 5}, hourly_rate="1")
    sessions = [
        requests.SessionRequest.model_validate(
            {
                "ref": "mix",
                "skills": [{"skill": "mixing"}],
                "duration_minutes": 120,
                "window_start": at(0),
                "window_end": at(24),
            }
        ),
        requests.SessionRequest.model_validate(
            {
                "ref": "master",
                "creator_id": mine,
                "duration_minutes": 60,
                "window_start": at(0),
                "window_end": at(48),
                "depends_on": [0],
            }
        ),
    ]
    now = MONDAY - timedelta(days=1)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await validation.validate_requests(session, sessions, now=now)
        plan = await planning.plan_sessions(session, sessions, now=now, time_limit_s=2)
        bad = [sessions[0].model_copy(update={"preferred_creator_ids": [theirs]})]
        try:
            await validation.validate_requests(session, bad, now=now)
            raise AssertionError("another tenant's creator was accepted")
        except InvalidRequest as exc:
            assert exc.param == "sessions.0.preferred_creator_ids.0"
    assert plan.status == "optimal"
    assert [i.creator_id for i in plan.items] == [mine, mine]
    assert plan.items[1].start is not None and plan.items[0].end is not None
    assert plan.items[1].start >= plan.items[0].end
    assert plan.total_cost_minor == 9000 * 3 and plan.currency == "EUR"
