"""The chain gateway's answers when the chain cannot take a decision right now: a chain whose
workflow task is failing (a starved or broken worker) refuses updates with FAILED_PRECONDITION;
the caller gets 503 with nothing decided, never a 500."""

from __future__ import annotations

import contextlib
import uuid
from datetime import timedelta

import pytest
from temporalio import workflow
from temporalio.api.enums.v1 import EventType
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from api.chains import TemporalChainGateway
from api.temporal import TemporalConnector
from core.config import Settings
from core.workflow_ids import approval_workflow_id
from domain.approvals.chain_types import DecideInput
from domain.approvals.refusals import ChainUnavailable


@workflow.defn(name="ApprovalChainWorkflow")
class BrokenChain:
    """Stands in for a chain whose workflow task fails on every attempt."""

    @workflow.run
    async def run(self) -> None:
        raise RuntimeError("this workflow task fails every time")

    @workflow.update
    async def decide(self, decision: DecideInput) -> None:
        return None


async def test_a_chain_whose_task_keeps_failing_answers_503_not_500(dev_server_env):
    client = dev_server_env.client
    queue = f"broken-{uuid.uuid4().hex[:8]}"
    organization_id, request_id = "org_broken", f"apr_{uuid.uuid4().hex[:20]}"
    workflow_id = approval_workflow_id(organization_id, request_id)
    # Unsandboxed: this module imports the API, which a workflow sandbox need not load.
    async with Worker(
        client,
        task_queue=queue,
        workflows=[BrokenChain],
        workflow_runner=UnsandboxedWorkflowRunner(),
    ):
        handle = await client.start_workflow(
            BrokenChain.run, id=workflow_id, task_queue=queue,
            task_timeout=timedelta(seconds=2),
        )  # fmt: skip
        try:
            # Let the first task fail, so the workflow sits in a failed task state.
            async for event in handle.fetch_history_events(wait_new_event=True):
                if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
                    break
            gateway = TemporalChainGateway(TemporalConnector(Settings(), client=client))
            with pytest.raises(ChainUnavailable) as refused:
                await gateway.decide(
                    organization_id=organization_id,
                    request_id=request_id,
                    decision=DecideInput(member_id="mem_x", decision="approve", channel="api"),
                )
            assert "nothing was decided" in refused.value.detail
        finally:
            with contextlib.suppress(Exception):
                await handle.terminate("test over")
