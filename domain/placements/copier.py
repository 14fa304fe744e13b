"""Copying, reconciling, verifying and deleting an organization tree's rows between databases.

Both sides are opened as the schema owner (row-level security still applies to it: every
session here is scoped to the moving organizations, and every statement filters by them as
well). Pages are keyset pages over each table's primary key, so a copy that stopped resumes
after the last key it wrote; every write is an upsert, so writing a page twice changes
nothing.

Checksums are computed in SQL on each side: the count of rows and the sum of a 64-bit slice
of each row's md5 (of its columns in a fixed order, rendered in UTC). A sum does not depend
on the order rows are read in, and only two numbers per table or page cross the network.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection, sql

from domain.placements.tables import TenantTable

PAGE_ROWS = 500

# (table, last key written, rows so far in this table) after every page.
Checkpoint = Callable[[str, list[str] | None, int], Awaitable[None]]


@dataclass(frozen=True)
class Digest:
    rows: int
    checksum: str


async def open_side(conninfo: str, organization_ids: Sequence[str]) -> AsyncConnection:
    """An autocommit connection scoped to the moving organizations, rendering values the same
    way on both sides (what a checksum of a row's text needs)."""
    conn = await AsyncConnection.connect(conninfo, autocommit=True)
    await conn.execute(
        "SELECT set_config('app.org_ids', %s, false), set_config('TimeZone', 'UTC', false), "
        "set_config('DateStyle', 'ISO, YMD', false), "
        "set_config('extra_float_digits', '1', false), "
        "set_config('IntervalStyle', 'postgres', false)",
        (",".join(organization_ids),),
    )
    return conn


def _cols(names: Sequence[str], table: str | None = None) -> sql.Composable:
    if table is None:
        return sql.SQL(", ").join(sql.Identifier(n) for n in names)
    return sql.SQL(", ").join(sql.Identifier(table, n) for n in names)


def _scope(table: TenantTable) -> sql.Composable:
    return sql.SQL("{} = ANY (%(ids)s)").format(sql.Identifier(table.scope_column))


def _key_bound(table: TenantTable, op: str, name: str) -> sql.Composable:
    """``(k1, k2) <op> (%(name_0)s::t1, %(name_1)s::t2)``."""
    bound = sql.SQL(", ").join(
        sql.SQL("{}::{}").format(sql.Placeholder(f"{name}_{i}"), sql.SQL(t))
        for i, t in enumerate(table.key_types)
    )
    return sql.SQL("({}) {} ({})").format(_cols(table.key), sql.SQL(op), bound)


def _bind(name: str, key: Sequence[str] | None) -> dict[str, str]:
    return {f"{name}_{i}": v for i, v in enumerate(key or ())}


def _order(table: TenantTable) -> sql.Composable:
    if table.whole:
        # A live organization before its sandbox twin, a parent before its children.
        return sql.SQL("(sandbox_of IS NOT NULL), cardinality(path), id")
    return _cols(table.key)


def _where(
    table: TenantTable, after: Sequence[str] | None, upto: Sequence[str] | None
) -> sql.Composable:
    parts = [_scope(table)]
    if after is not None:
        parts.append(_key_bound(table, ">", "after"))
    if upto is not None:
        parts.append(_key_bound(table, "<=", "upto"))
    return sql.SQL(" AND ").join(parts)


async def read_page(
    conn: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    *,
    after: Sequence[str] | None = None,
    upto: Sequence[str] | None = None,
    limit: int | None = PAGE_ROWS,
) -> tuple[str, list[list[str]]]:
    """Rows after ``after`` (and up to ``upto``) in key order: (a JSON array of them, their
    keys as text)."""
    query = sql.SQL(
        "SELECT row_to_json(x)::text, {keys} FROM (SELECT {cols} FROM {t} WHERE {where} "
        "ORDER BY {order} {limit}) x"
    ).format(
        keys=sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(k)) for k in table.key),
        cols=_cols(table.columns),
        t=sql.Identifier(table.name),
        where=_where(table, after, upto),
        order=_order(table),
        limit=sql.SQL("LIMIT {}").format(sql.Literal(limit))
        if limit and not table.whole
        else sql.SQL(""),
    )
    params = {"ids": list(ids), **_bind("after", after), **_bind("upto", upto)}
    rows = await (await conn.execute(query, params)).fetchall()
    return "[" + ",".join(r[0] for r in rows) + "]", [list(r[1:]) for r in rows]


