"""TrialWorkflow: a trial's timer, its reminders and its end (``{org}:trial:{org}``).

Started when a trial starts. It sleeps until 7 and then 1 day before ``ends_at`` and each
time queues a reminder for the organization's managers and sends it (the lifecycle's mail
activity, over SMTP); at ``ends_at`` it expires the trial, which leaves the organization
read-only. Signal ``convert`` (sent by the conversion API after the conversion committed)
ends it at once, before any further reminder or the downgrade. The database has the last
word either way: a reminder is only queued and an expiry only applied while the trial is
active, so a conversion that commits while the workflow is in an activity still wins.

Versioning: ``AUTO_UPGRADE`` (a run lasts 30 days, like projects last months): changes go
behind ``workflow.patched``.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.lifecycle import LifecycleActivities
    from activities.trials import TrialActivities
    from workflows.lifecycle_types import DispatchInput
    from workflows.trial_types import (
        ConvertTrial,
        ExpireTrial,
        TrialInput,
        TrialReminder,
        TrialResult,
    )

ACTIVITY_TIMEOUT = timedelta(seconds=60)
ACTIVITY_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=5))


@workflow.defn(versioning_behavior=VersioningBehavior.AUTO_UPGRADE)
class TrialWorkflow:
    """Signal ``convert`` (:class:`ConvertTrial`): the trial was converted; stop."""

    def __init__(self) -> None:
        self._converted: ConvertTrial | None = None

    @workflow.signal
    def convert(self, conversion: ConvertTrial) -> None:
        self._converted = conversion

    async def _until(self, moment_delay: timedelta) -> bool:
        """Sleep ``moment_delay`` unless converted first; ``True`` when converted."""
        if moment_delay > timedelta(0):
            try:
                await workflow.wait_condition(
                    lambda: self._converted is not None, timeout=moment_delay
                )
            except TimeoutError:
                return False
        return self._converted is not None

    @workflow.run
    async def run(self, trial: TrialInput) -> TrialResult:
        org = trial.organization_id
        sent: list[int] = []
        for days in sorted(trial.reminder_days, reverse=True):
            at = trial.ends_at - timedelta(days=days)
            if at <= workflow.now():
                continue  # a trial started late in its life skips the reminders it passed
            if await self._until(at - workflow.now()):
                return TrialResult(outcome="converted", reminders_sent=sent)
            queued: int = await workflow.execute_activity_method(
                TrialActivities.queue_reminder,
                TrialReminder(organization_id=org, days_left=days, now=workflow.now()),
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
                priority=priority(org, "trial"),
            )
            if queued:
                await workflow.execute_activity_method(
                    LifecycleActivities.deliver,
                    DispatchInput(organization_id=org, now=workflow.now()),
                    start_to_close_timeout=ACTIVITY_TIMEOUT,
                    retry_policy=ACTIVITY_RETRY,
                    priority=priority(org, "trial"),
                )
                sent.append(days)
        if await self._until(trial.ends_at - workflow.now()):
            return TrialResult(outcome="converted", reminders_sent=sent)
        expired: bool = await workflow.execute_activity_method(
            TrialActivities.expire,
            ExpireTrial(organization_id=org, now=workflow.now()),
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=ACTIVITY_RETRY,
            priority=priority(org, "trial"),
        )
        return TrialResult(outcome="expired" if expired else "converted", reminders_sent=sent)
