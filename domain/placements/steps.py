"""The steps of a tenant move, each safe to run again after a crash.

1. ``prepare``: both placements answer as the schema owner, at the same migration, with the
   same tables.
2. ``copy``: every tenant table, parents first, in keyset pages (upserts); a checkpoint after
   every page, from which a retried attempt resumes.
3. ``catch_up``: while the tenant still writes, bring the target up to date: keys the source
   no longer has are deleted (children first), then every key range whose checksum differs is
   copied again. Each pass leaves less for the next.
4. ``freeze``: the source refuses the tenant's writes and the writes under way are waited for.
5. ``finish``: the last catch-up, under the freeze, then the verification (rows and checksums
   of every table on both sides); a difference fails the move.
6. ``switch``: the directory routes the organizations to the target; the source keeps
   refusing their writes for good.
7. ``cleanup``: the source's rows of the organizations are deleted.

A move that fails before the switch (``fail``) lets the source write again and deletes the
target's partial copy; the organization never left its source. After the switch nothing is
undone: the target is the organization's home, and a failed cleanup is run again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from psycopg import AsyncConnection

from core.db import tenant_session
from domain.errors import InvalidRequest
from domain.placements import copier, freeze
from domain.placements.models import TenantMove
from domain.placements.move import (
    PlacementRouting,
    Sessionmaker,
    check_target,
    moving_organizations,
    update_move,
)
from domain.placements.tables import TenantTable, tenant_tables

Heartbeat = Callable[[dict[str, Any]], None]


class MoveRefused(Exception):
    """The move cannot go on as asked (a bad target, placements not alike, a verification
    that found a difference); running it again would not help."""


@dataclass
class Sides:
    source: AsyncConnection
    target: AsyncConnection
    tables: list[TenantTable]
    ids: list[str]


def _now() -> datetime:
    return datetime.now(UTC)


@asynccontextmanager
async def sides(routing: PlacementRouting, move: TenantMove) -> AsyncIterator[Sides]:
    """Owner connections to the move's source and target, scoped to its organizations."""
    ids = list(move.organization_ids)
    source = await copier.open_side(routing.owner_conninfo(move.source), ids)
    try:
        target = await copier.open_side(routing.owner_conninfo(move.target), ids)
        try:
            yield Sides(source, target, await tenant_tables(source), ids)
        finally:
            await target.close()
    finally:
        await source.close()


async def load(control: Sessionmaker, organization_id: str, move_id: str) -> TenantMove:
    """The move's row as a step finds it."""
    async with tenant_session(control, [organization_id]) as session:
        move = await session.get(TenantMove, move_id)
    if move is None:
        raise MoveRefused(f"no move {move_id} of {organization_id}")
    return move


async def _is_owner(conn: AsyncConnection) -> bool:
    row = await (
        await conn.execute(
            "SELECT r.rolsuper OR r.oid = c.relowner FROM pg_roles r, pg_class c "
            "WHERE r.rolname = current_user AND c.oid = to_regclass('public.organizations')"
        )
    ).fetchone()
    return bool(row and row[0])


async def _revision(conn: AsyncConnection) -> str:
    """The database's migration, ``""`` for a database never migrated."""
    found = await (await conn.execute("SELECT to_regclass('public.alembic_version')")).fetchone()
    if not found or found[0] is None:
        return ""
    row = await (await conn.execute("SELECT version_num FROM alembic_version")).fetchone()
    return str(row[0]) if row else ""


async def prepare(control: Sessionmaker, routing: PlacementRouting, move: TenantMove) -> None:
    """Refuse a target that cannot take the tenant, before anything is written."""
    try:
        check_target(routing, move.target)
    except InvalidRequest as exc:
        raise MoveRefused(exc.detail) from None
    async with sides(routing, move) as s:
        source_rev, target_rev = await _revision(s.source), await _revision(s.target)
        if source_rev != target_rev:
            raise MoveRefused(
                f"placement {move.source} is at migration {source_rev or 'none'} and "
                f"{move.target} at {target_rev or 'none'}: run `auditoryx migrate` first"
            )
        for name, conn in ((move.source, s.source), (move.target, s.target)):
            if not await _is_owner(conn):
                raise MoveRefused(
                    f"placement {name}: its URL does not log in as the schema owner; a move "
                    "copies as the owner (give the placement its migrations URL)"
                )
        theirs = {t.name: t for t in await tenant_tables(s.target)}
        different = [t.name for t in s.tables if theirs.get(t.name) != t]
        if different:
            raise MoveRefused(f"the placements' tables differ: {', '.join(different)}")
    await update_move(
        control, move.organization_id, move.id, progress={"step": "copy", "tables": {}}
    )


