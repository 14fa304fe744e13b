"""Waiting, from a test, until a transaction under test is blocked on a lock the test holds."""

from __future__ import annotations

import asyncio

import psycopg


async def waiting_for_a_lock(conninfo: str) -> None:
    """Return once a statement of this database waits for a lock another transaction holds."""
    for _ in range(500):
        with psycopg.connect(conninfo, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
        if row and row[0]:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("nothing waits for a lock")
