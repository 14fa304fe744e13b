"""Helpers for bulk-booking tests: a roster of creators and rooms, session requests, polling."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.approvals import WEEK

FINAL = ("confirmed", "failed", "rejected", "cancelled")


def day(offset: int, hour: int = 10) -> datetime:
    """``offset`` days from today at ``hour`` UTC (on the hour)."""
    base = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return base + timedelta(days=offset, hours=hour)


async def book(api: Any, org: Any, creator_id: str, start: datetime, end: datetime) -> Any:
    """``POST /v1/bookings`` of a confirmed session of ``creator_id``: the answer."""
    return await api.post(
        "/v1/bookings",
        headers=org.headers,
        json={
            "creator_id": creator_id,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "status": "confirmed",
        },
    )


async def creator(
    api: Any,
    org: Any,
    name: str,
    *,
    rate: str = "60",
    currency: str = "USD",
    timezone: str = "Europe/Berlin",
    skills: dict[str, int] | None = None,
    tags: list[str] | None = None,
    hours: dict[str, Any] | None = None,
) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": name,
            "timezone": timezone,
            "currency": currency,
            "hourly_rate": rate,
            "working_hours": hours or WEEK,
            "skills": skills or {},
            "tags": tags or [],
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def room(api: Any, org: Any, name: str, *, rate: str = "20", currency: str = "USD") -> str:
    r = await api.post(
        "/v1/rooms",
        headers=org.headers,
        json={
            "name": name,
            "timezone": "UTC",
            "currency": currency,
            "hourly_rate": rate,
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def fixed(creator_id: str, start: datetime, minutes: int = 120, **extra: Any) -> dict[str, Any]:
    return {
        "creator_id": creator_id,
        "start": start.isoformat(),
        "duration_minutes": minutes,
        **extra,
    }


def open_session(
    skill: str, window_from: datetime, days: int = 10, minutes: int = 120, **extra: Any
) -> dict[str, Any]:
    return {
        "skills": [{"skill": skill, "min_level": extra.pop("min_level", 1)}],
        "duration_minutes": minutes,
        "window_start": window_from.isoformat(),
        "window_end": (window_from + timedelta(days=days)).isoformat(),
        **extra,
    }


async def wait_for(
    api: Any, org: Any, batch_id: str, statuses: tuple[str, ...], timeout: float = 60
) -> dict[str, Any]:
    """Poll the read model until the batch reaches one of ``statuses``."""
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        r = await api.get(f"/v1/bulk-bookings/{batch_id}?items_limit=0", headers=org.headers)
        assert r.status_code == 200, r.text
        last = r.json()
        if last["status"] in statuses:
            return last
        await asyncio.sleep(0.1)
    raise AssertionError(f"batch {batch_id} stayed {last.get('status')}: {last}")


async def batch_bookings(api: Any, org: Any, batch_id: str) -> list[dict[str, Any]]:
    """Every booking of the batch, through the ordinary bookings API."""
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"batch_id": batch_id, "limit": 100}
        if cursor:
            params["starting_after"] = cursor
        r = await api.get("/v1/bookings", headers=org.headers, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        out.extend(page["data"])
        if not page["has_more"]:
            return out
        cursor = page["data"][-1]["id"]


async def all_items(api: Any, org: Any, batch_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after: int | None = None
    while True:
        params: dict[str, Any] = {"limit": 1000}
        if after is not None:
            params["starting_after"] = after
        r = await api.get(f"/v1/bulk-bookings/{batch_id}/items", headers=org.headers, params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        out.extend(page["data"])
        if not page["has_more"]:
            return out
        after = page["data"][-1]["index"]


async def bulk_policy(api, org, approver_id: str, **conditions) -> str:
    r = await api.post(
        "/v1/approval-policies",
        headers=org.headers,
        json={
            "name": f"bulk-{uuid.uuid4().hex[:6]}",
            "subject_type": "bulk_booking",
            "conditions": conditions,
            "steps": [{"name": "label manager", "approvers": [{"member_id": approver_id}]}],
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])
