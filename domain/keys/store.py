"""The key store: per-person data keys and organizations' key-encryption keys, kept outside
the data's databases and their backups.

A backup of a data database holds everything sealed in it and the organization keys (wrapped
under their organization's key-encryption key, kept here; versions issued before that existed
are wrapped under ``SECRET_KEY``, which the live system keeps, until ``auditoryx keys
rewrap``). Were the person keys in it too, that
backup plus the live secret would re-open a person erased after it was taken. So the person
keys live here, in a PostgreSQL database of their own (``KEYSTORE_URL``), backed up with a
retention shorter than the erasure deadline (docs/operations.md); an erasure destroys the
person's key here first, and the data's backups may then be kept as long as the business
needs: what they hold of that person can no longer be opened (ADR 0034).

One key store serves every placement: its rows are small (a wrapped 32-byte key each) and
carry no personal value, only the person's kind and id. Its schema is created if missing by
``auditoryx migrate`` (:func:`ensure_schema`; two tables, no migration chain of its own: a later
change adds statements that are themselves idempotent). Row-level security scopes it like a
tenant table: the application role sees and changes only the organizations its transaction
names (``app.org_ids``), may not delete a row, and an erased person's row stays a tombstone.

Each key is wrapped (AES-256-GCM) under a version of its organization's key, which lives in
the organization's data database; the row names that version. A person key therefore opens
only with both: this row, and the organization key of the live data database.

``organization_keks`` holds one key-encryption key per organization, wrapped under
``SECRET_KEY``; the organization's key versions in the data database are wrapped under it
(domain/keys/service.py). Deleting the organization (or ``auditoryx keys destroy``) destroys
it first: a backup of the data then opens none of those versions, even with the live secret.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

import psycopg
from sqlalchemy import bindparam, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.config import Environment, Settings
from core.db import create_app_engine
from core.ids import new_id

log = logging.getLogger(__name__)

SCHEMA = "keystore"
TABLE = "keystore.subject_keys"


def _tenant_table(table: str) -> tuple[str, ...]:
    """Row-level security on the organizations in ``app.org_ids``, as in the data, and for
    the application role reading, adding and changing rows, never deleting one."""
    in_scope = (
        "organization_id = ANY (string_to_array(nullif(current_setting('app.org_ids', true), "
        "''), ','))"
    )
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {table}",
        f"CREATE POLICY tenant_isolation ON {table} USING ({in_scope}) WITH CHECK ({in_scope})",
        f"REVOKE ALL ON {table} FROM auditoryx_app",
        f"GRANT SELECT, INSERT, UPDATE ON {table} TO auditoryx_app",
    )


# Idempotent, in order: run by ``auditoryx migrate`` as the key store's owner.
SCHEMA_STATEMENTS: tuple[str, ...] = (
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'auditoryx_app') THEN
            CREATE ROLE auditoryx_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
    END $$""",
    "CREATE SCHEMA IF NOT EXISTS keystore",
    """CREATE TABLE IF NOT EXISTS keystore.subject_keys (
        id varchar(40) PRIMARY KEY,
        organization_id varchar(40) NOT NULL,
        subject_kind varchar(20) NOT NULL
            CHECK (subject_kind IN ('artist', 'creator', 'member', 'client')),
        subject_id varchar(40) NOT NULL,
        organization_key_id varchar(40),
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        issued_at timestamptz,
        destroyed_at timestamptz,
        UNIQUE (organization_id, subject_kind, subject_id),
        CONSTRAINT tombstone CHECK (
            (wrapped_key IS NULL) = (destroyed_at IS NOT NULL)
            AND (wrapped_key IS NULL) = (organization_key_id IS NULL)
            AND (wrapped_key IS NULL OR issued_at IS NOT NULL)
        )
    )""",
    # No DELETE: a key is destroyed by forgetting its wrapped value; the row stays, so an
    # erased person is never issued a new key.
    *_tenant_table("keystore.subject_keys"),
    "GRANT USAGE ON SCHEMA keystore TO auditoryx_app",
    # Each organization's key-encryption key (KEK), wrapped under ``SECRET_KEY``: its
    # organization keys (in the data database) are wrapped under it, so a backup of the data
    # alone opens none of them once the KEK here is destroyed (ADR 0034).
    """CREATE TABLE IF NOT EXISTS keystore.organization_keks (
        organization_id varchar(40) PRIMARY KEY,
        wrapped_kek bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        CONSTRAINT kek_tombstone CHECK ((wrapped_kek IS NULL) = (destroyed_at IS NOT NULL))
    )""",
    *_tenant_table("keystore.organization_keks"),
)


