"""RetentionWorkflow: delete what an organization keeps no longer, in batches, and report it.
Id: ``{organization_id}:retention`` (a Schedule appends the run's time).

For each kind of record with a retention period (``RETENTION_ENTITIES``) it deletes one
batch per activity until a batch comes back short, then ``record`` writes the counts as a
``retention_runs`` row, a ``retention.completed`` event and an audit entry. Audit entries are
never deleted (the chain stays verifiable from genesis).

Message protocol: query ``removed() -> RetentionReport`` (counts so far).
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.privacy import RETENTION_ENTITIES, RetentionActivities
    from workflows.privacy_types import (
        RetentionBatch,
        RetentionBatchInput,
        RetentionInput,
        RetentionReport,
    )

BATCH_TIMEOUT = timedelta(minutes=5)
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=2), maximum_attempts=10)
MAX_BATCHES = 1000  # per entity and run: the next day's run continues


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class RetentionWorkflow:
    def __init__(self) -> None:
        self._report: RetentionReport | None = None

    @workflow.run
    async def run(self, job: RetentionInput) -> RetentionReport:
        prio = priority(job.organization_id, "retention")
        now = workflow.now()
        report = RetentionReport(organization_id=job.organization_id, ran_at=now)
        self._report = report
        for entity in RETENTION_ENTITIES:
            for _ in range(MAX_BATCHES):
                batch: RetentionBatch = await workflow.execute_activity_method(
                    RetentionActivities.purge_batch,
                    RetentionBatchInput(
                        organization_id=job.organization_id,
                        entity=entity,
                        now=now,
                        batch_size=job.batch_size,
                    ),
                    start_to_close_timeout=BATCH_TIMEOUT,
                    retry_policy=RETRY,
                    priority=prio,
                )
                report.removed[entity] = report.removed.get(entity, 0) + batch.removed
                if not batch.more:
                    break
        await workflow.execute_activity_method(
            RetentionActivities.record,
            report,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RETRY,
            priority=prio,
        )
        return report

    @workflow.query
    def removed(self) -> RetentionReport | None:
        return self._report
