"""The audit sealer: requests write unlinked records and never wait on the chain; the sealer
links them below the transaction-visibility watermark, in transaction order, exactly once,
even when a sealer dies mid-batch or two run at once; verification notices any tampering
with a sealed record and any record left unsealed too long."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.db import create_app_engine, create_sessionmaker, set_tenant, tenant_session
from domain.audit.models import AuditEvent
from domain.audit.sealer import (
    seal_batch,
    seal_organization,
    seal_pending,
    seal_round,
    seal_sealable,
)
from domain.audit.service import Actor, Change, compute_hash, record, record_many, verify_chain
from tests.support.locks import backends_waiting_for_a_lock, waiting_for_a_lock

ACTOR = Actor.system("test")
BOOTSTRAP = 3  # records an organization's creation writes


async def write(sessionmaker, org_id: str, n: int = 1, action: str = "thing.done") -> None:
    """``n`` audit records of ``org_id`` in one committed transaction."""
    async with tenant_session(sessionmaker, [org_id]) as session:
        await record_many(
            session,
            organization_id=org_id,
            actor=ACTOR,
            changes=[Change(action, "thing", f"thing_{i}") for i in range(n)],
        )


async def verify(sessionmaker, org_id: str, **kwargs):
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await verify_chain(session, org_id, **kwargs)


def chain(owner_conninfo: str, org_id: str) -> list[tuple[str, int | None, int, str]]:
    """(id, seq, xid, action) of every record, sealed ones in chain order, then unsealed."""
    with psycopg.connect(owner_conninfo) as conn:
        return [
            (r[0], r[1], int(r[2]), r[3])
            for r in conn.execute(
                "SELECT id, seq, xid::text, action FROM audit_events WHERE organization_id = %s "
                "ORDER BY seq NULLS LAST, xid, id",
                (org_id,),
            )
        ]


@contextlib.contextmanager
def tamper(owner_conninfo: str) -> Iterator[psycopg.Connection]:
    """A superuser connection with every trigger off, as someone with the database's keys."""
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SET session_replication_role = replica")
        yield conn


# --- sealing --------------------------------------------------------------------------------


async def test_records_are_written_unlinked_and_sealed_in_transaction_order(
    org_a, sessionmaker, owner_conninfo
):
    await write(sessionmaker, org_a.id, 5)
    await write(sessionmaker, org_a.id, 2, action="other.done")
    assert all(seq is None for _, seq, _, _ in chain(owner_conninfo, org_a.id))

    assert await seal_pending(sessionmaker) == BOOTSTRAP + 7

    sealed = chain(owner_conninfo, org_a.id)
    assert [seq for _, seq, _, _ in sealed] == list(range(1, 11))
    xids = [xid for _, _, xid, _ in sealed]
    assert xids == sorted(xids)
    assert [a for *_, a in sealed][-2:] == ["other.done", "other.done"]
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    assert (report.records, report.pending) == (10, 0)
    assert await seal_pending(sessionmaker) == 0  # nothing is sealed twice


async def test_every_organization_is_sealed_under_its_own_scope(
    org_a, org_b, sessionmaker, owner_conninfo
):
    await write(sessionmaker, org_a.id, 2)
    await write(sessionmaker, org_b.id, 4)
    assert await seal_sealable(sessionmaker) == 2 * BOOTSTRAP + 6
    for org, records in ((org_a, 5), (org_b, 7)):
        report = await verify(sessionmaker, org.id)
        assert report.ok and report.records == records, report
    with psycopg.connect(owner_conninfo) as conn:
        heads = dict(conn.execute("SELECT organization_id, seq FROM audit_chain_heads"))
    assert heads == {org_a.id: 5, org_b.id: 7}


async def test_one_organizations_backlog_delays_anothers_sealing_by_a_batch_not_all_of_it(
    org_a, org_b, sessionmaker
):
    """Organizations are sealed a batch each in turn: B's one record is sealed in the first
    round although A has a backlog of several batches."""
    await write(sessionmaker, org_a.id, 5)
    await write(sessionmaker, org_b.id, 1)
    limit = BOOTSTRAP + 2
    sealed, more = await seal_round(sessionmaker, [org_a.id, org_b.id], limit=limit)
    assert more == [org_a.id]
    assert sealed == limit + BOOTSTRAP + 1
    b = await verify(sessionmaker, org_b.id)
    assert b.ok and b.records == BOOTSTRAP + 1 and b.pending == 0, b
    a = await verify(sessionmaker, org_a.id)
    assert a.ok and a.records == limit and a.pending == 3, a
    sealed, more = await seal_round(sessionmaker, more, limit=limit)
    assert (sealed, more) == (3, [])


