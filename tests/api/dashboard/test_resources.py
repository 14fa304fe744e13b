"""Creators, rooms and clients in the dashboard, and a creator's week: adding and editing them
(working hours included) with errors beside their fields, a second editor told instead of
overwriting, time off, the free slots of a week, and one booking made from a slot through the
API's booking service, whose clash is answered with the bookings in the way and suggested
slots that fill the form again."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from core.db import tenant_session
from domain.audit import service as audit
from domain.bookings import creation
from domain.bookings.rules import BookingInput
from tests.support.dashboard import csrf_of, signed_in_browser
from tests.support.locks import waiting_for_a_lock

VERSION = re.compile(r'name="version" value="([^"]*)"')
SLOT = re.compile(r'<a class="slot" href="([^"]+)"')
HOURS = {f"hours_{d}": "" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
ALL_DAY = {k: "00:00-24:00" for k in HOURS}


def _audit(conninfo: str, org_id: str, action: str) -> int:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT count(*) FROM audit_events WHERE organization_id = %s AND action = %s",
            (org_id, action),
        ).fetchone()[0]


def _creator_form(**changes: str) -> dict[str, str]:
    return {
        "name": "Pat Producer",
        "email": "pat@studio.example",
        "roles": "producer, mixing engineer",
        "timezone": "Europe/Berlin",
        "currency": "EUR",
        "hourly_rate": "120",
        "status": "active",
        **HOURS,
        "hours_mon": "09:00-13:00, 14:00-18:00",
        "hours_tue": "09:00-18:00",
        **changes,
    }


async def test_a_creator_with_working_hours_is_added_and_edited(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    listing = await owner.get("/dashboard/creators")
    assert listing.status_code == 200 and 'href="/dashboard/creators"' in listing.text
    csrf = csrf_of(listing.text)
    bad = await owner.post(
        "/dashboard/creators",
        data={
            **_creator_form(hours_sat="noon till late", timezone="Mars/Olympus"),
            "csrf_token": csrf,
        },
    )
    assert bad.status_code == 422
    assert 'id="err-hours_sat"' in bad.text and 'id="err-timezone"' in bad.text
    assert 'value="noon till late"' in bad.text and 'value="Pat Producer"' in bad.text
    made = await owner.post("/dashboard/creators", data={**_creator_form(), "csrf_token": csrf})
    assert made.status_code == 303, made.text
    path = made.headers["location"].split("?")[0]
    creator = (await api.get(f"/v1{path.removeprefix('/dashboard')}", headers=org_a.headers)).json()
    assert creator["working_hours"] == {
        "mon": [["09:00", "13:00"], ["14:00", "18:00"]],
        "tue": [["09:00", "18:00"]],
    }
    assert (
        creator["roles"] == ["producer", "mixing engineer"] and creator["hourly_rate"] == "120.00"
    )

    page = (await owner.get(path)).text
    assert 'value="09:00-13:00, 14:00-18:00"' in page
    edited = await owner.post(
        path,
        data={
            **_creator_form(hours_mon="", hourly_rate="150"),
            "version": VERSION.search(page)[1],
            "csrf_token": csrf,
        },
    )
    assert edited.status_code == 303
    creator = (await api.get(f"/v1{path.removeprefix('/dashboard')}", headers=org_a.headers)).json()
    assert creator["working_hours"] == {"tue": [["09:00", "18:00"]]}
    assert creator["hourly_rate"] == "150.00"
    # The same form again, drawn before that save: the second editor is told.
    stale = await owner.post(
        path,
        data={
            **_creator_form(name="Stale"),
            "version": VERSION.search(page)[1],
            "csrf_token": csrf,
        },
    )
    assert stale.status_code == 409 and "someone else saved this creator" in stale.text
    assert 'value="Stale"' in stale.text
    assert _audit(owner_conninfo, org_a.id, "creator.created") == 1
    assert _audit(owner_conninfo, org_a.id, "creator.updated") == 1


@pytest.mark.parametrize(
    ("kind", "form", "field", "bad_value"),
    [
        (
            "rooms",
            {
                "name": "Studio A",
                "kind": "studio",
                "timezone": "UTC",
                "currency": "EUR",
                "status": "active",
                **HOURS,
            },
            "capacity",
            "lots",
        ),
        ("clients", {"name": "Acme Films", "email": "ops@acme.example"}, "domain", "Not A Domain"),
    ],
)
async def test_rooms_and_clients_are_added_with_errors_beside_fields(
    kind, form, field, bad_value, api, org_a, sessionmaker, browser_for, owner_conninfo
):
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    csrf = csrf_of((await owner.get(f"/dashboard/{kind}")).text)
    bad = await owner.post(
        f"/dashboard/{kind}", data={**form, field: bad_value, "csrf_token": csrf}
    )
    assert bad.status_code == 422
    assert f'id="err-{field}"' in bad.text and f'value="{bad_value}"' in bad.text
    made = await owner.post(f"/dashboard/{kind}", data={**form, "csrf_token": csrf})
    assert made.status_code == 303, made.text
    listed = (await api.get(f"/v1/{kind}", headers=org_a.headers)).json()["data"]
    assert [r["name"] for r in listed] == [form["name"]]
    page = await owner.get(made.headers["location"])
    assert page.status_code == 200 and f'value="{form["name"]}"' in page.text
    assert _audit(owner_conninfo, org_a.id, f"{kind[:-1]}.created") == 1


async def test_resource_forms_need_the_token_and_the_permission(
    api, org_a, sessionmaker, browser_for
):
    viewer = await signed_in_browser(
        browser_for, sessionmaker, org_a, "vic@northstar.example", "viewer"
    )
    page = await viewer.get("/dashboard/creators")
    assert page.status_code == 200 and "Add a creator" not in page.text
    csrf = csrf_of(page.text)
    r = await viewer.post("/dashboard/clients", data={"name": "X", "csrf_token": csrf})
    assert r.status_code == 403
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    assert (await owner.post("/dashboard/clients", data={"name": "X"})).status_code == 403
    assert (await api.get("/v1/clients", headers=org_a.headers)).json()["data"] == []


async def _creator(api, org) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": "Pat Producer",
            "timezone": "UTC",
            "currency": "EUR",
            "hourly_rate": "100",
            "working_hours": {
                d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            },
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_a_slot_of_the_week_is_booked_and_a_clash_suggests_free_slots(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    creator_id = await _creator(api, org_a)
    artist = (await api.post("/v1/artists", headers=org_a.headers, json={"name": "Ada"})).json()
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    next_week = (datetime.now(UTC) + timedelta(days=7)).date()
    week = await owner.get(
        f"/dashboard/creators/{creator_id}/availability?week={next_week}&minutes=120"
    )
    assert week.status_code == 200
    slots = [html.unescape(s) for s in SLOT.findall(week.text)]
    assert len(slots) == 7 * 4, "four sessions of two hours in 09:00-17:00, seven days"
    query = parse_qs(urlsplit(slots[0]).query)
    start = datetime.fromisoformat(query["start"][0])
    assert start.hour == 9 and datetime.fromisoformat(query["end"][0]) - start == timedelta(hours=2)

    form = await owner.get(slots[0])
    assert form.status_code == 200
    local = start.strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in form.text
    csrf = csrf_of(form.text)
    booking = {
        "start": local,
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "artist_id": artist["id"],
        "title": "Tracking",
        "status": "held",
        "csrf_token": csrf,
    }
    made = await owner.post(f"/dashboard/creators/{creator_id}/book", data=booking)
    assert made.status_code == 303, made.text
    assert "done=held" in made.headers["location"]
    [stored] = (await api.get("/v1/bookings", headers=org_a.headers)).json()["data"]
    assert stored["artist_id"] == artist["id"] and stored["price"] == "200.00"
    assert stored["status"] == "held"
    after = await owner.get(made.headers["location"])
    assert "The session is booked and held" in after.text
    # Back on the week, in one-hour sessions: the two hours booked are no longer free.
    assert len(SLOT.findall(after.text)) == 7 * 8 - 2

    clash = await owner.post(
        f"/dashboard/creators/{creator_id}/book", data={**booking, "title": "Again"}
    )
    assert clash.status_code == 409
    assert "the session overlaps another booking" in clash.text
    assert stored["id"] in clash.text
    assert 'value="Again"' in clash.text
    suggested = re.findall(r'<ul class="suggested" id="suggested">(.*?)</ul>', clash.text, re.S)
    links = [html.unescape(s) for s in SLOT.findall(suggested[0])]
    assert links, clash.text
    refill = await owner.get(links[0])
    assert 'value="Again"' in refill.text
    assert f'<option value="{artist["id"]}" selected>' in refill.text
    picked = parse_qs(urlsplit(links[0]).query)
    second = await owner.post(
        f"/dashboard/creators/{creator_id}/book",
        data={
            **booking,
            "title": "Again",
            "start": datetime.fromisoformat(picked["start"][0]).strftime("%Y-%m-%dT%H:%M"),
            "end": datetime.fromisoformat(picked["end"][0]).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert second.status_code == 303, second.text
    assert len((await api.get("/v1/bookings", headers=org_a.headers)).json()["data"]) == 2
    assert _audit(owner_conninfo, org_a.id, "booking.created") == 2


async def test_time_off_closes_slots_and_is_removed(api, org_a, sessionmaker, browser_for):
    creator_id = await _creator(api, org_a)
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    day = (datetime.now(UTC) + timedelta(days=8)).date()
    page = await owner.get(f"/dashboard/creators/{creator_id}/availability?week={day}")
    before = len(SLOT.findall(page.text))
    csrf = csrf_of(page.text)
    bad = await owner.post(
        f"/dashboard/creators/{creator_id}/time-off",
        data={"start": f"{day}T12:00", "end": f"{day}T10:00", "reason": "x", "csrf_token": csrf},
    )
    assert bad.status_code == 422 and 'id="err-end"' in bad.text
    assert f'value="{day}T12:00"' in bad.text
    added = await owner.post(
        f"/dashboard/creators/{creator_id}/time-off",
        data={
            "start": f"{day}T00:00",
            "end": f"{day}T23:59",
            "reason": "Holiday",
            "csrf_token": csrf,
        },
    )
    assert added.status_code == 303
    page = await owner.get(added.headers["location"])
    assert "Holiday" in page.text and len(SLOT.findall(page.text)) == before - 8
    [entry] = (await api.get("/v1/time-off", headers=org_a.headers)).json()["data"]
    removed = await owner.post(
        f"/dashboard/time-off/{entry['id']}/delete", data={"csrf_token": csrf}
    )
    assert removed.status_code == 303
    assert (await api.get("/v1/time-off", headers=org_a.headers)).json()["data"] == []


async def test_two_people_saving_or_booking_at_once_get_one_success_and_one_409(
    api, org_a, sessionmaker, browser_for
):
    creator_id = await _creator(api, org_a)
    first = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    second = await signed_in_browser(
        browser_for, sessionmaker, org_a, "cora@northstar.example", "coordinator"
    )
    path = f"/dashboard/creators/{creator_id}"
    forms = [(await b.get(path)).text for b in (first, second)]
    saves = await asyncio.gather(
        *(
            b.post(
                path,
                data={
                    **_creator_form(name=name, timezone="UTC", **ALL_DAY),
                    "version": VERSION.search(form)[1],
                    "csrf_token": csrf_of(form),
                },
            )
            for b, form, name in zip((first, second), forms, ("First", "Second"), strict=True)
        )
    )
    assert sorted(r.status_code for r in saves) == [303, 409]
    winner = "First" if saves[0].status_code == 303 else "Second"
    stored = (await api.get(f"/v1/creators/{creator_id}", headers=org_a.headers)).json()
    assert stored["name"] == winner

    start = (datetime.now(UTC) + timedelta(days=3)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    booking = {
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "status": "held",
    }
    # Each manager books the same hour several times at once: one booking, and every other
    # answer names it, like the API's 409.
    books = await asyncio.gather(
        *(
            b.post(f"{path}/book", data={**booking, "csrf_token": csrf_of(form)})
            for b, form in zip((first, second) * 4, forms * 4, strict=True)
        )
    )
    assert sorted(r.status_code for r in books) == [303] + [409] * 7
    [made] = (await api.get("/v1/bookings", headers=org_a.headers)).json()["data"]
    for refused in (r for r in books if r.status_code == 409):
        assert made["id"] in refused.text, "the 409 names the booking in the way"


async def test_a_booking_racing_a_writer_waits_for_it_and_names_the_bookings_in_the_way(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    """A writer holding an uncommitted booking in the way, and adding another after the form's
    booking started: the form's insert waits for the writer without holding a row of its own
    (speculative insertion), so no deadlock forms, and once the writer commits the form's 409
    lists both bookings in the way, as ``POST /v1/bookings`` does."""
    creator_id = await _creator(api, org_a)
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    form = await owner.get(f"/dashboard/creators/{creator_id}/book")
    day = (datetime.now(UTC) + timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)

    def hour(h: float) -> datetime:
        return day + timedelta(hours=h)

    actor = audit.Actor.system("import")

    async def import_(session, start: datetime, end: datetime) -> str:
        data = BookingInput(creator_id=creator_id, start=start, end=end)
        made = await creation.create_booking(
            session, organization_id=org_a.id, data=data, actor=actor, now=datetime.now(UTC)
        )
        return made.id

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        first = await import_(session, hour(10), hour(12))
        booking = asyncio.create_task(
            owner.post(
                f"/dashboard/creators/{creator_id}/book",
                data={
                    "start": hour(11).strftime("%Y-%m-%dT%H:%M"),
                    "end": hour(13).strftime("%Y-%m-%dT%H:%M"),
                    "status": "held",
                    "csrf_token": csrf_of(form.text),
                },
            )
        )
        await waiting_for_a_lock(owner_conninfo)  # the form's row is in, waiting for ours
        second = await import_(session, hour(12.5), hour(14))

    refused = await booking
    assert refused.status_code == 409, refused.text
    in_the_way = re.search(r'<table class="data" id="in-the-way">.*?</table>', refused.text, re.S)
    assert in_the_way, refused.text
    assert first in in_the_way[0] and second in in_the_way[0]


async def test_a_refusal_naming_no_field_of_the_form_is_shown_above_it(
    api, org_a, sessionmaker, browser_for
):
    creator_id = await _creator(api, org_a)
    r = await api.patch(
        f"/v1/creators/{creator_id}", headers=org_a.headers, json={"status": "inactive"}
    )
    assert r.status_code == 200
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    form = await owner.get(f"/dashboard/creators/{creator_id}/book")
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=10, minute=0)
    refused = await owner.post(
        f"/dashboard/creators/{creator_id}/book",
        data={
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": start.replace(hour=11).strftime("%Y-%m-%dT%H:%M"),
            "title": "Kept",
            "csrf_token": csrf_of(form.text),
        },
    )
    assert refused.status_code == 422
    shown = re.search(r'<p class="field-error" id="err-form" role="alert">(.*?)</p>', refused.text)
    assert shown and "is inactive" in shown[1]
    assert 'value="Kept"' in refused.text


async def test_a_confirmed_booking_waits_for_approval_when_a_policy_asks(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    """ "Confirmed" is the API's: confirmed at once, or pending approval with its request
    opened (the chain is started after commit; without Temporal the relay starts it later)."""
    creator_id = await _creator(api, org_a)
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    form = await owner.get(f"/dashboard/creators/{creator_id}/book")
    day = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")

    async def book(hour: int):
        return await owner.post(
            f"/dashboard/creators/{creator_id}/book",
            data={
                "start": f"{day}T{hour:02d}:00",
                "end": f"{day}T{hour + 1:02d}:00",
                "status": "confirmed",
                "csrf_token": csrf_of(form.text),
            },
        )

    first = await book(10)
    assert first.status_code == 303 and "done=confirmed" in first.headers["location"]
    assert "booked and confirmed" in (await owner.get(first.headers["location"])).text
    r = await api.post(
        "/v1/approval-policies",
        headers=org_a.headers,
        json={
            "name": "every booking",
            "subject_type": "booking",
            "steps": [{"name": "owner", "approvers": [{"role": "owner"}]}],
        },
    )
    assert r.status_code == 201, r.text
    second = await book(12)
    assert second.status_code == 303 and "done=pending_approval" in second.headers["location"]
    statuses = {
        b["start"][11:16]: b["status"]
        for b in (await api.get("/v1/bookings", headers=org_a.headers)).json()["data"]
    }
    assert statuses == {"10:00": "confirmed", "12:00": "pending_approval"}
    with psycopg.connect(owner_conninfo) as conn:
        requests = conn.execute(
            "SELECT subject_type, status FROM approval_requests WHERE organization_id = %s",
            (org_a.id,),
        ).fetchall()
    assert requests == [("booking", "pending")]
