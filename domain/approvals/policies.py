"""Approval policies: versioned rules that say which subjects need approval and by whom.

Every change makes a new version with an immutable snapshot; a running chain keeps the version
it started with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.approvals.chain_types import StepSpec
from domain.approvals.models import ApprovalPolicy, ApprovalPolicyVersion
from domain.audit import service as audit
from domain.money import check_currency, to_minor
from domain.pagination import Page, paginate
from domain.tenancy.models import Member
from domain.tenancy.permissions import BuiltinRole

POLICY_UNIQUE = {
    "uq_approval_policies_organization_id_name": ("a policy with this name exists", "name")
}


class PolicyConditions(BaseModel):
    """All given conditions must hold (AND); an empty set matches every subject."""

    model_config = ConfigDict(extra="forbid")

    min_amount: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    creator_tags: list[str] = Field(
        default_factory=list, max_length=20, description="Matches when the creator has any of them"
    )
    artist_tags: list[str] = Field(default_factory=list, max_length=20)
    first_booking_of_client: bool = False
    exceeds_budget: bool = Field(
        default=False,
        description="Matches when the booking takes a budget of its artist or project past "
        "its amount (committed and actual spend, converted to the reporting currency)",
    )

    @model_validator(mode="after")
    def _money(self) -> PolicyConditions:
        if (self.min_amount is None) != (self.currency is None):
            raise ValueError("min_amount and currency go together")
        if self.currency is not None:
            check_currency(self.currency)
            if self.min_amount is not None:
                to_minor(self.min_amount, self.currency)
        return self


class PolicyInput(BaseModel):
    """A policy as written: the subjects it governs, when, and the steps of its chain."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    subject_type: Literal["booking", "bulk_booking", "contract", "budget_change"]
    conditions: PolicyConditions = Field(default_factory=PolicyConditions)
    steps: list[StepSpec] = Field(min_length=1, max_length=20)
    priority: int = Field(
        default=100, ge=0, le=10000, description="Lower wins when several policies match"
    )
    active: bool = True

    @field_validator("steps")
    @classmethod
    def _roles_known(cls, steps: list[StepSpec]) -> list[StepSpec]:
        builtin = set(BuiltinRole.__members__.values())
        for index, step in enumerate(steps):
            for ref in [*step.approvers, *step.escalate_to]:
                if (
                    ref.role is not None
                    and ref.role not in builtin
                    and not ref.role.startswith("rol_")
                ):
                    raise ValueError(f"step {index}: unknown role '{ref.role}'")
        return steps


def _columns(data: PolicyInput) -> dict[str, Any]:
    return {
        "name": data.name,
        "subject_type": data.subject_type,
        "conditions": data.conditions.model_dump(mode="json"),
        "steps": [s.model_dump(mode="json") for s in data.steps],
        "priority": data.priority,
        "active": data.active,
    }


async def _check_members(session: AsyncSession, data: PolicyInput) -> None:
    """Every named approver must be a member of this organization (404 otherwise)."""
    for index, step in enumerate(data.steps):
        for ref in [*step.approvers, *step.escalate_to]:
            if ref.member_id is not None:
                await records.get_or_404(
                    session, Member, ref.member_id, label="member", param=f"steps.{index}.approvers"
                )


async def _snapshot_version(session: AsyncSession, policy: ApprovalPolicy) -> None:
    session.add(
        ApprovalPolicyVersion(
            organization_id=policy.organization_id,
            policy_id=policy.id,
            version=policy.version,
            snapshot={
                k: getattr(policy, k)
                for k in ("name", "subject_type", "conditions", "steps", "priority", "active")
            },
        )
    )
    await session.flush()


async def create_policy(
    session: AsyncSession, *, organization_id: str, data: PolicyInput, actor: audit.Actor
) -> ApprovalPolicy:
    """A new policy at version 1 (its snapshot kept); approvers must be members here."""
    await _check_members(session, data)
    policy = ApprovalPolicy(
        id=new_id("apol"), organization_id=organization_id, version=1, **_columns(data)
    )
    await records.create(
        session, policy, actor=actor, kind="approval_policy", unique_messages=POLICY_UNIQUE
    )
    await _snapshot_version(session, policy)
    return policy


async def update_policy(
    session: AsyncSession, policy: ApprovalPolicy, changes: dict[str, Any], *, actor: audit.Actor
) -> ApprovalPolicy:
    """A new version; chains already running keep the version they started with."""
    current = {k: getattr(policy, k) for k in PolicyInput.model_fields}
    data = PolicyInput.model_validate({**current, **changes})
    await _check_members(session, data)
    await records.update(
        session,
        policy,
        {**_columns(data), "version": policy.version + 1},
        actor=actor,
        kind="approval_policy",
        unique_messages=POLICY_UNIQUE,
    )
    await _snapshot_version(session, policy)
    return policy


async def list_policies(
    session: AsyncSession, *, organization_id: str, limit: int, starting_after: str | None
) -> Page[ApprovalPolicy]:
    """One page of the organization's policies, by id."""
    stmt = select(ApprovalPolicy).where(ApprovalPolicy.organization_id == organization_id)
    return await paginate(
        session, stmt, ApprovalPolicy.id, limit=limit, starting_after=starting_after
    )