async def test_a_long_transaction_is_sealed_once_the_watermark_passes_it_never_skipped(
    org_a, sessionmaker, owner_conninfo
):
    """A transaction that wrote first but commits last holds the watermark back: what
    committed after it waits, and then both are sealed, the older one first."""
    await seal_pending(sessionmaker, org_a.id)
    async with tenant_session(sessionmaker, [org_a.id]) as long:
        await record(
            long,
            organization_id=org_a.id,
            actor=ACTOR,
            action="import.started",
            target_type="import",
            target_id="imp_1",
        )
        await write(sessionmaker, org_a.id, action="member.created")

        assert await seal_organization(sessionmaker, org_a.id) == 0
        [(_, seq, _, action)] = chain(owner_conninfo, org_a.id)[BOOTSTRAP:]
        assert (seq, action) == (None, "member.created")
        report = await verify(sessionmaker, org_a.id)
        assert report.ok and report.pending == 1, report

    assert await seal_pending(sessionmaker, org_a.id) == 2
    tail = chain(owner_conninfo, org_a.id)[BOOTSTRAP:]
    assert [(seq, action) for _, seq, _, action in tail] == [
        (4, "import.started"),
        (5, "member.created"),
    ]
    report = await verify(sessionmaker, org_a.id)
    assert report.ok and report.records == 5, report


async def test_concurrent_writers_of_one_organization_never_wait_on_the_audit_log(
    org_a, sessionmaker, owner_conninfo
):
    """Two open transactions of one organization write records while a sealer holds the
    chain head: each commits without waiting for the other or for the sealer."""
    await seal_pending(sessionmaker, org_a.id)
    with psycopg.connect(owner_conninfo) as sealer:
        sealer.execute(
            "SELECT 1 FROM audit_chain_heads WHERE organization_id = %s FOR UPDATE", (org_a.id,)
        )
        async with tenant_session(sessionmaker, [org_a.id]) as first:
            await record(
                first,
                organization_id=org_a.id,
                actor=ACTOR,
                action="first.done",
                target_type="thing",
                target_id="t1",
            )
            # Would never return if the second writer waited on the first or on the head.
            await asyncio.wait_for(write(sessionmaker, org_a.id, 3, "second.done"), timeout=30)
            assert backends_waiting_for_a_lock(owner_conninfo) == 0
        sealer.rollback()
    assert await seal_pending(sessionmaker, org_a.id) == 4
    report = await verify(sessionmaker, org_a.id)
    assert report.ok and report.records == BOOTSTRAP + 4, report


async def test_a_sealer_killed_mid_batch_loses_and_duplicates_nothing(
    org_a, sessionmaker, settings, owner_conninfo
):
    await write(sessionmaker, org_a.id, 20)
    engine = create_app_engine(settings.database_url, pool_size=1)
    try:
        doomed = create_sessionmaker(engine)()
        await doomed.begin()
        await set_tenant(doomed, [org_a.id])
        assert await seal_batch(doomed, org_a.id, limit=10) == 10  # linked, not committed
        pid = await doomed.scalar(text("SELECT pg_backend_pid()"))

        rival = asyncio.create_task(seal_pending(sessionmaker, org_a.id))
        await waiting_for_a_lock(owner_conninfo)  # on the head the doomed sealer holds
        assert not rival.done()
        with psycopg.connect(owner_conninfo) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
        assert await asyncio.wait_for(rival, timeout=60) == BOOTSTRAP + 20
        with contextlib.suppress(DBAPIError):
            await doomed.close()
    finally:
        await engine.dispose()

    sealed = chain(owner_conninfo, org_a.id)
    assert [seq for _, seq, _, _ in sealed] == list(range(1, BOOTSTRAP + 21))
    report = await verify(sessionmaker, org_a.id)
    assert report.ok and report.records == BOOTSTRAP + 20, report


async def test_sealers_running_at_once_link_every_record_exactly_once(
    org_a, sessionmaker, owner_conninfo
):
    for _ in range(5):
        await write(sessionmaker, org_a.id, 10)
    counts = await asyncio.gather(
        *(seal_organization(sessionmaker, org_a.id, limit=7) for _ in range(3)),
        seal_sealable(sessionmaker),
        seal_pending(sessionmaker, org_a.id),
    )
    assert sum(counts) == BOOTSTRAP + 50
    sealed = chain(owner_conninfo, org_a.id)
    assert [seq for _, seq, _, _ in sealed] == list(range(1, BOOTSTRAP + 51))
    report = await verify(sessionmaker, org_a.id)
    assert report.ok and report.records == BOOTSTRAP + 50, report


