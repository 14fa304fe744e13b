"""The approval-decision service on a real PostgreSQL, with a chain gateway that records what
reaches the chain: one update per accepted ballot, none for what the read model already
refuses, and the chat messages a decision closes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from core.db import tenant_session
from core.ids import new_id
from domain.approvals import decisions, policies
from domain.approvals.chain_types import ChainStatus, DecideInput, DecideResult, DelegateInput
from domain.approvals.models import ApprovalAssignment, ApprovalRequest
from domain.approvals.refusals import (
    AlreadyDecided,
    ApprovalClosed,
    NotAMember,
    NotAnApprover,
    StepClosed,
)
from domain.audit.service import Actor
from domain.connections.models import ChatIdentity, ChatMessage
from domain.errors import NotFound
from domain.tenancy.models import Member
from tests.support.approvals import open_budget_change


@dataclass
class RecordingChain:
    """A chain gateway that records every update and answers as told."""

    answer: DecideResult | Exception = field(
        default_factory=lambda: DecideResult(
            request_status="pending", step_index=0, step_status="approved"
        )
    )
    before_answer: Callable[[], Awaitable[None]] | None = None
    calls: list[tuple[str, str, str, Any]] = field(default_factory=list)

    async def decide(
        self, *, organization_id: str, request_id: str, decision: DecideInput
    ) -> DecideResult:
        self.calls.append(("decide", organization_id, request_id, decision))
        if self.before_answer is not None:
            await self.before_answer()
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    async def delegate(
        self, *, organization_id: str, request_id: str, handover: DelegateInput
    ) -> ChainStatus:
        self.calls.append(("delegate", organization_id, request_id, handover))
        return ChainStatus(request_id=request_id)


@dataclass
class Approval:
    organization_id: str
    request_id: str
    mara: str
    vic: str


@pytest.fixture
async def approval(sessionmaker, org_a) -> Approval:
    """A two-step request: step 0 open for Mara and Vic (both with Slack accounts and a DM
    each), as the chain's activities leave the read model."""
    org = org_a.id
    async with tenant_session(sessionmaker, [org]) as session:
        mara, vic = (
            Member(id=new_id("mem"), organization_id=org, email=e, name=n, role="manager")
            for e, n in (("mara@northstar.example", "mara"), ("vic@northstar.example", "vic"))
        )
        session.add_all([mara, vic])
        await session.flush()
        policy = await policies.create_policy(
            session,
            organization_id=org,
            data=policies.PolicyInput.model_validate(
                {
                    "name": "two steps",
                    "subject_type": "budget_change",
                    "steps": [
                        {
                            "name": "manager",
                            "approvers": [{"member_id": mara.id}, {"member_id": vic.id}],
                        },
                        {"name": "finance", "approvers": [{"member_id": mara.id}]},
                    ],
                }
            ),
            actor=Actor.system("test"),
        )
        chain = await open_budget_change(session, org, policy)
        for member, user, dm in ((mara, "U0MARA", "D0MARA"), (vic, "U0VIC", "D0VIC")):
            session.add_all(
                [
                    ApprovalAssignment(
                        id=new_id("asg"),
                        organization_id=org,
                        request_id=chain.request_id,
                        step_index=0,
                        step_name="manager",
                        member_id=member.id,
                    ),
                    ChatIdentity(
                        id=new_id("chi"),
                        organization_id=org,
                        member_id=member.id,
                        provider="slack",
                        external_user_id=user,
                    ),
                    ChatMessage(
                        id=new_id("chm"),
                        organization_id=org,
                        request_id=chain.request_id,
                        step_index=0,
                        member_id=member.id,
                        provider="slack",
                        channel_id=dm,
                        message_ts="1700000000.000100",
                    ),
                ]
            )
    return Approval(org, chain.request_id, mara.id, vic.id)


def click(approval: Approval, user: str, dm: str, step_index: int = 0) -> decisions.Ballot:
    return decisions.Ballot(
        request_id=approval.request_id,
        decider=decisions.ByChatIdentity("slack", user),
        decision="approve",
        channel="slack",
        step_index=step_index,
        message=decisions.ClickedMessage("slack", dm, "1700000000.000100"),
    )


async def decide(sessionmaker, approval: Approval, chain: RecordingChain, ballot):
    async with tenant_session(sessionmaker, [approval.organization_id]) as session:
        return await decisions.decide(session, chain, ballot)


async def settle(sessionmaker, approval: Approval, statuses: dict[str, str]) -> None:
    """Write step 0's assignments as the chain's activities would."""
    async with tenant_session(sessionmaker, [approval.organization_id]) as session:
        for member_id, status in statuses.items():
            await session.execute(
                update(ApprovalAssignment)
                .where(
                    ApprovalAssignment.request_id == approval.request_id,
                    ApprovalAssignment.member_id == member_id,
                    ApprovalAssignment.step_index == 0,
                )
                .values(
                    status=status,
                    decided_at=datetime.now(UTC) if status in ("approved", "rejected") else None,
                )
            )


