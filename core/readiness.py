"""Running readiness checks side by side, each under a deadline that cannot be overrun.

A check that misses its deadline is cancelled and *not awaited*: cancelling a query on a
frozen PostgreSQL makes the driver send a cancel request and roll back, which wait for the
same frozen server (psycopg gives up after about ten seconds). The probe answers at the
deadline; the cancelled check finishes its clean-up in the background.

What went wrong is logged with every detail (host, port, the driver's message); the caller
gets only up or down, which is all an unauthenticated load balancer needs to know.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass

log = logging.getLogger("auditoryx.readiness")

# Cancelled checks still cleaning up: referenced so they are not garbage-collected mid-way.
_abandoned: set[asyncio.Task[object]] = set()


@dataclass(frozen=True, slots=True)
class Check:
    """One component's check and how long it may take."""

    run: Awaitable[object]
    deadline_seconds: float


async def _outcome(name: str, check: Check) -> bool:
    started = time.perf_counter()
    task: asyncio.Task[object] = asyncio.ensure_future(check.run)
    done, _ = await asyncio.wait({task}, timeout=check.deadline_seconds)
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    if not done:
        task.cancel()
        _abandoned.add(task)
        task.add_done_callback(_forget)
        log.warning(
            "readiness: %s gave no answer within %gs",
            name,
            check.deadline_seconds,
            extra={"component": name, "latency_ms": latency_ms},
        )
        return False
    error = task.exception()
    if error is not None:
        log.warning(
            "readiness: %s is down: %s: %s",
            name,
            type(error).__name__,
            str(error).strip()[:1000],
            extra={"component": name, "latency_ms": latency_ms},
        )
        return False
    return True


def _forget(task: asyncio.Task[object]) -> None:
    _abandoned.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.debug("readiness: an abandoned check ended with %r", task.exception())


async def check_components(checks: Mapping[str, Check]) -> dict[str, bool]:
    """Whether each component is up, every check running at once, each within its deadline."""
    names = list(checks)
    results = await asyncio.gather(*(_outcome(name, checks[name]) for name in names))
    return dict(zip(names, results, strict=True))