# --- what the database allows ---------------------------------------------------------------


async def test_a_record_is_born_unlinked_with_its_own_transaction_id(org_a, sessionmaker):
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await session.execute(
            text(
                "INSERT INTO audit_events (id, organization_id, occurred_at, actor_type, "
                "actor_id, action, target_type, target_id, changes, xid) VALUES ('evt_forged', "
                ":org, now(), 'system', 'x', 'x', 'x', 'x', '{}', '1')"
            ),
            {"org": org_a.id},
        )
        stamped, own = (
            await session.execute(
                text(
                    "SELECT xid::text, pg_current_xact_id()::text FROM audit_events "
                    "WHERE id = 'evt_forged'"
                )
            )
        ).one()
    assert stamped == own != "1"

    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            await session.execute(
                text(
                    "INSERT INTO audit_events (id, organization_id, seq, occurred_at, "
                    "actor_type, actor_id, action, target_type, target_id, changes, prev_hash, "
                    "hash) VALUES ('evt_linked', :org, 1, now(), 'system', 'x', 'x', 'x', 'x', "
                    "'{}', :h, :h)"
                ),
                {"org": org_a.id, "h": "0" * 64},
            )
    assert info.value.orig is not None and info.value.orig.sqlstate == "42501"


async def test_a_sealed_record_cannot_be_relinked_and_no_xid_ever_changes(
    org_a, sessionmaker, owner_conninfo
):
    await write(sessionmaker, org_a.id)
    await seal_pending(sessionmaker, org_a.id, wait_seconds=60)
    with pytest.raises(DBAPIError) as info:
        async with tenant_session(sessionmaker, [org_a.id]) as session:
            await session.execute(
                text("UPDATE audit_events SET seq = seq + 100, hash = prev_hash WHERE seq = 4")
            )
    assert "append-only" in str(info.value.orig)

    await write(sessionmaker, org_a.id)  # unlinked: only linking it is allowed
    with psycopg.connect(owner_conninfo) as conn, pytest.raises(psycopg.Error) as refused:
        conn.execute(
            "UPDATE audit_events SET xid = '3', seq = 5, prev_hash = %s, hash = %s "
            "WHERE organization_id = %s AND hash IS NULL",
            ("0" * 64, "0" * 64, org_a.id),
        )
    assert "append-only" in str(refused.value)


# --- verification ---------------------------------------------------------------------------


async def test_unsealed_records_are_pending_within_the_sealing_delay_and_a_break_after(
    org_a, sessionmaker
):
    await write(sessionmaker, org_a.id, 2)
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    assert (report.records, report.pending) == (0, BOOTSTRAP + 2)

    late = await verify(sessionmaker, org_a.id, sealing_delay=timedelta(0))
    assert not late.ok
    assert "unsealed" in (late.reason or "")

    await seal_pending(sessionmaker, org_a.id)
    report = await verify(sessionmaker, org_a.id, sealing_delay=timedelta(0))
    assert report.ok and (report.records, report.pending) == (BOOTSTRAP + 2, 0), report


def _edit(conn: psycopg.Connection, org_id: str) -> None:
    conn.execute(
        "UPDATE audit_events SET target_id = 'thing_x' WHERE organization_id = %s AND seq = 5",
        (org_id,),
    )


def _delete(conn: psycopg.Connection, org_id: str) -> None:
    conn.execute("DELETE FROM audit_events WHERE organization_id = %s AND seq = 4", (org_id,))


def _forge(conn: psycopg.Connection, org_id: str, seq: int) -> None:
    """A well-formed record at ``seq``, hashed onto the record before it."""
    [prev] = conn.execute(
        "SELECT hash FROM audit_events WHERE organization_id = %s AND seq = %s",
        (org_id, seq - 1),
    ).fetchone() or [None]
    [occurred_at] = conn.execute("SELECT now()").fetchone() or [None]
    forged = AuditEvent(
        id="evt_forged",
        organization_id=org_id,
        seq=seq,
        occurred_at=occurred_at,
        actor_type="user",
        actor_id="mem_intruder",
        action="member.created",
        target_type="member",
        target_id="mem_intruder",
        changes={"before": {}, "after": {"role": "owner"}},
        request_id=None,
        ip_hmac=None,
        prev_hash=prev,
    )
    conn.execute(
        "INSERT INTO audit_events (id, organization_id, seq, occurred_at, actor_type, actor_id, "
        "action, target_type, target_id, changes, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, 'user', 'mem_intruder', 'member.created', 'member', "
        "'mem_intruder', %s, %s, %s)",
        (
            forged.id,
            org_id,
            seq,
            occurred_at,
            psycopg.types.json.Jsonb(forged.changes),
            prev,
            compute_hash(forged),
        ),
    )


