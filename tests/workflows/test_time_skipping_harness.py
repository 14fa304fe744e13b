"""The time-skipping test server answers a result's long poll that reaches its deadline with
an empty page and no page token, where a real server answers DEADLINE_EXCEEDED and the SDK
polls again; the SDK then raises "No completion event found" for a workflow that is merely
still running. A delivery retrying through hours of skipped time on a busy machine met it.
The harness's client polls again instead."""

from __future__ import annotations

import asyncio
import uuid

from temporalio import workflow
from temporalio.worker import Worker

from tests.support.harness import AwaitCloseEvents

# The test server ends a history long poll after this long, in real time (measured).
LONG_POLL_SECONDS = 20


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
