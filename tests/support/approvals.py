"""Helpers for tests that drive approvals through the API: members with their own keys,
creators that work around the clock, policies, bookings (some that need approval), requests
opened straight in the domain, and the handle of a request's chain."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from core.ids import new_id
from domain.approvals import matching
from domain.approvals import requests as approval_requests
from domain.approvals.chain_types import ApprovalChainInput
from domain.approvals.models import ApprovalPolicy
from domain.audit.service import Actor
from workflows.approval import ApprovalChainWorkflow

WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


async def member_key(api, org, email: str, role: str) -> tuple[str, dict[str, str]]:
    """A member with `role` and an API key of their own (approvers act by key), obtained as a
    member obtains one: invited by the owner, claimed with the invite's token."""
    r = await api.post(
        "/v1/members",
        headers=org.headers,
        json={"email": email, "name": email.split("@")[0], "role": role},
    )
    assert r.status_code == 201, r.text
    member_id = r.json()["id"]
    r = await api.post(
        f"/v1/members/{member_id}/api-key-invites",
        headers=org.headers,
        json={"name": f"{email} key"},
    )
    assert r.status_code == 201, r.text
    r = await api.post("/v1/api-key-invites/claim", json={"token": r.json()["token"]})
    assert r.status_code == 201, r.text
    return member_id, {"Authorization": f"Bearer {r.json()['secret']}"}


async def create_creator(api, org, rate: str = "100") -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": "Pat Producer",
            "timezone": "UTC",
            "currency": "USD",
            "hourly_rate": rate,
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def create_policy(api, org, steps, conditions=None) -> str:
    r = await api.post(
        "/v1/approval-policies",
        headers=org.headers,
        json={
            "name": f"policy-{uuid.uuid4().hex[:6]}",
            "subject_type": "booking",
            "conditions": conditions or {},
            "steps": steps,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def book(api, org, creator_id: str, hours: int, day: int = 30, **fields: Any) -> dict:
    """A confirmed booking of ``hours``, ``day`` days ahead on the hour, with ``fields`` on top
    (a field set to None is left out: ``status=None`` books as the API does by default)."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=day)
    body = {
        "creator_id": creator_id,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=hours)).isoformat(),
        "status": "confirmed",
        **fields,
    }
    r = await api.post(
        "/v1/bookings",
        headers=org.headers,
        json={k: v for k, v in body.items() if v is not None},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def new_booking(
    api, org, title: str = "Vocal tracking", client_id: str | None = None
) -> dict[str, Any]:
    """A 2-hour booking of a new creator (100 USD an hour), 20 days ahead, in the status the API
    gives a booking by default."""
    creator = await create_creator(api, org)
    return await book(
        api,
        org,
        creator,
        hours=2,
        day=20,
        status=None,
        client_id=client_id,
        title=title,
        allow_outside_working_hours=True,
    )


async def pending_booking(api, org, steps=None) -> tuple[dict[str, Any], str]:
    """A booking that needs approval (manager role approves by default) and its request id."""
    creator = await create_creator(api, org)
    await create_policy(
        api, org, steps=steps or [{"name": "manager", "approvers": [{"role": "manager"}]}]
    )
    booking = await book(api, org, creator, hours=2)
    assert booking["status"] == "pending_approval"
    return booking, booking["approval_request_id"]


async def open_budget_change(
    session, organization_id: str, policy: ApprovalPolicy
) -> ApprovalChainInput:
    """A request for a Q3 budget change (no amount) under ``policy``, its chain not started."""
    return await approval_requests.open_request(
        session,
        organization_id=organization_id,
        policy=policy,
        subject=matching.Subject(
            type="budget_change",
            id=new_id("bud"),
            amount_minor=None,
            currency=None,
            summary="Q3 budget",
        ),
        actor=Actor.system("test"),
    )


def handle(env: WorkflowEnvironment, org_id: str, request_id: str):
    """The handle of the approval chain of ``request_id``."""
    return env.client.get_workflow_handle_for(
        ApprovalChainWorkflow.run, f"{org_id}:approval:{request_id}"
    )


async def wait_open(
    api, headers, request_id: str, step: int = 0, timeout: float = 60
) -> list[dict[str, Any]]:
    """Until step ``step`` of the request has a pending assignment: the request exists as soon
    as it is opened, but its chain writes the assignments only once it has resolved the
    approvers, and a decision before that is refused. Returns the step's assignments."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        r = await api.get(f"/v1/approvals/{request_id}", headers=headers)
        assert r.status_code == 200, r.text
        last = r.json()
        assignments: list[dict[str, Any]] = last["steps"][step]["assignments"]
        if any(a["status"] == "pending" for a in assignments):
            return assignments
        await asyncio.sleep(0.1)
    raise AssertionError(f"step {step} of {request_id} did not open within {timeout}s: {last}")


async def decide(api, headers, request_id, decision="approve", comment=""):
    return await api.post(
        f"/v1/approvals/{request_id}/decisions",
        headers=headers,
        json={"decision": decision, "comment": comment},
    )


def email_channel_settings(settings: Any, smtp_port: int, queue: str) -> Any:
    """``settings`` for an e-mail approval channel: mail to the test's SMTP sink, links on
    ``http://testserver`` (the in-process app), the worker on ``queue``."""
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "public_base_url": "http://testserver",
            "temporal_task_queue": queue,
        }
    )