async def test_a_click_that_settles_the_step_sends_one_update_and_closes_every_message_of_it(
    sessionmaker, approval
):
    chain = RecordingChain()
    outcome = await decide(sessionmaker, approval, chain, click(approval, "U0MARA", "D0MARA"))

    assert chain.calls == [
        (
            "decide",
            approval.organization_id,
            approval.request_id,
            # The button's step goes with the decision: the chain refuses it as such once
            # that step is over, whatever step is open by then.
            DecideInput(member_id=approval.mara, decision="approve", channel="slack", step_index=0),
        )
    ]
    assert outcome.member.id == approval.mara and not outcome.duplicate
    assert [(m.channel_id, m.step_index) for m in outcome.close] == [
        ("D0MARA", 0),
        ("D0VIC", 0),
    ]
    async with tenant_session(sessionmaker, [approval.organization_id]) as session:
        closed = (await session.execute(select(ChatMessage.closed_at))).scalars().all()
    assert len(closed) == 2 and all(at is not None for at in closed)


async def test_a_click_while_the_step_stays_open_closes_only_the_clicked_message(
    sessionmaker, approval
):
    chain = RecordingChain(
        answer=DecideResult(request_status="pending", step_index=0, step_status="open")
    )
    outcome = await decide(sessionmaker, approval, chain, click(approval, "U0VIC", "D0VIC"))
    assert [m.channel_id for m in outcome.close] == ["D0VIC"]


async def test_a_button_of_a_finished_step_is_refused_without_asking_the_chain(
    sessionmaker, approval
):
    await settle(sessionmaker, approval, {approval.mara: "approved", approval.vic: "skipped"})
    chain = RecordingChain()
    with pytest.raises(StepClosed) as refused:
        await decide(sessionmaker, approval, chain, click(approval, "U0VIC", "D0VIC"))
    assert refused.value.detail == "the step “manager” is already approved"
    assert refused.value.extra == {"step_index": 0, "step_status": "approved"}
    assert chain.calls == []


async def test_a_second_click_while_others_still_decide_is_already_decided(sessionmaker, approval):
    await settle(sessionmaker, approval, {approval.mara: "approved"})
    chain = RecordingChain()
    with pytest.raises(AlreadyDecided):
        await decide(sessionmaker, approval, chain, click(approval, "U0MARA", "D0MARA"))
    assert chain.calls == []


async def test_a_duplicate_the_chain_calls_not_an_approver_reads_as_already_decided(
    sessionmaker, approval
):
    # The first click is recorded while the second one is on its way to the chain, which
    # refuses it as "not an approver" of the step that opened since.
    async def first_click_recorded() -> None:
        await settle(sessionmaker, approval, {approval.mara: "approved"})

    chain = RecordingChain(
        answer=NotAnApprover("you are not an approver of an open step"),
        before_answer=first_click_recorded,
    )
    with pytest.raises(AlreadyDecided):
        await decide(sessionmaker, approval, chain, click(approval, "U0MARA", "D0MARA"))
    assert len(chain.calls) == 1

    # Without a step to speak for (the API), the chain's refusal stands as it is.
    chain = RecordingChain(answer=NotAnApprover("you are not an approver of an open step"))
    ballot = decisions.Ballot(
        request_id=approval.request_id,
        decider=decisions.ByMemberId(approval.mara),
        decision="approve",
        channel="api",
    )
    with pytest.raises(NotAnApprover):
        await decide(sessionmaker, approval, chain, ballot)


async def test_a_disabled_member_decides_nothing_by_id_or_by_chat_account(sessionmaker, approval):
    async with tenant_session(sessionmaker, [approval.organization_id]) as session:
        await session.execute(
            update(Member).where(Member.id == approval.mara).values(status="disabled")
        )
    chain = RecordingChain()
    by_id = decisions.Ballot(
        request_id=approval.request_id,
        decider=decisions.ByMemberId(approval.mara),
        decision="approve",
        channel="api",
    )
    for ballot in (click(approval, "U0MARA", "D0MARA"), by_id):
        with pytest.raises(NotAMember) as refused:
            await decide(sessionmaker, approval, chain, ballot)
        assert refused.value.code == "not_a_member"
    assert chain.calls == []


async def test_who_cannot_decide_at_all_never_reaches_the_chain(sessionmaker, approval):
    chain = RecordingChain()
    with pytest.raises(NotAMember) as refused:
        await decide(sessionmaker, approval, chain, click(approval, "U0STRANGER", "D0MARA"))
    assert (refused.value.code, refused.value.status) == ("not_a_member", 403)

    missing = decisions.Ballot(
        request_id=new_id("apr"),
        decider=decisions.ByMemberId(approval.mara),
        decision="approve",
        channel="api",
    )
    with pytest.raises(NotFound):
        await decide(sessionmaker, approval, chain, missing)

    async with tenant_session(sessionmaker, [approval.organization_id]) as session:
        await session.execute(
            update(ApprovalAssignment).values(status="skipped")  # as the outcome leaves them
        )
        request = await session.get(ApprovalRequest, approval.request_id)
        assert request is not None
        request.status = "cancelled"
    with pytest.raises(ApprovalClosed) as closed:
        await decide(sessionmaker, approval, chain, click(approval, "U0MARA", "D0MARA"))
    assert closed.value.extra == {"current_status": "cancelled"}
    assert chain.calls == []
