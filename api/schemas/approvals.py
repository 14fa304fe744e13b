"""Request and response models of ``api/routes/approvals.py``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import ID_PATTERN, RequestBody, money
from domain.approvals.models import ApprovalAssignment, ApprovalRequest


class AssignmentOut(BaseModel):
    member_id: str
    status: str
    on_behalf_of: str | None
    channel: str | None
    comment: str
    decided_at: datetime | None


class StepOut(BaseModel):
    index: int
    name: str
    assignments: list[AssignmentOut]


class ApprovalOut(BaseModel):
    object: Literal["approval"] = "approval"
    id: str
    status: str
    reason: str
    subject_type: str
    subject_id: str
    summary: str
    amount: str | None
    currency: str | None
    policy_id: str
    policy_version: int
    steps: list[StepOut] = Field(default_factory=list)
    created_at: datetime
    decided_at: datetime | None


def approval_out(
    request: ApprovalRequest,
    assignments: Sequence[ApprovalAssignment],
    *,
    status: str | None = None,
) -> ApprovalOut:
    """The request with its steps, each listing its ``assignments`` (those of the request,
    in the order given); ``status`` when the chain knows better than the row (a decision
    that settled the request, before the outcome is written)."""
    steps = [
        StepOut(
            index=index,
            name=spec["name"],
            assignments=[
                AssignmentOut(
                    member_id=a.member_id,
                    status=a.status,
                    on_behalf_of=a.on_behalf_of,
                    channel=a.channel,
                    comment=a.comment,
                    decided_at=a.decided_at,
                )
                for a in assignments
                if a.step_index == index
            ],
        )
        for index, spec in enumerate(request.steps)
    ]
    return ApprovalOut(
        id=request.id,
        status=status or request.status,
        reason=request.reason,
        subject_type=request.subject_type,
        subject_id=request.subject_id,
        summary=request.summary,
        amount=money(request.amount_minor, request.currency) if request.currency else None,
        currency=request.currency,
        policy_id=request.policy_id,
        policy_version=request.policy_version,
        steps=steps,
        created_at=request.created_at,
        decided_at=request.decided_at,
    )


class DecisionIn(RequestBody):
    decision: Literal["approve", "reject"]
    comment: str = Field(default="", max_length=2000)


class DelegateIn(RequestBody):
    to_member_id: str = Field(pattern=ID_PATTERN)
    comment: str = Field(default="", max_length=2000)
