"""Quotas by plan: each refuses exactly at its limit when one organization's requests race,
says why (409 ``quota_exceeded`` with the quota, limit, usage and plan), leaves nothing
half-written, leaves other organizations alone, follows an operator's override, and frees
its places when things end."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.bulk import batches as bulk_batches
from domain.bulk import settlement as bulk_settlement
from domain.errors import InvalidRequest
from domain.tenancy.quotas import set_override
from tests.support.bulk import creator, day, fixed

OPERATOR = Actor(type="system", id="test:operator")
REPO_ROOT = Path(__file__).resolve().parents[2]


async def override(sessionmaker, org, quota: str, limit: int | None) -> int | None:
    return await set_override(
        sessionmaker, organization_id=org.id, quota=quota, limit=limit, actor=OPERATOR
    )


def scalar(owner_conninfo: str, sql: str, *params: object) -> int:
    with psycopg.connect(owner_conninfo) as conn:
        return int(conn.execute(sql, params).fetchone()[0])  # type: ignore[index]


def assert_quota_refusal(response, *, quota: str, limit: int, usage: int, plan: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["code"], body["quota"], body["limit"], body["usage"], body["plan"]) == (
        "quota_exceeded", quota, limit, usage, plan,
    ), body  # fmt: skip


# --- webhook endpoints --------------------------------------------------------------------


@pytest.fixture
async def local_api(app_factory, clean_db):
    """An API that accepts webhook endpoints on this machine."""
    return await app_factory(outbound_allow_private_networks=True)


async def create_endpoint(api, org, n: int):
    return await api.post(
        "/v1/webhook-endpoints",
        headers=org.headers,
        json={"url": f"http://127.0.0.1:9/hook/{n}", "event_types": ["booking.created"]},
    )


async def test_ten_concurrent_endpoint_creations_with_two_slots_left_admit_two(
    local_api, org_a, org_b, sessionmaker, owner_conninfo
):
    assert await override(sessionmaker, org_a, "webhook_endpoints", 5) == 5
    for n in range(3):
        assert (await create_endpoint(local_api, org_a, n)).status_code == 201

    racing = await asyncio.gather(*(create_endpoint(local_api, org_a, 10 + n) for n in range(10)))

    assert sorted(r.status_code for r in racing) == [201] * 2 + [409] * 8
    for refused in (r for r in racing if r.status_code == 409):
        assert_quota_refusal(
            refused, quota="webhook_endpoints", limit=5, usage=5, plan="label_enterprise"
        )
    sql = "SELECT count(*) FROM webhook_endpoints WHERE organization_id = %s"
    assert scalar(owner_conninfo, sql, org_a.id) == 5
    # Another organization counts its own, at its own plan's limit (studio_pro: 5).
    other = await asyncio.gather(*(create_endpoint(local_api, org_b, n) for n in range(7)))
    assert sorted(r.status_code for r in other) == [201] * 5 + [409] * 2
    # Deleting one frees its slot.
    listed = await local_api.get("/v1/webhook-endpoints", headers=org_a.headers)
    path = f"/v1/webhook-endpoints/{listed.json()['data'][0]['id']}"
    assert (await local_api.delete(path, headers=org_a.headers)).status_code == 204
    assert (await create_endpoint(local_api, org_a, 99)).status_code == 201


async def test_an_override_replaces_the_plan_limit_and_clearing_it_restores_the_plan(
    local_api, org_b, sessionmaker
):
    assert await override(sessionmaker, org_b, "webhook_endpoints", 1) == 1
    assert (await create_endpoint(local_api, org_b, 0)).status_code == 201
    assert_quota_refusal(
        await create_endpoint(local_api, org_b, 1),
        quota="webhook_endpoints",
        limit=1,
        usage=1,
        plan="studio_pro",
    )

    assert await override(sessionmaker, org_b, "webhook_endpoints", None) == 5
    assert (await create_endpoint(local_api, org_b, 1)).status_code == 201
    with pytest.raises(InvalidRequest):
        await override(sessionmaker, org_b, "endpoints", 3)


# --- seats --------------------------------------------------------------------------------


async def add_member(api, org, n: int):
    return await api.post(
        "/v1/members",
        headers=org.headers,
        json={"email": f"person{n}@example.com", "name": f"Person {n}", "role": "viewer"},
    )


async def test_seats_admit_exactly_the_limit_and_a_disabled_member_frees_a_seat(
    api, org_a, org_b, sessionmaker, owner_conninfo
):
    await override(sessionmaker, org_a, "seats", 3)  # the owner holds one

    racing = await asyncio.gather(*(add_member(api, org_a, n) for n in range(10)))

    assert sorted(r.status_code for r in racing) == [201] * 2 + [409] * 8
    refused = next(r for r in racing if r.status_code == 409)
    assert_quota_refusal(refused, quota="seats", limit=3, usage=3, plan="label_enterprise")
    sql = "SELECT count(*) FROM members WHERE organization_id = %s"
    assert scalar(owner_conninfo, sql, org_a.id) == 3
    assert (await add_member(api, org_b, 1)).status_code == 201

    member = next(r.json() for r in racing if r.status_code == 201)
    path = f"/v1/members/{member['id']}"
    r = await api.patch(path, json={"status": "disabled"}, headers=org_a.headers)
    assert r.status_code == 200, r.text
    assert (await add_member(api, org_a, 50)).status_code == 201
    # Enabling the disabled member again needs a seat, and there is none.
    again = await api.patch(path, json={"status": "active"}, headers=org_a.headers)
    assert_quota_refusal(again, quota="seats", limit=3, usage=3, plan="label_enterprise")


# --- bulk bookings ------------------------------------------------------------------------


@pytest.fixture
async def pat(api, org_a) -> str:
    return await creator(api, org_a, "Pat", skills={"mixing": 4})


async def submit(api, org, creator_id: str, sessions: int, offset: int = 0):
    return await api.post(
        "/v1/bulk-bookings",
        headers=org.headers,
        json={"sessions": [fixed(creator_id, day(3 + offset + i, 10)) for i in range(sessions)]},
    )


def bulk_rows(owner_conninfo: str, org_id: str) -> tuple[int, int, int]:
    """(batches, items, bookings) of one organization."""
    return tuple(  # type: ignore[return-value]
        scalar(owner_conninfo, f"SELECT count(*) FROM {table} WHERE organization_id = %s", org_id)
        for table in ("bulk_bookings", "bulk_booking_items", "bookings")
    )


async def test_concurrent_batches_stop_at_the_limit_leave_nothing_behind_and_free_on_finish(
    api, org_a, org_b, pat, sessionmaker, owner_conninfo
):
    await override(sessionmaker, org_a, "bulk_concurrent_batches", 2)

    racing = await asyncio.gather(*(submit(api, org_a, pat, 3, offset=i * 5) for i in range(6)))

    assert sorted(r.status_code for r in racing) == [201] * 2 + [409] * 4
    refused = next(r for r in racing if r.status_code == 409)
    assert_quota_refusal(
        refused, quota="bulk_concurrent_batches", limit=2, usage=2, plan="label_enterprise"
    )
    # The refused batches wrote nothing: no batch, no item, no hold, no audit record.
    assert bulk_rows(owner_conninfo, org_a.id) == (2, 6, 0)
    sql = (
        "SELECT count(*) FROM audit_events"
        " WHERE action = 'bulk_booking.created' AND organization_id = %s"
    )
    assert scalar(owner_conninfo, sql, org_a.id) == 2
    bob = await creator(api, org_b, "Bob", skills={"mixing": 4})
    assert (await submit(api, org_b, bob, 2)).status_code == 201

    first, second = (r.json()["id"] for r in racing if r.status_code == 201)
    # A cancelled batch frees its place...
    cancelled = await api.post(f"/v1/bulk-bookings/{first}/cancel", headers=org_a.headers, json={})
    assert cancelled.status_code == 200, cancelled.text
    third = await submit(api, org_a, pat, 1, offset=40)
    assert third.status_code == 201, third.text
    assert (await submit(api, org_a, pat, 1, offset=41)).status_code == 409
    # ...and so does one the saga finished (failed here).
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        batch = await bulk_batches.get_batch(session, second)
        await bulk_settlement.finish(
            session, batch, status="failed", reason="test", now=datetime.now(UTC), actor=OPERATOR
        )
    assert (await submit(api, org_a, pat, 1, offset=42)).status_code == 201


async def test_bulk_sessions_a_day_count_the_organization_local_day(
    api, org_a, pat, sessionmaker, owner_conninfo
):
    await override(sessionmaker, org_a, "bulk_sessions_per_day", 10)
    first = await submit(api, org_a, pat, 6)
    assert first.status_code == 201, first.text

    too_many = await submit(api, org_a, pat, 5, offset=10)
    assert_quota_refusal(
        too_many, quota="bulk_sessions_per_day", limit=10, usage=6, plan="label_enterprise"
    )
    assert too_many.json()["requested"] == 5
    assert bulk_rows(owner_conninfo, org_a.id)[:2] == (1, 6)
    assert (await submit(api, org_a, pat, 4, offset=10)).status_code == 201
    assert (await submit(api, org_a, pat, 1, offset=20)).status_code == 409

    # Far east of UTC, the organization's day began at its own midnight: a batch accepted
    # just before it belongs to yesterday and no longer counts.
    r = await api.patch(
        "/v1/communication-settings", json={"timezone": "Pacific/Kiritimati"}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    local_midnight = (
        datetime.now(UTC)
        .astimezone(ZoneInfo("Pacific/Kiritimati"))
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        conn.execute(
            "UPDATE bulk_bookings SET created_at = %s WHERE id = %s",
            (local_midnight - timedelta(minutes=1), first.json()["id"]),
        )
    assert (await submit(api, org_a, pat, 6, offset=20)).status_code == 201
    assert (await submit(api, org_a, pat, 1, offset=30)).status_code == 409


# --- the operator's command -----------------------------------------------------------------


def set_quota_cli(database_url: str, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    settings_vars = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in settings_vars}
    return subprocess.run(
        [sys.executable, "-m", "cli", "org", "set-quota", *argv],
        cwd=cwd,  # no developer .env can leak in
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_the_operator_sets_and_clears_an_override_from_the_command_line(
    api, org_b, database_url, tmp_path, owner_conninfo
):
    raised = await asyncio.to_thread(set_quota_cli, database_url, tmp_path, org_b.id, "seats", "2")
    assert raised.returncode == 0, raised.stderr
    assert "seats: 2 (override)" in raised.stdout
    assert (await add_member(api, org_b, 1)).status_code == 201
    assert_quota_refusal(
        await add_member(api, org_b, 2), quota="seats", limit=2, usage=2, plan="studio_pro"
    )

    cleared = await asyncio.to_thread(
        set_quota_cli, database_url, tmp_path, org_b.id, "seats", "plan"
    )
    assert cleared.returncode == 0, cleared.stderr
    assert "seats: 10 (the plan's)" in cleared.stdout
    assert (await add_member(api, org_b, 2)).status_code == 201
    sql = "SELECT count(*) FROM audit_events WHERE action = 'organization.quota_changed'"
    assert scalar(owner_conninfo, sql) == 2

    for bad in (["seats", "-1"], ["seats", "many"], ["members", "3"]):
        refused = await asyncio.to_thread(set_quota_cli, database_url, tmp_path, org_b.id, *bad)
        assert refused.returncode == 2, (bad, refused.stdout)
