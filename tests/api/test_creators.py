"""Creators, rooms, clients and time off through the API, as a booking coordinator uses them.

Search answers the questions people ask ("mixing engineers at level 4+, in a European time zone,
under 100 EUR an hour, within 50 km of Berlin, free next Tuesday afternoon"); availability is
what is left after bookings, buffers and time off; bad input is a 422 naming the field.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.support.roster import ALL_DAY, add_creator, creator_body

MONDAY = datetime(2030, 6, 3, tzinfo=UTC)  # far enough ahead for any notice period


def at(hour: int, minute: int = 0, *, day: datetime = MONDAY) -> str:
    return (day + timedelta(hours=hour, minutes=minute)).isoformat()


async def search(api: httpx.AsyncClient, tenant: Any, **params: Any) -> set[str]:
    response = await api.get("/v1/creators", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return {c["name"] for c in response.json()["data"]}


def assert_invalid(response: httpx.Response, param: str, code: str = "invalid_request") -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["param"] == param, body


# --- creators ---------------------------------------------------------------------------------


async def test_a_creator_is_created_read_changed_and_removed(api, org_a) -> None:
    body = creator_body(
        "Mia Lindqvist",
        bio="Analog mixing, tape machines",
        roles=["mixing_engineer"],
        skills={"mixing": 5, "mastering": 3},
        day_rate="600",
        city="Berlin",
        country="DE",
        latitude=52.52,
        longitude=13.405,
        buffer_before_minutes=15,
        buffer_after_minutes=30,
        min_notice_minutes=120,
        date_overrides={"2030-12-24": []},
        external_ref="crm-17",
    )
    created = await api.post("/v1/creators", json=body, headers=org_a.headers)
    assert created.status_code == 201, created.text
    creator = created.json()
    assert creator["id"].startswith("cre_")
    assert creator["hourly_rate"] == "80.00"
    assert creator["day_rate"] == "600.00"
    assert creator["skills"] == {"mixing": 5, "mastering": 3}
    assert creator["working_hours"] == ALL_DAY
    assert creator["date_overrides"] == {"2030-12-24": []}
    assert (creator["buffer_before_minutes"], creator["buffer_after_minutes"]) == (15, 30)

    changed = await api.patch(
        f"/v1/creators/{creator['id']}",
        json={"hourly_rate": "95.50", "timezone": "America/New_York", "roles": ["producer"]},
        headers=org_a.headers,
    )
    assert changed.status_code == 200, changed.text
    fetched = (await api.get(f"/v1/creators/{creator['id']}", headers=org_a.headers)).json()
    assert (fetched["hourly_rate"], fetched["timezone"], fetched["roles"]) == (
        "95.50",
        "America/New_York",
        ["producer"],
    )
    assert fetched["skills"] == {"mixing": 5, "mastering": 3}  # untouched fields stay

    duplicate = await api.post(
        "/v1/creators", json=creator_body("Other", external_ref="crm-17"), headers=org_a.headers
    )
    assert duplicate.status_code == 409
    assert (duplicate.json()["code"], duplicate.json()["param"]) == ("duplicate", "external_ref")

    deleted = await api.delete(f"/v1/creators/{creator['id']}", headers=org_a.headers)
    assert deleted.status_code == 204
    gone = await api.get(f"/v1/creators/{creator['id']}", headers=org_a.headers)
    assert gone.status_code == 404


async def test_another_organizations_creator_is_not_found(api, org_a, org_b) -> None:
    creator_id = await add_creator(api, org_a, "Mia")

    for response in (
        await api.get(f"/v1/creators/{creator_id}", headers=org_b.headers),
        await api.patch(f"/v1/creators/{creator_id}", json={"bio": "x"}, headers=org_b.headers),
        await api.delete(f"/v1/creators/{creator_id}", headers=org_b.headers),
    ):
        assert response.status_code == 404
    assert await search(api, org_b) == set()
    assert await search(api, org_a) == {"Mia"}


INVALID_CREATORS: list[tuple[dict[str, Any], str]] = [
    ({"timezone": "Mars/Base"}, "timezone"),
    ({"timezone": "UTC+2"}, "timezone"),
    ({"working_hours": {"mon": [["09:00", "24:30"]]}}, "working_hours"),
    ({"working_hours": {"mon": [["18:00", "09:00"]]}}, "working_hours"),
    ({"working_hours": {"monday": [["09:00", "17:00"]]}}, "working_hours"),
    ({"date_overrides": {"2030-02-30": []}}, "date_overrides"),
    ({"currency": "EURO"}, "currency"),
    ({"currency": "XYZ"}, "currency"),
    ({"latitude": 52.5}, "longitude"),
    ({"longitude": 13.4}, "longitude"),
    ({"latitude": 91, "longitude": 0}, "latitude"),
    ({"skills": {"mixing": 7}}, "skills"),
    ({"skills": {"Mixing": 3}}, "skills"),
    ({"buffer_after_minutes": -5}, "buffer_after_minutes"),
    ({"nickname": "M"}, "nickname"),
]


async def test_invalid_creator_input_is_a_422_naming_the_field_and_writes_nothing(
    api, org_a
) -> None:
    for fields, param in INVALID_CREATORS:
        response = await api.post(
            "/v1/creators", json=creator_body("Mia", **fields), headers=org_a.headers
        )
        assert response.status_code == 422, (fields, response.text)
        assert (response.json()["code"], response.json()["param"]) == (
            "invalid_request",
            param,
        ), fields

    assert await search(api, org_a) == set()


async def test_an_invalid_change_is_a_422_naming_the_field_and_changes_nothing(api, org_a) -> None:
    """Needs the API to map a ValidationError raised by the domain to a 422 (pending)."""
    creator_id = await add_creator(api, org_a, "Mia")

    for change, param in [
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"working_hours": {"mon": [["09:00", "24:30"]]}}, "working_hours"),
        ({"currency": "EURO"}, "currency"),
        ({"skills": {"mixing": 7}}, "skills"),
        ({"latitude": 52.5}, "longitude"),
    ]:
        response = await api.patch(f"/v1/creators/{creator_id}", json=change, headers=org_a.headers)
        assert response.status_code == 422, (change, response.text)
        assert response.json()["param"] == param, change

    fetched = (await api.get(f"/v1/creators/{creator_id}", headers=org_a.headers)).json()
    assert (fetched["timezone"], fetched["currency"], fetched["skills"]) == (
        "Europe/Berlin",
        "EUR",
        {},
    )
    assert fetched["working_hours"] == ALL_DAY and fetched["latitude"] is None


# --- search -----------------------------------------------------------------------------------


async def test_search_by_skill_level_and_role(api, org_a) -> None:
    await add_creator(api, org_a, "Mia", skills={"mixing": 5}, roles=["mixing_engineer"])
    await add_creator(api, org_a, "Jon", skills={"mixing": 2}, roles=["mixing_engineer"])
    await add_creator(api, org_a, "Ava", skills={"guitar": 5}, roles=["session_musician"])

    assert await search(api, org_a, skill="mixing") == {"Mia", "Jon"}
    assert await search(api, org_a, skill="mixing", min_level=4) == {"Mia"}
    assert await search(api, org_a, skill="mixing", min_level=5) == {"Mia"}
    assert await search(api, org_a, skill="drums") == set()
    assert await search(api, org_a, role="session_musician") == {"Ava"}
    assert await search(api, org_a, role="mixing_engineer", skill="mixing", min_level=3) == {"Mia"}


async def test_search_by_utc_offset_window(api, org_a) -> None:
    await add_creator(api, org_a, "Tokyo", timezone="Asia/Tokyo")  # +9, no DST
    await add_creator(api, org_a, "Mumbai", timezone="Asia/Kolkata")  # +5:30, no DST
    await add_creator(api, org_a, "LA", timezone="America/Los_Angeles")  # -8 or -7

    assert await search(api, org_a, utc_offset_min=5, utc_offset_max=6) == {"Mumbai"}
    assert await search(api, org_a, utc_offset_min=5) == {"Mumbai", "Tokyo"}
    assert await search(api, org_a, utc_offset_max=-6) == {"LA"}


async def test_search_by_maximum_rate_only_compares_the_same_currency(api, org_a) -> None:
    await add_creator(api, org_a, "Cheap EUR", hourly_rate="60")
    await add_creator(api, org_a, "Exact EUR", hourly_rate="100")
    await add_creator(api, org_a, "Dear EUR", hourly_rate="100.01")
    await add_creator(api, org_a, "Cheap USD", hourly_rate="20", currency="USD")
    await add_creator(api, org_a, "No rate", hourly_rate=None)

    assert await search(api, org_a, max_rate="100", currency="EUR") == {"Cheap EUR", "Exact EUR"}
    assert await search(api, org_a, max_rate="100", currency="USD") == {"Cheap USD"}


async def test_search_within_a_radius_of_coordinates(api, org_a) -> None:
    await add_creator(api, org_a, "Berlin", latitude=52.52, longitude=13.405)
    await add_creator(api, org_a, "Potsdam", latitude=52.39, longitude=13.064)  # ~27 km
    await add_creator(api, org_a, "Munich", latitude=48.137, longitude=11.575)  # ~500 km
    await add_creator(api, org_a, "Nowhere")  # no coordinates

    near = {"near_lat": 52.52, "near_lon": 13.405}
    assert await search(api, org_a, **near, radius_km=10) == {"Berlin"}
    assert await search(api, org_a, **near, radius_km=50) == {"Berlin", "Potsdam"}
    assert await search(api, org_a, **near, radius_km=600) == {"Berlin", "Potsdam", "Munich"}


async def test_search_free_in_a_window_skips_creators_with_bookings_or_time_off(api, org_a) -> None:
    booked = await add_creator(api, org_a, "Booked")
    buffered = await add_creator(api, org_a, "Buffered", buffer_after_minutes=60)
    away = await add_creator(api, org_a, "Away")
    cancelled = await add_creator(api, org_a, "Cancelled")
    await add_creator(api, org_a, "Free")
    for creator_id, start, end in (
        (booked, at(13), at(15)),
        (buffered, at(11), at(13, 30)),  # its after-buffer runs to 14:30
        (cancelled, at(14), at(16)),
    ):
        response = await api.post(
            "/v1/bookings",
            json={"creator_id": creator_id, "start": start, "end": end},
            headers=org_a.headers,
        )
        assert response.status_code == 201, response.text
        if creator_id == cancelled:
            booking_id = response.json()["id"]
            await api.post(f"/v1/bookings/{booking_id}/cancel", headers=org_a.headers)
    off = await api.post(
        "/v1/time-off",
        json={"creator_id": away, "start": at(8), "end": at(14, 30), "reason": "dentist"},
        headers=org_a.headers,
    )
    assert off.status_code == 201, off.text

    afternoon = {"free_from": at(14), "free_to": at(18)}
    assert await search(api, org_a, **afternoon) == {"Free", "Cancelled"}
    evening = {"free_from": at(18), "free_to": at(20)}
    assert await search(api, org_a, **evening) == {
        "Booked",
        "Buffered",
        "Away",
        "Cancelled",
        "Free",
    }


async def test_full_text_search_over_name_and_bio(api, org_a) -> None:
    await add_creator(api, org_a, "Mia Lindqvist", bio="Analog mixing on a Neve console")
    await add_creator(api, org_a, "Jon Park", bio="Digital mastering")
    await add_creator(api, org_a, "Analog Andy", bio="Drums")

    assert await search(api, org_a, q="analog") == {"Mia Lindqvist", "Analog Andy"}
    assert await search(api, org_a, q="neve console") == {"Mia Lindqvist"}
    assert await search(api, org_a, q="lindqvist") == {"Mia Lindqvist"}
    assert await search(api, org_a, q="analog -drums") == {"Mia Lindqvist"}


async def test_incomplete_search_filters_are_refused(api, org_a) -> None:
    for params in (
        {"min_level": 3},
        {"max_rate": "100"},
        {"near_lat": 52.5, "near_lon": 13.4},
        {"free_from": "2030-06-03T10:00:00Z"},
        {"free_from": "2030-06-03T10:00:00Z", "free_to": "2030-06-03T09:00:00Z"},
        {"max_rate": "100", "currency": "EURO"},
    ):
        response = await api.get("/v1/creators", params=params, headers=org_a.headers)
        assert response.status_code == 422, (params, response.text)


# --- availability -----------------------------------------------------------------------------


async def test_availability_is_working_time_minus_bookings_buffers_and_time_off(api, org_a) -> None:
    creator_id = await add_creator(
        api,
        org_a,
        "Mia",
        timezone="UTC",
        working_hours={"mon": [["09:00", "17:00"]]},
        buffer_before_minutes=30,
        buffer_after_minutes=15,
    )
    booked = await api.post(
        "/v1/bookings",
        json={"creator_id": creator_id, "start": at(12), "end": at(13)},
        headers=org_a.headers,
    )
    assert booked.status_code == 201, booked.text
    off = await api.post(
        "/v1/time-off",
        json={"creator_id": creator_id, "start": at(15), "end": at(16)},
        headers=org_a.headers,
    )
    assert off.status_code == 201, off.text

    response = await api.get(
        f"/v1/creators/{creator_id}/availability",
        params={"from": at(0), "to": at(24)},
        headers=org_a.headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    # The booking blocks 11:30-13:15 (its buffers); a new session needs 15 min after it and
    # 30 min before itself, so nothing may start before 13:45 or end after 11:15.
    assert [(s["start"], s["end"]) for s in body["free"]] == [
        ("2030-06-03T09:00:00Z", "2030-06-03T11:15:00Z"),
        ("2030-06-03T13:45:00Z", "2030-06-03T15:00:00Z"),
        ("2030-06-03T16:00:00Z", "2030-06-03T17:00:00Z"),
    ]
    assert (body["from"], body["to"], body["timezone"]) == (
        "2030-06-03T00:00:00Z",
        "2030-06-04T00:00:00Z",
        "UTC",
    )


async def test_availability_follows_the_creators_timezone(api, org_a) -> None:
    creator_id = await add_creator(
        api, org_a, "Mia", timezone="America/New_York", working_hours={"mon": [["09:00", "17:00"]]}
    )

    response = await api.get(
        f"/v1/creators/{creator_id}/availability",
        params={"from": at(0), "to": at(24 * 7)},
        headers=org_a.headers,
    )

    assert response.status_code == 200, response.text
    assert [(s["start"], s["end"]) for s in response.json()["free"]] == [
        ("2030-06-03T13:00:00Z", "2030-06-03T21:00:00Z")
    ]


async def test_availability_window_must_be_ordered_and_bounded(api, org_a) -> None:
    creator_id = await add_creator(api, org_a, "Mia")
    url = f"/v1/creators/{creator_id}/availability"

    backwards = await api.get(url, params={"from": at(10), "to": at(9)}, headers=org_a.headers)
    too_long = await api.get(url, params={"from": at(0), "to": at(24 * 63)}, headers=org_a.headers)
    naive = await api.get(
        url, params={"from": "2030-06-03T00:00:00", "to": at(9)}, headers=org_a.headers
    )

    assert_invalid(backwards, "to")
    assert_invalid(too_long, "to")
    assert_invalid(naive, "from")


# --- rooms and clients ------------------------------------------------------------------------


async def test_rooms_are_created_listed_changed_and_removed(api, org_a, org_b) -> None:
    created = await api.post(
        "/v1/rooms",
        json={
            "name": "Studio A",
            "kind": "studio",
            "capacity": 6,
            "timezone": "Europe/Berlin",
            "currency": "EUR",
            "hourly_rate": "45",
            "working_hours": ALL_DAY,
        },
        headers=org_a.headers,
    )
    assert created.status_code == 201, created.text
    room = created.json()
    assert (room["kind"], room["capacity"], room["hourly_rate"]) == ("studio", 6, "45.00")

    changed = await api.patch(
        f"/v1/rooms/{room['id']}", json={"capacity": 8}, headers=org_a.headers
    )
    assert changed.status_code == 200 and changed.json()["capacity"] == 8
    listed = await api.get("/v1/rooms", params={"kind": "studio"}, headers=org_a.headers)
    assert [r["id"] for r in listed.json()["data"]] == [room["id"]]
    assert (await api.get("/v1/rooms", params={"kind": "equipment"}, headers=org_a.headers)).json()[
        "data"
    ] == []
    assert (await api.get(f"/v1/rooms/{room['id']}", headers=org_b.headers)).status_code == 404

    bad = await api.post(
        "/v1/rooms",
        json={"name": "B", "kind": "closet", "timezone": "UTC", "currency": "EUR"},
        headers=org_a.headers,
    )
    assert_invalid(bad, "kind")

    assert (await api.delete(f"/v1/rooms/{room['id']}", headers=org_a.headers)).status_code == 204
    assert (await api.get(f"/v1/rooms/{room['id']}", headers=org_a.headers)).status_code == 404


async def test_clients_are_created_searched_changed_and_removed(api, org_a) -> None:
    created = await api.post(
        "/v1/clients",
        json={"name": "Sunset Films", "email": "ops@sunset.example", "domain": "sunset.example"},
        headers=org_a.headers,
    )
    assert created.status_code == 201, created.text
    client = created.json()
    await api.post("/v1/clients", json={"name": "Other Co"}, headers=org_a.headers)

    found = await api.get("/v1/clients", params={"q": "sunset"}, headers=org_a.headers)
    assert [c["name"] for c in found.json()["data"]] == ["Sunset Films"]

    changed = await api.patch(
        f"/v1/clients/{client['id']}", json={"notes": "pays on time"}, headers=org_a.headers
    )
    assert changed.status_code == 200 and changed.json()["notes"] == "pays on time"

    bad = await api.post(
        "/v1/clients", json={"name": "X", "domain": "not a domain"}, headers=org_a.headers
    )
    assert_invalid(bad, "domain")

    assert (
        await api.delete(f"/v1/clients/{client['id']}", headers=org_a.headers)
    ).status_code == 204
    remaining = await api.get("/v1/clients", headers=org_a.headers)
    assert [c["name"] for c in remaining.json()["data"]] == ["Other Co"]


# --- time off ---------------------------------------------------------------------------------


async def test_time_off_is_added_listed_and_removed(api, org_a) -> None:
    mia = await add_creator(api, org_a, "Mia")
    jon = await add_creator(api, org_a, "Jon")

    created = await api.post(
        "/v1/time-off",
        json={"creator_id": mia, "start": at(9), "end": at(17), "reason": "holiday"},
        headers=org_a.headers,
    )
    assert created.status_code == 201, created.text
    entry = created.json()
    assert (entry["creator_id"], entry["start"], entry["end"], entry["reason"]) == (
        mia,
        "2030-06-03T09:00:00Z",
        "2030-06-03T17:00:00Z",
        "holiday",
    )
    await api.post(
        "/v1/time-off",
        json={"creator_id": jon, "start": at(9), "end": at(10)},
        headers=org_a.headers,
    )

    mine = await api.get("/v1/time-off", params={"creator_id": mia}, headers=org_a.headers)
    assert [t["id"] for t in mine.json()["data"]] == [entry["id"]]

    removed = await api.delete(f"/v1/time-off/{entry['id']}", headers=org_a.headers)
    assert removed.status_code == 204
    mine = await api.get("/v1/time-off", params={"creator_id": mia}, headers=org_a.headers)
    assert mine.json()["data"] == []


async def test_invalid_time_off_is_refused(api, org_a, org_b) -> None:
    mia = await add_creator(api, org_a, "Mia")
    theirs = await add_creator(api, org_b, "Theirs")

    backwards = await api.post(
        "/v1/time-off",
        json={"creator_id": mia, "start": at(17), "end": at(9)},
        headers=org_a.headers,
    )
    no_owner = await api.post(
        "/v1/time-off", json={"start": at(9), "end": at(17)}, headers=org_a.headers
    )
    other_org = await api.post(
        "/v1/time-off",
        json={"creator_id": theirs, "start": at(9), "end": at(17)},
        headers=org_a.headers,
    )

    assert_invalid(backwards, "end")
    assert_invalid(no_owner, "creator_id")
    assert other_org.status_code == 404 and other_org.json()["param"] == "creator_id"
    listed = await api.get("/v1/time-off", headers=org_a.headers)
    assert listed.json()["data"] == []
