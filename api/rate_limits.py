"""Rate limits of the ``/v1`` API: who a request is counted against, and the headers.

Authenticated requests are counted against their API key and their organization at the rate
of the organization's plan (the ``plans`` table, or the organization's override; read through
``domain/tenancy/plan_catalog.py``'s short cache); both must admit the request.
Requests that fail authentication (no key, a malformed, unknown, revoked or expired key) are
counted against the client's address, as the app sees it (``FORWARDED_ALLOW_IPS`` decides
whether a proxy may name it): past that budget they are refused with 429 before anyone
learns whether the key was good. The buckets live in PostgreSQL
(``domain/tenancy/rate_limits.py``), so every API process shares them; the limiter reaches
them on a few connections of its own (opened on the first counted request, closed with the
app), never through the request's session. With the limits off nothing is opened or counted.

Every counted response carries the IETF rate-limit headers (draft-ietf-httpapi-ratelimit-
headers), one item per bucket::

    RateLimit-Policy: "key";q=600;w=60;burst=100, "org";q=600;w=60;burst=100
    RateLimit: "key";r=42;t=6, "org";r=42;t=6

``q`` requests per ``w`` seconds sustained, up to ``burst`` at once; ``r`` requests left right
now, ``t`` seconds until the full burst is back. A refusal adds ``Retry-After`` (seconds
until one more request is admitted).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import metrics
from core.config import ConfigurationError, Settings
from domain.errors import RateLimited
from domain.tenancy import plan_catalog, rate_limits
from domain.tenancy.plans import ANONYMOUS, ANONYMOUS_RATE, Entitlements, RequestRate

STATE = "rate_limit"


class Caller(Protocol):
    """Who an authenticated request is counted against: its credential (an API key, a SCIM
    token) and its organization."""

    @property
    def actor_id(self) -> str: ...

    @property
    def organization_id(self) -> str: ...


class RateLimiter:
    """The deployment's limits (plans, overrides, on or off), applied to one request at a
    time."""

    def __init__(self, *, enabled: bool, overrides: Mapping[str, RequestRate]) -> None:
        self.enabled = enabled
        self.overrides = dict(overrides)
        self._store: rate_limits.BucketStore | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        return cls(
            enabled=settings.rate_limits_enabled,
            overrides={
                plan: RequestRate(per_minute=rate, burst=burst)
                for plan, (rate, burst) in settings.rate_limit_overrides.items()
            },
        )

    async def check_plans(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Refuse to start when ``RATE_LIMIT_OVERRIDES`` names a plan the table lacks (plans
        are data, so this is known only once the database is reachable)."""
        if not self.overrides:
            return
        async with sessionmaker() as session:
            known = await plan_catalog.load_plans(session)
        unknown = sorted(set(self.overrides) - {*known, ANONYMOUS})
        if unknown:
            raise ConfigurationError(
                f"RATE_LIMIT_OVERRIDES: unknown plan {unknown[0][:40]!r}; plans are "
                f"{', '.join(known)} and {ANONYMOUS}"
            )

    def rate_of(self, terms: Entitlements) -> RequestRate:
        """The deployment's override for the plan, else the organization's rate."""
        return self.overrides.get(terms.plan.name, terms.requests)

    async def admit(self, request: Request, caller: Caller, terms: Entitlements) -> None:
        """Count an authenticated request against its key and its organization."""
        if not self.enabled:
            return
        rate = self.rate_of(terms)
        await self._take(
            request,
            # Always key before organization: concurrent statements lock rows in one order.
            [
                rate_limits.Bucket("key", caller.actor_id, rate),
                rate_limits.Bucket("org", caller.organization_id, rate),
            ],
        )

    async def admit_unauthenticated(self, request: Request) -> None:
        """Count a failed authentication against the client's address."""
        if not self.enabled:
            return
        address = request.client.host if request.client else "unknown"
        rate = self.overrides.get(ANONYMOUS, ANONYMOUS_RATE)
        await self._take(request, [rate_limits.Bucket("ip", address, rate)])

    async def close(self) -> None:
        """Close the limiter's connections (the app's lifespan ends)."""
        store, self._store = self._store, None
        if store is not None:
            await store.close()

    async def _take(self, request: Request, buckets: list[rate_limits.Bucket]) -> None:
        if self._store is None:
            engine: AsyncEngine = request.app.state.engine
            self._store = rate_limits.BucketStore.for_engine(engine)
        decision = await self._store.take(buckets)
        setattr(request.state, STATE, decision)
        if not decision.allowed:
            refused = [v.scope for v in decision.verdicts if not v.allowed]
            metrics.count_rate_limit_refusal(refused)
            raise RateLimited(
                f"too many requests ({', '.join(refused)}); retry after {decision.retry_after} s",
                extra={"retry_after": decision.retry_after},
            )


def rate_limit_headers(decision: rate_limits.Decision) -> list[tuple[bytes, bytes]]:
    """The ``RateLimit-Policy``, ``RateLimit`` (and on refusal ``Retry-After``) headers."""
    policy = ", ".join(
        f'"{v.scope}";q={v.rate.per_minute};w=60;burst={v.rate.burst}' for v in decision.verdicts
    )
    state = ", ".join(f'"{v.scope}";r={v.remaining};t={v.reset_after}' for v in decision.verdicts)
    headers = [(b"ratelimit-policy", policy.encode()), (b"ratelimit", state.encode())]
    if not decision.allowed:
        headers.append((b"retry-after", str(decision.retry_after).encode()))
    return headers


class RateLimitHeadersMiddleware:
    """Adds the rate-limit headers of the request's decision (if it was counted) to the
    response, whatever produced it: the route, an error handler, an idempotent replay."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            decision = scope.get("state", {}).get(STATE)
            if message["type"] == "http.response.start" and decision is not None:
                message["headers"] = [
                    *message.get("headers", []),
                    *rate_limit_headers(decision),
                ]
            await send(message)

        await self.app(scope, receive, send_with_limits)