async def upsert(conn: AsyncConnection, table: TenantTable, rows_json: str) -> None:
    """Insert the rows, or bring an existing row (same key) to them; a row already equal is
    left alone (no write, no trigger)."""
    others = [c for c in table.columns if c not in table.key]
    on_conflict: sql.Composable
    if others:
        on_conflict = sql.SQL(
            "DO UPDATE SET {sets} WHERE ({mine}) IS DISTINCT FROM ({theirs})"
        ).format(
            sets=sql.SQL(", ").join(
                sql.SQL("{} = EXCLUDED.{}").format(sql.Identifier(c), sql.Identifier(c))
                for c in others
            ),
            mine=_cols(others, table.name),
            theirs=_cols(others, "excluded"),
        )
    else:
        on_conflict = sql.SQL("DO NOTHING")
    query = sql.SQL(
        "INSERT INTO {t} ({cols}) SELECT {cols} FROM json_populate_recordset(NULL::{t}, %s::json) "
        "ON CONFLICT ({key}) {on_conflict}"
    ).format(
        t=sql.Identifier(table.name),
        cols=_cols(table.columns),
        key=_cols(table.key),
        on_conflict=on_conflict,
    )
    await conn.execute(query, (rows_json,))


async def copy_table(
    source: AsyncConnection,
    target: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    *,
    after: Sequence[str] | None,
    copied: int,
    checkpoint: Checkpoint,
    page_rows: int = PAGE_ROWS,
) -> int:
    """Copy the table's rows of ``ids`` after key ``after``, page by page; the rows copied."""
    while True:
        rows_json, keys = await read_page(source, table, ids, after=after, limit=page_rows)
        if not keys:
            return copied
        await upsert(target, table, rows_json)
        copied += len(keys)
        after = keys[-1]
        await checkpoint(table.name, list(after), copied)
        if table.whole:
            return copied


async def digest(
    conn: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    *,
    after: Sequence[str] | None = None,
    upto: Sequence[str] | None = None,
    keys_only: bool = False,
) -> Digest:
    """Count and order-independent checksum of the table's rows of ``ids`` (in a key range)."""
    columns = table.key if keys_only else table.columns
    query = sql.SQL(
        "SELECT count(*), coalesce(sum(('x' || left(md5(ROW({cols})::text), 16))::bit(64)"
        "::bigint), 0)::text FROM {t} WHERE {where}"
    ).format(cols=_cols(columns), t=sql.Identifier(table.name), where=_where(table, after, upto))
    params = {"ids": list(ids), **_bind("after", after), **_bind("upto", upto)}
    row = await (await conn.execute(query, params)).fetchone()
    assert row is not None
    return Digest(rows=int(row[0]), checksum=str(row[1]))


async def table_digests(
    conn: AsyncConnection,
    tables: Sequence[TenantTable],
    ids: Sequence[str],
    *,
    keys_only: bool = False,
) -> dict[str, Digest]:
    """:func:`digest` of every table, in one statement (one round trip per side, which is
    what the freeze waits for)."""
    parts = [
        sql.SQL(
            "SELECT {name}, count(*), coalesce(sum(('x' || left(md5(ROW({cols})::text), 16))"
            "::bit(64)::bigint), 0)::text FROM {t} WHERE {where}"
        ).format(
            name=sql.Literal(table.name),
            cols=_cols(table.key if keys_only else table.columns),
            t=sql.Identifier(table.name),
            where=_scope(table),
        )
        for table in tables
    ]
    if not parts:
        return {}
    rows = await (
        await conn.execute(sql.SQL(" UNION ALL ").join(parts), {"ids": list(ids)})
    ).fetchall()
    return {str(r[0]): Digest(rows=int(r[1]), checksum=str(r[2])) for r in rows}


async def _range_keys(
    conn: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    after: Sequence[str] | None,
    page_rows: int,
) -> list[list[str]]:
    query = sql.SQL("SELECT {keys} FROM {t} WHERE {where} ORDER BY {key} LIMIT {n}").format(
        keys=sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(k)) for k in table.key),
        t=sql.Identifier(table.name),
        where=_where(table, after, None),
        key=_cols(table.key),
        n=sql.Literal(page_rows),
    )
    rows = await (await conn.execute(query, {"ids": list(ids), **_bind("after", after)})).fetchall()
    return [list(r) for r in rows]


async def _ranges(
    source: AsyncConnection, table: TenantTable, ids: Sequence[str], page_rows: int
) -> list[tuple[list[str] | None, list[str] | None]]:
    """Contiguous key ranges ``(after, upto]`` of about ``page_rows`` source rows each,
    the last one open-ended, together covering every key on either side."""
    ranges: list[tuple[list[str] | None, list[str] | None]] = []
    after: list[str] | None = None
    while True:
        keys = await _range_keys(source, table, ids, after, page_rows)
        if len(keys) < page_rows:
            ranges.append((after, None))
            return ranges
        ranges.append((after, keys[-1]))
        after = keys[-1]


