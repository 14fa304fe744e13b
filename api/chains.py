"""Starting and cancelling approval chains after the request's transaction has committed.

Routes schedule these as background tasks, which run once the response is ready, so the
workflow never sees rows that might still roll back. If Temporal is unreachable the request
row stays unstarted and the worker's outbox relay starts it later.
"""

from __future__ import annotations

import logging
from typing import Any

from temporalio.client import WorkflowUpdateFailedError
from temporalio.service import RPCError

from core.db import tenant_session
from domain.approvals import requests as approvals
from domain.approvals.chain_types import ApprovalChainInput, CancelInput
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.approval import approval_handle, start_approval_chain

log = logging.getLogger("auditoryx.api")


async def start_chain(state: Any, chain: ApprovalChainInput) -> None:
    client = await state.temporal.get()
    if client is None:
        log.warning(
            "approval %s not started: Temporal unreachable; the relay will retry", chain.request_id
        )
        return
    try:
        await start_approval_chain(client, chain, task_queue=state.settings.temporal_task_queue)
    except RPCError as exc:
        log.warning("approval %s not started (%s); the relay will retry", chain.request_id, exc)
        return
    async with tenant_session(state.sessionmaker, [chain.organization_id]) as session:
        await approvals.mark_started(session, chain.request_id)


async def cancel_chain(state: Any, organization_id: str, request_id: str, reason: str) -> None:
    client = await state.temporal.get()
    if client is None:
        log.warning("approval %s not cancelled: Temporal unreachable", request_id)
        return
    try:
        await approval_handle(client, organization_id, request_id).execute_update(
            ApprovalChainWorkflow.cancel, CancelInput(reason=reason)
        )
    except (WorkflowUpdateFailedError, RPCError) as exc:
        log.info("approval %s not cancelled: %s", request_id, exc)
