"""OrganizationDeletionWorkflow: delete an organization, its sub-organizations and sandbox
twins, after a grace period. Id: ``system:organization-deletion:{deletion_id}`` — it names no
organization, so its history is not sealed with the keys it destroys (it carries ids and
counts only).

The grace period is a durable timer (seven days by default); signal ``cancel`` wakes it early
after an owner cancelled (the ``organization_deletions`` row is the truth: ``begin`` finds the
cancel there even if the signal is lost). Then one activity per step (domain/tenancy/
deletion.py), each idempotent, so a retry after a crash completes the deletion: stop the
workflows and Schedules, destroy the persons' keys in the key store, destroy the payload keys,
delete the rows, forget the directory entries and claimed names (stopping workflows once more,
for any a supervisor started meanwhile), record the deletion.

Message protocol: signal ``cancel()``; query ``status() -> DeletionResult``.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.lifecycle import LifecycleActivities
    from activities.organization_deletion import OrganizationDeletionActivities
    from workflows.lifecycle_types import DispatchInput
    from workflows.organization_deletion_types import (
        DeletionBegun,
        DeletionInput,
        DeletionResult,
        DeletionStep,
        FinishDeletion,
        StepCounts,
    )

SHORT = timedelta(minutes=2)
LONG = timedelta(minutes=30)
HEARTBEAT = timedelta(minutes=2)
# A deletion must finish: it retries until it does (an operator sees it in the UI meanwhile).
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class OrganizationDeletionWorkflow:
    def __init__(self) -> None:
        self._cancelled = False
        self._result = DeletionResult(status="scheduled")

    @workflow.run
    async def run(self, job: DeletionInput) -> DeletionResult:
        org = job.organization_id
        prio = priority(org, "organization-deletion")
        queued: int = await workflow.execute_activity_method(
            OrganizationDeletionActivities.notify,
            job,
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            priority=prio,
        )
        if queued:
            await workflow.execute_activity_method(
                LifecycleActivities.deliver,
                DispatchInput(organization_id=org, now=workflow.now()),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                priority=prio,
            )
        grace = job.delete_after - workflow.now()
        if grace > timedelta(0):
            # The timer running out (TimeoutError) is the normal end of the grace period.
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(lambda: self._cancelled, timeout=grace)
        begun: DeletionBegun = await workflow.execute_activity_method(
            OrganizationDeletionActivities.begin,
            job,
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            priority=prio,
        )
        if not begun.organization_ids:
            self._result = DeletionResult(status="cancelled")
            return self._result
        self._result = DeletionResult(status="deleting")
        step = DeletionStep(
            organization_id=org,
            deletion_id=job.deletion_id,
            organization_ids=begun.organization_ids,
        )
        counts: dict[str, int] = {}
        # The long steps heartbeat as they go (a group of workflows stopped, a page of rows
        # deleted): a worker lost midway is noticed in minutes, not after the half hour.
        for activity, timeout, heartbeat in (
            (OrganizationDeletionActivities.stop_workflows, LONG, HEARTBEAT),
            (OrganizationDeletionActivities.destroy_person_keys, SHORT, None),
            (OrganizationDeletionActivities.destroy_payload_keys, SHORT, None),
            (OrganizationDeletionActivities.delete_rows, LONG, HEARTBEAT),
            (OrganizationDeletionActivities.release, LONG, HEARTBEAT),
        ):
            done: StepCounts = await workflow.execute_activity_method(
                activity,
                step,
                start_to_close_timeout=timeout,
                heartbeat_timeout=heartbeat,
                retry_policy=RETRY,
                priority=prio,
            )
            counts.update(done.counts)
        await workflow.execute_activity_method(
            OrganizationDeletionActivities.finish,
            FinishDeletion(
                organization_id=org,
                deletion_id=job.deletion_id,
                organization_ids=begun.organization_ids,
                counts=counts,
            ),
            start_to_close_timeout=SHORT,
            retry_policy=RETRY,
            priority=prio,
        )
        self._result = DeletionResult(status="deleted", counts=counts)
        return self._result

    @workflow.signal
    def cancel(self) -> None:
        self._cancelled = True

    @workflow.query
    def status(self) -> DeletionResult:
        return self._result
