"""The booking write path under concurrent clients of one organization.

Twenty coordinators booking or moving sessions onto the same slot at once: one wins, the
others are told 409 ``booking_conflict`` (never a 500, whatever PostgreSQL did to break a
tie); bookings that are in nobody's way are never held up by each other. A confirmed booking
is one change: one audit record. The key's ``last_used_at`` keeps moving, written at most
once a minute. The number of SQL statements a booking costs is counted, not timed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db import tenant_session
from domain.audit import service as audit
from domain.audit.sealer import seal_pending
from domain.audit.service import verify_chain
from domain.bookings import creation, lifecycle
from domain.bookings.models import Booking
from domain.bookings.rules import BookingInput, load_resources
from tests.support.locks import waiting_for_a_lock

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
MONDAY = datetime(2030, 6, 3, tzinfo=UTC)
CLIENTS = 20

# What a booking through the API costs, with rate limits off and no approval policy: the
# key (1), the key's organization scope (1) and its issuer's status (1); the request's scope
# (1); the creator with its time off (1); the booking policies (1, confirmed only); the
# booking (1), its audit record (1) and its events (1). The audit chain is sealed by the
# worker, off the request. A count, not a time: a new round trip on this path shows here.
STATEMENTS_PER_BOOKING = 9


def at(hour: float, *, day: int = 0) -> str:
    return (MONDAY + timedelta(days=day, hours=hour)).isoformat()


async def add_creator(api: httpx.AsyncClient, tenant: Any, name: str = "Mia") -> str:
    response = await api.post(
        "/v1/creators",
        json={
            "name": name,
            "timezone": "UTC",
            "currency": "EUR",
            "hourly_rate": "80",
            "working_hours": ALL_DAY,
        },
        headers=tenant.headers,
    )
    assert response.status_code == 201, response.text
    creator_id: str = response.json()["id"]
    return creator_id


async def book(
    api: httpx.AsyncClient, tenant: Any, creator_id: str, start: str, end: str, **fields: Any
) -> httpx.Response:
    return await api.post(
        "/v1/bookings",
        json={"creator_id": creator_id, "start": start, "end": end, **fields},
        headers=tenant.headers,
    )


def outcome(responses: list[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in responses)


def refused_as_conflicts(responses: list[httpx.Response]) -> None:
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.json()["code"] == "booking_conflict", refused.text


async def chain_is_whole(sessionmaker: Any, tenant: Any) -> int:
    await seal_pending(sessionmaker, tenant.id)
    async with tenant_session(sessionmaker, [tenant.id]) as session:
        report = await verify_chain(session, tenant.id)
    assert report.ok, report
    return report.records


@contextmanager
def counting_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


# --- racing for one slot --------------------------------------------------------------------


async def test_twenty_confirmed_bookings_racing_for_one_slot_one_wins_the_rest_are_told_409(
    api, org_a, sessionmaker
) -> None:
    creator_id = await add_creator(api, org_a)

    responses = await asyncio.gather(
        *(book(api, org_a, creator_id, at(10), at(12), status="confirmed") for _ in range(CLIENTS))
    )

    assert outcome(responses) == [201] + [409] * (CLIENTS - 1), [
        r.text for r in responses if r.status_code not in (201, 409)
    ]
    refused_as_conflicts(responses)
    [won] = [r.json() for r in responses if r.status_code == 201]
    assert won["status"] == "confirmed"
    # Every loser that saw the winner committed names it (the retry makes sure they do).
    named = {
        b["id"] for r in responses if r.status_code == 409 for b in r.json()["conflicting_bookings"]
    }
    assert named <= {won["id"]}
    # 1 creator (with its org and owner records), 1 booking: nothing of the losers.
    assert await chain_is_whole(sessionmaker, org_a) == 3 + 1 + 1


async def test_twenty_reschedules_racing_for_one_slot_one_moves_the_rest_are_told_409(
    api, org_a, sessionmaker
) -> None:
    creator_id = await add_creator(api, org_a)
    booked = [
        (await book(api, org_a, creator_id, at(10, day=1 + i), at(11, day=1 + i))).json()["id"]
        for i in range(CLIENTS)
    ]

    responses = await asyncio.gather(
        *(
            api.post(
                f"/v1/bookings/{booking_id}/reschedule",
                json={"start": at(10), "end": at(12)},
                headers={**org_a.headers, "Idempotency-Key": f"move-{booking_id}"},
            )
            for booking_id in booked
        )
    )

    assert outcome(responses) == [200] + [409] * (CLIENTS - 1), [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    refused_as_conflicts(responses)
    [moved] = [r.json() for r in responses if r.status_code == 200]
    for refused in (r for r in responses if r.status_code == 409):
        assert [b["id"] for b in refused.json()["conflicting_bookings"]] == [moved["id"]]
    on_monday = await api.get(
        "/v1/bookings", params={"from": at(0), "to": at(24)}, headers=org_a.headers
    )
    assert [b["id"] for b in on_monday.json()["data"]] == [moved["id"]]
    await chain_is_whole(sessionmaker, org_a)


async def test_a_move_that_deadlocks_is_run_again_and_succeeds(
    api, org_a, sessionmaker, owner_conninfo, caplog
) -> None:
    """A writer that takes the booking's row and then the creator's calendar (in the other
    order than a move does) closes a cycle with a move of that booking: PostgreSQL aborts
    the move, which then runs again from the start, once the writer is done, and succeeds."""
    caplog.set_level(logging.INFO, logger="auditoryx.api")
    creator_id = await add_creator(api, org_a)
    booking_id = (await book(api, org_a, creator_id, at(10), at(11))).json()["id"]

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await session.execute(select(Booking).where(Booking.id == booking_id).with_for_update())
        move = asyncio.create_task(
            api.post(
                f"/v1/bookings/{booking_id}/reschedule",
                json={"start": at(14), "end": at(15)},
                headers=org_a.headers,
            )
        )
        await waiting_for_a_lock(owner_conninfo)  # the move holds the calendar, waits for us
        resources = await load_resources(session, creator_id=creator_id, room_id=None)
        await lifecycle.lock_calendars(session, org_a.id, resources)  # a cycle: one aborts

    response = await move
    assert response.status_code == 200, response.text
    assert datetime.fromisoformat(response.json()["start"]) == datetime.fromisoformat(at(14))
    # It was the move PostgreSQL aborted, and the move that ran again.
    assert any(
        "transaction rolled back" in r.getMessage() and "attempt 2 of 3" in r.getMessage()
        for r in caplog.records
    ), [r.getMessage() for r in caplog.records]


# --- nobody in the way ----------------------------------------------------------------------


async def test_twenty_bookings_of_one_organization_in_nobodys_way_all_succeed(
    api, org_a, sessionmaker
) -> None:
    creators = [await add_creator(api, org_a, f"Creator {i}") for i in range(CLIENTS // 2)]
    # Two sessions per creator, back to back: the same calendars, no overlap.
    slots = [(c, hour) for c in creators for hour in (10, 12)]

    responses = await asyncio.gather(
        *(book(api, org_a, c, at(hour), at(hour + 2), status="confirmed") for c, hour in slots)
    )

    assert outcome(responses) == [201] * CLIENTS, [r.text for r in responses]
    assert await chain_is_whole(sessionmaker, org_a) == 3 + len(creators) + CLIENTS


async def test_a_booking_does_not_wait_for_an_open_booking_of_the_same_creator(
    api, org_a, sessionmaker
) -> None:
    """Bookings of one calendar that do not overlap take no lock on each other: one still
    open (not committed) does not hold up the next."""
    creator_id = await add_creator(api, org_a)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await creation.create_booking(
            session,
            organization_id=org_a.id,
            data=BookingInput(creator_id=creator_id, start=at(8), end=at(9), status="confirmed"),
            actor=audit.Actor.system("import"),
            now=datetime.now(UTC),
        )
        # A guard against a hang, not a measurement: it fails only if the booking waits.
        response = await asyncio.wait_for(
            book(api, org_a, creator_id, at(10), at(12), status="confirmed"), timeout=30
        )
        assert response.status_code == 201, response.text
    await chain_is_whole(sessionmaker, org_a)


# --- one change, one record ------------------------------------------------------------------


async def test_a_confirmed_booking_is_one_audit_record_and_both_events(
    api, org_a, owner_conninfo
) -> None:
    creator_id = await add_creator(api, org_a)

    response = await book(api, org_a, creator_id, at(10), at(12), status="confirmed")

    assert response.status_code == 201, response.text
    booking_id = response.json()["id"]
    with psycopg.connect(owner_conninfo) as conn:
        records = conn.execute(
            "SELECT action, changes -> 'after' ->> 'status' FROM audit_events WHERE target_id = %s",
            (booking_id,),
        ).fetchall()
        events = conn.execute(
            "SELECT type, data ->> 'status' FROM events WHERE data ->> 'id' = %s "
            "ORDER BY created_at",
            (booking_id,),
        ).fetchall()
    assert records == [("booking.created", "confirmed")]
    # Subscribers of either type hear of it, in the order of the catalog's story.
    assert events == [("booking.created", "confirmed"), ("booking.confirmed", "confirmed")]


async def test_a_hold_in_the_way_that_has_expired_is_expired_and_the_booking_goes_through(
    api, org_a, owner_conninfo
) -> None:
    creator_id = await add_creator(api, org_a)
    hold = (await book(api, org_a, creator_id, at(10), at(12))).json()
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE bookings SET hold_expires_at = now() - interval '1 minute' WHERE id = %s",
            (hold["id"],),
        )

    response = await book(api, org_a, creator_id, at(11), at(13), status="confirmed")

    assert response.status_code == 201, response.text
    got = await api.get(f"/v1/bookings/{hold['id']}", headers=org_a.headers)
    assert got.json()["status"] == "expired"


# --- the key's last use ----------------------------------------------------------------------


def _last_used(conninfo: str, key_id: str) -> datetime | None:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute("SELECT last_used_at FROM api_keys WHERE id = %s", (key_id,)).fetchone()
    assert row is not None
    value: datetime | None = row[0]
    return value


async def test_last_used_at_advances_at_most_once_a_minute_even_under_concurrent_requests(
    api, org_a, owner_conninfo
) -> None:
    key_id = org_a.bootstrap.api_key.id
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE api_keys SET last_used_at = %s WHERE id = %s", (long_ago, key_id))

    responses = await asyncio.gather(
        *(api.get("/v1/bookings", headers=org_a.headers) for _ in range(CLIENTS))
    )

    assert [r.status_code for r in responses] == [200] * CLIENTS
    stamped = _last_used(owner_conninfo, key_id)
    assert stamped is not None and stamped > long_ago + timedelta(minutes=4)
    # Within the minute, using the key again writes nothing.
    assert (await api.get("/v1/bookings", headers=org_a.headers)).status_code == 200
    assert _last_used(owner_conninfo, key_id) == stamped


# --- what a booking costs --------------------------------------------------------------------


@pytest.mark.parametrize("status", ["held", "confirmed"])
async def test_a_booking_costs_at_most_the_documented_statements(
    api, org_a, engine, status
) -> None:
    creator_id = await add_creator(api, org_a)
    await book(api, org_a, creator_id, at(8), at(9), status=status)  # the chain head exists

    with counting_statements(engine) as statements:
        response = await book(api, org_a, creator_id, at(10), at(12), status=status)

    assert response.status_code == 201, response.text
    assert len(statements) <= STATEMENTS_PER_BOOKING, "\n".join(statements)
