"""Secret iCalendar feeds: what a calendar app subscribed to the URL receives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

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
