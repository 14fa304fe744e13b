"""Activities of the TenantMoveWorkflow: one per step of the move (domain/placements/steps.py).

Every activity reads the move's row first and works from it, so a retry after a crash
(this worker's or the database's) starts from what was recorded. The copy heartbeats after
every page with its checkpoint; a retried attempt resumes from the last heartbeat's.

Placement rule for the tenant's own workflows while it moves: their activities look the
organization's placement up on every call, so a call after the switch goes to the target; a
write that reaches the source during the freeze, or after the switch, is refused there
(``TenantFrozen``, retried by Temporal like any other error) instead of being lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import activity
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from core.temporal import client_in_namespace
from domain.placements import steps
from domain.placements.models import TenantMove
from domain.placements.move import PlacementRouting, Sessionmaker, update_move
from workflows.clients.namespace_move import (
    count_running,
    move_schedules,
    pause_schedules,
    unpause_schedules,
)
from workflows.clients.relocation import Relocation, relocate_running, relocate_schedules
from workflows.tenant_move_types import MoveFailure, MoveStep


class TenantMoveActivities:
    def __init__(
        self,
        control: Sessionmaker,
        routing: PlacementRouting | None,
        *,
        client: Client | None = None,
        task_queue_of: Callable[[str], str] | None = None,
        namespace_of: Callable[[str], str] | None = None,
    ) -> None:
        """``control``: sessions of the control database (where ``tenant_moves`` is);
        ``routing``: the placements and the directory (``None``: this deployment has no
        placements to move to, and every step says so); ``client`` and ``task_queue_of``
        (region -> task queue): to send the organization's running workflows to the new
        region's queue after a move to another region (without them none is relocated);
        ``namespace_of`` (region -> Temporal namespace): a move between regions of different
        namespaces waits for the organizations' open workflows to end and takes their
        Schedules along (workflows/clients/namespace_move.py)."""
        self._control = control
        self._routing = routing
        self._client = client
        self._task_queue_of = task_queue_of
        self._namespace_of = namespace_of

    def _namespaces(self, move: TenantMove) -> tuple[Client, Client] | None:
        """The clients of the source's and the target's namespaces, each pinned to it, when
        they differ."""
        if self._client is None or self._namespace_of is None or self._routing is None:
            return None
        placements = self._routing.placements
        source = self._namespace_of(placements.region(move.source))
        target = self._namespace_of(placements.region(move.target))
        if source == target:
            return None
        return (
            client_in_namespace(self._client, source, pinned=True),
            client_in_namespace(self._client, target, pinned=True),
        )

    def _placements(self) -> PlacementRouting:
        if self._routing is None:
            raise ApplicationError(
                "this worker was started without placements: tenant moves need PLACEMENTS",
                type="MoveRefused",
                non_retryable=True,
            )
        return self._routing

    async def _move(self, step: MoveStep | MoveFailure) -> TenantMove:
        try:
            return await steps.load(self._control, step.organization_id, step.move_id)
        except steps.MoveRefused as exc:
            raise ApplicationError(str(exc), type="MoveRefused", non_retryable=True) from None

    @staticmethod
    def _heartbeat(details: dict[str, Any]) -> None:
        activity.heartbeat(details)

    async def _run(self, step: MoveStep, call: Any, **kwargs: Any) -> Any:
        routing = self._placements()
        move = await self._move(step)
        try:
            return await call(self._control, routing, move, **kwargs)
        except steps.MoveRefused as exc:
            raise ApplicationError(str(exc), type="MoveRefused", non_retryable=True) from None

    @activity.defn(name="tenant_move_prepare")
    async def prepare(self, step: MoveStep) -> None:
        """Refuse a target that cannot take the tenant (non-retryable ``MoveRefused``)."""
        await self._run(step, steps.prepare)

    @activity.defn(name="tenant_move_copy")
    async def copy(self, step: MoveStep) -> int:
        """Copy every table page by page; resumes from the last heartbeat's checkpoint."""
        details = activity.info().heartbeat_details
        resume: dict[str, Any] | None = details[0] if details else None
        if resume is not None and resume.get("step") != "copy":
            resume = None
        copied: int = await self._run(
            step,
            steps.copy,
            resume=resume,
            heartbeat=self._heartbeat,
            page_rows=step.page_rows,
        )
        return copied

    @activity.defn(name="tenant_move_catch_up")
    async def catch_up(self, step: MoveStep) -> dict[str, int]:
        """Copy what changed since the copy, while the tenant still writes."""
        changed: dict[str, int] = await self._run(step, steps.catch_up, heartbeat=self._heartbeat)
        return changed

    @activity.defn(name="tenant_move_freeze")
    async def freeze(self, step: MoveStep) -> None:
        """Refuse the tenant's writes in the source; wait for those under way."""
        await self._run(step, steps.freeze_writes)

    @activity.defn(name="tenant_move_finish")
    async def finish(self, step: MoveStep) -> dict[str, Any]:
        """The last catch-up under the freeze, and the verification report."""
        report: dict[str, Any] = await self._run(step, steps.finish, heartbeat=self._heartbeat)
        return report

    @activity.defn(name="tenant_move_switch")
    async def switch(self, step: MoveStep) -> None:
        """Route the tenant to the target (the source refuses its writes for good). To a
        region of another namespace: refused (``MoveRefused``, the move fails and the source
        writes again) while the organizations have open workflows in the source namespace,
        counted with their Schedules paused so that none starts one before the switch."""
        move = await self._move(step)
        namespaces = self._namespaces(move)
        if namespaces is not None and move.state not in ("switched", "cleaning", "done"):
            source, _target = namespaces
            await pause_schedules(source, move.organization_ids, move.id)
            running = await count_running(source, move.organization_ids, skip=[move.workflow_id])
            if running:
                raise ApplicationError(
                    f"open_workflows_in_namespace: {running} open workflow(s) of the "
                    f"organization in Temporal namespace {source.namespace}; a running workflow "
                    "cannot change namespace, move once they have ended",
                    {"open_workflows": running, "namespace": source.namespace},
                    type="MoveRefused",
                    non_retryable=True,
                )
        await self._run(step, steps.switch)

    @activity.defn(name="tenant_move_relocate")
    async def relocate(self, step: MoveStep) -> int:
        """After the switch: point the moved organizations' Schedules at the task queue of the
        target's region, and signal every running workflow of theirs to schedule its work
        there, when that is another queue than the source's (workflows/relocation.py),
        heartbeating with the count so far. How many workflows were signalled."""
        routing = self._placements()
        move = await self._move(step)
        if self._client is None or self._task_queue_of is None:
            return 0
        region = routing.placements.region(move.target)
        queue = self._task_queue_of(region)
        if queue == self._task_queue_of(routing.placements.region(move.source)):
            return 0
        relocation = Relocation(task_queue=queue, region=region, move_id=move.id)
        activity.heartbeat()  # the heartbeat timeout runs from the start
        namespaces = self._namespaces(move)
        if namespaces is not None:
            # No workflow of theirs ran in the source namespace at the switch (refused
            # otherwise): their Schedules follow them, and new runs start in the target.
            source, target = namespaces
            await move_schedules(
                source, target, move.organization_ids, relocation, move.id, tick=activity.heartbeat
            )
            return 0
        client = self._client
        if self._namespace_of is not None:
            # Both regions' namespace, which need not be this worker's (the system one).
            namespace = self._namespace_of(routing.placements.region(move.source))
            client = client_in_namespace(client, namespace, pinned=True)
        # Schedules first: a run one starts meanwhile is then on the new queue, or listed.
        await relocate_schedules(client, move.organization_ids, relocation, tick=activity.heartbeat)
        return await relocate_running(
            client,
            move.organization_ids,
            relocation,
            skip=[move.workflow_id],
            progress=activity.heartbeat,
        )

    @activity.defn(name="tenant_move_cleanup")
    async def cleanup(self, step: MoveStep) -> int:
        """Delete the tenant's rows from the source."""
        deleted: int = await self._run(step, steps.cleanup, heartbeat=self._heartbeat)
        return deleted

    @activity.defn(name="tenant_move_fail")
    async def fail(self, failure: MoveFailure) -> str:
        """End a move that did not switch: the source writes again, the partial copy goes."""
        move = await self._move(failure)
        if self._routing is None:
            await update_move(
                self._control, move.organization_id, move.id, state="failed", error=failure.error
            )
            return "failed"
        state = await steps.fail(self._control, self._routing, move, error=failure.error)
        namespaces = self._namespaces(move)
        if namespaces is not None and state == "failed":
            # The switch paused them: a move that did not switch lets them run again (one
            # that did moves them to the target's namespace: relocate).
            await unpause_schedules(namespaces[0], move.organization_ids, move.id)
        return state

    def all(self) -> list[Any]:
        return [
            self.prepare,
            self.copy,
            self.catch_up,
            self.freeze,
            self.finish,
            self.switch,
            self.relocate,
            self.cleanup,
            self.fail,
        ]
