"""TenantMoveWorkflow: an organization's tree moves to another placement
(``{org}:tenant-move:{move_id}``).

Prepare, copy (resumable page by page), catch up while the tenant writes, freeze its writes
in the source, catch up the last changes and verify, switch the routing, send the tenant's
running workflows to the new region's task queue (workflows/relocation.py), wait
``cleanup_delay_seconds``, delete the source's rows. A failure before the switch ends the
move with the source unfrozen and the partial copy deleted (the tenant never left); after
the switch the steps are retried until they succeed. Progress and the verification report
are in ``tenant_moves`` (``GET /operator/organizations/{id}/moves/{move_id}``).

Versioning: ``PINNED`` (a move lasts minutes to hours; a new release waits for it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ActivityError

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.tenant_move import TenantMoveActivities
    from workflows.tenant_move_types import (
        MoveFailure,
        MoveStep,
        TenantMoveInput,
        TenantMoveResult,
    )

SHORT = timedelta(minutes=2)
LONG = timedelta(hours=12)
HEARTBEAT = timedelta(seconds=30)
# Before the freeze: retried until it works (a crashed worker, a database restarting).
PATIENT = RetryPolicy(
    maximum_interval=timedelta(minutes=1), non_retryable_error_types=["MoveRefused"]
)
# Under the freeze the tenant cannot write: a few attempts, then the move gives up and the
# source writes again.
FROZEN = RetryPolicy(
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=5,
    non_retryable_error_types=["MoveRefused"],
)
# After the switch there is no way back: until it succeeds.
AFTER_SWITCH = RetryPolicy(maximum_interval=timedelta(minutes=5))


def _reason(exc: BaseException) -> str:
    cause: BaseException | None = exc
    while isinstance(cause, ActivityError) and cause.cause is not None:
        cause = cause.cause
    return str(cause) if cause is not None else str(exc)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class TenantMoveWorkflow:
    @workflow.run
    async def run(self, move: TenantMoveInput) -> TenantMoveResult:
        org = move.organization_id
        step = MoveStep(organization_id=org, move_id=move.move_id, page_rows=move.page_rows)

        async def call(activity: Any, limit: timedelta, retry: RetryPolicy) -> Any:
            return await workflow.execute_activity_method(
                activity,
                step,
                start_to_close_timeout=limit,
                heartbeat_timeout=HEARTBEAT if limit is LONG else None,
                retry_policy=retry,
                priority=priority(org, "tenant-move"),
            )

        try:
            await call(TenantMoveActivities.prepare, SHORT, PATIENT)
            copied: int = await call(TenantMoveActivities.copy, LONG, PATIENT)
            await call(TenantMoveActivities.catch_up, LONG, PATIENT)
            await call(TenantMoveActivities.freeze, SHORT, FROZEN)
            report: dict[str, Any] = await call(TenantMoveActivities.finish, LONG, FROZEN)
            await call(TenantMoveActivities.switch, SHORT, FROZEN)
        except ActivityError as exc:
            error = _reason(exc)
            state: str = await workflow.execute_activity_method(
                TenantMoveActivities.fail,
                MoveFailure(organization_id=org, move_id=move.move_id, error=error),
                start_to_close_timeout=LONG,
                heartbeat_timeout=None,
                retry_policy=AFTER_SWITCH,
                priority=priority(org, "tenant-move"),
            )
            if state == "failed":
                return TenantMoveResult(state="failed", error=error)
            # The switch committed before its activity failed: the target is home now.
            report = {}
            copied = 0
        # Running workflows of the organizations follow them to the target region's queue;
        # once more after the delay, for those a process started on a stale cached route.
        # Long and heartbeating: an organization can have thousands of open workflows.
        relocating = workflow.patched("relocate-running-workflows")
        if relocating:
            await call(TenantMoveActivities.relocate, LONG, AFTER_SWITCH)
        await workflow.sleep(timedelta(seconds=move.cleanup_delay_seconds))
        if relocating:
            await call(TenantMoveActivities.relocate, LONG, AFTER_SWITCH)
        await call(TenantMoveActivities.cleanup, LONG, AFTER_SWITCH)
        return TenantMoveResult(state="done", copied_rows=copied, report=report)
