"""Booking sessions through the API: what a coordinator sees when booking, moving and closing.

A refused booking explains itself (which booking is in the way, which slots are free) and
leaves nothing behind: no booking, no audit event. Time passing (a session starting, a hold
expiring) is simulated by moving the stored row with the schema owner's connection.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from core.db import tenant_session
from domain.audit import service as audit
from domain.audit.sealer import seal_pending
from domain.audit.service import verify_chain
from domain.bookings import creation
from domain.bookings.rules import BookingInput
from domain.errors import Conflict
from tests.support.locks import waiting_for_a_lock

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MONDAY = datetime(2030, 6, 3, tzinfo=UTC)


def at(hour: float, *, day: int = 0) -> str:
    return (MONDAY + timedelta(days=day, hours=hour)).isoformat()


def iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


async def add_creator(api: httpx.AsyncClient, tenant: Any, name: str = "Mia", **fields: Any) -> str:
    body = {
        "name": name,
        "timezone": "UTC",
        "currency": "EUR",
        "hourly_rate": "80",
        "working_hours": ALL_DAY,
        **fields,
    }
    response = await api.post("/v1/creators", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    creator_id: str = response.json()["id"]
    return creator_id


async def add_room(api: httpx.AsyncClient, tenant: Any, **fields: Any) -> str:
    body = {
        "name": "Studio A",
        "timezone": "UTC",
        "currency": "EUR",
        "working_hours": ALL_DAY,
        **fields,
    }
    response = await api.post("/v1/rooms", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    room_id: str = response.json()["id"]
    return room_id


async def book(
    api: httpx.AsyncClient, tenant: Any, creator_id: str, start: str, end: str, **fields: Any
) -> httpx.Response:
    return await api.post(
        "/v1/bookings",
        json={"creator_id": creator_id, "start": start, "end": end, **fields},
        headers=tenant.headers,
    )


async def booked(
    api: httpx.AsyncClient, tenant: Any, creator_id: str, start: str, end: str, **fields: Any
) -> dict[str, Any]:
    response = await book(api, tenant, creator_id, start, end, **fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def act(
    api: httpx.AsyncClient, tenant: Any, booking_id: str, action: str, **body: Any
) -> httpx.Response:
    return await api.post(
        f"/v1/bookings/{booking_id}/{action}", json=body or None, headers=tenant.headers
    )


async def bookings(api: httpx.AsyncClient, tenant: Any, **params: Any) -> list[dict[str, Any]]:
    response = await api.get(
        "/v1/bookings", params={"limit": 100, **params}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


async def audit_ids(api: httpx.AsyncClient, tenant: Any) -> list[str]:
    response = await api.get("/v1/audit-events", params={"limit": 100}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["data"]]


def owner_sql(conninfo: str, sql: str, *params: Any) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql, params)


def move_into_the_past(conninfo: str, booking_id: str) -> None:
    """The session started an hour ago (as if time had passed since it was booked)."""
    owner_sql(
        conninfo,
        "UPDATE bookings SET period = tstzrange(now() - interval '1 hour', now() + interval "
        "'1 hour'), creator_block = tstzrange(now() - interval '1 hour', now() + interval "
        "'1 hour') WHERE id = %s",
        booking_id,
    )


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    return body


# --- creating ---------------------------------------------------------------------------------


async def test_a_held_booking_is_priced_from_the_hourly_rate_and_expires_later(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, hourly_rate="80")
    before = datetime.now(UTC)

    booking = await booked(api, org_a, creator_id, at(10), at(11.5), title="Vocals")

    assert booking["id"].startswith("bkg_")
    assert (booking["status"], booking["title"], booking["version"]) == ("held", "Vocals", 1)
    assert (iso(booking["start"]), iso(booking["end"])) == (iso(at(10)), iso(at(11.5)))
    assert (booking["price"], booking["currency"]) == ("120.00", "EUR")  # 1.5 h x 80
    expires = iso(booking["hold_expires_at"])
    assert before + timedelta(minutes=29) < expires < datetime.now(UTC) + timedelta(minutes=31)


async def test_a_confirmed_booking_with_a_room_adds_the_rooms_rate(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, hourly_rate="80")
    room_id = await add_room(api, org_a, hourly_rate="45")

    booking = await booked(
        api, org_a, creator_id, at(10), at(12), room_id=room_id, status="confirmed"
    )

    assert (booking["status"], booking["room_id"], booking["hold_expires_at"]) == (
        "confirmed",
        room_id,
        None,
    )
    assert booking["price"] == "250.00"  # 2 h x (80 + 45)


async def test_an_explicit_price_in_the_creators_currency_wins(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, hourly_rate="80")

    booking = await booked(api, org_a, creator_id, at(10), at(12), price="99.50", currency="EUR")

    assert (booking["price"], booking["currency"]) == ("99.50", "EUR")


# --- lifecycle --------------------------------------------------------------------------------


async def test_confirm_then_cancel_with_a_reason(api, org_a) -> None:
    creator_id = await add_creator(api, org_a)
    booking = await booked(api, org_a, creator_id, at(10), at(11))

    confirmed = await act(api, org_a, booking["id"], "confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["hold_expires_at"]) == (
        "confirmed",
        None,
    )

    cancelled = await act(api, org_a, booking["id"], "cancel", reason="artist is ill")
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["status_reason"]) == (
        "cancelled",
        "artist is ill",
    )
    assert cancelled.json()["version"] == 3

    # The slot is free again.
    await booked(api, org_a, creator_id, at(10), at(11))
    again = await act(api, org_a, booking["id"], "confirm")
    assert problem(again, 409, "invalid_status_transition")["booking_status"] == "cancelled"


async def test_complete_and_no_show_only_once_the_session_has_started(
    api, org_a, owner_conninfo
) -> None:
    creator_id = await add_creator(api, org_a)
    done = await booked(api, org_a, creator_id, at(10), at(11), status="confirmed")
    absent = await booked(api, org_a, creator_id, at(12), at(13), status="confirmed")

    for booking_id, action in ((done["id"], "complete"), (absent["id"], "no-show")):
        early = await act(api, org_a, booking_id, action)
        problem(early, 409, "session_not_started")

    move_into_the_past(owner_conninfo, done["id"])
    completed = await act(api, org_a, done["id"], "complete")
    assert completed.status_code == 200 and completed.json()["status"] == "completed"
    owner_sql(
        owner_conninfo,
        "UPDATE bookings SET period = tstzrange(now() - interval '3 hours', now() - interval "
        "'2 hours'), creator_block = tstzrange(now() - interval '3 hours', now() - interval "
        "'2 hours') WHERE id = %s",
        absent["id"],
    )
    no_show = await act(api, org_a, absent["id"], "no-show", reason="never came")
    assert no_show.status_code == 200, no_show.text
    assert (no_show.json()["status"], no_show.json()["status_reason"]) == (
        "no_show",
        "never came",
    )

    # Finished sessions cannot go anywhere else.
    for booking_id, action in (
        (done["id"], "cancel"),
        (done["id"], "confirm"),
        (absent["id"], "complete"),
        (absent["id"], "cancel"),
    ):
        refused = await act(api, org_a, booking_id, action)
        problem(refused, 409, "invalid_status_transition")


async def test_invalid_transitions_are_409_and_change_nothing(api, org_a) -> None:
    creator_id = await add_creator(api, org_a)
    held = await booked(api, org_a, creator_id, at(10), at(11))

    for action in ("complete", "no-show"):
        refused = await act(api, org_a, held["id"], action)
        body = problem(refused, 409, "invalid_status_transition")
        assert (body["status"], body["booking_status"]) == (409, "held")

    current = (await api.get(f"/v1/bookings/{held['id']}", headers=org_a.headers)).json()
    assert (current["status"], current["version"]) == ("held", 1)


async def test_reschedule_moves_the_booking_and_rechecks_conflicts(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, working_hours={"mon": [["08:00", "18:00"]]})
    first = await booked(api, org_a, creator_id, at(10), at(11))
    second = await booked(api, org_a, creator_id, at(13), at(14), status="confirmed")
    url = f"/v1/bookings/{second['id']}/reschedule"

    clash = await api.post(url, json={"start": at(10.5), "end": at(11.5)}, headers=org_a.headers)
    body = problem(clash, 409, "booking_conflict")
    assert [b["id"] for b in body["conflicting_bookings"]] == [first["id"]]
    unchanged = (await api.get(f"/v1/bookings/{second['id']}", headers=org_a.headers)).json()
    assert (iso(unchanged["start"]), unchanged["version"]) == (iso(at(13)), second["version"])

    late = await api.post(url, json={"start": at(18), "end": at(19)}, headers=org_a.headers)
    assert problem(late, 422, "outside_working_hours")["param"] == "start"

    moved = await api.post(url, json={"start": at(15), "end": at(16)}, headers=org_a.headers)
    assert moved.status_code == 200, moved.text
    assert (iso(moved.json()["start"]), iso(moved.json()["end"])) == (iso(at(15)), iso(at(16)))
    assert (moved.json()["status"], moved.json()["version"]) == (
        "confirmed",
        second["version"] + 1,
    )

    # Its old slot is free again; the move outside hours works when asked for explicitly.
    into_old_slot = await api.post(
        f"/v1/bookings/{first['id']}/reschedule",
        json={"start": at(13), "end": at(14)},
        headers=org_a.headers,
    )
    assert into_old_slot.status_code == 200, into_old_slot.text
    evening = await api.post(
        url,
        json={"start": at(18), "end": at(19), "allow_outside_working_hours": True},
        headers=org_a.headers,
    )
    assert evening.status_code == 200, evening.text


async def test_a_cancelled_booking_cannot_be_rescheduled(api, org_a) -> None:
    creator_id = await add_creator(api, org_a)
    booking = await booked(api, org_a, creator_id, at(10), at(11))
    await act(api, org_a, booking["id"], "cancel")

    response = await api.post(
        f"/v1/bookings/{booking['id']}/reschedule",
        json={"start": at(12), "end": at(13)},
        headers=org_a.headers,
    )

    problem(response, 409, "invalid_status_transition")


async def test_an_expired_hold_frees_its_slot_and_shows_as_expired(
    api, org_a, owner_conninfo
) -> None:
    creator_id = await add_creator(api, org_a)
    hold = await booked(api, org_a, creator_id, at(10), at(11), hold_minutes=5)
    problem(await book(api, org_a, creator_id, at(10), at(11)), 409, "booking_conflict")

    owner_sql(
        owner_conninfo,
        "UPDATE bookings SET hold_expires_at = now() - interval '1 minute' WHERE id = %s",
        hold["id"],
    )

    replacement = await booked(api, org_a, creator_id, at(10), at(11))
    assert replacement["status"] == "held"
    expired = (await api.get(f"/v1/bookings/{hold['id']}", headers=org_a.headers)).json()
    assert (expired["status"], expired["status_reason"]) == ("expired", "hold expired")
    problem(await act(api, org_a, hold["id"], "confirm"), 409, "invalid_status_transition")
    events = await api.get(
        "/v1/audit-events", params={"target_id": hold["id"]}, headers=org_a.headers
    )
    assert [(e["action"], e["actor_type"]) for e in events.json()["data"]] == [
        ("booking.expired", "system"),
        ("booking.created", "api_key"),
    ]


async def test_an_expired_hold_is_listed_as_expired(api, org_a, owner_conninfo) -> None:
    creator_id = await add_creator(api, org_a)
    hold = await booked(api, org_a, creator_id, at(10), at(11))
    owner_sql(
        owner_conninfo,
        "UPDATE bookings SET hold_expires_at = now() - interval '1 second' WHERE id = %s",
        hold["id"],
    )

    assert [b["status"] for b in await bookings(api, org_a)] == ["expired"]
    assert await bookings(api, org_a, status="held") == []


# --- conflicts --------------------------------------------------------------------------------


async def test_a_conflict_names_the_booking_in_the_way_and_suggests_free_slots(api, org_a) -> None:
    creator_id = await add_creator(
        api, org_a, working_hours={"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]}
    )
    existing = await booked(api, org_a, creator_id, at(10), at(12), status="confirmed")

    refused = await book(api, org_a, creator_id, at(11), at(13))

    body = problem(refused, 409, "booking_conflict")
    assert body["param"] == "start"
    assert [(b["id"], b["status"]) for b in body["conflicting_bookings"]] == [
        (existing["id"], "confirmed")
    ]
    assert iso(body["conflicting_bookings"][0]["start"]) == iso(at(10))
    slots = body["suggested_slots"]
    assert slots, body
    assert all(iso(s["end"]) - iso(s["start"]) == timedelta(hours=2) for s in slots)
    # Each suggestion is bookable: check them all, then book the first.
    check = await api.post(
        "/v1/bookings/conflicts",
        json={"sessions": [{"creator_id": creator_id, **s} for s in slots]},
        headers=org_a.headers,
    )
    # They may overlap each other, but nothing stored or ruled is in their way.
    assert all(
        {c["reason"] for c in item["conflicts"]} <= {"batch_overlap"}
        for item in check.json()["items"]
    ), check.json()
    taken = await booked(api, org_a, creator_id, slots[0]["start"], slots[0]["end"])
    assert taken["status"] == "held"


async def test_buffers_keep_back_to_back_bookings_apart(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, buffer_after_minutes=30)
    await booked(api, org_a, creator_id, at(10), at(11))

    inside_buffer = await book(api, org_a, creator_id, at(11.25), at(12))
    before_it = await book(api, org_a, creator_id, at(9), at(10))

    problem(inside_buffer, 409, "booking_conflict")
    # The new session's own after-buffer would run into the stored booking.
    problem(before_it, 409, "booking_conflict")
    await booked(api, org_a, creator_id, at(11.5), at(12))
    await booked(api, org_a, creator_id, at(8), at(9.5))


async def test_a_room_cannot_be_double_booked_even_by_different_creators(api, org_a) -> None:
    mia = await add_creator(api, org_a, "Mia")
    jon = await add_creator(api, org_a, "Jon")
    room_id = await add_room(api, org_a)
    first = await booked(api, org_a, mia, at(10), at(12), room_id=room_id)

    refused = await book(api, org_a, jon, at(11), at(13), room_id=room_id)

    body = problem(refused, 409, "booking_conflict")
    assert "room" in body["detail"]
    assert [(b["id"], b["creator_id"]) for b in body["conflicting_bookings"]] == [
        (first["id"], mia)
    ]
    await booked(api, org_a, jon, at(11), at(13))  # without the room Jon is free


# --- refused input writes nothing -------------------------------------------------------------


@pytest.fixture
async def calendar(api, org_a, org_b) -> dict[str, Any]:
    """A creator working 09-17 UTC on weekdays with a day off on Tuesday and 2 h notice."""
    creator_id = await add_creator(
        api,
        org_a,
        working_hours={d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
        min_notice_minutes=120,
    )
    off = await api.post(
        "/v1/time-off",
        json={"creator_id": creator_id, "start": at(0, day=1), "end": at(24, day=1)},
        headers=org_a.headers,
    )
    assert off.status_code == 201, off.text
    return {"creator_id": creator_id, "other_creator_id": await add_creator(api, org_b, "Theirs")}


async def test_refused_bookings_name_the_field_and_write_nothing(api, org_a, calendar) -> None:
    creator_id = calendar["creator_id"]
    soon = datetime.now(UTC) + timedelta(minutes=30)
    cases: list[tuple[dict[str, Any], int, str, str]] = [
        ({"start": at(11), "end": at(10)}, 422, "invalid_request", "end"),
        ({"start": at(10), "end": at(10)}, 422, "invalid_request", "end"),
        ({"start": at(10), "end": at(10, day=15)}, 422, "invalid_request", "end"),
        ({"start": "2030-06-03T10:00:00", "end": at(11)}, 422, "invalid_request", "start"),
        ({"start": at(10), "end": "2030-06-03T11:00:00"}, 422, "invalid_request", "end"),
        ({"price": "100"}, 422, "invalid_request", "currency"),
        ({"price": "100", "currency": "USD"}, 422, "currency_mismatch", "currency"),
        ({"currency": "USD"}, 422, "currency_mismatch", "currency"),
        ({"currency": "EURO"}, 422, "invalid_request", "currency"),
        ({"creator_id": calendar["other_creator_id"]}, 404, "resource_missing", "creator_id"),
        ({"creator_id": "cre_" + "0" * 26}, 404, "resource_missing", "creator_id"),
        ({"creator_id": "nobody"}, 422, "invalid_request", "creator_id"),
        ({"room_id": "rm_" + "0" * 26}, 404, "resource_missing", "room_id"),
        (
            {"start": soon.isoformat(), "end": (soon + timedelta(hours=1)).isoformat()},
            422,
            "min_notice",
            "start",
        ),
        ({"start": at(16), "end": at(18)}, 422, "outside_working_hours", "start"),
        ({"start": at(10, day=5), "end": at(11, day=5)}, 422, "outside_working_hours", "start"),
        ({"start": at(10, day=1), "end": at(11, day=1)}, 422, "time_off", "start"),
        (
            {"start": at(10, day=1), "end": at(11, day=1), "allow_outside_working_hours": True},
            422,
            "time_off",
            "start",
        ),
    ]
    audit_before = await audit_ids(api, org_a)

    for fields, status, code, param in cases:
        body = {"creator_id": creator_id, "start": at(10), "end": at(11), **fields}
        response = await api.post("/v1/bookings", json=body, headers=org_a.headers)
        assert (
            response.status_code,
            response.json().get("code"),
            response.json().get("param"),
        ) == (
            status,
            code,
            param,
        ), (fields, response.text)

    assert await bookings(api, org_a) == []
    assert await audit_ids(api, org_a) == audit_before


async def test_outside_working_hours_is_allowed_when_asked_for(api, org_a, calendar) -> None:
    evening = await booked(
        api,
        org_a,
        calendar["creator_id"],
        at(18),
        at(20),
        allow_outside_working_hours=True,
    )
    saturday = await booked(
        api,
        org_a,
        calendar["creator_id"],
        at(10, day=5),
        at(11, day=5),
        allow_outside_working_hours=True,
    )

    assert {evening["status"], saturday["status"]} == {"held"}


async def test_a_session_within_working_hours_in_the_creators_timezone(api, org_a) -> None:
    creator_id = await add_creator(
        api, org_a, timezone="America/New_York", working_hours={"mon": [["09:00", "17:00"]]}
    )

    nine_am_utc = await book(api, org_a, creator_id, at(9), at(10))
    nine_am_local = await book(api, org_a, creator_id, at(13), at(14))  # EDT = UTC-4

    problem(nine_am_utc, 422, "outside_working_hours")
    assert nine_am_local.status_code == 201, nine_am_local.text


# --- listing ----------------------------------------------------------------------------------


async def test_bookings_are_filtered_by_creator_status_and_period(api, org_a, org_b) -> None:
    mia = await add_creator(api, org_a, "Mia")
    jon = await add_creator(api, org_a, "Jon")
    monday_mia = await booked(api, org_a, mia, at(10), at(11))
    tuesday_mia = await booked(api, org_a, mia, at(10, day=1), at(11, day=1), status="confirmed")
    monday_jon = await booked(api, org_a, jon, at(10), at(11))
    cancelled = await booked(api, org_a, jon, at(14), at(15))
    await act(api, org_a, cancelled["id"], "cancel")
    theirs = await add_creator(api, org_b, "Theirs")
    await booked(api, org_b, theirs, at(10), at(11))

    def ids(rows: list[dict[str, Any]]) -> set[str]:
        return {r["id"] for r in rows}

    assert ids(await bookings(api, org_a)) == {
        monday_mia["id"],
        tuesday_mia["id"],
        monday_jon["id"],
        cancelled["id"],
    }
    assert ids(await bookings(api, org_a, creator_id=mia)) == {
        monday_mia["id"],
        tuesday_mia["id"],
    }
    assert ids(await bookings(api, org_a, status="confirmed")) == {tuesday_mia["id"]}
    assert ids(await bookings(api, org_a, status="cancelled")) == {cancelled["id"]}
    monday = {"from": at(0), "to": at(24)}
    assert ids(await bookings(api, org_a, **monday)) == {
        monday_mia["id"],
        monday_jon["id"],
        cancelled["id"],
    }
    # Overlap, not containment: 10:30-10:45 catches both 10-11 sessions.
    assert ids(await bookings(api, org_a, **{"from": at(10.5), "to": at(10.75)})) == {
        monday_mia["id"],
        monday_jon["id"],
    }
    assert ids(await bookings(api, org_a, **{"from": at(11), "to": at(14)})) == set()
    assert ids(await bookings(api, org_a, creator_id=jon, status="held", **monday)) == {
        monday_jon["id"]
    }
    assert ids(await bookings(api, org_a, **{"from": at(0, day=1)})) == {tuesday_mia["id"]}


# --- concurrent clients -------------------------------------------------------------------


async def test_concurrent_confirmed_bookings_of_one_organization_all_succeed(
    api, org_a, sessionmaker
) -> None:
    """Twenty coordinators confirm twenty sessions at once, one creator each: nothing is in
    anyone's way, so every one is booked, and the audit chain stays whole."""
    creators = [await add_creator(api, org_a, f"Creator {i}") for i in range(20)]

    responses = await asyncio.gather(
        *(book(api, org_a, c, at(10), at(12), status="confirmed") for c in creators)
    )

    assert [r.status_code for r in responses] == [201] * 20, [
        r.text for r in responses if r.status_code != 201
    ]
    assert {r.json()["status"] for r in responses} == {"confirmed"}
    await seal_pending(sessionmaker, org_a.id)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        report = await verify_chain(session, org_a.id)
    assert report.ok, report
    # 20 creators, then one record per booking: made confirmed at once, one change.
    assert report.records == 3 + 20 + 20


