"""Two ways the time-skipping test server fails a test that merely runs long on a busy machine,
and the harness's answers.

- It answers a result's long poll that reaches its deadline with an empty page and no page
  token, where a real server answers DEADLINE_EXCEEDED and the SDK polls again; the SDK then
  raises "No completion event found" for a workflow that is merely still running. A delivery
  retrying through hours of skipped time met it. The harness's client polls again instead.
- ``env.sleep`` is one call to the server, which returns once the skipped time has passed.
  Time does not skip while an activity runs, so the call takes as long as the activities in
  its span do, in real time; the SDK's client gives such a call 30 s and then fails it with
  "Timeout expired". A chaser test sleeping through 25 hours of reminders met it. The
  harness's environment gives the call as long as a test may take.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.worker import Worker

from tests.support.harness import AwaitCloseEvents

# The test server ends a history long poll after this long, in real time (measured).
LONG_POLL_SECONDS = 20
# The SDK's client gives a call that is not a long poll this long (its core's default).
CALL_SECONDS = 30


@workflow.defn(sandboxed=False)
class _Slow:
    """Ends when signalled: no timer for the server to skip to."""

    def __init__(self) -> None:
        self._done = False

    @workflow.run
    async def run(self) -> str:
        await workflow.wait_condition(lambda: self._done)
        return "done"

    @workflow.signal
    def finish(self) -> None:
        self._done = True


async def test_a_result_outlasting_the_servers_long_poll_is_still_awaited(time_skipping_env):
    queue = f"harness-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    async with Worker(client, task_queue=queue, workflows=[_Slow]):
        started = await client.start_workflow(
            _Slow.run, id=f"slow-{uuid.uuid4().hex}", task_queue=queue
        )
        # A plain handle: the started one would unlock time skipping, and the server would
        # skip straight to the workflow's execution timeout.
        handle = client.get_workflow_handle(started.id)

        async def finish_later() -> None:
            await asyncio.sleep(LONG_POLL_SECONDS + 1)
            await handle.signal(_Slow.finish)

        finisher = asyncio.create_task(finish_later())
        before = AwaitCloseEvents.polled_again
        result = await handle.result()
        await finisher
    assert result == "done"
    # The first long poll ended empty, and was made again: what the test is about.
    assert AwaitCloseEvents.polled_again > before


@activity.defn
async def _busy() -> None:
    """Real work outlasting a call's deadline, heartbeating like a long step does."""
    for _ in range(CALL_SECONDS + 2):
        activity.heartbeat()
        await asyncio.sleep(1)


@workflow.defn(sandboxed=False)
class _BusyThenWait:
    @workflow.run
    async def run(self) -> str:
        await workflow.execute_activity(
            _busy,
            start_to_close_timeout=timedelta(minutes=5),
            heartbeat_timeout=timedelta(minutes=1),
        )
        await workflow.sleep(timedelta(hours=2))
        return "woke"


async def test_a_sleep_spanning_a_long_activity_waits_for_it(time_skipping_env):
    queue = f"harness-{uuid.uuid4().hex[:8]}"
    client = time_skipping_env.client
    async with Worker(client, task_queue=queue, workflows=[_BusyThenWait], activities=[_busy]):
        started = await client.start_workflow(
            _BusyThenWait.run, id=f"busy-{uuid.uuid4().hex}", task_queue=queue
        )
        handle = client.get_workflow_handle(started.id)
        # Three hours of skipped time, which cannot pass while the activity works.
        await time_skipping_env.sleep(timedelta(hours=3))
        assert (await handle.describe()).status.name == "COMPLETED"
        assert await handle.result() == "woke"
