"""Secret iCalendar feeds: what a calendar app subscribed to the URL receives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy.access import create_api_key
from domain.tenancy.permissions import ALL_PERMISSIONS

WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


async def _creator(api, tenant, name):
    r = await api.post(
        "/v1/creators",
        headers=tenant.headers,
        json={
            "name": name,
            "timezone": "UTC",
            "currency": "EUR",
            "hourly_rate": "50",
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _book(api, tenant, creator, day, title):
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=day)
    r = await api.post(
        "/v1/bookings",
        headers=tenant.headers,
        json={
            "creator_id": creator,
            "start": start.isoformat(),
            "title": title,
            "end": (start + timedelta(hours=2)).isoformat(),
            "status": "confirmed",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def _uids(body: str) -> dict[str, icalendar.Event]:
    return {
        str(e["UID"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }


async def test_creator_and_organization_feeds(api, org_a, org_b):
    mia = await _creator(api, org_a, "Mia")
    ned = await _creator(api, org_a, "Ned")
    other = await _creator(api, org_b, "Bea")
    b1 = await _book(api, org_a, mia, 3, "Tracking, day 1")
    b2 = await _book(api, org_a, ned, 4, "Overdubs")
    held = await api.post(
        "/v1/bookings",
        headers=org_a.headers,
        json={
            "creator_id": mia,
            "title": "Maybe",
            "start": (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0).isoformat(),
            "end": (datetime.now(UTC) + timedelta(days=5, hours=1))
            .replace(microsecond=0)
            .isoformat(),
        },
    )
    foreign = await _book(api, org_b, other, 3, "Not yours")

    r = await api.post("/v1/calendar-feeds", headers=org_a.headers, json={"creator_id": mia})
    assert r.status_code == 201, r.text
    url = r.json()["url"]
    assert "/calendars/" in url and url.endswith(".ics")
    feed = await api.get(url)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    events = _uids(feed.text)
    assert set(events) == {b1["id"], held.json()["id"]}
    assert str(events[b1["id"]]["SUMMARY"]) == "Tracking, day 1"
    assert str(events[held.json()["id"]]["STATUS"]) == "TENTATIVE"

    r = await api.post("/v1/calendar-feeds", headers=org_a.headers, json={})
    org_feed = _uids((await api.get(r.json()["url"])).text)
    assert {b1["id"], b2["id"]} <= set(org_feed) and foreign["id"] not in org_feed

    # the list never shows URLs; a revoked feed is gone
    listed = await api.get("/v1/calendar-feeds", headers=org_a.headers)
    assert "url" not in listed.json()["data"][0]
    feed_id = r.json()["id"]
    assert (
        await api.post(f"/v1/calendar-feeds/{feed_id}/revoke", headers=org_a.headers)
    ).status_code == 200
    assert (await api.get(r.json()["url"])).status_code == 404


async def test_unknown_tokens_and_other_organizations(api, org_a, org_b):
    assert (await api.get("/calendars/nope.ics")).status_code == 404
    assert (await api.get("/calendars/" + "A" * 43 + ".ics")).status_code == 404
    other = await _creator(api, org_b, "Bea")
    r = await api.post("/v1/calendar-feeds", headers=org_a.headers, json={"creator_id": other})
    assert r.status_code == 404 and r.json()["param"] == "creator_id"


async def _key(api, tenant, *permissions: str) -> dict[str, str]:
    r = await api.post(
        "/v1/api-keys",
        headers=tenant.headers,
        json={"name": "calendar", "permissions": list(permissions)},
    )
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['secret']}", "X-Key-Id": r.json()["id"]}


async def test_managing_feeds_needs_calendar_feeds_write(api, org_a):
    """A feed URL is a credential that reads bookings for as long as it lives: reading bookings
    is not enough to mint or revoke one."""
    owners = await api.post("/v1/calendar-feeds", headers=org_a.headers, json={})
    assert owners.status_code == 201, owners.text
    reader = await _key(api, org_a, "bookings:read")
    listing = (await api.get("/v1/calendar-feeds", headers=org_a.headers)).json()

    r = await api.post("/v1/calendar-feeds", headers=reader, json={})
    assert r.status_code == 403, r.text
    assert (r.json()["code"], r.json()["missing_permission"]) == (
        "missing_permission",
        "calendar_feeds:write",
    )
    r = await api.post(f"/v1/calendar-feeds/{owners.json()['id']}/revoke", headers=reader)
    assert r.status_code == 403 and r.json()["missing_permission"] == "calendar_feeds:write"

    # Managing feeds without reading bookings would mint a URL for what the caller cannot see.
    blind = await _key(api, org_a, "calendar_feeds:write")
    r = await api.post("/v1/calendar-feeds", headers=blind, json={})
    assert r.status_code == 403 and r.json()["missing_permission"] == "bookings:read", r.text

    assert (await api.get("/v1/calendar-feeds", headers=org_a.headers)).json() == listing
    assert (await api.get(owners.json()["url"])).status_code == 200


async def test_a_feed_ends_with_the_key_that_made_it(api, org_a):
    mia = await _creator(api, org_a, "Mia")
    key = await _key(api, org_a, "calendar_feeds:write", "bookings:read")
    made = await api.post("/v1/calendar-feeds", headers=key, json={"creator_id": mia})
    assert made.status_code == 201, made.text
    assert made.json()["api_key_id"] == key["X-Key-Id"]
    assert (await api.get(made.json()["url"])).status_code == 200

    r = await api.post(f"/v1/api-keys/{key['X-Key-Id']}/revoke", headers=org_a.headers)
    assert r.status_code == 200, r.text
    assert (await api.get(made.json()["url"])).status_code == 404


async def test_a_disabled_members_feeds_serve_nothing(api, org_a, sessionmaker):
    ana = await api.post(
        "/v1/members",
        headers=org_a.headers,
        json={"email": "ana@northstar.example", "name": "Ana", "role": "coordinator"},
    )
    ana_id = ana.json()["id"]
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        _key_row, raw = await create_api_key(
            session,
            organization_id=org_a.id,
            name="ana's calendar",
            mode="live",
            permissions=["calendar_feeds:write", "bookings:read"],
            granted_by=ALL_PERMISSIONS,
            created_by=ana_id,
            expires_at=None,
            actor=Actor.system("test"),
        )
    made = await api.post("/v1/calendar-feeds", headers={"Authorization": f"Bearer {raw}"}, json={})
    assert made.status_code == 201, made.text
    for status, served in (("disabled", 404), ("active", 200)):
        r = await api.patch(f"/v1/members/{ana_id}", json={"status": status}, headers=org_a.headers)
        assert r.status_code == 200, r.text
        assert (await api.get(made.json()["url"])).status_code == served, status
