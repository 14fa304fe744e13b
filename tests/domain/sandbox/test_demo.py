"""The demo label is deterministic: two organizations seeded at the same instant hold the same
label (only the ids differ), and a seed is quick."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import psycopg

from domain.audit.service import Actor
from domain.sandbox.demo import seed_organization

CONTENT = """
SELECT c.name, lower(b.period), upper(b.period), b.status, b.price_minor, b.currency,
       b.title, r.name, a.name, cl.name
  FROM bookings b
  JOIN creators c ON c.id = b.creator_id
  LEFT JOIN rooms r ON r.id = b.room_id
  LEFT JOIN artists a ON a.id = b.artist_id
  LEFT JOIN clients cl ON cl.id = b.client_id
 WHERE b.organization_id = %s
 ORDER BY 1, 2
"""
REVENUE = """
SELECT a.name, r.period, r.currency, r.amount_minor
  FROM revenue_monthly r JOIN artists a ON a.id = r.artist_id
 WHERE r.organization_id = %s ORDER BY 1, 2
"""


async def test_two_seeds_at_the_same_instant_are_the_same_label(
    sessionmaker, owner_conninfo, org_a, org_b
):
    now = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    actor = Actor.system("test")

    started = time.perf_counter()
    first = await seed_organization(sessionmaker, org_a.id, actor=actor, now=now)
    elapsed = time.perf_counter() - started
    second = await seed_organization(sessionmaker, org_b.id, actor=actor, now=now)

    assert first == second
    with psycopg.connect(owner_conninfo) as conn:
        for query in (CONTENT, REVENUE):
            rows_a = conn.execute(query, (org_a.id,)).fetchall()
            rows_b = conn.execute(query, (org_b.id,)).fetchall()
            assert rows_a and rows_a == rows_b
    # Seconds, not minutes: set-based inserts, not a workflow per row (generous for a busy CI).
    assert elapsed < 30, f"seeding took {elapsed:.1f}s"
