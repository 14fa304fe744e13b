"""Communication settings that would make the weekly report misbehave are refused at save
time, with a 422 naming the field, and leave the stored settings as they were."""

from __future__ import annotations

import pytest

from core.db import tenant_session
from domain.audit.service import Actor
from domain.dashboard.branding import add_custom_domain


@pytest.mark.parametrize(
    ("cron", "why"),
    [
        ("99 99 99 99 99", "minute"),
        ("0 24 * * MON", "hour"),
        ("0 8 0 * *", "day of month"),
        ("0 8 * 13 *", "month"),
        ("0 8 * * 8", "day of week"),
        ("0 8 * * FUNDAY", "day of week"),
        ("0 8 5-1 * *", "day of month"),
        ("0 8 */0 * *", "day of month"),
        ("0 8 * * MON 2026", "five"),
    ],
)
async def test_an_impossible_report_cron_is_refused(api, org_a, cron, why):
    before = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    r = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": cron}
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["param"] == "report_cron" and why in problem["detail"], problem["detail"]
    after = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert after == before


@pytest.mark.parametrize(
    "cron", ["0 8 * * MON", "30 6 1,15 * *", "0 9 * JAN-MAR mon-fri", "5 7 */2 * 0"]
)
async def test_a_valid_report_cron_is_stored(api, org_a, cron):
    r = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": cron}
    )
    assert r.status_code == 200, r.text
    assert r.json()["report_cron"] == cron


# --- the weekly report is no relay for outside mail -------------------------------------------


async def _member(api, tenant, email: str) -> None:
    r = await api.post(
        "/v1/members", headers=tenant.headers, json={"email": email, "name": "M", "role": "viewer"}
    )
    assert r.status_code == 201, r.text


async def _verified_domain(sessionmaker, tenant, hostname: str, *, verified: bool = True) -> None:
    async with tenant_session(sessionmaker, [tenant.id]) as session:
        await add_custom_domain(
            session,
            organization_id=tenant.id,
            hostname=hostname,
            verified=verified,
            actor=Actor(type="system", id="test"),
        )


async def test_report_recipients_are_members_or_on_a_verified_domain(
    api, org_a, org_b, sessionmaker
):
    await _member(api, org_a, "ceo@northstar.example")
    await _member(api, org_b, "boss@bluewave.example")  # a member, but of another organization
    await _verified_domain(sessionmaker, org_a, "mail.northstar.example")
    await _verified_domain(sessionmaker, org_a, "pending.northstar.example", verified=False)
    before = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    for index, outsider in (
        (0, "victim@gmail.example"),
        (1, "boss@bluewave.example"),
        (1, "someone@pending.northstar.example"),
        (1, "someone@evil.mail.northstar.example"),
    ):
        recipients = [outsider] if index == 0 else ["CEO@northstar.example", outsider]
        r = await api.patch(
            "/v1/communication-settings",
            headers=org_a.headers,
            json={"report_recipients": recipients},
        )
        assert r.status_code == 422, f"{outsider}: {r.text}"
        problem = r.json()
        assert problem["code"] == "recipient_not_allowed", problem
        assert problem["param"] == f"report_recipients.{index}" and outsider in problem["detail"]
    assert (await api.get("/v1/communication-settings", headers=org_a.headers)).json() == before
    ok = await api.patch(
        "/v1/communication-settings",
        headers=org_a.headers,
        json={"report_recipients": ["ceo@northstar.example", "board@mail.northstar.example"]},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["report_recipients"] == [
        "ceo@northstar.example",
        "board@mail.northstar.example",
    ]


async def test_reply_to_is_a_member_or_on_a_verified_domain(api, org_a, sessionmaker):
    await _verified_domain(sessionmaker, org_a, "mail.northstar.example")
    for outsider in ("support@paypa1.example", "x@pending.northstar.example"):
        r = await api.patch(
            "/v1/communication-settings", headers=org_a.headers, json={"reply_to": outsider}
        )
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "reply_to_not_allowed" and r.json()["param"] == "reply_to"
    got = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert got["reply_to"] is None
    for allowed in ("owner@northstar.example", "help@mail.northstar.example"):
        r = await api.patch(
            "/v1/communication-settings", headers=org_a.headers, json={"reply_to": allowed}
        )
        assert r.status_code == 200, r.text
        assert r.json()["reply_to"] == allowed
    cleared = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"reply_to": None}
    )
    assert cleared.status_code == 200 and cleared.json()["reply_to"] is None


@pytest.mark.parametrize("cron", ["* * * * *", "*/5 8 * * *", "0 * * * *", "0 8,20 * * *"])
async def test_the_report_runs_at_most_once_a_day(api, org_a, cron):
    r = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": cron}
    )
    assert r.status_code == 422, r.text
    assert r.json()["param"] == "report_cron" and "once a day" in r.json()["detail"]
    daily = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": "15 7 * * *"}
    )
    assert daily.status_code == 200, daily.text


async def test_a_template_edit_is_audited_with_what_it_replaced(api, org_a):
    builtin = (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()
    phishing = builtin["html"].replace(
        "<p>Hello", '<p><a href="https://evil.example/login">Sign in</a></p><p>Hello'
    )
    assert phishing != builtin["html"]
    r = await api.put(
        "/v1/email-templates/reminder",
        headers=org_a.headers,
        json={"subject": builtin["subject"], "html": phishing, "text": builtin["text"]},
    )
    assert r.status_code == 200, r.text
    reset = await api.delete("/v1/email-templates/reminder", headers=org_a.headers)
    assert reset.status_code == 204
    events = (
        await api.get("/v1/audit-events?target_type=email_template", headers=org_a.headers)
    ).json()["data"]
    by_action = {e["action"]: e for e in events}
    # The record shows what the mail said and what it says now, part by part (a body is
    # stored without its surrounding whitespace); the subject was not touched, so is not there.
    updated = by_action["email_template.updated"]["changes"]
    assert updated["before"]["html"] == builtin["html"]
    assert updated["after"]["html"] == phishing.strip()
    assert "subject" not in updated["before"] and "subject" not in updated["after"]
    deleted = by_action["email_template.deleted"]["changes"]
    assert deleted["before"]["html"] == phishing.strip()
    assert deleted["after"]["html"] == builtin["html"]
