"""The tables a tenant move carries, read from the catalog, in foreign-key order.

A tenant table is one with an ``organization_id`` column, and ``organizations`` itself (its
rows are scoped by ``id``). The order is the order of their foreign keys (a table after every
table it references), so inserting table by table never meets a missing parent and deleting
in the reverse order never leaves an orphan. What the catalog of a database says is what is
copied: a table a later migration adds is moved without a change here.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from psycopg import AsyncConnection

# Rows that describe where organizations live, how they move and that they were deleted: they
# belong to the database they are in, never to a tenant's copy (a deletion's record outlives
# the organization's data).
NOT_COPIED = frozenset(
    {
        "tenant_moves",
        "tenant_write_blocks",
        "organization_placements",
        "organization_claims",
        "organization_deletions",
    }
)
# Values that only mean something on the server that produced them (``audit_events.xid``,
# the committing transaction, is stamped again by the destination's trigger).
SERVER_LOCAL_TYPES = frozenset({"xid", "xid8"})


@dataclass(frozen=True)
class TenantTable:
    """One table's shape as a move needs it."""

    name: str
    columns: tuple[str, ...]  # copied and compared: no generated or server-local column
    key: tuple[str, ...]  # the primary key: keyset pages and upserts
    key_types: tuple[str, ...]

    @property
    def scope_column(self) -> str:
        return "id" if self.name == "organizations" else "organization_id"

    @property
    def whole(self) -> bool:
        """Copied in one page, parents first: ``organizations`` references itself (a tree's
        parent must exist before its children), and a tree's organizations are few."""
        return self.name == "organizations"


_TABLES = """
SELECT c.relname::text,
       array_agg(a.attname::text ORDER BY a.attnum) FILTER (
           WHERE a.attgenerated = '' AND format_type(a.atttypid, NULL) <> ALL (%(local)s)),
       (SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey::int2[], k.attnum))
          FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid
           AND k.attnum = ANY (i.indkey::int2[])
         WHERE i.indrelid = c.oid AND i.indisprimary),
       (SELECT array_agg(format_type(k.atttypid, k.atttypmod)
                         ORDER BY array_position(i.indkey::int2[], k.attnum))
          FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid
           AND k.attnum = ANY (i.indkey::int2[])
         WHERE i.indrelid = c.oid AND i.indisprimary)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p')
  AND (c.relname = 'organizations' OR EXISTS (
       SELECT FROM pg_attribute o WHERE o.attrelid = c.oid AND o.attname = 'organization_id'
       AND NOT o.attisdropped))
GROUP BY c.oid, c.relname
"""

_REFERENCES = """
SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid
"""


async def tenant_tables(conn: AsyncConnection) -> list[TenantTable]:
    """Every tenant table of the database behind ``conn``, parents before children."""
    tables: dict[str, TenantTable] = {}
    for name, columns, key, key_types in await (
        await conn.execute(_TABLES, {"local": list(SERVER_LOCAL_TYPES)})
    ).fetchall():
        if name in NOT_COPIED:
            continue
        if not key:
            raise RuntimeError(f"table {name} has no primary key: a move cannot page it")
        tables[name] = TenantTable(name, tuple(columns), tuple(key), tuple(key_types))
    edges = [tuple(r) for r in await (await conn.execute(_REFERENCES)).fetchall()]
    return [tables[n] for n in foreign_key_order(tables, edges)]


def foreign_key_order(
    tables: Mapping[str, object] | Iterable[str], references: Iterable[tuple[str, str]]
) -> list[str]:
    """Names in an order where each comes after the tables it references (ties by name)."""
    names = set(tables)
    parents: dict[str, set[str]] = {n: set() for n in names}
    for child, parent in references:
        if child in names and parent in names:
            parents[child].add(parent)
    ready = [n for n, p in parents.items() if not p]
    heapq.heapify(ready)
    ordered: list[str] = []
    while ready:
        name = heapq.heappop(ready)
        ordered.append(name)
        for child, waits in parents.items():
            if name in waits:
                waits.discard(name)
                if not waits:
                    heapq.heappush(ready, child)
    if len(ordered) != len(names):
        raise RuntimeError(f"foreign keys form a cycle among {sorted(names - set(ordered))}")
    return ordered
