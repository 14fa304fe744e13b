"""ErasureWorkflow: erase one person (crypto-shredding's companion in PostgreSQL).
Id: ``{organization_id}:erasure:{erasure_id}``.

One activity does the erasure in one transaction (``domain/privacy/erasure.py``): tombstones
on the person's row, their values replaced across the organization's data, the audit records
that held them redacted. A retry starts that transaction over; a finished erasure is not run
again. A business failure ends in ``fail`` so the API never shows an erasure running forever.
The workflow carries ids only: no history of it holds the person's data.

Message protocol: query ``status() -> ErasureResult``.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ActivityError

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.privacy import ErasureActivities
    from workflows.privacy_types import ErasureFailInput, ErasureInput, ErasureResult

ERASE_TIMEOUT = timedelta(minutes=30)
SHORT = timedelta(seconds=30)
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=2), maximum_attempts=10)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class ErasureWorkflow:
    def __init__(self) -> None:
        self._result = ErasureResult(status="running")

    @workflow.run
    async def run(self, job: ErasureInput) -> ErasureResult:
        prio = priority(job.organization_id, "erasure")
        try:
            self._result = await workflow.execute_activity_method(
                ErasureActivities.erase,
                job,
                start_to_close_timeout=ERASE_TIMEOUT,
                retry_policy=RETRY,
                priority=prio,
            )
        except ActivityError as exc:
            await workflow.execute_activity_method(
                ErasureActivities.fail,
                ErasureFailInput(
                    organization_id=job.organization_id,
                    erasure_id=job.erasure_id,
                    reason=str(exc.cause or exc),
                ),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                priority=prio,
            )
            self._result = ErasureResult(status="failed")
        return self._result

    @workflow.query
    def status(self) -> ErasureResult:
        return self._result
