"""ReconcileWorkflow: find what drifted between an organization's records and a provider, and
have the entity's own sync repair it.
Id: ``{organization_id}:reconcile:{provider}`` (a Schedule appends the run's time).

It pages through the organization's external mappings (one activity per page, which asks the
provider whether each mapped object still exists and still matches) and never writes to the
provider itself: a drifted entity gets the same signal-with-start a change would, so repairs
go through ``SyncWorkflow`` with its retries, refusals and de-duplication. After
``pages_per_run`` pages the run continues as new with its cursor and counters, so history
stays small however many entities there are. The summary is recorded on the connection.

Message protocol: query ``progress() -> ReconcileInput`` (cursor and counters so far).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.reconcile import ReconcileActivities
    from workflows.reconcile_types import (
        ERROR_SAMPLES,
        ReconcileInput,
        ReconcilePage,
        ReconcilePageInput,
        ReconcileSummary,
    )

PAGE_TIMEOUT = timedelta(minutes=5)
PAGE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
    maximum_attempts=8,
)
RECORD_RETRY = RetryPolicy(maximum_interval=timedelta(seconds=30), maximum_attempts=10)


@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class ReconcileWorkflow:
    def __init__(self) -> None:
        self._progress: ReconcileInput | None = None

    @workflow.run
    async def run(self, job: ReconcileInput) -> ReconcileSummary:
        progress = job.model_copy(update={"started_at": job.started_at or workflow.now()})
        self._progress = progress
        for _ in range(max(1, job.pages_per_run)):
            page = await workflow.execute_activity_method(
                ReconcileActivities.check_page,
                ReconcilePageInput(
                    organization_id=job.organization_id,
                    provider=job.provider,
                    after=progress.after,
                    limit=job.page_size,
                ),
                start_to_close_timeout=PAGE_TIMEOUT,
                retry_policy=PAGE_RETRY,
                priority=priority(job.organization_id, "reconcile"),
            )
            progress = _add(progress, page)
            self._progress = progress
            if page.status == "stopped":
                return await self._finish(progress, "stopped", page.reason)
            if page.next_after is None:
                return await self._finish(progress, "completed", None)
        workflow.continue_as_new(progress)

    async def _finish(
        self, progress: ReconcileInput, status: str, reason: str | None
    ) -> ReconcileSummary:
        assert progress.started_at is not None
        summary = ReconcileSummary(
            organization_id=progress.organization_id,
            provider=progress.provider,
            status="stopped" if status == "stopped" else "completed",
            reason=reason,
            started_at=progress.started_at,
            finished_at=workflow.now(),
            checked=progress.checked,
            repaired=progress.repaired,
            errors=progress.errors,
            error_samples=progress.error_samples,
        )
        await workflow.execute_activity_method(
            ReconcileActivities.record,
            summary,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RECORD_RETRY,
            priority=priority(summary.organization_id, "reconcile"),
        )
        return summary

    @workflow.query
    def progress(self) -> ReconcileInput | None:
        return self._progress


def _add(progress: ReconcileInput, page: ReconcilePage) -> ReconcileInput:
    samples = (progress.error_samples + page.errors)[:ERROR_SAMPLES]
    return progress.model_copy(
        update={
            "after": page.next_after,
            "checked": progress.checked + page.checked,
            "repaired": progress.repaired + page.repaired,
            "errors": progress.errors + len(page.errors),
            "error_samples": samples,
        }
    )
