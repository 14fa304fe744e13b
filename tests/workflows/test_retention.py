"""Retention in skipped time: ``RetentionWorkflow`` on a real worker and the time-skipping
server deletes exactly what is past the organization's periods, keeps the rest (and what money
depends on), leaves another organization untouched, and reports what it removed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.harness import Tenant
from tests.support.histories import keep
from worker import build_worker
from workflows.privacy_types import RetentionInput
from workflows.retention import RetentionWorkflow

pytestmark = pytest.mark.asyncio
SKIP = timedelta(days=5)


@pytest.fixture
async def retention_stack(
    time_skipping_env: WorkflowEnvironment, engine, app_factory
) -> AsyncIterator[tuple[httpx.AsyncClient, WorkflowEnvironment, str]]:
    queue = f"retention-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    async with build_worker(time_skipping_env.client, engine, task_queue=queue, identity="t"):
        yield api, time_skipping_env, queue


def sql(conninfo: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo) as conn:
        cursor = conn.execute(query, args)
        return cursor.fetchall() if cursor.description else []


async def create(api: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> str:
    r = await api.post(path, json=body, headers=tenant.headers)
    assert r.status_code == 201, (path, r.text)
    return str(r.json()["id"])


async def seed(api: httpx.AsyncClient, tenant: Tenant, conninfo: str) -> dict[str, str]:
    """Rows of every kind at ages either side of the periods (ages before the skip)."""
    org = tenant.id
    creator = await create(
        api, tenant, "/v1/creators", {"name": "C", "timezone": "UTC", "currency": "EUR"}
    )
    artist = await create(api, tenant, "/v1/artists", {"name": "A"})
    ids: dict[str, str] = {}
    for n, (name, ended_days_ago) in enumerate(
        (("old_booking", 362), ("recent_booking", 300), ("invoiced_booking", 400))
    ):
        start = f"2030-01-0{n + 1}T10:00:00+00:00"
        ids[name] = await create(
            api,
            tenant,
            "/v1/bookings",
            {
                "creator_id": creator,
                "artist_id": artist,
                "start": start,
                "end": start.replace("T10", "T12"),
                "allow_outside_working_hours": True,
            },
        )
        shift = f"{ended_days_ago} days"
        sql(
            conninfo,
            "UPDATE bookings SET period = tstzrange(now() - %s::interval - interval '2 hours', "
            "now() - %s::interval), creator_block = tstzrange(now() - %s::interval - "
            "interval '3 hours', now() - %s::interval + interval '1 hour') WHERE id = %s",
            shift,
            shift,
            shift,
            shift,
            ids[name],
        )
    ids["contract"] = await create(
        api,
        tenant,
        "/v1/contracts",
        {
            "title": "Invoice",
            "currency": "EUR",
            "amount": "10",
            "artist_id": artist,
            "booking_id": ids["invoiced_booking"],
        },
    )
    for name, status, days in (
        ("old_mail", "sent", 26),
        ("recent_mail", "sent", 20),
        ("queued_mail", "queued", 40),
    ):
        ids[name] = f"eml_{uuid.uuid4().hex[:26]}"
        sql(
            conninfo,
            "INSERT INTO email_outbox (id, organization_id, kind, to_address, subject, html, "
            "text, status, attempts, last_error, created_at, sent_at) VALUES (%s, %s, 'notice', "
            "'x@example.com', 's', 'h', 't', %s, 0, '', now() - %s::interval, "
            "CASE WHEN %s = 'sent' THEN now() - %s::interval END)",
            ids[name],
            org,
            status,
            f"{days} days",
            status,
            f"{days} days",
        )
    endpoint = await create(
        api,
        tenant,
        "/v1/webhook-endpoints",
        {"url": "https://93.184.216.34/hook", "event_types": ["booking.created"]},
    )
    for name, relayed, days, delivery in (
        ("old_event", True, 28, "succeeded"),
        ("recent_event", True, 10, None),
        ("unrelayed_event", False, 40, None),
        ("pending_event", True, 40, "pending"),
    ):
        ids[name] = f"ev_{uuid.uuid4().hex[:26]}"
        sql(
            conninfo,
            "INSERT INTO events (id, organization_id, type, data, created_at, relayed_at) "
            "VALUES (%s, %s, 'booking.created', '{}', now() - %s::interval, "
            "CASE WHEN %s THEN now() END)",
            ids[name],
            org,
            f"{days} days",
            relayed,
        )
        if delivery:
            sql(
                conninfo,
                "INSERT INTO webhook_deliveries (id, organization_id, endpoint_id, event_id, "
                "status, attempts, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, 1, "
                "now(), now())",
                f"whd_{uuid.uuid4().hex[:26]}",
                org,
                endpoint,
                ids[name],
                delivery,
            )
    for name, days in (("old_attempt", 3), ("recent_attempt", 1)):
        ids[name] = f"wha_{uuid.uuid4().hex[:26]}"
        sql(
            conninfo,
            "INSERT INTO webhook_attempts (id, organization_id, endpoint_id, event_id, "
            "delivery_id, attempt, outcome, response_excerpt, duration_ms, attempted_at) "
            "VALUES (%s, %s, %s, %s, 'whd_x', 1, 'succeeded', '', 5, now() - %s::interval)",
            ids[name],
            org,
            endpoint,
            ids["recent_event"],
            f"{days} days",
        )
    return ids


def present(conninfo: str, ids: dict[str, str]) -> set[str]:
    found: set[str] = set()
    for table in ("bookings", "contracts", "email_outbox", "events", "webhook_attempts"):
        rows = sql(conninfo, f"SELECT id FROM {table} WHERE id = ANY(%s)", list(ids.values()))
        found |= {r[0] for r in rows}
    return {name for name, value in ids.items() if value in found}


async def test_retention_removes_exactly_what_is_past_its_period(
    retention_stack, org_a, make_tenant, owner_conninfo
) -> None:
    api, env, queue = retention_stack
    org_b = await make_tenant("Bluewave Studios", plan="studio_pro")

    # Periods under their minimum are refused with the field named; the rest are kept.
    short = await api.patch("/v1/retention", json={"bookings_days": 30}, headers=org_a.headers)
    assert short.status_code == 422 and short.json()["param"] == "bookings"
    assert short.json()["code"] == "retention_too_short"
    r = await api.patch(
        "/v1/retention",
        json={
            "bookings_days": 365,
            "sent_emails_days": 30,
            "webhook_attempts_days": 7,
            "events_days": 30,
        },
        headers=org_a.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["minimum_days"]["bookings"] == 365

    mine = await seed(api, org_a, owner_conninfo)
    theirs = await seed(api, org_b, owner_conninfo)
    everything_b = present(owner_conninfo, theirs)

    await env.sleep(SKIP)
    workflow_id = f"{org_a.id}:retention:test"
    report = await env.client.execute_workflow(
        RetentionWorkflow.run,
        RetentionInput(organization_id=org_a.id, batch_size=1),
        id=workflow_id,
        task_queue=queue,
    )

    removed = {"old_booking", "old_mail", "old_event", "old_attempt"}
    assert present(owner_conninfo, mine) == set(mine) - removed
    assert present(owner_conninfo, theirs) == everything_b == set(theirs)
    assert report.removed == {
        "bookings": 1,
        "sent_emails": 1,
        "webhook_attempts": 1,
        "events": 1,
    }
    # The old event's finished delivery went with it; the pending one stays.
    assert not sql(
        owner_conninfo, "SELECT 1 FROM webhook_deliveries WHERE event_id = %s", mine["old_event"]
    )

    runs = (await api.get("/v1/retention/runs", headers=org_a.headers)).json()["data"]
    assert [run["removed"] for run in runs] == [report.removed]
    assert (await api.get("/v1/retention/runs", headers=org_b.headers)).json()["data"] == []
    [(event_data,)] = sql(
        owner_conninfo,
        "SELECT data FROM events WHERE organization_id = %s AND type = 'retention.completed'",
        org_a.id,
    )
    assert event_data["removed"] == report.removed
    assert sql(
        owner_conninfo,
        "SELECT 1 FROM audit_events WHERE organization_id = %s AND action = 'retention.completed'",
        org_a.id,
    )
    await keep(env.client, workflow_id, "retention_sweep")
