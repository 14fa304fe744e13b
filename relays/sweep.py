"""The one loop every relay and supervisor runs on: sweep, sleep, forever.

A sweep reads PostgreSQL and hands work to Temporal; every sweep is idempotent, so a failed one
is logged and simply repeated at the next tick, and several workers may sweep at once. The
loop stops only when its task is cancelled (the worker's shutdown).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

log = logging.getLogger("auditoryx.worker")


class SweepFunction(Protocol):
    """One pass of a relay or supervisor over the database; what it returns is not used."""

    def __call__(
        self, sessionmaker: async_sessionmaker[AsyncSession], client: Client, *, task_queue: str
    ) -> Awaitable[object]: ...


@dataclass(frozen=True, slots=True)
class Sweep:
    """A named sweep and how often it runs (it also runs once right at start)."""

    name: str
    sweep: SweepFunction
    every_seconds: float


async def run_sweep(
    name: str, sweep: Callable[[], Awaitable[object]], *, every_seconds: float
) -> None:
    """Forever: ``sweep()``, sleep ``every_seconds``. A sweep that raises is logged and the
    next one runs on time; cancelling the task stops the loop (mid-sweep or asleep)."""
    while True:
        try:
            await sweep()
        except Exception:  # the loop must outlive a bad sweep
            log.exception("%s sweep failed", name)
        await asyncio.sleep(every_seconds)


@asynccontextmanager
async def running_sweeps(
    sweeps: Sequence[Sweep],
    sessionmaker: async_sessionmaker[AsyncSession],
    client: Client,
    *,
    task_queue: str,
) -> AsyncIterator[list[asyncio.Task[None]]]:
    """Every sweep in its own task while the block runs; on exit all are cancelled and
    awaited, so none is left writing while the engine is disposed."""
    tasks = [
        asyncio.create_task(
            run_sweep(
                s.name,
                partial(s.sweep, sessionmaker, client, task_queue=task_queue),
                every_seconds=s.every_seconds,
            ),
            name=s.name,
        )
        for s in sweeps
    ]
    try:
        yield tasks
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
