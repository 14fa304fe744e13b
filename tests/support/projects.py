"""Helpers for project tests: milestone sessions on the test server's clock, waiting for a
milestone to be booked, and completing a session that "happened"."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import psycopg


def sql(owner_conninfo: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        cur = conn.execute(query, args)
        return cur.fetchall() if cur.description else []


async def eventually(check: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    for _ in range(int(timeout / 0.1)):
        value = check()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def server_day(env, days: int, hour: int = 10) -> datetime:
    """``hour``:00 UTC, ``days`` days after the test server's current date."""
    now = await env.get_current_time()
    return now.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def session(creator_id: str, start: datetime, hours: int) -> dict[str, Any]:
    return {"creator_id": creator_id, "start": start.isoformat(), "duration_minutes": hours * 60}


async def milestones(api, org, project_id: str) -> dict[str, dict[str, Any]]:
    r = await api.get(f"/v1/projects/{project_id}", headers=org.headers)
    return {m["key"]: m for m in r.json()["milestones"]}


async def booked(api, org, project_id: str, key: str) -> str:
    async def check() -> str | None:
        m = (await milestones(api, org, project_id))[key]
        return m["sessions"][0]["booking_id"] if m["status"] == "booked" else None

    for _ in range(300):
        booking_id = await check()
        if booking_id:
            return booking_id
        await asyncio.sleep(0.1)
    raise AssertionError(f"{key} was not booked")


async def complete(api, org, owner_conninfo: str, booking_id: str, days_ago: int) -> None:
    """Let the session have happened (wall clock), then complete it through the API."""
    sql(
        owner_conninfo,
        "UPDATE bookings SET period = tstzrange(now() - make_interval(days => %s, hours => 3),"
        " now() - make_interval(days => %s, hours => 1)), creator_block = tstzrange("
        "now() - make_interval(days => %s, hours => 3), now() - make_interval(days => %s,"
        " hours => 1)) WHERE id = %s",
        days_ago,
        days_ago,
        days_ago,
        days_ago,
        booking_id,
    )
    r = await api.post(f"/v1/bookings/{booking_id}/complete", headers=org.headers)
    assert r.status_code == 200, r.text
