"""The usage meter against the real database: what reaches ``usage_daily`` and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import psycopg
import pytest
from sqlalchemy.exc import DBAPIError

from core.db import tenant_session
from core.ids import new_id
from domain.usage.meter import (
    API_REQUESTS,
    BOOKINGS_CREATED,
    UsageMeter,
    count_on_commit,
    count_workflow_start,
    flushing,
    process_meter,
)
from tests.support.privacy import insert_organization_row
from tests.support.usage import usage_rows


def pending_of(organization_id: str) -> int:
    return sum(
        n for key, n in process_meter().pending().items() if key.organization_id == organization_id
    )


async def test_a_count_reaches_the_meter_only_when_its_transaction_commits(
    sessionmaker, org_a
) -> None:
    before = pending_of(org_a.id)
    with pytest.raises(RuntimeError):
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            count_on_commit(session, org_a.id, BOOKINGS_CREATED)
            raise RuntimeError("the booking failed after all")
    assert pending_of(org_a.id) == before
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        count_on_commit(session, org_a.id, BOOKINGS_CREATED, n=2)
    assert pending_of(org_a.id) == before + 2


async def test_days_are_utc_days(sessionmaker, owner_conninfo, org_a) -> None:
    meter = UsageMeter()
    new_york = timezone(timedelta(hours=-5))
    meter.count(
        org_a.id,
        API_REQUESTS,
        category="bookings",
        status_class="2xx",
        at=datetime(2026, 11, 30, 20, 30, tzinfo=new_york),
    )
    meter.count(
        org_a.id,
        API_REQUESTS,
        category="bookings",
        status_class="2xx",
        at=datetime(2026, 12, 1, 0, 10, tzinfo=UTC),
    )
    assert await meter.flush(sessionmaker) == 2
    assert [(r[1], r[6]) for r in usage_rows(owner_conninfo) if r[0] == org_a.id] == [
        (date(2026, 12, 1), 2)
    ]


async def test_a_failed_flush_keeps_its_counts_for_the_next(
    sessionmaker, owner_conninfo, org_a
) -> None:
    meter = UsageMeter()
    meter.count(org_a.id, API_REQUESTS, category="x" * 61, status_class="2xx")  # too long
    meter.count(org_a.id, API_REQUESTS, category="artists", status_class="2xx", n=3)
    with pytest.raises(DBAPIError):
        await meter.flush(sessionmaker)
    assert sum(meter.pending().values()) == 4
    assert [r for r in usage_rows(owner_conninfo) if r[0] == org_a.id] == []


async def test_counts_of_an_organization_deleted_meanwhile_are_dropped(
    sessionmaker, owner_conninfo, org_a
) -> None:
    # A process still holds counts of an organization whose deletion has removed its rows
    # (the deletion's own e-mails and its last requests are counted too): writing them would
    # bring back rows of an organization that no longer exists, in no one's export or erasure.
    gone = new_id("org")
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        insert_organization_row(conn, gone)
    meter = UsageMeter()
    meter.count(gone, API_REQUESTS, category="artists", status_class="2xx", n=2)
    meter.count(org_a.id, API_REQUESTS, category="artists", status_class="2xx", n=3)
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("DELETE FROM organizations WHERE id = %s", (gone,))

    assert await meter.flush(sessionmaker) == 3
    rows = usage_rows(owner_conninfo)
    assert [r for r in rows if r[0] == gone] == []
    assert [r[6] for r in rows if r[0] == org_a.id] == [3]
    assert meter.pending() == {}  # dropped, not kept for a retry that would never succeed


async def test_leaving_the_flushing_block_flushes(sessionmaker, owner_conninfo, org_a) -> None:
    meter = UsageMeter()
    async with flushing(sessionmaker, [meter], every_seconds=3600):
        meter.count(org_a.id, API_REQUESTS, category="rooms", status_class="4xx", n=5)
    assert meter.pending() == {}
    assert [(r[3], r[4], r[6]) for r in usage_rows(owner_conninfo) if r[0] == org_a.id] == [
        ("rooms", "4xx", 5)
    ]


def test_a_workflow_start_counts_for_its_organization_and_the_systems_for_nobody() -> None:
    organization_id = "org_" + "7" * 26
    before = pending_of(organization_id)
    count_workflow_start(f"{organization_id}:approval:apr_{'1' * 26}")
    count_workflow_start(f"system:health:prb_{'2' * 26}")  # the readiness probe
    assert pending_of(organization_id) == before + 1
    assert pending_of("system") == 0
