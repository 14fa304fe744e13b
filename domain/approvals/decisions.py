"""One approval decision, whichever channel it came from.

The API, Slack buttons, the signed-link page (e-mail and Teams buttons) and the dashboard
each parse and verify their own input, then call :func:`decide` (or :func:`delegate`) with
what they learned. The service

1. loads the request (404 when the caller's organizations cannot see it),
2. resolves the member — by member id, or by chat identity for Slack/Teams clicks,
3. checks what the read model already knows: the request is pending and, for a button or
   link issued for one step, that this step is still open for this member,
4. sends ONE update to the request's chain through a :class:`ChainGateway` (the chain's
   validator has the last word on eligibility), and
5. reports what the channel must update: the chat messages that lose their buttons.

The update's result is the decision's outcome (``DecisionOutcome.status``). The chain writes
the decision into PostgreSQL itself, normally before the update answers (in the same workflow
task); a channel that shows the read model right after (the API's response) calls
:func:`await_projection` first, so what the decider reads back never contradicts the outcome
they were told (docs/adr/0020-approval-latency.md).

Every refusal is one of :mod:`domain.approvals.refusals`, so a non-approver reads
``not_an_approver`` whether they used the API or Slack.

The domain does not know Temporal: the API layer implements :class:`ChainGateway` with its
Temporal client and translates the chain's refusals into those errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import records
from domain.approvals.chain_types import (
    ChainStatus,
    Channel,
    DecideInput,
    DecideResult,
    Decision,
    DelegateInput,
)
from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.approvals.refusals import (
    AlreadyDecided,
    NotAMember,
    NotAnApprover,
    StepClosed,
    approval_closed,
)
from domain.audit.service import Actor
from domain.connections.models import ChatIdentity, ChatMessage
from domain.errors import DomainError, NotFound
from domain.free_text import texts
from domain.tenancy.models import Member


class ChainGateway(Protocol):
    """How the domain reaches a request's running chain.

    Implementations send one update and return its result, or raise a refusal of
    :mod:`domain.approvals.refusals`: ``NotAnApprover``, ``AlreadyDecided``,
    ``ApprovalClosed``, ``InvalidDelegate`` (the chain said no), ``ChainStarting`` (no chain
    runs yet) or ``ChainUnavailable`` (the engine is unreachable).
    """

    async def decide(
        self, *, organization_id: str, request_id: str, decision: DecideInput
    ) -> DecideResult:
        """Apply ``decision`` to the chain's open step (update ``decide``)."""
        ...

    async def delegate(
        self, *, organization_id: str, request_id: str, handover: DelegateInput
    ) -> ChainStatus:
        """Hand the member's place in every open step to another member (update ``delegate``)."""
        ...


@dataclass(frozen=True, slots=True)
class ByMemberId:
    """The decider is known by member id (API key, dashboard sign-in, signed link)."""

    member_id: str


@dataclass(frozen=True, slots=True)
class ByChatIdentity:
    """The decider is a chat user; a linked chat identity maps them to a member."""

    provider: Literal["slack", "teams"]
    external_user_id: str


@dataclass(frozen=True, slots=True)
class ClickedMessage:
    """The chat message whose button was pressed."""

    provider: Literal["slack", "teams"]
    channel_id: str
    message_ts: str | None


@dataclass(frozen=True, slots=True)
class Ballot:
    """One decision as a channel received it.

    ``step_index`` is the step a button or link was issued for: a ballot about a step that is
    over is refused (``step_closed``) instead of deciding whatever step is open now.
    """

    request_id: str
    decider: ByMemberId | ByChatIdentity
    decision: Decision
    channel: Channel
    comment: str = ""
    step_index: int | None = None
    message: ClickedMessage | None = None


@dataclass(frozen=True, slots=True)
class MessageToClose:
    """A chat message whose buttons should be replaced by the outcome."""

    channel_id: str
    message_ts: str
    step_index: int


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """What the chain made of an accepted ballot, and what the channel must update."""

    request: ApprovalRequest
    member: Member
    result: DecideResult
    close: tuple[MessageToClose, ...] = ()

    @property
    def status(self) -> str:
        """The request's status after this decision: what the chain made of it, which the
        request row shows only once the chain has written its outcome."""
        return (
            self.request.status if self.request.status != "pending" else self.result.request_status
        )

    @property
    def duplicate(self) -> bool:
        """A concurrent duplicate of a decision already recorded (a double click)."""
        return self.result.already_decided


