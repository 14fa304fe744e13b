"""Helpers for tests that drive approvals through the API: members with their own keys,
creators that work around the clock, policies, bookings that need approval."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy.access import create_api_key
from domain.tenancy.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole

WEEK = {d: [["00:00", "24:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


async def member_key(api, org, email: str, role: str) -> tuple[str, dict[str, str]]:
    """A member with `role` and an API key issued by that member (approvers act by key)."""
    r = await api.post(
        "/v1/members",
        headers=org.headers,
        json={"email": email, "name": email.split("@")[0], "role": role},
    )
    assert r.status_code == 201, r.text
    member_id = r.json()["id"]
    async with tenant_session(api._transport.app.state.sessionmaker, [org.id]) as session:
        perms = BUILTIN_ROLE_PERMISSIONS[BuiltinRole(role)]
        _key, raw = await create_api_key(
            session,
            organization_id=org.id,
            name=f"{email} key",
            mode="live",
            permissions=sorted(perms),
            granted_by=perms,
            created_by=member_id,
            expires_at=None,
            actor=Actor.system("test"),
        )
    return member_id, {"Authorization": f"Bearer {raw}"}


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


async def book(api, org, creator_id: str, hours: int, day: int = 30) -> dict:
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=day)
    r = await api.post(
        "/v1/bookings",
        headers=org.headers,
        json={
            "creator_id": creator_id,
            "start": start.isoformat(),
            "end": (start + timedelta(hours=hours)).isoformat(),
            "status": "confirmed",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


async def decide(api, headers, request_id, decision="approve", comment=""):
    return await api.post(
        f"/v1/approvals/{request_id}/decisions",
        headers=headers,
        json={"decision": decision, "comment": comment},
    )
