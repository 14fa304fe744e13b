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

It continues as new every ``TURNS_PER_RUN`` turns, past ``HISTORY_LIMIT`` history events or
when Temporal suggests it, carrying only its counters and settings: what was sent lives in the
ledger. It has no updates, and its one signal needs no carrying over: each run starts with a
turn, so a ``wake`` that arrived just before the hand-over is answered by the next run.
Versioning behaviour ``AUTO_UPGRADE``: it runs forever, so it moves to each new release at its
next task (changes to it go behind ``workflow.patched``).
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
HISTORY_LIMIT = 5000


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
            if self._should_continue_as_new(job):
                await workflow.wait_condition(workflow.all_handlers_finished)
                workflow.continue_as_new(
                    job.model_copy(
                        update={
                            "generation": job.generation + 1,
                            "sent_total": self._status.sent_total,
                        }
                    )
                )
            sleep = MAX_SLEEP if wake_at is None else wake_at - workflow.now()
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self._woken, timeout=min(MAX_SLEEP, max(MIN_SLEEP, sleep))
                )

    def _should_continue_as_new(self, job: DispatcherInput) -> bool:
        info = workflow.info()
        if self._status.runs >= TURNS_PER_RUN or info.is_continue_as_new_suggested():
            return True
        # Runs that started before the event count was a limit keep to the turn count.
        limit = job.history_limit or HISTORY_LIMIT
        return (
            workflow.patched("lifecycle-history-limit")
            and info.get_current_history_length() >= limit
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