def step_name(request: ApprovalRequest, step_index: int) -> str:
    """The name of step ``step_index`` of ``request`` ('' for a step it does not have)."""
    return str(request.steps[step_index]["name"]) if 0 <= step_index < len(request.steps) else ""


Transactions = Callable[[], AbstractAsyncContextManager[AsyncSession]]
"""Opens one short transaction scoped to the organization(s) the channel verified."""


async def decide(session: AsyncSession, chain: ChainGateway, ballot: Ballot) -> DecisionOutcome:
    """Decide ``ballot`` on its request's chain; raises a refusal when nothing was decided.

    ``session`` is a transaction scoped to the organization(s) the channel verified; the chat
    messages to close are marked closed in it. A ballot with a comment goes through
    :func:`decide_in`: its comment must be committed before the chain is asked, and this
    transaction is still open then.
    """
    if ballot.comment:
        raise ValueError("a ballot with a comment is decided with decide_in")

    @asynccontextmanager
    async def same() -> AsyncIterator[AsyncSession]:
        yield session

    return await decide_in(same, chain, ballot)


async def decide_in(
    transactions: Transactions, chain: ChainGateway, ballot: Ballot
) -> DecisionOutcome:
    """:func:`decide` over short transactions of its own: one for the checks (which also
    stores the comment), none while the chain decides (a pooled connection is not held idle in
    a transaction for a Temporal round trip), one to close chat messages, if any.

    The comment is written to ``free_texts`` and the chain is sent its id, never the text
    (ADR 0034): the chain's history then holds nothing an erasure cannot reach. A ballot the
    chain refuses, or takes as a duplicate, has its text deleted again, so there is one text
    per accepted decision."""
    async with transactions() as session:
        request = await records.get_or_404(
            session, ApprovalRequest, ballot.request_id, label="approval"
        )
        member = await _member(session, request.organization_id, ballot.decider)
        if request.status != "pending":
            raise approval_closed(request.status)
        if ballot.step_index is not None:
            await _check_step_open(session, request, member.id, ballot.step_index)
        comment_ref = await _comment(session, request, member, "approval_comment", ballot.comment)
    try:
        result = await chain.decide(
            organization_id=request.organization_id,
            request_id=request.id,
            decision=DecideInput(
                member_id=member.id,
                decision=ballot.decision,
                comment_ref=comment_ref,
                channel=ballot.channel,
                step_index=ballot.step_index,
            ),
        )
    except NotAnApprover:
        await texts.discard_apart(transactions, comment_ref)
        if ballot.step_index is not None:
            async with transactions() as session:
                decided = await _has_decided(session, request.id, member.id, ballot.step_index)
            if decided:
                # A duplicate that reached the chain between two steps is refused as "not an
                # approver" of the next one; to the clicker it is a double click.
                raise AlreadyDecided("you have already decided on this step") from None
        raise
    except DomainError:
        # Refused, or never reached the chain: nothing refers to the text.
        await texts.discard_apart(transactions, comment_ref)
        raise
    if result.already_decided:
        await texts.discard_apart(transactions, comment_ref)
    close: tuple[MessageToClose, ...] = ()
    if ballot.message is not None and not result.already_decided:
        async with transactions() as session:
            close = await _close_messages(session, request.id, ballot.message, ballot, result)
    return DecisionOutcome(request=request, member=member, result=result, close=close)