async def remove_extra(
    source: AsyncConnection,
    target: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    *,
    page_rows: int = PAGE_ROWS,
) -> int:
    """Delete the target's rows of ``ids`` whose key the source no longer has; how many."""
    removed = 0
    for after, upto in await _ranges(source, table, ids, page_rows):
        mine = await digest(source, table, ids, after=after, upto=upto, keys_only=True)
        theirs = await digest(target, table, ids, after=after, upto=upto, keys_only=True)
        if mine == theirs:
            continue
        keep = {tuple(k) for k in await _keys_between(source, table, ids, after, upto)}
        target_keys = await _keys_between(target, table, ids, after, upto)
        extra = [k for k in target_keys if tuple(k) not in keep]
        for key in extra:
            await _delete_key(target, table, ids, key)
        removed += len(extra)
    return removed


async def _keys_between(
    conn: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    after: Sequence[str] | None,
    upto: Sequence[str] | None,
) -> list[list[str]]:
    query = sql.SQL("SELECT {keys} FROM {t} WHERE {where}").format(
        keys=sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(k)) for k in table.key),
        t=sql.Identifier(table.name),
        where=_where(table, after, upto),
    )
    params = {"ids": list(ids), **_bind("after", after), **_bind("upto", upto)}
    return [list(r) for r in await (await conn.execute(query, params)).fetchall()]


async def _delete_key(
    conn: AsyncConnection, table: TenantTable, ids: Sequence[str], key: Sequence[str]
) -> None:
    query = sql.SQL("DELETE FROM {t} WHERE {scope} AND {eq}").format(
        t=sql.Identifier(table.name), scope=_scope(table), eq=_key_bound(table, "=", "key")
    )
    await conn.execute(query, {"ids": list(ids), **_bind("key", key)})


async def bring_up_to_date(
    source: AsyncConnection,
    target: AsyncConnection,
    table: TenantTable,
    ids: Sequence[str],
    *,
    page_rows: int = PAGE_ROWS,
) -> int:
    """Re-copy every key range whose checksum differs between the sides; rows re-copied."""
    recopied = 0
    for after, upto in await _ranges(source, table, ids, page_rows):
        if table.whole or await digest(source, table, ids, after=after, upto=upto) != await digest(
            target, table, ids, after=after, upto=upto
        ):
            rows_json, keys = await read_page(
                source, table, ids, after=after, upto=upto, limit=None
            )
            if keys:
                await upsert(target, table, rows_json)
                recopied += len(keys)
    return recopied


async def delete_scope(
    conn: AsyncConnection,
    tables: Sequence[TenantTable],
    ids: Sequence[str],
    *,
    page_rows: int = PAGE_ROWS,
    progress: Callable[[str, int], Awaitable[None]] | None = None,
) -> int:
    """Delete every row of ``ids`` from ``tables`` (children first), page by page; how many.

    Run twice over: deleting an organization writes tombstones of its payload keys (the
    trigger that guards running workflows), which the second pass removes.
    """
    await conn.execute("SELECT set_config('app.tenant_move_cleanup', %s, false)", (",".join(ids),))
    deleted = 0
    for _ in range(2):
        for table in reversed(tables):
            query = sql.SQL(
                "DELETE FROM {t} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {t} WHERE {scope} "
                "LIMIT {n}))"
            ).format(t=sql.Identifier(table.name), scope=_scope(table), n=sql.Literal(page_rows))
            while True:
                cursor = await conn.execute(query, {"ids": list(ids)})
                if cursor.rowcount <= 0:
                    break
                deleted += cursor.rowcount
                if progress is not None:
                    await progress(table.name, deleted)
    return deleted


async def verify(
    source: AsyncConnection,
    target: AsyncConnection,
    tables: Sequence[TenantTable],
    ids: Sequence[str],
) -> dict[str, Any]:
    """The verification report: per table, rows and checksum on each side."""
    mine = await table_digests(source, tables, ids)
    theirs = await table_digests(target, tables, ids)
    report: dict[str, Any] = {"tables": {}, "mismatched": []}
    for table in tables:
        a, b = mine[table.name], theirs[table.name]
        report["tables"][table.name] = {
            "source_rows": a.rows,
            "target_rows": b.rows,
            "source_checksum": a.checksum,
            "target_checksum": b.checksum,
        }
        if a != b:
            report["mismatched"].append(table.name)
    report["rows"] = sum(d.rows for d in mine.values())
    report["ok"] = not report["mismatched"]
    return report
