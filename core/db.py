"""Database plumbing: engines, the application role, and tenant-scoped sessions.

Every application connection runs as ``auditoryx_app`` (``SET ROLE`` on connect), a role that
owns nothing and is subject to row-level security. A tenant scope sets ``app.org_ids`` for the
current transaction only, so a forgotten filter returns nothing of another organization, and a
session outside a scope sees no tenant rows at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Row, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

APP_ROLE = "auditoryx_app"

# A deadlock victim (40P01) and a serialization failure (40001): PostgreSQL rolled the
# transaction back because of the timing of others, and the same work tried again succeeds or
# meets the others' committed result.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
# How many times the API runs a request whose transaction PostgreSQL rolled back that way.
TRANSACTION_ATTEMPTS = 3


def is_retryable(exc: BaseException) -> bool:
    """Whether ``exc`` means "run the whole transaction again": a deadlock or serialization
    failure anywhere in its chain of causes, or an error that says so itself
    (``retry_transaction = True``, e.g. a conflict whose other side had not committed yet)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "retry_transaction", False):
            return True
        if getattr(current, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException) and getattr(orig, "sqlstate", None) in (
            RETRYABLE_SQLSTATES
        ):
            return True
        # Follow what Python would print: an error raised ``from None`` hid its context.
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return False


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` URLs and use the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def libpq_conninfo(url: str) -> str:
    """A libpq connection string (psycopg's own connections) of a SQLAlchemy URL, any driver
    named in it; the password kept."""
    return make_url(normalize_url(url)).set(drivername="postgresql").render_as_string(False)


def create_app_engine(url: str, *, pool_size: int = 10, **kwargs: Any) -> AsyncEngine:
    """Engine for the API and worker: every connection assumes the RLS-bound application role."""
    engine = create_async_engine(
        normalize_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        **kwargs,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _assume_app_role(dbapi_connection: Any, _record: Any) -> None:
        # psycopg starts a transaction implicitly; run the SET in autocommit so it sticks.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {APP_ROLE}")
        finally:
            dbapi_connection.autocommit = autocommit

    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


class SessionRouter(async_sessionmaker[AsyncSession]):
    """A sessionmaker of the control database that knows where each organization lives.

    Accepted wherever a sessionmaker is: called directly or through :func:`system_session` it
    opens a session of the control database; :func:`tenant_session` asks
    :meth:`for_organization` and opens the session in the organization's own database
    (domain/placements/router.py decides; docs/adr/0035-placements-and-regions.md).
    """

    # The name :meth:`every_database` gives the control database.
    control_placement = "control"

    def __init__(self, control: AsyncEngine) -> None:
        super().__init__(control, expire_on_commit=False, autoflush=True)

    async def for_organization(self, organization_id: str) -> async_sessionmaker[AsyncSession]:
        """The sessionmaker of the database ``organization_id`` lives in."""
        return self

    def every_database(self) -> dict[str, async_sessionmaker[AsyncSession]]:
        """Each database this process may touch, by placement name (sweeps run per database)."""
        return {"control": self}

    async def placement_name(self, organization_id: str) -> str:
        """The name (a key of :meth:`every_database`) of the database ``organization_id``
        lives in."""
        return "control"

    def pinned(self, target: async_sessionmaker[AsyncSession]) -> SessionRouter:
        """Sessions of ``target`` only (one of this router's databases: a sweep scanning it),
        whose tenant transactions still end with :meth:`before_commit`."""
        return _Pinned(self, target)

    async def before_commit(self, session: AsyncSession, org_ids: Sequence[str]) -> None:
        """The last step of a tenant transaction this router opened, before it commits (not
        run when the transaction failed): the placement router refuses, there, a write the
        database blocks for the organization (a tenant move's freeze)."""


async def set_tenant(session: AsyncSession, org_ids: Sequence[str]) -> None:
    """Scope the session's current transaction to ``org_ids`` (RLS reads ``app.org_ids``)."""
    await session.execute(
        text("SELECT set_config('app.org_ids', :ids, true)"), {"ids": ",".join(org_ids)}
    )


@asynccontextmanager
async def tenant_session(
    sessionmaker: async_sessionmaker[AsyncSession], org_ids: Sequence[str]
) -> AsyncIterator[AsyncSession]:
    """One transaction scoped to ``org_ids``; commits on success, rolls back on error."""
    if not org_ids:
        raise ValueError("a tenant session needs at least one organization id")
    router = sessionmaker if isinstance(sessionmaker, SessionRouter) else None
    if router is not None:
        # One scope, one database: every organization of a scope shares its placement (a
        # sub-organization lives where its parent does), so the first one decides.
        sessionmaker = await router.for_organization(org_ids[0])
    async with sessionmaker() as session, session.begin():
        await set_tenant(session, org_ids)
        yield session
        if router is not None:
            await router.before_commit(session, org_ids)


async def by_database(
    sessionmaker: async_sessionmaker[AsyncSession], org_ids: Sequence[str]
) -> list[tuple[async_sessionmaker[AsyncSession], list[str]]]:
    """``org_ids`` grouped by the database each lives in, for work that spans organizations
    of several placements (one transaction per database, never one scope across them)."""
    if not isinstance(sessionmaker, SessionRouter):
        return [(sessionmaker, list(org_ids))] if org_ids else []
    groups: dict[int, tuple[async_sessionmaker[AsyncSession], list[str]]] = {}
    for org_id in org_ids:
        target = await sessionmaker.for_organization(org_id)
        groups.setdefault(id(target), (sessionmaker.pinned(target), []))[1].append(org_id)
    return list(groups.values())


class _Pinned(SessionRouter):
    """One database of a router's (a group of :func:`by_database`): its tenant sessions open
    there whatever their first organization, and still end with the router's
    :meth:`~SessionRouter.before_commit` (a tenant move's freeze applies to them too)."""

    def __init__(self, router: SessionRouter, target: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(target.kw["bind"])
        self._router = router
        self._target = target

    async def for_organization(self, organization_id: str) -> async_sessionmaker[AsyncSession]:
        return self._target

    async def before_commit(self, session: AsyncSession, org_ids: Sequence[str]) -> None:
        await self._router.before_commit(session, org_ids)


def is_unreachable(exc: BaseException) -> bool:
    """A failure to reach a database at all (refused, broken, shutting down), not a failing
    statement."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return isinstance(exc, OperationalError) and (
        sqlstate is None or sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03")
    )


async def find_anywhere(
    sessionmaker: async_sessionmaker[AsyncSession],
    statement: Any,
    params: dict[str, Any],
    *,
    owner: str | None = None,
) -> Row[*tuple[Any, ...]] | None:
    """The first row of a lookup that runs before any tenant is known (a token's definer
    function), in each database a router serves, the control database first.

    With ``owner`` (the row's organization id column), a row is taken only from the database
    the directory routes that organization to: a copy a tenant move left behind is no answer.
    A database that is down cannot say "not mine": when no other database had the row, its
    error is raised (the API answers 503) rather than "not found".
    """
    rows = await _lookup_everywhere(sessionmaker, statement, params, owner=owner, first=True)
    return rows[0] if rows else None


async def find_everywhere(
    sessionmaker: async_sessionmaker[AsyncSession],
    statement: Any,
    params: dict[str, Any],
    *,
    owner: str | None = None,
) -> list[Row[*tuple[Any, ...]]]:
    """Every row of such a lookup in every database a router serves (a person's memberships,
    the organizations connected to one chat workspace), control database first; ``owner`` as
    in :func:`find_anywhere`. A database that is down raises its error even when others
    answered: a partial answer would be taken for the whole one."""
    return await _lookup_everywhere(sessionmaker, statement, params, owner=owner, first=False)


async def _lookup_everywhere(
    sessionmaker: async_sessionmaker[AsyncSession],
    statement: Any,
    params: dict[str, Any],
    *,
    owner: str | None,
    first: bool,
) -> list[Row[*tuple[Any, ...]]]:
    targets = (
        list(sessionmaker.every_database().items())
        if isinstance(sessionmaker, SessionRouter)
        else [("control", sessionmaker)]
    )
    found: list[Row[*tuple[Any, ...]]] = []
    unreachable: DBAPIError | None = None
    for name, target in targets:
        try:
            async with system_session(target) as session:
                rows = (await session.execute(statement, params)).all()
        except DBAPIError as exc:
            if len(targets) == 1 or not is_unreachable(exc):
                raise
            unreachable = exc
            continue
        if owner is not None and isinstance(sessionmaker, SessionRouter) and len(targets) > 1:
            rows = [
                row
                for row in rows
                if await sessionmaker.placement_name(row._mapping[owner]) == name
            ]
        found.extend(rows)
        if first and found:
            return found[:1]
    if unreachable is not None:
        raise unreachable
    return found


@asynccontextmanager
async def system_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A transaction with no tenant: sees only non-tenant tables and definer functions."""
    async with sessionmaker() as session, session.begin():
        yield session


@asynccontextmanager
async def widened_scope(
    session: AsyncSession, current: Sequence[str], extra: Sequence[str]
) -> AsyncIterator[None]:
    """Temporarily add ``extra`` organizations to the transaction's scope.

    Used where one action writes into two tenants the caller legitimately spans: a parent
    creating or changing a child, a live organization creating its sandbox twin.
    """
    await set_tenant(session, [*current, *extra])
    try:
        yield
    finally:
        await set_tenant(session, current)
