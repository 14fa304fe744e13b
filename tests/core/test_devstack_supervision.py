"""`auditoryx dev` keeps its worker and API running: a crashed child is started again after a
growing delay, with a log line saying so, and the supervisor gives up with a clear error only
when the child keeps crashing within a short window. Real child processes, short delays."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from core.devstack import CrashLoop, RestartPolicy, SupervisedChild, spawn


class Starts:
    """Starts a child running ``code`` and remembers when."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.at: list[float] = []

    def __call__(self) -> subprocess.Popen[bytes]:
        self.at.append(time.monotonic())
        return spawn([sys.executable, "-c", self.code])


def supervise(
    child: SupervisedChild, *, seconds: float, until: Callable[[], bool] | None = None
) -> None:
    """The supervisor's loop for ``seconds``, or until ``until()`` holds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (until is not None and until()):
        child.check()
        time.sleep(0.01)


def test_a_crashed_child_is_restarted_after_growing_delays_then_given_up_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    starts = Starts("import sys; sys.exit(3)")
    policy = RestartPolicy(first_delay=0.1, max_delay=0.4, max_crashes=4, window=30)
    child = SupervisedChild("worker", starts, policy)
    child.start()

    with (
        caplog.at_level(logging.WARNING, logger="auditoryx.dev"),
        pytest.raises(CrashLoop) as gave_up,
    ):
        supervise(child, seconds=10)

    assert len(starts.at) == 4
    gaps = [later - earlier for earlier, later in zip(starts.at, starts.at[1:], strict=False)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2 and gaps[2] >= 0.4
    assert "worker exited with code 3; restarting it in 0.1s (crash 1 of 4 within 30s)" in (
        caplog.text
    )
    assert str(gave_up.value) == (
        "worker crashed 4 times within 30s (last exit code 3); giving up — its output is above"
    )


def test_crashes_outside_the_window_are_forgotten() -> None:
    starts = Starts("import sys; sys.exit(1)")
    # A crash every ~0.2 s, a window of 0.1 s: never two crashes within the window.
    policy = RestartPolicy(first_delay=0.2, max_delay=0.2, max_crashes=2, window=0.1)
    child = SupervisedChild("api", starts, policy)
    child.start()

    # Until the fourth start, however slowly the children start: three crashes restarted,
    # where two remembered within the window would have been a crash loop.
    supervise(child, seconds=30, until=lambda: len(starts.at) >= 4)

    assert len(starts.at) >= 4
    child.stop()


def test_a_child_that_stays_up_is_left_alone_and_stop_ends_it() -> None:
    starts = Starts("import time; time.sleep(60)")
    child = SupervisedChild("worker", starts, RestartPolicy())
    child.start()
    supervise(child, seconds=0.5)
    process = child.process
    assert process is not None and process.poll() is None
    assert len(starts.at) == 1

    child.stop(timeout=5)

    assert process.poll() is not None
    supervise(child, seconds=0.3)  # a stopped child is not started again
    assert len(starts.at) == 1
