"""Saving approval policies: every approver a step names exists here, and every step has
someone eligible to decide it, so no request can be approved because nobody could answer."""

from __future__ import annotations

import pytest

from tests.support.approvals import WEEK, book, create_policy

BASE = {"name": "Big sessions", "subject_type": "booking"}


async def _member(api, org, email: str, role: str) -> str:
    r = await api.post(
        "/v1/members", headers=org.headers, json={"email": email, "name": "M", "role": role}
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _policies(api, org) -> list[dict]:
    return (await api.get("/v1/approval-policies", headers=org.headers)).json()["data"]


def _step(*approvers: dict, **extra) -> dict:
    return {"name": "Manager", "approvers": list(approvers), **extra}


async def test_approvers_must_exist_in_this_organization(api, org_a, org_b):
    manager = await _member(api, org_a, "mara@northstar.example", "manager")
    role_b = await api.post(
        "/v1/roles", headers=org_b.headers, json={"name": "b-only", "permissions": []}
    )
    other_member = (await api.get("/v1/members", headers=org_b.headers)).json()["data"][0]["id"]
    cases = [
        ({"role": role_b.json()["id"]}, "steps.0.approvers.1.role", "unknown_role"),
        ({"role": "rol_01jz0000000000000000000000"}, "steps.0.approvers.1.role", "unknown_role"),
        ({"role": "wizard"}, "steps.0.approvers.1.role", "unknown_role"),
        ({"member_id": other_member}, "steps.0.approvers.1.member_id", "unknown_member"),
    ]
    for ref, param, code in cases:
        body = {**BASE, "steps": [_step({"member_id": manager}, ref)]}
        r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
        assert r.status_code == 422, (ref, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert (r.json()["code"], r.json()["param"]) == (code, param), r.json()
    # escalation targets too
    body = {
        **BASE,
        "steps": [
            _step({"role": "manager"}, on_timeout="escalate", escalate_to=[{"role": "wizard"}])
        ],
    }
    r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
    assert (r.status_code, r.json()["param"]) == (422, "steps.0.escalate_to.0.role"), r.text
    assert await _policies(api, org_a) == []


@pytest.mark.parametrize("on_timeout", ["approve", "reject"])
async def test_a_step_nobody_can_decide_is_refused(api, org_a, on_timeout):
    """No active member holds the role or is the member named: the step could only ever end by
    its timeout (with ``on_timeout: approve``, approving what nobody saw)."""
    idle = await _member(api, org_a, "idle@northstar.example", "viewer")
    r = await api.patch(f"/v1/members/{idle}", headers=org_a.headers, json={"status": "disabled"})
    assert r.status_code == 200, r.text
    for approvers in ([{"role": "manager"}], [{"member_id": idle}], [{"role": "viewer"}]):
        body = {
            **BASE,
            "steps": [
                _step({"role": "owner"}),
                {"name": "Finance", "approvers": approvers, "on_timeout": on_timeout},
            ],
        }
        r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
        assert r.status_code == 422, (approvers, r.text)
        assert (r.json()["code"], r.json()["param"]) == (
            "no_eligible_approver",
            "steps.1.approvers",
        ), r.json()
    assert await _policies(api, org_a) == []

    # Once someone may decide, the same policy saves; a change that strands a step does not.
    await _member(api, org_a, "mara@northstar.example", "manager")
    body = {**BASE, "steps": [_step({"role": "manager"}, on_timeout=on_timeout)]}
    r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
    assert r.status_code == 201, r.text
    r = await api.patch(
        f"/v1/approval-policies/{r.json()['id']}",
        headers=org_a.headers,
        json={"steps": [_step({"role": "coordinator"})]},
    )
    assert (r.status_code, r.json()["code"]) == (422, "no_eligible_approver"), r.text
    [saved] = await _policies(api, org_a)
    assert saved["version"] == 1


async def test_a_quorum_larger_than_its_eligible_approvers_is_refused(api, org_a):
    await _member(api, org_a, "mara@northstar.example", "manager")
    body = {**BASE, "steps": [_step({"role": "manager"}, mode="quorum", quorum=2)]}
    r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
    assert (r.status_code, r.json()["code"], r.json()["param"]) == (
        422,
        "no_eligible_approver",
        "steps.0.quorum",
    ), r.text
    await _member(api, org_a, "vic@northstar.example", "manager")
    r = await api.post("/v1/approval-policies", headers=org_a.headers, json=body)
    assert r.status_code == 201, r.text


async def _creator_in(api, org, currency: str, rate: str) -> str:
    r = await api.post(
        "/v1/creators",
        headers=org.headers,
        json={
            "name": f"Creator {currency}",
            "timezone": "UTC",
            "currency": currency,
            "hourly_rate": rate,
            "working_hours": WEEK,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_an_amount_threshold_converts_with_the_organizations_exchange_rates(api, org_a):
    """A 1,000 USD threshold: 45 EUR is far below it, 1,000 EUR (1,100 USD) above it, with the
    organization's EUR→USD rate; a currency without a rate still asks (the safe mistake)."""
    await _member(api, org_a, "mara@northstar.example", "manager")
    await create_policy(
        api,
        org_a,
        steps=[{"name": "manager", "approvers": [{"role": "manager"}]}],
        conditions={"min_amount": "1000", "currency": "USD"},
    )
    r = await api.put(
        "/v1/exchange-rates",
        json={"rates": [{"date": "2020-01-01", "base": "USD", "quote": "EUR", "rate": "0.9"},
                        {"date": "2024-01-01", "base": "EUR", "quote": "USD", "rate": "1.1"}]},
        headers=org_a.headers,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    euros = await _creator_in(api, org_a, "EUR", "45")
    small = await book(api, org_a, euros, hours=1, day=30)
    assert small["status"] == "confirmed" and small["approval_request_id"] is None
    large = await book(api, org_a, euros, hours=1, day=31, price="1000", currency="EUR")
    assert large["status"] == "pending_approval", large
    pounds = await _creator_in(api, org_a, "GBP", "10")
    unknown = await book(api, org_a, pounds, hours=1, day=32)
    assert unknown["status"] == "pending_approval", unknown