async def test_concurrent_holds_on_one_creator_one_wins_the_rest_are_told_409(
    api, org_a, sessionmaker
) -> None:
    creator_id = await add_creator(api, org_a)

    responses = await asyncio.gather(
        *(book(api, org_a, creator_id, at(10), at(12)) for _ in range(20))
    )

    assert sorted(r.status_code for r in responses) == [201] + [409] * 19, [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    for refused in (r for r in responses if r.status_code == 409):
        problem(refused, 409, "booking_conflict")
    assert [b["status"] for b in await bookings(api, org_a)] == ["held"]
    await seal_pending(sessionmaker, org_a.id)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        report = await verify_chain(session, org_a.id)
    assert report.ok, report


async def test_a_booking_is_not_held_up_by_another_open_write_of_the_organization(
    api, org_a, sessionmaker
) -> None:
    """A long write of the organization (an import, a bulk chunk) that has already recorded
    its audit trail must neither stall a coordinator's booking nor deadlock with it when it
    then books the same creator: the booking goes through, the late writer is told 409."""
    creator_id = await add_creator(api, org_a)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await audit.record(
            session,
            organization_id=org_a.id,
            actor=audit.Actor.system("import"),
            action="client.imported",
            target_type="client",
            target_id="cli_imported",
        )
        response = await asyncio.wait_for(
            book(api, org_a, creator_id, at(10), at(12), status="confirmed"), timeout=10
        )
        assert response.status_code == 201, response.text
        with pytest.raises(Conflict) as refused:
            await creation.create_booking(
                session,
                organization_id=org_a.id,
                data=BookingInput(creator_id=creator_id, start=at(11), end=at(13)),
                actor=audit.Actor.system("import"),
                now=datetime.now(UTC),
            )
        assert refused.value.code == "booking_conflict"

    await seal_pending(sessionmaker, org_a.id)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        report = await verify_chain(session, org_a.id)
    assert report.ok, report
    assert [b["id"] for b in await bookings(api, org_a)] == [response.json()["id"]]


async def test_two_overlapping_bookings_inserted_at_once_answer_409_not_a_deadlock(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    """Two writers insert overlapping bookings of one creator at the same instant: each finds
    the other's row and waits for it, and PostgreSQL aborts one as a deadlock. That loser would
    have been refused by the constraint all the same, so its answer is 409 ``booking_conflict``."""
    creator_id = await add_creator(api, org_a)
    actor = audit.Actor.system("import")

    async def import_(session: Any, start: str, end: str) -> None:
        data = BookingInput(creator_id=creator_id, start=start, end=end)
        await creation.create_booking(
            session, organization_id=org_a.id, data=data, actor=actor, now=datetime.now(UTC)
        )

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await import_(session, at(10), at(12))
        request = asyncio.create_task(book(api, org_a, creator_id, at(11), at(13)))
        await waiting_for_a_lock(owner_conninfo)  # the request's row is in, waiting for ours
        await import_(session, at(12.5), at(14))  # waits for the request's row: a cycle

    problem(await request, 409, "booking_conflict")
    assert sorted(iso(b["start"]) for b in await bookings(api, org_a)) == [
        iso(at(10)),
        iso(at(12.5)),
    ]
