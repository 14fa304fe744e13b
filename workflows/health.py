"""HealthProbeWorkflow: proves API → Temporal → worker → activity → PostgreSQL end to end.

``/readyz?deep=true`` starts one with id ``system:health:{probe_id}`` and waits for its result.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel
from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior

from workflows.priorities import SYSTEM, priority

with workflow.unsafe.imports_passed_through():
    from activities.health import HealthActivities, RecordProbeInput, RecordProbeResult


class HealthProbeInput(BaseModel):
    probe_id: str


class HealthProbeResult(BaseModel):
    probe_id: str
    worker_identity: str
    database_time: str


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class HealthProbeWorkflow:
    @workflow.run
    async def run(self, probe: HealthProbeInput) -> HealthProbeResult:
        recorded: RecordProbeResult = await workflow.execute_activity_method(
            HealthActivities.record_probe,
            RecordProbeInput(probe_id=probe.probe_id),
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=RetryPolicy(maximum_attempts=3),
            priority=priority(SYSTEM, "health"),
        )
        return HealthProbeResult(
            probe_id=probe.probe_id,
            worker_identity=recorded.worker_identity,
            database_time=recorded.database_time,
        )
