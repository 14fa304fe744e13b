"""Connecting a provider for the first time from two requests at once: the request that loses
the insert is a 409 naming ``provider`` (connect again to replace the other's credentials),
never a 500, and one connection is left."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.connections.service import save_connection
from domain.errors import Conflict
from tests.support.locks import waiting_for_a_lock

ACTOR = Actor.system("test:connect")


async def test_the_loser_of_two_first_connects_is_a_409(sessionmaker, org_a, owner_conninfo):
    first_flushed, release_first = asyncio.Event(), asyncio.Event()

    async def connect(credentials: bytes, *, hold: bool) -> None:
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            await save_connection(
                session,
                organization_id=org_a.id,
                provider="salesforce",
                credentials=credentials,
                external_account_id=None,
                settings={"auth": "oauth"},
                actor=ACTOR,
            )
            if hold:  # keep the first insert uncommitted while the second one arrives
                first_flushed.set()
                await release_first.wait()

    first = asyncio.create_task(connect(b"sealed-first", hold=True))
    await first_flushed.wait()
    second = asyncio.create_task(connect(b"sealed-second", hold=False))
    await waiting_for_a_lock(owner_conninfo)  # the second insert, on the first's unique key
    release_first.set()
    await first
    with pytest.raises(Conflict) as lost:
        await second
    assert (lost.value.param, lost.value.code) == ("provider", "duplicate")
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute("SELECT credentials FROM integration_connections").fetchall()
    assert [bytes(r[0]) for r in rows] == [b"sealed-first"]
