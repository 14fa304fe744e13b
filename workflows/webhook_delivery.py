"""WebhookDeliveryWorkflow: one event to one endpoint, on the Standard Webhooks retry schedule.
Id: ``{organization_id}:webhook:{event_id}:{endpoint_id}``.

Each attempt is one activity execution (signed POST, 15 s timeout, recorded as an attempt
row); the waits between attempts are durable workflow timers, so attempts happen exactly at
the scheduled offsets (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the previous one)
whatever happens to workers meanwhile. The activity's own retry policy only covers our side
failing (the database, a crashed worker), never the receiver's answer, which comes back as
an :class:`AttemptResult` value.

Message protocol: query ``status() -> DeliveryStatus``.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.webhooks import WebhookActivities
    from workflows.webhook_types import (
        RETRY_SCHEDULE_SECONDS,
        AlertInput,
        AttemptInput,
        DeliveryInput,
        DeliveryStatus,
    )

ATTEMPT_TIMEOUT = timedelta(seconds=60)  # the POST itself is capped at 15 s
OUR_SIDE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    maximum_attempts=5,
)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class WebhookDeliveryWorkflow:
    def __init__(self) -> None:
        self._status = DeliveryStatus()

    @workflow.run
    async def run(self, delivery: DeliveryInput) -> DeliveryStatus:
        for index, delay in enumerate(RETRY_SCHEDULE_SECONDS):
            if delay:
                await workflow.sleep(timedelta(seconds=delay))
            now = workflow.now()
            upcoming = (
                now + timedelta(seconds=RETRY_SCHEDULE_SECONDS[index + 1])
                if index + 1 < len(RETRY_SCHEDULE_SECONDS)
                else None
            )
            result = await workflow.execute_activity_method(
                WebhookActivities.attempt,
                AttemptInput(
                    organization_id=delivery.organization_id,
                    event_id=delivery.event_id,
                    endpoint_id=delivery.endpoint_id,
                    attempt=index + 1,
                    attempted_at=now,
                    next_attempt_at=upcoming,
                ),
                start_to_close_timeout=ATTEMPT_TIMEOUT,
                retry_policy=OUR_SIDE_RETRY,
                priority=priority(delivery.organization_id, "webhook"),
            )
            self._status.attempts = index + 1
            self._status.last_status_code = result.status_code
            self._status.last_error = result.error
            self._status.next_attempt_at = upcoming
            if result.outcome != "failed":
                self._status.status = result.outcome
                self._status.next_attempt_at = None
                return self._status
            if result.endpoint_disabled:
                await workflow.execute_activity_method(
                    WebhookActivities.alert_endpoint_disabled,
                    AlertInput(
                        organization_id=delivery.organization_id,
                        endpoint_id=delivery.endpoint_id,
                    ),
                    start_to_close_timeout=ATTEMPT_TIMEOUT,
                    retry_policy=OUR_SIDE_RETRY,
                    priority=priority(delivery.organization_id, "webhook"),
                )
                break
        self._status.status = "failed"
        self._status.next_attempt_at = None
        return self._status

    @workflow.query
    def status(self) -> DeliveryStatus:
        return self._status
