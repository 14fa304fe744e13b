"""Waiting, from a test, until a transaction under test is blocked on a lock the test holds."""

from __future__ import annotations

import asyncio

import psycopg

WAITING = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


def _waiting(conn: psycopg.Connection) -> int:
    row = conn.execute(WAITING).fetchone()
    return int(row[0]) if row else 0


def backends_waiting_for_a_lock(conninfo: str) -> int:
    """How many statements of this database wait for a lock another transaction holds."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        return _waiting(conn)


async def waiting_for_a_lock(conninfo: str, count: int = 1) -> None:
    """Return once ``count`` statements of this database wait for a lock another transaction
    holds (one connection polls, every 20 ms for up to 10 s)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for _ in range(500):
            if _waiting(conn) >= count:
                return
            await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} statement(s) waiting for a lock")
