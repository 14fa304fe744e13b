"""The request rate limiter: GCRA buckets in PostgreSQL, shared by every API process.

A request takes one unit from each bucket it names (its API key and its organization, or its
client address when nobody authenticated). Each bucket is one row of the UNLOGGED
``rate_limit_buckets`` table holding the theoretical arrival time (``tat``) of the next
request at the sustained rate. One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` reads,
decides and writes every bucket of the request: the row lock the statement takes is the whole
critical section, held only by that statement's own short transaction (never by the request's
tenant transaction), so concurrent requests and several API processes agree exactly. The
database's clock is the only clock, so processes on hosts whose clocks drift still agree.

A bucket refuses a request when admitting it would put ``tat`` more than ``burst`` intervals
ahead of now; a refused request changes nothing in that bucket. The buckets of one request are
decided independently: a request one bucket refuses may still have taken its unit from
another (the refusal is counted against the caller, which errs on the side of the service).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.tenancy.plans import RequestRate

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


def _statement(count: int) -> str:
    rows = ", ".join(
        f"(:scope_{i}, :key_{i}, CAST(:emission_{i} AS double precision), "
        f"CAST(:tolerance_{i} AS double precision), {i})"
        for i in range(count)
    )
    # In DO UPDATE, ``b`` is the stored row and ``excluded`` the proposed one, whose
    # ``seen_at`` is now and whose interval and tolerance are the rate in force.
    admits = (
        "greatest(b.tat, excluded.seen_at) + excluded.emission_interval - excluded.seen_at"
        f" <= excluded.tolerance + {_EPSILON}"
    )
    return f"""
        INSERT INTO rate_limit_buckets AS b
            (scope, key, tat, seen_at, allowed, emission_interval, tolerance)
        SELECT s.scope, s.key, c.now + s.emission, c.now, true, s.emission, s.tolerance
          FROM (VALUES {rows}) AS s (scope, key, emission, tolerance, position)
         CROSS JOIN (SELECT extract(epoch FROM clock_timestamp())::double precision AS now) c
         ORDER BY s.position
        ON CONFLICT (scope, key) DO UPDATE SET
            allowed = {admits},
            tat = CASE WHEN {admits}
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


async def take(engine: AsyncEngine, buckets: Sequence[Bucket]) -> Decision:
    """Take one request from each of ``buckets`` (distinct scopes) in one statement, in its
    own transaction, and say whether each admitted it."""
    params: dict[str, object] = {}
    for i, bucket in enumerate(buckets):
        params |= {
            f"scope_{i}": bucket.scope,
            f"key_{i}": bucket.key,
            f"emission_{i}": bucket.rate.emission_interval,
            f"tolerance_{i}": bucket.rate.tolerance,
        }
    # Autocommit: the statement is its own transaction, one round trip (no BEGIN, no COMMIT).
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        rows = (await autocommit.execute(text(_statement(len(buckets))), params)).all()
    by_scope = {scope: (allowed, tat, now) for scope, allowed, tat, now in rows}
    return Decision(tuple(_verdict(b, *by_scope[b.scope]) for b in buckets))
