"""The request rate limiter: GCRA buckets in PostgreSQL, shared by every API process.

A request takes one unit from each bucket it names (its API key and its organization, or its
client address when nobody authenticated). Each bucket is one row of the UNLOGGED
``rate_limit_buckets`` table holding the theoretical arrival time (``tat``) of the next
request at the sustained rate. One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` reads,
decides and writes every bucket of the request: the row lock the statement takes is the whole
critical section, held only by that statement's own short transaction (never by the request's
tenant transaction), so concurrent requests and several API processes agree exactly. The
statement runs on the limiter's own autocommit connections, prepared once per connection
(:class:`BucketStore`): one round trip and no parsing or planning per request. The
database's clock is the only clock, so processes on hosts whose clocks drift still agree.

A bucket refuses a request when admitting it would put ``tat`` more than ``burst`` intervals
ahead of now; a refused request changes nothing in that bucket. The buckets of one request are
decided independently: a request one bucket refuses may still have taken its unit from
another (the refusal is counted against the caller, which errs on the side of the service).
"""

from __future__ import annotations

import asyncio
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db import APP_ROLE
from domain.tenancy.plans import RequestRate

# How the limiter's connections show in pg_stat_activity.
APPLICATION_NAME = "auditoryx-rate-limiter"
# Floating-point slack: a request exactly on the boundary of the burst is admitted.
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Bucket:
    """What a request is counted against: ``scope`` (``key``, ``org``, ``ip``) and its key."""

    scope: str
    key: str
    rate: RequestRate


@dataclass(frozen=True, slots=True)
class Verdict:
    """One bucket's answer to one request."""

    scope: str
    rate: RequestRate
    allowed: bool
    remaining: int  # requests that would be admitted right now, after this one
    reset_after: int  # whole seconds until the full burst is available again
    retry_after: int  # whole seconds until one more request is admitted (0: now)


@dataclass(frozen=True, slots=True)
class Decision:
    """Every bucket's verdict; the request passes only when all of them admit it."""

    verdicts: tuple[Verdict, ...]

    @property
    def allowed(self) -> bool:
        return all(verdict.allowed for verdict in self.verdicts)

    @property
    def retry_after(self) -> int:
        return max((v.retry_after for v in self.verdicts if not v.allowed), default=0)


# In DO UPDATE, ``b`` is the stored row and ``excluded`` the proposed one, whose ``seen_at`` is
# now and whose interval and tolerance are the rate in force.
_ADMITS = (
    "greatest(b.tat, excluded.seen_at) + excluded.emission_interval - excluded.seen_at"
    f" <= excluded.tolerance + {_EPSILON}"
)


@functools.cache
def statement(count: int) -> str:
    """The upsert of ``count`` buckets. One text per count (a request names one or two
    buckets), so that each connection prepares it once and then only binds scalars."""
    rows = ", ".join(
        f"(%(scope_{i})s::text, %(key_{i})s::text, %(emission_{i})s::float8,"
        f" %(tolerance_{i})s::float8, {i})"
        for i in range(count)
    )
    return f"""
        INSERT INTO rate_limit_buckets AS b
            (scope, key, tat, seen_at, allowed, emission_interval, tolerance)
        SELECT s.scope, s.key, c.now + s.emission, c.now, true, s.emission, s.tolerance
          FROM (VALUES {rows}) AS s (scope, key, emission, tolerance, position)
         CROSS JOIN (SELECT extract(epoch FROM clock_timestamp())::double precision AS now) c
         ORDER BY s.position
        ON CONFLICT (scope, key) DO UPDATE SET
            allowed = {_ADMITS},
            tat = CASE WHEN {_ADMITS}
                       THEN greatest(b.tat, excluded.seen_at) + excluded.emission_interval
                       ELSE b.tat END,
            seen_at = excluded.seen_at,
            emission_interval = excluded.emission_interval,
            tolerance = excluded.tolerance
        RETURNING b.scope, b.allowed, b.tat, b.seen_at
    """  # noqa: S608 (placeholders only; the values are bound)


def _verdict(bucket: Bucket, allowed: bool, tat: float, now: float) -> Verdict:
    interval, tolerance = bucket.rate.emission_interval, bucket.rate.tolerance
    ahead = max(0.0, tat - now)
    if allowed:
        remaining = max(0, math.floor((tolerance - ahead) / interval + _EPSILON))
        retry_after = 0
    else:
        remaining = 0
        retry_after = max(1, math.ceil(ahead + interval - tolerance - _EPSILON))
    return Verdict(
        scope=bucket.scope,
        rate=bucket.rate,
        allowed=allowed,
        remaining=remaining,
        reset_after=math.ceil(ahead - _EPSILON) if ahead > _EPSILON else 0,
        retry_after=retry_after,
    )


def params(buckets: Sequence[Bucket]) -> dict[str, str | float]:
    """The values of :func:`statement` for ``buckets``."""
    values: dict[str, str | float] = {}
    for i, bucket in enumerate(buckets):
        values[f"scope_{i}"] = bucket.scope
        values[f"key_{i}"] = bucket.key
        values[f"emission_{i}"] = bucket.rate.emission_interval
        values[f"tolerance_{i}"] = bucket.rate.tolerance
    return values


class BucketStore:
    """The limiter's own few connections, in autocommit, each with :func:`statement` prepared.

    Not the application's engine: checking a connection out of it (pre-ping, reset on
    return) and running a statement through the ORM's async bridge cost more than the
    statement itself. Connections are opened on first use (as the application role), kept
    for reuse, and one that broke is dropped and the statement tried once more on a new one.
    """

    def __init__(self, conninfo: str, *, size: int = 4) -> None:
        self._conninfo = conninfo
        self._size = size
        self._idle: list[psycopg.AsyncConnection[tuple[Any, ...]]] = []
        self._slots: asyncio.Semaphore | None = None

    @classmethod
    def for_engine(cls, engine: AsyncEngine, *, size: int = 4) -> BucketStore:
        """A store on the database (and credentials) of ``engine``."""
        url = engine.url.set(drivername="postgresql")
        return cls(url.render_as_string(hide_password=False), size=size)

    async def take(self, buckets: Sequence[Bucket]) -> Decision:
        """Take one request from each of ``buckets`` (distinct scopes) in one statement, its
        own transaction, and say whether each admitted it."""
        sql, values = statement(len(buckets)), params(buckets)
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        async with self._slots:
            for attempt in (1, 2):
                connection = self._idle.pop() if self._idle else await self._connect()
                try:
                    cursor = await connection.execute(sql, values, prepare=True)
                    rows = await cursor.fetchall()
                except psycopg.Error:
                    if not connection.broken:
                        self._idle.append(connection)  # autocommit: nothing left open
                        raise
                    await connection.close()
                    if attempt == 2:
                        raise
                    continue  # the server closed an idle connection: once more on a new one
                except BaseException:
                    # Cancelled mid-statement: the connection's state is unknown.
                    await connection.close()
                    raise
                self._idle.append(connection)
                break
        by_scope = {scope: (allowed, tat, now) for scope, allowed, tat, now in rows}
        return Decision(tuple(_verdict(b, *by_scope[b.scope]) for b in buckets))

    async def _connect(self) -> psycopg.AsyncConnection[tuple[Any, ...]]:
        connection = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True, application_name=APPLICATION_NAME
        )
        await connection.execute(f"SET ROLE {APP_ROLE}")
        return connection

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()
