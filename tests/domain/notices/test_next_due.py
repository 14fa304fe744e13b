"""The dispatcher's next wake-up is computed in the database: the earliest chaser of every
waiting approval, whatever their number, equal to the chasers' own cycle arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from core.db import tenant_session
from domain.notices.chasers import _cycle
from domain.notices.lifecycle import next_due
from domain.notices.settings import get_settings
from tests.support.approvals import book, create_creator, create_policy


async def test_the_next_chaser_is_the_earliest_over_every_waiting_approval(
    api, org_a, sessionmaker, owner_conninfo
):
    await api.post(
        "/v1/members",
        headers=org_a.headers,
        json={"email": "m@northstar.example", "name": "M", "role": "manager"},
    )
    await create_policy(api, org_a, steps=[{"name": "m", "approvers": [{"role": "manager"}]}])
    creator = await create_creator(api, org_a)
    for day in range(40, 45):
        assert (await book(api, org_a, creator, hours=1, day=day))["status"] == "pending_approval"
    now = datetime(2031, 5, 1, 12, 0, tzinfo=UTC)
    created = [now - timedelta(hours=h, minutes=7 * h) for h in (1, 30, 49, 100, 3)]
    with psycopg.connect(owner_conninfo) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM approval_requests ORDER BY id")]
        for request_id, at in zip(ids, created, strict=True):
            conn.execute(
                "UPDATE approval_requests SET created_at = %s WHERE id = %s", (at, request_id)
            )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        settings = await get_settings(session, org_a.id)
        due = await next_due(session, settings, now)
    every = timedelta(hours=settings.chaser_every_hours)
    chasers = [since + (_cycle(since, every, now) + 1) * every for since in created]
    assert due is not None and due <= min(chasers)
    # Nothing else of this organization is due earlier than its first chaser but bookings'
    # reminders, which lie days ahead of ``now`` here.
    assert due == min(chasers)
