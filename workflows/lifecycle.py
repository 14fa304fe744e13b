"""LifecycleDispatcherWorkflow: one per organization, id ``{organization_id}:lifecycle:dispatcher``.

Sends every booking reminder, follow-up, booking notice and chaser of its organization without
a workflow per booking (a bulk booking of 1,000 sessions costs nothing here). Each turn it asks
``lifecycle_dispatch`` what is due at ``workflow.now()`` (derived from PostgreSQL, so moved and
cancelled bookings are simply seen as they are), queues it through the ledger, has
``lifecycle_deliver`` send the outbox, then sleeps until the next due time, at most
``MAX_SLEEP``, or until woken. See docs/adr/0010-booking-lifecycle-dispatcher.md.

Message protocol:
- signal ``wake()`` — bookings changed (created, moved, cancelled, completed); look again now.
- query ``status() -> DispatcherStatus``.

It continues as new every ``TURNS_PER_RUN`` turns (or when Temporal suggests it), carrying only
its counters: what was sent lives in the ledger.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.lifecycle import LifecycleActivities
    from workflows.lifecycle_types import (
        DispatcherInput,
        DispatcherStatus,
        DispatchInput,
        ReportInput,
        ReportJob,
        ReportResult,
    )

ACTIVITY_TIMEOUT = timedelta(minutes=2)
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)
MAX_SLEEP = timedelta(hours=6)
MIN_SLEEP = timedelta(seconds=1)
TURNS_PER_RUN = 500


@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class LifecycleDispatcherWorkflow:
    @workflow.init
    def __init__(self, job: DispatcherInput) -> None:
        self._input = job
        self._woken = False
        self._status = DispatcherStatus(
            organization_id=job.organization_id, sent_total=job.sent_total
        )

    @workflow.run
    async def run(self, job: DispatcherInput) -> None:
        while True:
            self._woken = False
            now = workflow.now()
            dispatched = await workflow.execute_activity_method(
                LifecycleActivities.dispatch,
                DispatchInput(organization_id=job.organization_id, now=now),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                priority=priority(job.organization_id, "lifecycle"),
            )
            delivered = await workflow.execute_activity_method(
                LifecycleActivities.deliver,
                DispatchInput(organization_id=job.organization_id, now=now),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                priority=priority(job.organization_id, "lifecycle"),
            )
            self._status.runs += 1
            self._status.sent_total += delivered.sent
            self._status.last_run_at = now
            wake_at = _earliest(dispatched.next_due_at, delivered.retry_at)
            self._status.next_due_at = wake_at
            info = workflow.info()
            if self._status.runs >= TURNS_PER_RUN or info.is_continue_as_new_suggested():
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    DispatcherInput(
                        organization_id=job.organization_id,
                        generation=job.generation + 1,
                        sent_total=self._status.sent_total,
                    )
                )
            sleep = MAX_SLEEP if wake_at is None else wake_at - workflow.now()
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._woken, timeout=min(MAX_SLEEP, max(MIN_SLEEP, sleep))
                )

    @workflow.signal
    def wake(self) -> None:
        self._woken = True

    @workflow.query
    def status(self) -> DispatcherStatus:
        return self._status


def _earliest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return min(present) if present else None


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class StakeholderReportWorkflow:
    """One run per tick of the organization's report Schedule (``{org}:report``): e-mails the
    summary to the recipients configured in the organization's communication settings."""

    @workflow.run
    async def run(self, job: ReportInput) -> ReportResult:
        result: ReportResult = await workflow.execute_activity_method(
            LifecycleActivities.send_report,
            ReportJob(organization_id=job.organization_id, now=workflow.now()),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            priority=priority(job.organization_id, "report"),
        )
        delivered = await workflow.execute_activity_method(
            LifecycleActivities.deliver,
            DispatchInput(organization_id=job.organization_id, now=workflow.now()),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            priority=priority(job.organization_id, "report"),
        )
        result.sent = delivered.sent
        return result