async def await_projection(
    session: AsyncSession, outcome: DecisionOutcome, *, within: float = 15.0
) -> tuple[ApprovalRequest, list[ApprovalAssignment]]:
    """The request and its assignments once the read model shows ``outcome``: the member's
    assignment of the decided step no longer pending and, when the decision settled the
    request, the request row settled too. After ``within`` seconds of lag (the chain keeps
    retrying the write) whatever the read model shows.

    The chain writes a decision in the workflow task that accepts it, so this is normally one
    read; it polls only while PostgreSQL is slower than that task, or failing.
    """
    result, member_id = outcome.result, outcome.member.id
    deadline = asyncio.get_running_loop().time() + within
    delay = 0.02
    while True:
        request = (
            await session.execute(
                select(ApprovalRequest)
                .where(ApprovalRequest.id == outcome.request.id)
                .execution_options(populate_existing=True)
            )
        ).scalar_one()
        assignments = (
            (
                await session.execute(
                    select(ApprovalAssignment)
                    .where(ApprovalAssignment.request_id == request.id)
                    .order_by(ApprovalAssignment.step_index, ApprovalAssignment.created_at)
                )
            )
            .scalars()
            .all()
        )
        mine = next(
            (
                a.status
                for a in assignments
                if a.step_index == result.step_index and a.member_id == member_id
            ),
            None,
        )
        settled = result.request_status == "pending" or request.status != "pending"
        if (mine != "pending" and settled) or asyncio.get_running_loop().time() >= deadline:
            return request, list(assignments)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)


async def delegate(
    transactions: Transactions,
    chain: ChainGateway,
    *,
    request_id: str,
    member_id: str,
    to_member_id: str,
    comment: str = "",
) -> ApprovalRequest:
    """Hand ``member_id``'s place in the open step(s) to ``to_member_id``; returns the request.

    Like :func:`decide_in`: the checks and the comment (stored in ``free_texts``, the chain
    gets its id) commit before the chain is asked; a refused handover deletes the text."""
    async with transactions() as session:
        request = await records.get_or_404(session, ApprovalRequest, request_id, label="approval")
        member = await _member(session, request.organization_id, ByMemberId(member_id))
        if request.status != "pending":
            raise approval_closed(request.status)
        target = await session.get(Member, to_member_id)
        if target is None or target.status != "active":
            raise NotFound(f"no active member {to_member_id}", param="to_member_id")
        comment_ref = await _comment(session, request, member, "delegation_comment", comment)
    try:
        await chain.delegate(
            organization_id=request.organization_id,
            request_id=request.id,
            handover=DelegateInput(
                member_id=member.id, to_member_id=to_member_id, comment_ref=comment_ref
            ),
        )
    except DomainError:
        await texts.discard_apart(transactions, comment_ref)
        raise
    return request


async def _comment(
    session: AsyncSession, request: ApprovalRequest, member: Member, purpose: str, body: str
) -> str | None:
    """Store what ``member`` typed on ``request`` (``free_texts``); its id, for the chain."""
    return await texts.write(
        session,
        organization_id=request.organization_id,
        author=Actor(type="user", id=member.id),
        subject_type="approval_request",
        subject_id=request.id,
        purpose=purpose,
        body=body,
    )


# --- the member -------------------------------------------------------------------------------


async def _member(
    session: AsyncSession, organization_id: str, decider: ByMemberId | ByChatIdentity
) -> Member:
    if isinstance(decider, ByMemberId):
        member = await session.get(Member, decider.member_id)
        if member is None or member.status != "active" or member.organization_id != organization_id:
            raise NotAMember(
                "only an active member of this organization can decide approvals",
            )
        return member
    found = (
        await session.execute(
            select(Member)
            .join(
                ChatIdentity,
                (ChatIdentity.member_id == Member.id)
                & (ChatIdentity.organization_id == Member.organization_id),
            )
            .where(
                ChatIdentity.organization_id == organization_id,
                ChatIdentity.provider == decider.provider,
                ChatIdentity.external_user_id == decider.external_user_id,
                Member.status == "active",
            )
        )
    ).scalar_one_or_none()
    if found is None:
        raise NotAMember(
            f"this {decider.provider} account is not linked to an active member of the organization"
        )
    return found


# --- the step a button or link was issued for -------------------------------------------------


