"""Approval policies: versioned rules that say which subjects need approval and by whom.

Every change makes a new version with an immutable snapshot; a running chain keeps the version
it started with.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ids import new_id
from domain import records
from domain.approvals.chain_types import ApproverRef, StepSpec
from domain.approvals.models import ApprovalPolicy, ApprovalPolicyVersion
from domain.audit import service as audit
from domain.errors import Conflict, InvalidRequest
from domain.money import check_currency, to_minor
from domain.pagination import Page, paginate
from domain.tenancy.models import Member, Role
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


def _columns(data: PolicyInput) -> dict[str, Any]:
    return {
        "name": data.name,
        "subject_type": data.subject_type,
        "conditions": data.conditions.model_dump(mode="json"),
        "steps": [s.model_dump(mode="json") for s in data.steps],
        "priority": data.priority,
        "active": data.active,
    }


async def _eligible(
    session: AsyncSession, organization_id: str, refs: list[ApproverRef], param: str
) -> set[str]:
    """The members eligible to decide for ``refs``: the active members holding each role, and
    each member named by id while active. A role or member this organization does not have is
    refused (422 ``unknown_role`` / ``unknown_member``, ``param`` naming the reference)."""
    eligible: set[str] = set()
    for index, ref in enumerate(refs):
        if ref.member_id is not None:
            member = await session.get(Member, ref.member_id)
            if member is None or member.organization_id != organization_id:
                raise InvalidRequest(
                    f"no member {ref.member_id} in this organization",
                    param=f"{param}.{index}.member_id",
                    code="unknown_member",
                )
            if member.status == "active":
                eligible.add(member.id)
            continue
        role = str(ref.role)
        if role not in BuiltinRole.__members__.values():
            custom = await session.get(Role, role)
            if custom is None or custom.organization_id != organization_id:
                raise InvalidRequest(
                    f"unknown role '{role}': use a built-in role "
                    f"({', '.join(r.value for r in BuiltinRole)}) or a custom role id of this "
                    "organization",
                    param=f"{param}.{index}.role",
                    code="unknown_role",
                )
        holders = await session.execute(
            select(Member.id).where(
                Member.organization_id == organization_id,
                Member.role == role,
                Member.status == "active",
            )
        )
        eligible.update(holders.scalars())
    return eligible


async def _check_approvers(session: AsyncSession, organization_id: str, data: PolicyInput) -> None:
    """Every approver a step names exists here, and every step can be decided by someone.

    A step nobody is eligible to decide could only end by its timeout, and with
    ``on_timeout: approve`` that approves what nobody saw; such a policy is refused (422
    ``no_eligible_approver``), as is a quorum larger than the step's eligible approvers and an
    escalation to nobody.
    """
    for index, step in enumerate(data.steps):
        at = f"steps.{index}"
        approvers = await _eligible(session, organization_id, step.approvers, f"{at}.approvers")
        escalation = await _eligible(
            session, organization_id, step.escalate_to, f"{at}.escalate_to"
        )
        if not approvers:
            raise InvalidRequest(
                f"step {index} (“{step.name}”) has no eligible approver: no active member "
                "holds its roles or is a member it names",
                param=f"{at}.approvers",
                code="no_eligible_approver",
            )
        if step.quorum is not None and step.quorum > len(approvers):
            raise InvalidRequest(
                f"step {index} (“{step.name}”) needs {step.quorum} approvals but only "
                f"{len(approvers)} active member(s) may decide it",
                param=f"{at}.quorum",
                code="no_eligible_approver",
            )
        if step.on_timeout == "escalate" and not escalation:
            raise InvalidRequest(
                f"step {index} (“{step.name}”) escalates to nobody: no active member holds "
                "its escalate_to roles or is a member it names",
                param=f"{at}.escalate_to",
                code="no_eligible_approver",
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
    """A new policy at version 1 (its snapshot kept); every step must have an eligible
    approver here."""
    await _check_approvers(session, organization_id, data)
    policy = ApprovalPolicy(
        id=new_id("apol"), organization_id=organization_id, version=1, **_columns(data)
    )
    await records.create(
        session, policy, actor=actor, kind="approval_policy", unique_messages=POLICY_UNIQUE
    )
    await _snapshot_version(session, policy)
    return policy


async def update_policy(
    session: AsyncSession,
    policy: ApprovalPolicy,
    changes: dict[str, Any],
    *,
    actor: audit.Actor,
    expected_version: int | None = None,
) -> ApprovalPolicy:
    """A new version; chains already running keep the version they started with.

    ``expected_version``: the version the editor started from; a policy changed since is a
    409 (``policy_changed``), so one admin's edit never silently replaces another's. Without
    it the last write wins.
    """
    if expected_version is not None:
        await session.refresh(policy, with_for_update=True)
        if policy.version != expected_version:
            raise Conflict(
                f"someone changed the policy since you opened it (now version "
                f"{policy.version}); reload it, then apply your change again",
                param="version",
                code="policy_changed",
            )
    current = {k: getattr(policy, k) for k in PolicyInput.model_fields}
    data = PolicyInput.model_validate({**current, **changes})
    await _check_approvers(session, policy.organization_id, data)
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
