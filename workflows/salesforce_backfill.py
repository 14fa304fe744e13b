"""SalesforceBackfillWorkflow: push every client of an organization to Salesforce, when the
connection is first made or an operator asks.
Id: ``{organization_id}:backfill:salesforce``.

Above ``threshold`` records it uses Bulk API 2.0: per object (Accounts, then Contacts, which
name their Account by our id), one ingest job upserting by ``AuditoryX_Id__c`` is created,
loaded and closed by an activity; the workflow then waits on durable timers (5 s doubling to
5 min) between reads of the job's state, never sleeping inside an activity; once the job is
``JobComplete`` an activity reads its successful rows (the record ids become external
mappings) and its failed rows (each client's sync state shows Salesforce's words). Every row
is an upsert by our id, so running the backfill again (a retried activity, a second request)
updates the records the first run created instead of adding more. At or below the threshold
each client's own ``SyncWorkflow`` is signalled, as a change would. The summary is kept on
the connection (``settings.last_backfill``).

Message protocol: none; the result is the :class:`BackfillSummary`.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import Priority, RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.salesforce_backfill import SalesforceBackfillActivities
    from workflows.salesforce_backfill_types import (
        BACKFILL_OBJECTS,
        BackfillInput,
        BackfillSummary,
        BulkJobInput,
        BulkJobState,
        BulkJobSummary,
    )

RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
    maximum_attempts=10,
)
QUICK = timedelta(minutes=1)
LOADING = timedelta(minutes=30)  # a job's CSV built and uploaded, or its results stored
HEARTBEAT = timedelta(minutes=1)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class SalesforceBackfillWorkflow:
    @workflow.run
    async def run(self, job: BackfillInput) -> BackfillSummary:
        plan = await workflow.execute_activity_method(
            SalesforceBackfillActivities.plan,
            job,
            start_to_close_timeout=QUICK,
            retry_policy=RETRY,
            priority=self._priority(job),
        )
        summary = BackfillSummary(
            organization_id=job.organization_id,
            mode="bulk",
            records=plan.records,
            reason=job.reason,
        )
        if plan.stopped is not None:
            summary = summary.model_copy(update={"mode": "stopped", "stopped": plan.stopped})
        elif plan.records <= job.threshold:
            await workflow.execute_activity_method(
                SalesforceBackfillActivities.per_record,
                job,
                start_to_close_timeout=LOADING,
                heartbeat_timeout=HEARTBEAT,
                retry_policy=RETRY,
                priority=self._priority(job),
            )
            summary = summary.model_copy(update={"mode": "per_record"})
        else:
            jobs = [await self._ingest(job, sobject) for sobject in BACKFILL_OBJECTS]
            summary = summary.model_copy(update={"jobs": jobs})
        await workflow.execute_activity_method(
            SalesforceBackfillActivities.record,
            summary,
            start_to_close_timeout=QUICK,
            retry_policy=RETRY,
            priority=self._priority(job),
        )
        return summary

    async def _ingest(self, job: BackfillInput, sobject: str) -> BulkJobSummary:
        """One ingest job of ``sobject``: loaded, waited for on timers, its results kept."""
        target = BulkJobInput(organization_id=job.organization_id, sobject=sobject)
        state: BulkJobState = await workflow.execute_activity_method(
            SalesforceBackfillActivities.start_job,
            target,
            start_to_close_timeout=LOADING,
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
            priority=self._priority(job),
        )
        target = target.model_copy(update={"job_id": state.job_id})
        wait = timedelta(seconds=job.poll_seconds)
        while not state.finished:
            await workflow.sleep(wait)
            wait = min(wait * 2, timedelta(seconds=job.max_poll_seconds))
            state = await workflow.execute_activity_method(
                SalesforceBackfillActivities.job_state,
                target,
                start_to_close_timeout=QUICK,
                retry_policy=RETRY,
                priority=self._priority(job),
            )
        return await workflow.execute_activity_method(
            SalesforceBackfillActivities.results,
            target,
            start_to_close_timeout=LOADING,
            heartbeat_timeout=HEARTBEAT,
            retry_policy=RETRY,
            priority=self._priority(job),
        )

    @staticmethod
    def _priority(job: BackfillInput) -> Priority:
        return priority(job.organization_id, "sync")