async def copy(
    control: Sessionmaker,
    routing: PlacementRouting,
    move: TenantMove,
    *,
    resume: dict[str, Any] | None,
    heartbeat: Heartbeat,
    page_rows: int = copier.PAGE_ROWS,
) -> int:
    """Copy every table, parents first. A retried attempt resumes after the last page the
    move recorded (written after every page), else after its last heartbeat's. Rows copied."""
    progress: dict[str, Any] = dict(move.progress or {})
    recorded = progress if progress.get("step") == "copy" and progress.get("table") else None
    resume = recorded or resume
    done: dict[str, int] = dict((resume or progress).get("tables") or {})
    finished = set((resume or {}).get("finished") or [])
    if resume:
        progress["resumed"] = int(progress.get("resumed", 0)) + 1
        progress["resumed_from"] = {"table": resume.get("table"), "after": resume.get("after")}
    async with sides(routing, move) as s:

        async def checkpoint(table: str, after: list[str] | None, rows: int) -> None:
            done[table] = rows
            if after is None:
                finished.add(table)
            point = {
                "step": "copy",
                "table": table,
                "after": after,
                "tables": dict(done),
                "finished": sorted(finished),
            }
            heartbeat(point)
            progress.update(point)
            await update_move(control, move.organization_id, move.id, progress=progress)

        for table in s.tables:
            if table.name in finished:
                continue  # copied before the crash
            after: list[str] | None = None
            if resume and resume.get("table") == table.name:
                after = resume.get("after")
            copied = await copier.copy_table(
                s.source,
                s.target,
                table,
                s.ids,
                after=after,
                copied=done.get(table.name, 0) if after else 0,
                checkpoint=checkpoint,
                page_rows=page_rows,
            )
            await checkpoint(table.name, None, copied)
    progress.update({"step": "catch_up", "tables": done, "copied_rows": sum(done.values())})
    await update_move(control, move.organization_id, move.id, progress=progress)
    return sum(done.values())


async def _reconcile(s: Sides, heartbeat: Heartbeat) -> dict[str, int]:
    """Bring the target to the source's rows: only tables whose checksums differ are walked
    (keys first, children first; then rows, parents first)."""
    removed = recopied = 0
    keys = await copier.table_digests(s.source, s.tables, s.ids, keys_only=True)
    their_keys = await copier.table_digests(s.target, s.tables, s.ids, keys_only=True)
    for table in reversed(s.tables):
        if keys[table.name] != their_keys[table.name]:
            removed += await copier.remove_extra(s.source, s.target, table, s.ids)
            heartbeat({"step": "reconcile", "table": table.name})
    rows = await copier.table_digests(s.source, s.tables, s.ids)
    their_rows = await copier.table_digests(s.target, s.tables, s.ids)
    for table in s.tables:
        if rows[table.name] != their_rows[table.name]:
            recopied += await copier.bring_up_to_date(s.source, s.target, table, s.ids)
            heartbeat({"step": "reconcile", "table": table.name})
    return {"removed": removed, "recopied": recopied}


async def catch_up(
    control: Sessionmaker, routing: PlacementRouting, move: TenantMove, *, heartbeat: Heartbeat
) -> dict[str, int]:
    """Bring the target up to date with what was written since the copy (writes go on)."""
    await update_move(control, move.organization_id, move.id, state="catching_up")
    async with sides(routing, move) as s:
        changed = await _reconcile(s, heartbeat)
    progress = {**(move.progress or {}), "step": "freeze", "catch_up": changed}
    await update_move(control, move.organization_id, move.id, progress=progress)
    return changed


async def _freeze(routing: PlacementRouting, move: TenantMove, ids: list[str]) -> None:
    source = await copier.open_side(routing.owner_conninfo(move.source), ids)
    try:
        await freeze.freeze(source, move_id=move.id, organization_ids=ids)
    finally:
        await source.close()


