"""The worker's audit sealer: registered among the worker's sweeps, it seals every
organization's records on its own shortly after they commit, as the application role."""

from __future__ import annotations

import asyncio
from typing import cast

from temporalio.client import Client

from core.db import tenant_session
from domain.audit.service import Actor, Change, record_many, verify_chain
from relays.sweep import running_sweeps

BOOTSTRAP = 3  # records an organization's creation writes


def audit_sealer_sweep():
    from worker import SWEEPS

    [sweep] = [s for s in SWEEPS if s.name == "audit sealer"]
    return sweep


def test_the_worker_seals_at_least_every_second():
    assert audit_sealer_sweep().every_seconds <= 1.0


async def test_the_running_sealer_seals_every_organizations_records(org_a, org_b, sessionmaker):
    async def write(org_id: str, n: int) -> None:
        async with tenant_session(sessionmaker, [org_id]) as session:
            await record_many(
                session,
                organization_id=org_id,
                actor=Actor.system("test"),
                changes=[Change("thing.done", "thing", f"thing_{i}") for i in range(n)],
            )

    async def sealed(org_id: str, records: int) -> None:
        while True:
            async with tenant_session(sessionmaker, [org_id]) as session:
                report = await verify_chain(session, org_id)
            assert report.ok, report
            if report.records == records and report.pending == 0:
                return
            await asyncio.sleep(0.05)

    async with running_sweeps(
        [audit_sealer_sweep()], sessionmaker, cast(Client, None), task_queue="unused"
    ):
        await write(org_a.id, 4)
        await write(org_b.id, 2)
        await asyncio.wait_for(sealed(org_a.id, BOOTSTRAP + 4), timeout=60)
        await asyncio.wait_for(sealed(org_b.id, BOOTSTRAP + 2), timeout=60)
        await write(org_a.id, 1)  # and it goes on sealing
        await asyncio.wait_for(sealed(org_a.id, BOOTSTRAP + 5), timeout=60)
