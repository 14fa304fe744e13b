"""Request and response models of ``api/routes/approval_policies.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas import RequestBody
from domain.approvals import policies as service
from domain.approvals.chain_types import StepSpec
from domain.approvals.models import ApprovalPolicy


class PolicyOut(BaseModel):
    object: Literal["approval_policy"] = "approval_policy"
    id: str
    name: str
    subject_type: str
    conditions: dict[str, Any]
    steps: list[dict[str, Any]]
    priority: int
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


def policy_out(policy: ApprovalPolicy) -> PolicyOut:
    return PolicyOut(
        id=policy.id,
        name=policy.name,
        subject_type=policy.subject_type,
        conditions=policy.conditions,
        steps=policy.steps,
        priority=policy.priority,
        active=policy.active,
        version=policy.version,
        created_at=policy.created_at,
        updated_at=policy.updated_at,
    )


class PolicyCreate(service.PolicyInput, RequestBody):
    pass


class PolicyUpdate(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    conditions: service.PolicyConditions | None = None
    steps: list[StepSpec] | None = Field(default=None, min_length=1, max_length=20)
    priority: int | None = Field(default=None, ge=0, le=10000)
    active: bool | None = None
