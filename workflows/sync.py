"""SyncWorkflow: push one entity to one provider until the provider has its latest state.
Id: ``{organization_id}:sync:{provider}:{entity_type}:{entity_id}``.

Started with signal-with-start (signal ``changed``) and the USE_EXISTING conflict policy, so
changes that arrive while a push is running collapse into one more push rather than a second
workflow; each push reads the entity's current state. Retries are the activity's: a 429
becomes a retry after the provider's ``Retry-After`` (``ApplicationError.next_retry_delay``),
5xx and timeouts back off exponentially, and a 4xx (data refused, token revoked) is
non-retryable — the activity has already recorded the provider's message on the entity.

Message protocol: signal ``changed()``; query ``result() -> SyncResult``.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ActivityError

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.sync import SyncActivities
    from workflows.sync_types import SyncInput, SyncResult

PUSH_TIMEOUT = timedelta(minutes=2)
PUSH_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
    maximum_attempts=12,
)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class SyncWorkflow:
    def __init__(self) -> None:
        self._dirty = False
        self._result = SyncResult(status="skipped")

    @workflow.run
    async def run(self, sync: SyncInput) -> SyncResult:
        self._dirty = True
        while self._dirty:
            self._dirty = False
            try:
                pushed = await workflow.execute_activity_method(
                    SyncActivities.push,
                    sync,
                    start_to_close_timeout=PUSH_TIMEOUT,
                    retry_policy=PUSH_RETRY,
                    priority=priority(sync.organization_id, "sync"),
                )
            except ActivityError as exc:
                cause = exc.cause
                self._result = SyncResult(
                    status="failed",
                    error=str(getattr(cause, "message", None) or cause or exc),
                    pushes=self._result.pushes + 1,
                )
                continue
            self._result = pushed.model_copy(update={"pushes": self._result.pushes + 1})
        return self._result

    @workflow.signal
    def changed(self) -> None:
        self._dirty = True

    @workflow.query
    def result(self) -> SyncResult:
        return self._result