def ensure_schema(owner_url: str) -> None:
    """Create the key store's schema where it is missing (as its owner); safe to run again."""
    conninfo = make_url(owner_url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for statement in SCHEMA_STATEMENTS:
            conn.execute(statement)


@dataclass(frozen=True)
class StoredKey:
    """One person's row in the key store. ``wrapped_key`` is ``None`` once destroyed."""

    id: str
    organization_id: str
    subject_kind: str
    subject_id: str
    organization_key_id: str | None
    wrapped_key: bytes | None
    issued_at: datetime | None
    destroyed_at: datetime | None


@dataclass(frozen=True)
class StoredKek:
    """An organization's key-encryption key row; ``wrapped_kek`` is ``None`` once destroyed."""

    organization_id: str
    wrapped_kek: bytes | None
    destroyed_at: datetime | None


def _stored(row: object) -> StoredKey:
    return StoredKey(**row._mapping)  # type: ignore[attr-defined]


class KeyStore:
    """The per-person keys of every organization, in the key store's database.

    Each method is one transaction of its own, scoped to one organization: the key store
    shares no transaction with a data database (an erasure destroys here first, then scrubs
    the data; a crash in between leaves a destroyed key and a pending erasure its retry
    completes)."""

    def __init__(self, engine: AsyncEngine, *, owns_engine: bool = False) -> None:
        self.engine = engine
        self._owns_engine = owns_engine

    @classmethod
    def from_settings(cls, settings: Settings, *, fallback: AsyncEngine) -> KeyStore:
        """The configured key store; without ``KEYSTORE_URL`` (refused in production) the
        control database ``fallback``, said loudly."""
        if settings.keystore_url:
            engine = create_app_engine(
                settings.keystore_url, pool_size=max(2, settings.db_pool_size // 2)
            )
            return cls(engine, owns_engine=True)
        if settings.environment is not Environment.TEST:
            log.warning(
                "KEYSTORE_URL is not set: per-person data keys are kept in the control "
                "database, so its backups can re-open erased people; set KEYSTORE_URL to a "
                "database of its own (required in production)"
            )
        return cls(fallback)

    async def dispose(self) -> None:
        if self._owns_engine:
            await self.engine.dispose()

    @asynccontextmanager
    async def transaction(self, organization_id: str) -> AsyncIterator[AsyncConnection]:
        """One transaction of the key store, scoped to ``organization_id`` (RLS)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                text("SELECT set_config('app.org_ids', :ids, true)"), {"ids": organization_id}
            )
            yield conn

    async def find(
        self, organization_id: str, subjects: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], StoredKey]:
        """The rows of ``subjects`` (kind, id) that have one, in one round trip."""
        wanted = sorted(set(subjects))
        if not wanted:
            return {}
        async with self.transaction(organization_id) as conn:
            rows = await conn.execute(
                text(
                    "SELECT id, organization_id, subject_kind, subject_id, organization_key_id, "
                    "wrapped_key, issued_at, destroyed_at FROM keystore.subject_keys WHERE "
                    "organization_id = :org "
                    "AND subject_kind IN :kinds AND subject_id IN :ids"
                ).bindparams(bindparam("kinds", expanding=True), bindparam("ids", expanding=True)),
                {
                    "org": organization_id,
                    "kinds": sorted({k for k, _ in wanted}),
                    "ids": sorted({i for _, i in wanted}),
                },
            )
            found = [_stored(r) for r in rows]
        keep = set(wanted)
        return {
            (k.subject_kind, k.subject_id): k
            for k in found
            if (k.subject_kind, k.subject_id) in keep
        }

    async def insert(
        self,
        organization_id: str,
        kind: str,
        subject_id: str,
        *,
        organization_key_id: str,
        wrapped_key: bytes,
    ) -> StoredKey:
        """Store a newly issued key unless the person has a row already; the row that stands
        (ours, a concurrent first use's, or an erasure's tombstone)."""
        async with self.transaction(organization_id) as conn:
            await conn.execute(
                text(
                    "INSERT INTO keystore.subject_keys (id, organization_id, subject_kind, "
                    "subject_id, "
                    "organization_key_id, wrapped_key, issued_at) "
                    "VALUES (:id, :org, :kind, :sid, :okid, :wrapped, now()) "
                    "ON CONFLICT (organization_id, subject_kind, subject_id) DO NOTHING"
                ),
                {
                    "id": new_id("skey"),
                    "org": organization_id,
                    "kind": kind,
                    "sid": subject_id,
                    "okid": organization_key_id,
                    "wrapped": wrapped_key,
                },
            )
            # The insert waited for a concurrent one to commit: its row is visible now.
            row = (
                await conn.execute(
                    text(
                        "SELECT id, organization_id, subject_kind, subject_id, "
                        "organization_key_id, wrapped_key, issued_at, destroyed_at FROM "
                        "keystore.subject_keys WHERE organization_id = :org "
                        "AND subject_kind = :kind AND subject_id = :sid"
                    ),
                    {"org": organization_id, "kind": kind, "sid": subject_id},
                )
            ).one()
        return _stored(row)

    async def replace(
        self, row: StoredKey, *, organization_key_id: str, wrapped_key: bytes
    ) -> StoredKey:
        """Put a new key in place of ``row``'s, if ``row`` is still as read (a key whose
        organization key version was never committed); the row that stands."""
        async with self.transaction(row.organization_id) as conn:
            await conn.execute(
                text(
                    "UPDATE keystore.subject_keys SET organization_key_id = :okid, wrapped_key = "
                    ":wrapped, "
                    "issued_at = now() WHERE organization_id = :org AND id = :id "
                    "AND organization_key_id = :old AND destroyed_at IS NULL"
                ),
                {
                    "okid": organization_key_id,
                    "wrapped": wrapped_key,
                    "org": row.organization_id,
                    "id": row.id,
                    "old": row.organization_key_id,
                },
            )
            stood = (
                await conn.execute(
                    text(
                        "SELECT id, organization_id, subject_kind, subject_id, "
                        "organization_key_id, wrapped_key, issued_at, destroyed_at FROM "
                        "keystore.subject_keys WHERE organization_id = :org AND id = :id"
                    ),
                    {"org": row.organization_id, "id": row.id},
                )
            ).one()
        return _stored(stood)

    async def destroy(self, organization_id: str, kind: str, subject_id: str) -> bool:
        """Forget the person's key; a person who had none gets a tombstone (no key is issued
        to them afterwards). Idempotent: whether the person had a key, now destroyed (also
        when an earlier attempt destroyed it)."""
        async with self.transaction(organization_id) as conn:
            await conn.execute(
                text(
                    "INSERT INTO keystore.subject_keys (id, organization_id, subject_kind, "
                    "subject_id, "
                    "destroyed_at) VALUES (:id, :org, :kind, :sid, now()) "
                    "ON CONFLICT (organization_id, subject_kind, subject_id) DO UPDATE "
                    "SET wrapped_key = NULL, organization_key_id = NULL, "
                    "destroyed_at = coalesce(keystore.subject_keys.destroyed_at, now())"
                ),
                {"id": new_id("skey"), "org": organization_id, "kind": kind, "sid": subject_id},
            )
            issued = (
                await conn.execute(
                    text(
                        "SELECT issued_at FROM keystore.subject_keys WHERE organization_id = :org "
                        "AND subject_kind = :kind AND subject_id = :sid"
                    ),
                    {"org": organization_id, "kind": kind, "sid": subject_id},
                )
            ).scalar_one()
        return issued is not None

    async def destroy_organization(self, organization_id: str) -> int:
        """Forget every live key of the organization (it is deleted), its key-encryption key
        too (:meth:`destroy_kek`); how many person keys. Idempotent."""
        persons, _keks = await self.destroy_organizations([organization_id])
        return persons

    async def destroy_organizations(self, organization_ids: Sequence[str]) -> tuple[int, int]:
        """:meth:`destroy_organization` for several at once, in one transaction scoped to
        them all; how many (person keys, key-encryption keys) were live."""
        if not organization_ids:
            return 0, 0
        orgs = list(organization_ids)
        async with self.transaction(",".join(orgs)) as conn:
            result = await conn.execute(
                text(
                    "UPDATE keystore.subject_keys SET wrapped_key = NULL, organization_key_id = "
                    "NULL, destroyed_at = now() WHERE organization_id = ANY (:orgs) "
                    "AND destroyed_at IS NULL"
                ),
                {"orgs": orgs},
            )
            keks = await self._destroy_keks(conn, orgs)
        return int(result.rowcount), keks

    async def find_kek(self, organization_id: str) -> StoredKek | None:
        """The organization's key-encryption key row, ``None`` if it never had one."""
        async with self.transaction(organization_id) as conn:
            return await self._kek(conn, organization_id)

    async def issue_kek(self, organization_id: str, wrapped_kek: bytes) -> StoredKek:
        """Store ``wrapped_kek`` as the organization's key-encryption key unless a live one
        stands (a concurrent first use's): the row that stands, always live. A destroyed
        one is replaced (an operator rotates after ``auditoryx keys destroy``): what the
        destroyed one wrapped stays unreadable."""
        async with self.transaction(organization_id) as conn:
            await conn.execute(
                text(
                    "INSERT INTO keystore.organization_keks (organization_id, wrapped_kek) "
                    "VALUES (:org, :wrapped) ON CONFLICT (organization_id) DO UPDATE "
                    "SET wrapped_kek = excluded.wrapped_kek, created_at = now(), "
                    "destroyed_at = NULL WHERE keystore.organization_keks.destroyed_at "
                    "IS NOT NULL"
                ),
                {"org": organization_id, "wrapped": wrapped_kek},
            )
            # The insert waited for a concurrent one to commit: its row is visible now.
            stands = await self._kek(conn, organization_id)
        assert stands is not None
        return stands

    @staticmethod
    async def _kek(conn: AsyncConnection, organization_id: str) -> StoredKek | None:
        row = (
            await conn.execute(
                text(
                    "SELECT organization_id, wrapped_kek, destroyed_at FROM "
                    "keystore.organization_keks WHERE organization_id = :org"
                ),
                {"org": organization_id},
            )
        ).one_or_none()
        return None if row is None else StoredKek(**row._mapping)

    async def destroy_kek(self, organization_id: str) -> bool:
        """Forget the organization's key-encryption key; whether a live one was destroyed."""
        async with self.transaction(organization_id) as conn:
            return await self._destroy_keks(conn, [organization_id]) > 0

    async def _destroy_keks(self, conn: AsyncConnection, organization_ids: list[str]) -> int:
        result = await conn.execute(
            text(
                "UPDATE keystore.organization_keks SET wrapped_kek = NULL, destroyed_at = now() "
                "WHERE organization_id = ANY (:orgs) AND destroyed_at IS NULL"
            ),
            {"orgs": organization_ids},
        )
        return int(result.rowcount)

    async def rewrap_kek(self, organization_id: str, rewrap: Callable[[bytes], bytes]) -> bool:
        """Replace the organization's live wrapped key-encryption key by ``rewrap`` of it
        (after a ``SECRET_KEY`` rotation); whether it had one."""
        async with self.transaction(organization_id) as conn:
            wrapped = (
                await conn.execute(
                    text(
                        "SELECT wrapped_kek FROM keystore.organization_keks WHERE "
                        "organization_id = :org AND destroyed_at IS NULL FOR UPDATE"
                    ),
                    {"org": organization_id},
                )
            ).scalar_one_or_none()
            if wrapped is None:
                return False
            await conn.execute(
                text(
                    "UPDATE keystore.organization_keks SET wrapped_kek = :wrapped "
                    "WHERE organization_id = :org"
                ),
                {"org": organization_id, "wrapped": rewrap(bytes(wrapped))},
            )
        return True

    async def live_keys_not_wrapped_by(
        self, conn: AsyncConnection, organization_id: str, organization_key_id: str
    ) -> list[StoredKey]:
        """In ``conn`` (a :meth:`transaction`), the live keys wrapped under another version
        than ``organization_key_id``, locked for a re-wrap."""
        rows = await conn.execute(
            text(
                "SELECT id, organization_id, subject_kind, subject_id, organization_key_id, "
                "wrapped_key, issued_at, destroyed_at FROM keystore.subject_keys WHERE "
                "organization_id = :org "
                "AND destroyed_at IS NULL AND organization_key_id <> :okid "
                "ORDER BY id FOR UPDATE"
            ),
            {"org": organization_id, "okid": organization_key_id},
        )
        return [_stored(r) for r in rows]

    async def rewrapped(
        self,
        conn: AsyncConnection,
        organization_id: str,
        updates: Sequence[tuple[str, str, bytes]],
    ) -> None:
        """In ``conn``, store re-wrapped keys: (key id, organization key id, wrapped key)."""
        for key_id, org_key_id, wrapped in updates:
            await conn.execute(
                text(
                    "UPDATE keystore.subject_keys SET organization_key_id = :okid, wrapped_key = "
                    ":wrapped "
                    "WHERE organization_id = :org AND id = :id AND destroyed_at IS NULL"
                ),
                {"okid": org_key_id, "wrapped": wrapped, "org": organization_id, "id": key_id},
            )
