"""The loop every relay and supervisor runs on: a failing sweep is logged and the next one
still runs on time; cancelling stops the loop, asleep or mid-sweep."""

from __future__ import annotations

import asyncio
import logging

import pytest

from relays.sweep import Sweep, SweepFunction, run_sweep, running_sweeps


async def test_a_failing_sweep_is_logged_and_the_next_one_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls = 0
    third = asyncio.Event()

    async def sweep() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")
        if calls == 3:
            third.set()
        return calls

    with caplog.at_level(logging.ERROR, logger="auditoryx.worker"):
        task = asyncio.create_task(run_sweep("test relay", sweep, every_seconds=0.01))
        await asyncio.wait_for(third.wait(), timeout=5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    [failure] = [r for r in caplog.records if r.getMessage() == "test relay sweep failed"]
    assert failure.exc_info is not None
    assert isinstance(failure.exc_info[1], RuntimeError)
    assert calls >= 3


async def test_cancel_stops_the_loop_mid_sweep_and_asleep() -> None:
    started = asyncio.Event()
    finished = False

    async def slow_sweep() -> None:
        nonlocal finished
        started.set()
        await asyncio.sleep(60)
        finished = True

    mid_sweep = asyncio.create_task(run_sweep("slow", slow_sweep, every_seconds=60))
    await asyncio.wait_for(started.wait(), timeout=5)
    mid_sweep.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(mid_sweep, timeout=5)
    assert not finished

    calls = 0

    async def quick_sweep() -> None:
        nonlocal calls
        calls += 1

    asleep = asyncio.create_task(run_sweep("quick", quick_sweep, every_seconds=60))
    await asyncio.sleep(0.05)  # swept once at start, now sleeping for a minute
    asleep.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(asleep, timeout=5)
    assert calls == 1


async def test_running_sweeps_starts_each_with_its_dependencies_and_stops_all_on_exit() -> None:
    seen: list[tuple[str, object, object, str]] = []
    sessionmaker, client = object(), object()

    def recording(name: str) -> SweepFunction:
        async def sweep(sessionmaker: object, client: object, *, task_queue: str) -> None:
            seen.append((name, sessionmaker, client, task_queue))

        return sweep

    sweeps = [Sweep("a", recording("a"), every_seconds=60), Sweep("b", recording("b"), 60)]
    async with running_sweeps(sweeps, sessionmaker, client, task_queue="q") as tasks:  # type: ignore[arg-type]
        for _ in range(100):
            if len(seen) == 2:
                break
            await asyncio.sleep(0.01)
    assert sorted(seen, key=lambda s: s[0]) == [
        ("a", sessionmaker, client, "q"),
        ("b", sessionmaker, client, "q"),
    ]
    assert [t.get_name() for t in tasks] == ["a", "b"]
    assert all(t.cancelled() for t in tasks)