def _insert(conn: psycopg.Connection, org_id: str) -> None:
    conn.execute(
        "UPDATE audit_events SET seq = seq + 1000 WHERE organization_id = %s AND seq >= 4",
        (org_id,),
    )
    conn.execute(
        "UPDATE audit_events SET seq = seq - 999 WHERE organization_id = %s AND seq >= 1000",
        (org_id,),
    )
    _forge(conn, org_id, 4)
    conn.execute("UPDATE audit_chain_heads SET seq = seq + 1 WHERE organization_id = %s", (org_id,))


def _append(conn: psycopg.Connection, org_id: str) -> None:
    _forge(conn, org_id, BOOTSTRAP + 5 + 1)


def _swap(conn: psycopg.Connection, org_id: str) -> None:
    for old, new in ((3, -1), (4, 3), (-1, 4)):
        conn.execute(
            "UPDATE audit_events SET seq = %s WHERE organization_id = %s AND seq = %s",
            (new, org_id, old),
        )


@pytest.mark.parametrize(
    ("tampering", "first_bad", "reason"),
    [
        pytest.param(_edit, 5, "edited", id="edited"),
        pytest.param(_delete, 4, "missing", id="deleted"),
        pytest.param(_insert, 5, "link", id="inserted"),
        pytest.param(_append, BOOTSTRAP + 5 + 1, "inserted", id="appended"),
        pytest.param(_swap, 3, "link", id="swapped"),
    ],
)
async def test_verification_catches_tampering_with_sealed_records(
    org_a, sessionmaker, owner_conninfo, tampering, first_bad, reason
):
    await write(sessionmaker, org_a.id, 5)
    await seal_pending(sessionmaker, org_a.id)
    assert (await verify(sessionmaker, org_a.id)).ok
    with tamper(owner_conninfo) as conn:
        tampering(conn, org_a.id)
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok
    assert report.first_bad_seq == first_bad, report
    assert reason in (report.reason or ""), report


async def test_a_restored_record_keeps_its_link_and_one_restored_unsealed_is_sealed_at_once(
    org_a, sessionmaker, owner_conninfo
):
    """pg_restore loads rows as the owner before it creates the triggers; a data-only restore
    loads them through the triggers. Either way nothing is refused and nothing waits for this
    server's transaction counter to reach the ids of another server's history."""
    await seal_pending(sessionmaker, org_a.id)
    with psycopg.connect(owner_conninfo) as conn:
        [(own, stamped)] = conn.execute(
            "INSERT INTO audit_events (id, organization_id, seq, occurred_at, actor_type, "
            "actor_id, action, target_type, target_id, changes, prev_hash, hash, xid) "
            "SELECT 'evt_copy', organization_id, seq + 100, occurred_at, actor_type, actor_id, "
            "action, target_type, target_id, changes, prev_hash, hash, '7' FROM audit_events "
            "WHERE organization_id = %s AND seq = 1 "
            "RETURNING pg_current_xact_id()::text, xid::text",
            (org_a.id,),
        ).fetchall()
        assert stamped == own != "7"
        conn.rollback()
    with tamper(owner_conninfo) as conn:  # as pg_restore loads data: no trigger yet
        conn.execute(
            "INSERT INTO audit_events (id, organization_id, occurred_at, actor_type, actor_id, "
            "action, target_type, target_id, changes, xid) VALUES ('evt_restored', %s, now(), "
            "'system', 'x', 'member.created', 'member', 'mem_x', '{}', '9000000000')",
            (org_a.id,),
        )
    assert await seal_pending(sessionmaker) == 1
    [(*_, action)] = chain(owner_conninfo, org_a.id)[BOOTSTRAP:]
    assert action == "member.created"
    report = await verify(sessionmaker, org_a.id)
    assert report.ok and report.records == BOOTSTRAP + 1, report