async def freeze_writes(control: Sessionmaker, routing: PlacementRouting, move: TenantMove) -> None:
    """Refuse the organizations' writes in the source; wait for the ones under way.

    The tree is read again under the freeze: a sub-organization or sandbox twin created in
    the source since the move started joins it (frozen, copied by the last catch-up, switched
    and cleaned up with the others), so the directory never splits a tree between databases.
    Creating one is a write of its parent, so none appears once the parent is frozen."""
    ids = list(move.organization_ids)
    await _freeze(routing, move, ids)
    async with tenant_session(
        routing.placements.sessionmaker(move.source), [move.organization_id]
    ) as session:
        now = await moving_organizations(session, move.organization_id)
    added = [org for org in now if org not in ids]
    if added:
        ids += added
        await _freeze(routing, move, ids)
    await update_move(
        control,
        move.organization_id,
        move.id,
        state="frozen",
        frozen_at=move.frozen_at or _now(),
        organization_ids=ids,
    )


async def finish(
    control: Sessionmaker, routing: PlacementRouting, move: TenantMove, *, heartbeat: Heartbeat
) -> dict[str, Any]:
    """The last catch-up (nothing changes in the source now) and the verification."""
    async with sides(routing, move) as s:
        changed = await _reconcile(s, heartbeat)
        report = await copier.verify(s.source, s.target, s.tables, s.ids)
    report["final_delta"] = changed
    report["verified_at"] = _now().isoformat()
    await update_move(control, move.organization_id, move.id, report=report)
    if not report["ok"]:
        raise MoveRefused("verification found differences in " + ", ".join(report["mismatched"]))
    return report


async def switch(control: Sessionmaker, routing: PlacementRouting, move: TenantMove) -> None:
    """Route the organizations to the target, in one transaction with the move's state; their
    ``region`` becomes the target's."""
    region = routing.placements.region(move.target)
    if move.state not in ("switched", "cleaning", "done"):
        target = await copier.open_side(routing.owner_conninfo(move.target), move.organization_ids)
        try:
            await freeze.clear_blocks(target, organization_ids=move.organization_ids)
            # The organizations' region is where their data lives now (the API, the console
            # and new workflow starts read it from the row). After the verification: the
            # copies were equal, and this is the one difference the move makes.
            await target.execute(
                "UPDATE organizations SET region = %s WHERE id = ANY (%s) AND region <> %s",
                (region, list(move.organization_ids), region),
            )
        finally:
            await target.close()
        async with tenant_session(control, [move.organization_id]) as session:
            for org in move.organization_ids:
                await routing.assign(session, org, move.target)
            row = await session.get(TenantMove, move.id)
            assert row is not None
            row.state, row.switched_at, row.updated_at = "switched", _now(), _now()
    source = await copier.open_side(routing.owner_conninfo(move.source), move.organization_ids)
    try:
        await freeze.mark_moved(source, move_id=move.id, organization_ids=move.organization_ids)
    finally:
        await source.close()


async def cleanup(
    control: Sessionmaker, routing: PlacementRouting, move: TenantMove, *, heartbeat: Heartbeat
) -> int:
    """Delete the organizations' rows from the source; how many."""
    await update_move(control, move.organization_id, move.id, state="cleaning")
    async with sides(routing, move) as s:

        async def progress(table: str, deleted: int) -> None:
            heartbeat({"step": "cleanup", "table": table, "deleted": deleted})

        deleted = await copier.delete_scope(s.source, s.tables, s.ids, progress=progress)
    await update_move(
        control,
        move.organization_id,
        move.id,
        state="done",
        finished_at=_now(),
        progress={**(move.progress or {}), "step": "done", "source_rows_deleted": deleted},
    )
    return deleted


async def fail(
    control: Sessionmaker, routing: PlacementRouting, move: TenantMove, *, error: str
) -> str:
    """End a move that did not switch: the source writes again, the target's partial copy is
    deleted. After the switch, only the error is recorded (the cleanup is run again)."""
    if move.state in ("switched", "cleaning", "done"):
        await update_move(control, move.organization_id, move.id, error=error)
        return move.state
    if move.target in routing.placements.names():
        async with sides(routing, move) as s:
            await freeze.unfreeze(s.source, organization_ids=s.ids)
            # The target's own tables: a target never migrated has none to clean.
            await copier.delete_scope(s.target, await tenant_tables(s.target), s.ids)
    await update_move(
        control, move.organization_id, move.id, state="failed", error=error, finished_at=_now()
    )
    return "failed"
