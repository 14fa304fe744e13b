"""Messages of the approval chain: the policy snapshot it runs, and its update/query shapes.

Every model has defaults for optional fields so new fields can be added without breaking
histories of running chains.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

SubjectType = Literal["booking", "bulk_booking", "contract", "budget_change"]
Decision = Literal["approve", "reject"]
Channel = Literal["api", "slack", "teams", "email", "dashboard", "system"]
_BY_REFERENCE = (
    "Id of the free text (``free_texts``) holding what was typed; messages sent before texts "
    "went by reference carry it inline in ``{}`` instead"
)


class ApproverRef(BaseModel):
    """A member by id, or every active member holding a role (built-in name or custom id)."""

    member_id: str | None = None
    role: str | None = None

    @model_validator(mode="after")
    def _one(self) -> ApproverRef:
        if (self.member_id is None) == (self.role is None):
            raise ValueError("an approver is either a member_id or a role")
        return self


class StepSpec(BaseModel):
    name: str = Field(min_length=1, max_length=120)
    approvers: list[ApproverRef] = Field(min_length=1, max_length=50)
    mode: Literal["any", "all", "quorum"] = "any"
    quorum: int | None = Field(default=None, ge=1, le=50)
    timeout_hours: float = Field(default=48, gt=0, le=24 * 90)
    on_timeout: Literal["escalate", "approve", "reject"] = "reject"
    escalate_to: list[ApproverRef] = Field(default_factory=list, max_length=50)
    reminder_every_hours: float | None = Field(default=24, gt=0, le=24 * 30)
    group: int | None = Field(
        default=None, ge=0, le=100, description="Steps sharing a group run in parallel"
    )

    @model_validator(mode="after")
    def _consistent(self) -> StepSpec:
        if self.mode == "quorum" and self.quorum is None:
            raise ValueError("mode 'quorum' needs quorum")
        if self.mode != "quorum" and self.quorum is not None:
            raise ValueError("quorum is only for mode 'quorum'")
        if self.on_timeout == "escalate" and not self.escalate_to:
            raise ValueError("on_timeout 'escalate' needs escalate_to")
        return self


class ApprovalChainInput(BaseModel):
    organization_id: str
    request_id: str
    subject_type: SubjectType
    subject_id: str
    policy_id: str
    policy_version: int
    steps: list[StepSpec]


class DecideInput(BaseModel):
    """A decision. The approver's comment travels by reference (``comment_ref``); ``comment``
    holds it inline only in messages sent before (still accepted from a running chain's
    history or an older client)."""

    member_id: str
    decision: Decision
    comment: str = ""
    comment_ref: str | None = Field(
        default=None,
        description=_BY_REFERENCE.format("comment"),
    )
    channel: Channel = "api"
    step_index: int | None = Field(
        default=None,
        description="The step a button or link was issued for: a decision about a step that "
        "is over is refused as such, whatever step is open now",
    )


class DelegateInput(BaseModel):
    member_id: str = Field(description="The approver handing over")
    to_member_id: str
    comment: str = ""
    comment_ref: str | None = Field(
        default=None,
        description=_BY_REFERENCE.format("comment"),
    )


class StepState(BaseModel):
    index: int
    name: str
    group: int
    mode: str
    required: int
    status: Literal["waiting", "open", "approved", "rejected"] = "waiting"
    approvers: list[str] = Field(default_factory=list)
    decisions: dict[str, Decision] = Field(default_factory=dict)
    delegated: dict[str, str] = Field(default_factory=dict, description="from → to")
    escalated: bool = False
    reminders_sent: int = 0
    deadline: str | None = None


class ChainStatus(BaseModel):
    request_id: str
    status: Literal["pending", "approved", "rejected", "cancelled"] = "pending"
    reason: str = ""
    reason_ref: str | None = Field(
        default=None,
        description="The free text that completes ``reason`` (a rejecting comment, a cancel "
        "reason), read from PostgreSQL by whoever shows it",
    )
    steps: list[StepState] = Field(default_factory=list)


class DecideResult(BaseModel):
    request_status: str
    step_index: int
    step_status: str
    already_decided: bool = False


class CancelInput(BaseModel):
    """Why the subject went away: ``reason`` is the system's words ("booking cancelled"),
    ``reason_ref`` what a person typed; older messages carry it all in ``reason``."""

    reason: str = ""
    reason_ref: str | None = Field(
        default=None,
        description=_BY_REFERENCE.format("reason"),
    )