async def _step_assignments(
    session: AsyncSession, request_id: str, step_index: int
) -> list[tuple[str, str, datetime | None]]:
    rows = await session.execute(
        select(
            ApprovalAssignment.member_id, ApprovalAssignment.status, ApprovalAssignment.decided_at
        ).where(
            ApprovalAssignment.request_id == request_id,
            ApprovalAssignment.step_index == step_index,
        )
    )
    return [(m, s, d) for m, s, d in rows]


async def _has_decided(
    session: AsyncSession, request_id: str, member_id: str, step_index: int
) -> bool:
    return any(
        m == member_id and s in ("approved", "rejected")
        for m, s, _ in await _step_assignments(session, request_id, step_index)
    )


async def _check_step_open(
    session: AsyncSession, request: ApprovalRequest, member_id: str, step_index: int
) -> None:
    """Refuse a ballot about a step that is over, from the read model (no chain query).

    The chain applies a decision to whatever step is open for the member, so a click on the
    message of a finished step would otherwise decide the next one. Where the read model
    cannot tell (the member has a pending place in the step, or no place at all while the step
    is open), the chain's validator decides.
    """
    if not 0 <= step_index < len(request.steps):
        raise StepClosed(
            "the step of this message no longer exists",
            extra={"step_index": step_index, "step_status": "gone"},
        )
    assignments = await _step_assignments(session, request.id, step_index)
    mine = next((s for m, s, _ in assignments if m == member_id), None)
    still_open = any(s == "pending" for _, s, _ in assignments)
    if mine == "delegated":
        raise NotAnApprover("you handed this step over to another member")
    if mine in ("approved", "rejected") and still_open:
        raise AlreadyDecided("you have already decided on this step")
    if assignments and not still_open:
        status = _settled_as(request.steps[step_index], assignments)
        raise StepClosed(
            f"the step “{step_name(request, step_index)}” is already {status}",
            extra={"step_index": step_index, "step_status": status},
        )


def _settled_as(spec: dict[str, Any], assignments: list[tuple[str, str, datetime | None]]) -> str:
    """How a finished step ended, told from its assignments (for the refusal's wording only).

    Mirrors the chain's rules: ``any`` takes the first answer, ``all`` fails on one rejection,
    ``quorum`` needs its count; escalated steps accept one approval; a step nobody answered
    ended by its timeout rule.
    """
    decided = sorted(
        (at, s) for _, s, at in assignments if at is not None and s in ("approved", "rejected")
    )
    approvals = sum(1 for _, s in decided if s == "approved")
    rejections = len(decided) - approvals
    if not decided:
        return "approved" if spec.get("on_timeout") == "approve" else "rejected"
    mode = spec.get("mode", "any")
    if mode == "any":
        return decided[0][1]
    if mode == "quorum" and approvals >= int(spec.get("quorum") or 1):
        return "approved"
    return "rejected" if rejections else "approved"


# --- the chat messages of the request ---------------------------------------------------------


async def _close_messages(
    session: AsyncSession,
    request_id: str,
    clicked: ClickedMessage,
    ballot: Ballot,
    result: DecideResult,
) -> tuple[MessageToClose, ...]:
    """The messages that lose their buttons, marked closed: the clicked one, and every open
    message of the step (or of the request) once the step (or the chain) is settled."""
    step_index = ballot.step_index if ballot.step_index is not None else result.step_index
    stmt = select(ChatMessage).where(
        ChatMessage.request_id == request_id,
        ChatMessage.provider == clicked.provider,
        ChatMessage.closed_at.is_(None),
    )
    if result.request_status == "pending":
        if result.step_status == "open":
            stmt = stmt.where(
                ChatMessage.channel_id == clicked.channel_id,
                ChatMessage.message_ts == (clicked.message_ts or ""),
            )
        else:
            stmt = stmt.where(ChatMessage.step_index == step_index)
    rows = (await session.execute(stmt)).scalars().all()
    targets = {(m.channel_id, m.message_ts, m.step_index) for m in rows}
    if clicked.message_ts:
        targets.add((clicked.channel_id, clicked.message_ts, step_index))
    now = datetime.now(UTC)
    for message in rows:
        message.closed_at = now
    return tuple(MessageToClose(c, ts, i) for c, ts, i in sorted(targets))
