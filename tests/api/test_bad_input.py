"""Ordinary bad input is a 422 that names what is wrong, never a 500.

A penetration test sent what any client may send by mistake: a NUL character (PostgreSQL
cannot store one in text), more decimals than a currency has, dates at the edge of the
calendar (year 9999, year 1), and values an OpenAPI fuzzer derives from the schema. Each is
refused before it reaches the database, with a problem document naming the field, and
nothing is stored.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.dashboard import member_with_password, sign_in
from tests.support.roster import add_creator


def assert_invalid(response: httpx.Response, param: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["param"] == param, body
    return body


def assert_invalid_page(response: httpx.Response, field: str) -> None:
    """The dashboard answers a browser with a page that names the field."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f"{field}: " in response.text


async def artist_names(api: httpx.AsyncClient, org: Any) -> list[str]:
    r = await api.get("/v1/artists", headers=org.headers)
    assert r.status_code == 200, r.text
    return [a["name"] for a in r.json()["data"]]


# --- NUL characters ---------------------------------------------------------------------------


async def test_a_nul_in_a_query_parameter_is_refused_naming_it(api, org_a) -> None:
    r = await api.get("/v1/creators", params={"q": "a\x00b"}, headers=org_a.headers)

    body = assert_invalid(r, "q")
    assert body["code"] == "invalid_request"
    assert "NUL" in body["detail"]


async def test_a_nul_in_a_json_string_is_refused_naming_the_field(api, org_a) -> None:
    top = await api.post("/v1/artists", json={"name": "a\x00b"}, headers=org_a.headers)
    nested = await api.post(
        "/v1/artists", json={"name": "Ok", "tags": ["fine", "b\x00d"]}, headers=org_a.headers
    )
    in_a_key = await api.post(
        "/v1/creators",
        json={"name": "Pat", "timezone": "UTC", "skills": {"mix\x00ing": 3}},
        headers=org_a.headers,
    )
    in_bulk = await api.post(
        "/v1/artists/bulk", json={"artists": [{"name": "x\x00"}]}, headers=org_a.headers
    )

    assert_invalid(top, "name")
    assert_invalid(nested, "tags.1")
    assert_invalid(in_a_key, "skills")
    assert_invalid(in_bulk, "artists.0.name")
    assert await artist_names(api, org_a) == []


async def test_a_nul_in_a_form_field_is_refused_naming_it(api, org_a, sessionmaker) -> None:
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")

    r = await sign_in(api, "owner\x00@northstar.example")

    assert_invalid_page(r, "email")


# --- money ------------------------------------------------------------------------------------


async def test_a_price_with_more_decimals_than_its_currency_is_refused(api, org_a) -> None:
    creator = await add_creator(api, org_a, "Pat")
    r = await api.post(
        "/v1/bookings",
        json={
            "creator_id": creator,
            "start": "2030-06-03T10:00:00Z",
            "end": "2030-06-03T12:00:00Z",
            "price": "1.001",
            "currency": "EUR",
        },
        headers=org_a.headers,
    )

    body = assert_invalid(r, "price")
    assert "2 decimals" in body["detail"]
    listed = await api.get("/v1/bookings", headers=org_a.headers)
    assert listed.json()["data"] == []


# --- the edges of the calendar ----------------------------------------------------------------


async def test_a_booking_beyond_the_horizon_is_refused(api, org_a) -> None:
    creator = await add_creator(api, org_a, "Pat")

    async def book(start: str, end: str) -> httpx.Response:
        body = {"creator_id": creator, "start": start, "end": end}
        return await api.post("/v1/bookings", json=body, headers=org_a.headers)

    at_the_end = await book("9999-12-31T20:00:00Z", "9999-12-31T23:59:59Z")
    in_twenty_years = await book("2047-01-07T10:00:00Z", "2047-01-07T12:00:00Z")

    assert_invalid(at_the_end, "start")
    assert assert_invalid(in_twenty_years, "start")["code"] == "beyond_booking_horizon"
    listed = await api.get("/v1/bookings", headers=org_a.headers)
    assert listed.json()["data"] == []


async def test_availability_at_the_end_of_the_calendar_is_refused(api, org_a) -> None:
    creator = await add_creator(api, org_a, "Pat")

    r = await api.get(
        f"/v1/creators/{creator}/availability",
        params={"from": "9999-12-30T00:00:00Z", "to": "9999-12-31T23:59:59Z"},
        headers=org_a.headers,
    )

    assert_invalid(r, "from")


async def test_a_forecast_past_the_end_of_the_calendar_is_refused(api, org_a) -> None:
    r = await api.get(
        "/v1/analytics/forecast",
        params={"until": "9999-12-01", "months": 36},
        headers=org_a.headers,
    )

    assert_invalid(r, "until")


@pytest.mark.parametrize("week", ["9999-12-27", "9999-12-31", "0001-01-01"])
async def test_a_calendar_week_at_the_edge_of_the_calendar_is_refused(
    api, org_a, sessionmaker, week
) -> None:
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    assert (await sign_in(api, "owner@northstar.example")).status_code == 303

    r = await api.get("/dashboard/calendar", params={"week": week})

    assert_invalid_page(r, "week")


# --- found by an OpenAPI fuzzer ---------------------------------------------------------------


async def test_a_time_filter_must_be_an_iso_timestamp(api, org_a) -> None:
    # "0.5" would otherwise be read as seconds since 1970.
    r = await api.get("/v1/bookings", params={"to": "0.5"}, headers=org_a.headers)

    assert_invalid(r, "to")


async def test_an_unknown_reporting_currency_is_refused(api, org_a) -> None:
    r = await api.put(
        "/v1/exchange-rates",
        json={"rates": [], "reporting_currency": "000"},
        headers=org_a.headers,
    )

    assert_invalid(r, "reporting_currency")
    rates = await api.get("/v1/exchange-rates", headers=org_a.headers)
    assert rates.json()["reporting_currency"] != "000"


async def test_a_time_filter_that_ends_before_it_starts_is_refused(api, org_a) -> None:
    r = await api.get(
        "/v1/bookings",
        params={"from": "2026-12-02T08:07:51Z", "to": "2026-12-02T08:07:44Z"},
        headers=org_a.headers,
    )

    assert_invalid(r, "to")
