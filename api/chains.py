"""The API's side of approval chains: starting and cancelling them after the request's
transaction has committed, and the chain gateway through which every channel decides.

A route that opens an approval request commits its transaction itself and starts the chain
before it responds (:func:`start_chain_after_commit`): the workflow never sees rows that might
still roll back, and a 201 means the chain runs, so a decision sent right after it is taken.
If Temporal is unreachable the request still succeeds: its row stays unstarted and the
worker's outbox relay starts it later. Cancels are background tasks after the response.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from api.temporal import TemporalConnector
from domain.approvals.chain_types import (
    ApprovalChainInput,
    CancelInput,
    ChainStatus,
    DecideInput,
    DecideResult,
    DelegateInput,
)
from domain.approvals.decisions import ChainGateway
from domain.approvals.refusals import (
    AlreadyDecided,
    ApprovalClosed,
    ChainStarting,
    ChainUnavailable,
    InvalidDelegate,
    NotAnApprover,
    StepClosed,
)
from domain.errors import DomainError
from workflows.approval import ApprovalChainWorkflow
from workflows.clients.approval import approval_handle, start_approval_chain

log = logging.getLogger("auditoryx.api")

# The chain's ApplicationError types (its validators) and the refusal each one is.
_REFUSALS: dict[str, type[DomainError]] = {
    "NotEligible": NotAnApprover,
    "AlreadyDecided": AlreadyDecided,
    "ChainClosed": ApprovalClosed,
    "StepClosed": StepClosed,
    "InvalidDelegate": InvalidDelegate,
}


# How long a request waits for Temporal to take a chain's start before leaving it to the relay.
START_TIMEOUT = timedelta(seconds=5)


async def start_chain_after_commit(
    session: AsyncSession, state: Any, chain: ApprovalChainInput
) -> None:
    """Commit the route's transaction (the request row and its subject), then start ``chain``
    before the response goes out.

    The session is finished afterwards: build the response from objects already loaded. A
    failed start is logged and left to the outbox relay; the request itself succeeded. The
    request row is marked started by the chain's first step (resolving its approvers), not by
    another transaction here.
    """
    await session.commit()
    await start_chain(state, chain)


async def start_chain(state: Any, chain: ApprovalChainInput) -> None:
    """Start ``chain``, waiting at most ``START_TIMEOUT``; the relay retries when this fails.
    The chain marks its request started itself, in its first step."""
    client = await state.temporal.get()
    if client is None:
        log.warning(
            "approval %s not started: Temporal unreachable; the relay will retry", chain.request_id
        )
        return
    try:
        await start_approval_chain(
            client, chain, task_queue=state.settings.temporal_task_queue, rpc_timeout=START_TIMEOUT
        )
    except RPCError as exc:
        log.warning("approval %s not started (%s); the relay will retry", chain.request_id, exc)
        return


async def cancel_chain(
    state: Any,
    organization_id: str,
    request_id: str,
    reason: str,
    reason_ref: str | None = None,
) -> None:
    """Cancel the request's chain because its subject went away (best effort, logged).
    ``reason`` is the system's words, ``reason_ref`` names what a person typed (a committed
    ``free_texts`` row: the chain carries the id, never the text)."""
    client = await state.temporal.get()
    if client is None:
        log.warning("approval %s not cancelled: Temporal unreachable", request_id)
        return
    try:
        await approval_handle(client, organization_id, request_id).execute_update(
            ApprovalChainWorkflow.cancel, CancelInput(reason=reason, reason_ref=reason_ref)
        )
    except (WorkflowUpdateFailedError, RPCError) as exc:
        log.info("approval %s not cancelled: %s", request_id, exc)


class TemporalChainGateway:
    """The domain's :class:`ChainGateway` over the API's Temporal client: one update per call,
    the chain's refusals turned into the refusals of ``domain.approvals.refusals``."""

    def __init__(self, connector: TemporalConnector) -> None:
        self._connector = connector

    async def decide(
        self, *, organization_id: str, request_id: str, decision: DecideInput
    ) -> DecideResult:
        """Run the chain's ``decide`` update."""
        result: DecideResult = await self._update(
            organization_id, request_id, ApprovalChainWorkflow.decide, decision
        )
        return result

    async def delegate(
        self, *, organization_id: str, request_id: str, handover: DelegateInput
    ) -> ChainStatus:
        """Run the chain's ``delegate`` update."""
        status: ChainStatus = await self._update(
            organization_id, request_id, ApprovalChainWorkflow.delegate, handover
        )
        return status

    async def _update(self, organization_id: str, request_id: str, update: Any, arg: Any) -> Any:
        client = await self._connector.get()
        if client is None:
            raise ChainUnavailable(
                "the workflow engine (Temporal) is unreachable; nothing was decided, retry shortly"
            )
        handle = approval_handle(client, organization_id, request_id)
        try:
            return await handle.execute_update(update, arg)
        except WorkflowUpdateFailedError as exc:
            cause = exc.cause
            if isinstance(cause, ApplicationError) and cause.type in _REFUSALS:
                raise _REFUSALS[cause.type](cause.message) from None
            raise
        except RPCError as exc:
            if exc.status == RPCStatusCode.NOT_FOUND:
                # The request row commits before its chain starts; the API starts it before
                # answering, but a request whose start failed waits for the outbox relay.
                raise ChainStarting("the approval chain is starting; retry in a moment") from None
            if exc.status == RPCStatusCode.FAILED_PRECONDITION:
                # The chain's workflow task is failing (its worker is starved or broken): it
                # takes no update now, and nothing was decided.
                log.warning("approval %s refused an update: %s", request_id, exc.message)
                raise ChainUnavailable(
                    "the approval chain cannot take decisions right now; nothing was decided, "
                    "retry shortly"
                ) from None
            raise


def get_chain_gateway(request: Request) -> ChainGateway:
    """The chain gateway over the app's Temporal connector."""
    connector: TemporalConnector = request.app.state.temporal
    return TemporalChainGateway(connector)


ChainGatewayDep = Annotated[ChainGateway, Depends(get_chain_gateway)]
