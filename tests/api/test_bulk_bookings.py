"""Bulk bookings without a workflow engine: bad input refused with the item and field named
(nothing stored, nothing held), dry runs, and the saga's hold and release steps run directly
against PostgreSQL — the exclusion constraints deciding, retries holding nothing twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.sealer import seal_pending
from domain.audit.service import Actor, verify_chain
from domain.bulk import batches as bulk_bookings
from domain.bulk import holds as bulk_holds
from domain.bulk import settlement as bulk_settlement
from domain.bulk.models import BulkBookingItem
from domain.scheduling.requests import SessionRequest
from tests.support.bulk import book, creator, day, fixed, open_session, room

POST = "/v1/bulk-bookings"
ACTOR = Actor(type="workflow", id="test:bulk")


def counts(owner_conninfo: str) -> tuple[int, int, int]:
    """(batches, items, bookings) in the whole database."""
    with psycopg.connect(owner_conninfo) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
            for t in ("bulk_bookings", "bulk_booking_items", "bookings")
        )


@pytest.fixture
async def roster(api, org_a):
    pat = await creator(api, org_a, "Pat", skills={"mixing": 4})
    return {"pat": pat, "room": await room(api, org_a, "Studio A")}


async def test_bad_input_names_the_item_and_field_and_holds_nothing(
    api, org_a, org_b, roster, owner_conninfo
):
    pat = roster["pat"]
    good = fixed(pat, day(3))
    foreign = await creator(api, org_b, "Not yours")
    cases = [
        ([good, open_session("yodelling", day(3))], "sessions.1.skills.0.skill"),
        (
            [good, {**open_session("mixing", day(3)), "window_end": day(2).isoformat()}],
            "sessions.1.window_end",
        ),
        (
            [
                good,
                good,
                open_session("mixing", day(3), max_hourly_rate={"amount": "80", "currency": "XYZ"}),
            ],
            "sessions.2.max_hourly_rate.currency",
        ),
        (
            [
                open_session("mixing", day(3), depends_on=[1]),
                open_session("mixing", day(3), depends_on=[2]),
                open_session("mixing", day(3), depends_on=[0]),
            ],
            "sessions.",
        ),
        ([good, open_session("mixing", day(3), depends_on=[7])], "sessions.1.depends_on.0"),
        ([good, fixed(pat, datetime.now(UTC) - timedelta(days=1))], "sessions.1.start"),
        ([good, fixed(foreign, day(4))], "sessions.1.creator_id"),
        ([{**good, "creator_id": pat, "skills": [{"skill": "mixing"}]}], "sessions.0.skills"),
        ([good] * 5001, "sessions"),
        ([], "sessions"),
    ]
    for sessions, param in cases:
        r = await api.post(POST, headers=org_a.headers, json={"sessions": sessions})
        assert r.status_code == 422, (param, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["param"].startswith(param), (param, r.json())
    cycle = await api.post(POST, headers=org_a.headers, json={"sessions": cases[3][0]})
    assert cycle.json()["code"] == "dependency_cycle"
    r = await api.post(POST, headers=org_a.headers, json={"mode": "some", "sessions": [good]})
    assert r.status_code == 422 and r.json()["param"] == "mode"
    assert counts(owner_conninfo) == (0, 0, 0)


async def test_dry_run_returns_the_plan_and_stores_nothing(api, org_a, roster, owner_conninfo):
    sessions = [
        fixed(roster["pat"], day(3, 10), room_id=roster["room"]),
        open_session("mixing", day(3), depends_on=[0], needs_room=True),
    ]
    r = await api.post(POST, headers=org_a.headers, json={"dry_run": True, "sessions": sessions})
    assert r.status_code == 200, r.text
    plan = r.json()
    assert plan["object"] == "bulk_booking_plan" and len(plan["items"]) == 2
    first, second = plan["items"]
    assert first["placed"] and first["creator_id"] == roster["pat"]
    assert datetime.fromisoformat(first["start"]) == day(3, 10)
    assert second["placed"] and datetime.fromisoformat(second["start"]) >= datetime.fromisoformat(
        first["end"]
    )
    assert plan["currency"] == "USD" and plan["total_cost"]
    assert counts(owner_conninfo) == (0, 0, 0)


async def _batch(api, org, sessions: list[dict], mode: str = "best_effort"):
    """A batch accepted and planned by hand (a fixed plan: each item where it asked to be)."""
    requests = [SessionRequest.model_validate(s) for s in sessions]
    sm = api._transport.app.state.sessionmaker
    async with tenant_session(sm, [org.id]) as session:
        batch, _ = await bulk_bookings.create_batch(
            session,
            organization_id=org.id,
            options=bulk_bookings.BatchOptions(mode=mode),
            sessions=requests,
            actor=ACTOR,
            idempotency_key=None,
        )
        for index, req in enumerate(requests):
            item = await session.get(BulkBookingItem, (org.id, batch.id, index))
            assert item is not None and req.start is not None
            item.creator_id, item.room_id = req.creator_id, req.room_id
            item.start = req.start
            item.end = req.start + timedelta(minutes=req.duration_minutes)
    return sm, batch.id


async def test_hold_lets_the_constraint_decide_and_a_retry_holds_nothing_twice(
    api, org_a, roster, owner_conninfo
):
    pat = roster["pat"]
    sessions = [fixed(pat, day(3 + i, 10)) for i in range(6)]
    sessions[4] = fixed(pat, day(4, 11))  # overlaps item 1 of the same batch
    sm, batch_id = await _batch(api, org_a, sessions)
    # Booked by someone else after the plan was made: only the constraint can notice.
    r = await book(api, org_a, pat, day(6, 9), day(6, 12))
    assert r.status_code == 201, r.text
    blocker = r.json()["id"]
    now = datetime.now(UTC)

    for _attempt in range(2):  # the second run is a retry after a crash: same outcome
        async with tenant_session(sm, [org_a.id]) as session:
            batch = await bulk_bookings.get_batch(session, batch_id)
            step = await bulk_holds.hold_chunk(session, batch, 0, now=now, actor=ACTOR)
        assert step.done == [0, 1, 2, 5] and step.conflicts == [3, 4] and step.failed == []
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM bookings WHERE batch_id = %s GROUP BY 1", (batch_id,)
        ).fetchall()
    assert rows == [("held", 4)]

    async with tenant_session(sm, [org_a.id]) as session:
        batch = await bulk_bookings.get_batch(session, batch_id)
        page = await bulk_bookings.list_items(
            session, batch, limit=10, starting_after=None, status="conflict"
        )
        reasons = {i.index: i for i in page.items}
        assert blocker in {b["id"] for b in reasons[3].reason["conflicting_bookings"]}
        assert reasons[3].suggestions, "a conflict comes with nearby free slots"
        own = bulk_bookings.booking_id_for(batch_id, 1)
        assert own in {b["id"] for b in reasons[4].reason["conflicting_bookings"]}
        assert batch.counts == {"held": 4, "conflict": 2}

    for _attempt in range(2):  # compensation is idempotent too
        async with tenant_session(sm, [org_a.id]) as session:
            batch = await bulk_bookings.get_batch(session, batch_id)
            step = await bulk_settlement.release_chunk(
                session, batch, 0, reason="test", now=now, actor=ACTOR
            )
        assert step.done == [0, 1, 2, 5]
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM bookings WHERE batch_id = %s GROUP BY 1", (batch_id,)
        ).fetchall()
        created = conn.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'booking.created' "
            "AND target_id IN (SELECT id FROM bookings WHERE batch_id = %s)",
            (batch_id,),
        ).fetchone()
    assert rows == [("cancelled", 4)]
    assert created == (4,)  # audited once per hold, not once per attempt
    await seal_pending(sm, org_a.id)
    async with tenant_session(sm, [org_a.id]) as session:
        assert (await verify_chain(session, org_a.id)).ok


def test_booking_ids_are_stable_and_well_formed():
    from core.ids import is_valid_id, new_id

    batch = new_id("bulk")
    ids = [bulk_bookings.booking_id_for(batch, i) for i in range(1000)]
    assert ids == [bulk_bookings.booking_id_for(batch, i) for i in range(1000)]
    assert len(set(ids)) == 1000 and all(is_valid_id(i, "bkg") for i in ids)
    assert bulk_bookings.booking_id_for(new_id("bulk"), 0) != ids[0]


async def test_another_organization_cannot_see_or_cancel_a_batch(api, org_a, org_b, roster):
    _sm, batch_id = await _batch(api, org_a, [fixed(roster["pat"], day(3))])
    for path in (f"{POST}/{batch_id}", f"{POST}/{batch_id}/items"):
        r = await api.get(path, headers=org_b.headers)
        assert r.status_code == 404, r.text
    r = await api.post(f"{POST}/{batch_id}/cancel", headers=org_b.headers, json={})
    assert r.status_code == 404, r.text
    r = await api.get(POST, headers=org_b.headers)
    assert r.status_code == 200 and r.json()["data"] == []
    r = await api.get(f"{POST}/{batch_id}", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["status"] == "pending", r.text
    assert [b["id"] for b in (await api.get(POST, headers=org_a.headers)).json()["data"]] == [
        batch_id
    ]


async def test_the_relay_starts_the_other_batches_when_one_start_fails(api, org_a, roster):
    from relays.bulk_bookings import relay_unstarted_bulk_bookings

    sm, first = await _batch(api, org_a, [fixed(roster["pat"], day(3))])
    _sm, second = await _batch(api, org_a, [fixed(roster["pat"], day(4))])
    attempts: list[str] = []

    class FlakyTemporal:
        async def start_workflow(self, _run, job, **_options):
            attempts.append(job.batch_id)
            if len(attempts) == 1:
                raise RuntimeError("Temporal refused this one")

    started = await relay_unstarted_bulk_bookings(
        sm, FlakyTemporal(), task_queue="q", older_than_seconds=0
    )
    assert started == 1 and sorted(attempts) == sorted([first, second])
    async with tenant_session(sm, [org_a.id]) as session:
        marked = {
            b: (await bulk_bookings.get_batch(session, b)).workflow_started_at is not None
            for b in (first, second)
        }
    assert marked == {attempts[0]: False, attempts[1]: True}


async def test_the_openapi_says_a_dry_run_answers_200_with_the_plan(api):
    schema = (await api.get("/openapi.json")).json()
    responses = schema["paths"]["/v1/bulk-bookings"]["post"]["responses"]
    created = responses["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/BulkBookingOut"}
    planned = json.dumps(responses["200"]["content"]["application/json"]["schema"])
    assert "#/components/schemas/PlanOut" in planned
    assert "#/components/schemas/BulkBookingOut" in planned


async def test_a_room_priced_in_another_currency_fails_its_item_instead_of_costing_nothing(
    api, org_a, roster, owner_conninfo
):
    """A single booking answers 422 currency_mismatch for a USD creator in a EUR room; a bulk
    hold must not price the room at zero instead."""
    euro_room = await room(api, org_a, "Studio Berlin", rate="40", currency="EUR")
    sessions = [
        fixed(roster["pat"], day(3, 10), room_id=euro_room),
        fixed(roster["pat"], day(4, 10), room_id=roster["room"]),
    ]
    sm, batch_id = await _batch(api, org_a, sessions)
    async with tenant_session(sm, [org_a.id]) as session:
        batch = await bulk_bookings.get_batch(session, batch_id)
        step = await bulk_holds.hold_chunk(session, batch, 0, now=datetime.now(UTC), actor=ACTOR)
    assert step.failed == [0] and step.done == [1]
    async with tenant_session(sm, [org_a.id]) as session:
        batch = await bulk_bookings.get_batch(session, batch_id)
        [failed] = (
            await bulk_bookings.list_items(
                session, batch, limit=10, starting_after=None, status="failed"
            )
        ).items
    assert failed.reason["code"] == "currency_mismatch"
    assert "EUR" in failed.reason["detail"] and "USD" in failed.reason["detail"]
    with psycopg.connect(owner_conninfo) as conn:
        prices = conn.execute(
            "SELECT price_minor, currency FROM bookings WHERE batch_id = %s", (batch_id,)
        ).fetchall()
    assert prices == [(2 * 6000 + 2 * 2000, "USD")]  # creator 60/h + room 20/h, two hours

    # Through the API the batch is refused up front, naming the session's room.
    r = await api.post(POST, headers=org_a.headers, json={"sessions": sessions})
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "currency_mismatch"
    assert r.json()["param"] == "sessions.0.room_id"


async def test_a_dry_run_names_what_blocks_a_fixed_session_and_the_nearest_free_slots(
    api, org_a, roster
):
    pat = roster["pat"]
    r = await book(api, org_a, pat, day(5, 10), day(5, 12))
    assert r.status_code == 201, r.text
    blocker = r.json()["id"]
    single = await book(api, org_a, pat, day(5, 11), day(5, 13))
    assert single.status_code == 409
    r = await api.post(
        POST,
        headers=org_a.headers,
        json={"dry_run": True, "sessions": [fixed(pat, day(5, 11)), fixed(pat, day(7, 10))]},
    )
    assert r.status_code == 200, r.text
    clash, fine = r.json()["items"]
    assert fine["placed"] and not clash["placed"]
    assert clash["reason"]["code"] == "booking_conflict"
    assert [b["id"] for b in clash["reason"]["conflicting_bookings"]] == [blocker]
    # The same answer a single booking of that session gets.
    assert clash["reason"]["suggested_slots"] == single.json()["suggested_slots"]


async def test_a_dry_run_never_suggests_a_slot_the_plan_itself_takes(api, org_a, roster):
    """Suggestions come from the calendar, which does not hold the plan's own sessions yet:
    a clash must not be offered the hour the batch's next session is placed in."""
    pat = roster["pat"]
    r = await book(api, org_a, pat, day(5, 10), day(5, 12))
    assert r.status_code == 201, r.text
    single = await book(api, org_a, pat, day(5, 11), day(5, 13))
    assert single.status_code == 409
    next_one = (day(5, 12), day(5, 14))

    def overlaps(slot: dict[str, str]) -> bool:
        start, end = datetime.fromisoformat(slot["start"]), datetime.fromisoformat(slot["end"])
        return start < next_one[1] and next_one[0] < end

    # On its own, the clash would be offered the very hour the plan's next session takes.
    assert any(overlaps(s) for s in single.json()["suggested_slots"])
    r = await api.post(
        POST,
        headers=org_a.headers,
        json={"dry_run": True, "sessions": [fixed(pat, day(5, 11)), fixed(pat, next_one[0])]},
    )
    assert r.status_code == 200, r.text
    clash, placed = r.json()["items"]
    assert placed["placed"] and clash["reason"]["code"] == "booking_conflict"
    offered = clash["reason"]["suggested_slots"]
    assert offered and not any(overlaps(s) for s in offered)
    assert all(s in single.json()["suggested_slots"] for s in offered)
