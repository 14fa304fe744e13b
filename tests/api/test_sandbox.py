"""The sandbox: reset (optionally seeded with the demo label), its isolation from the live twin
and other organizations, its running workflows stopped, and its e-mail captured, not sent."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import ActivityEnvironment

from activities.lifecycle import LifecycleActivities
from activities.webhooks import WebhookActivities
from core.crypto import SecretBox
from core.db import tenant_session
from core.ids import new_id
from domain.approvals.chain_types import ApprovalChainInput, ApproverRef, StepSpec
from domain.dashboard.admin import register_domain
from domain.errors import Conflict
from domain.notices import mail
from domain.notices.templates import RenderedMail
from integrations.smtp import SmtpMailer
from tests.support.claims import set_up_sso
from tests.support.harness import until
from workflows.clients.approval import start_approval_chain
from workflows.clients.lifecycle import ensure_report_schedule, report_schedule_id
from workflows.clients.reconcile import ensure_reconcile_schedule, reconcile_schedule_id
from workflows.clients.sandbox import running_of
from workflows.lifecycle_types import DispatchInput
from workflows.webhook_types import AlertInput

ARTIST = {"name": "Test Artist"}


async def _test_key(api: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, str]:
    created = await api.post(
        "/v1/api-keys", json={"name": "sandbox", "mode": "test"}, headers=headers
    )
    assert created.status_code == 201, created.text
    return {"Authorization": f"Bearer {created.json()['secret']}"}


async def _sandbox_id(api: httpx.AsyncClient, test_headers: dict[str, str]) -> str:
    org = await api.get("/v1/organization", headers=test_headers)
    assert org.json()["sandbox"] is True
    return str(org.json()["id"])


async def _artist_names(api: httpx.AsyncClient, headers: dict[str, str]) -> set[str]:
    listed = await api.get("/v1/artists", params={"limit": 100}, headers=headers)
    assert listed.status_code == 200, listed.text
    return {a["name"] for a in listed.json()["data"]}


@pytest.fixture
async def temporal_api(app_factory, dev_server_env):
    return await app_factory(temporal_client=dev_server_env.client)


async def test_a_live_key_is_refused_with_sandbox_only(temporal_api, org_a):
    reset = await temporal_api.post("/v1/sandbox/reset", headers=org_a.headers)
    emails = await temporal_api.get("/v1/sandbox/emails", headers=org_a.headers)
    for response in (reset, emails):
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "sandbox_only"


async def test_reset_empties_the_sandbox_only(temporal_api, org_a, org_b, owner_conninfo):
    api = temporal_api
    test_a, test_b = await _test_key(api, org_a.headers), await _test_key(api, org_b.headers)
    for headers, name in (
        (org_a.headers, "Live A"),
        (test_a, "Sandbox A"),
        (org_b.headers, "Live B"),
        (test_b, "Sandbox B"),
    ):
        created = await api.post("/v1/artists", json={"name": name}, headers=headers)
        assert created.status_code == 201, created.text

    reset = await api.post("/v1/sandbox/reset", headers=test_a)

    assert reset.status_code == 200, reset.text
    assert reset.json()["deleted"]["artists"] == 1
    assert await _artist_names(api, test_a) == set()
    assert await _artist_names(api, org_a.headers) == {"Live A"}
    assert await _artist_names(api, test_b) == {"Sandbox B"}
    assert await _artist_names(api, org_b.headers) == {"Live B"}
    # The key that reset it still works, and the reset is on the sandbox's audit log.
    assert (await api.get("/v1/artists", headers=test_a)).status_code == 200
    sandbox_a = await _sandbox_id(api, test_a)
    with psycopg.connect(owner_conninfo) as conn:
        audited = conn.execute(
            "SELECT organization_id FROM audit_events WHERE action = 'sandbox.reset'"
        ).fetchall()
    assert audited == [(sandbox_a,)]


async def test_reset_terminates_the_sandboxs_workflows_only(temporal_api, dev_server_env, org_a):
    api = temporal_api
    test_a = await _test_key(api, org_a.headers)
    sandbox = await _sandbox_id(api, test_a)
    client = dev_server_env.client
    # No worker polls this queue: the chains stay running until someone stops them.
    queue = f"nobody-{uuid.uuid4().hex[:8]}"
    handles = {}
    for org in (sandbox, org_a.id):
        chain = ApprovalChainInput(
            organization_id=org,
            request_id=f"apr_{uuid.uuid4().hex[:26]}",
            subject_type="booking",
            subject_id="bkg_x",
            policy_id="apol_x",
            policy_version=1,
            steps=[StepSpec(name="sign-off", approvers=[ApproverRef(role="owner")])],
        )
        await start_approval_chain(client, chain, task_queue=queue)
        handles[org] = client.get_workflow_handle(f"{org}:approval:{chain.request_id}")
    # Visibility of a new workflow is eventually consistent: the reset finds what its own
    # query lists.
    query = running_of(sandbox)

    async def listed() -> bool:
        return bool([w async for w in client.list_workflows(query)])

    await until(f"the sandbox's chain listed by {query}", listed)

    reset = await api.post("/v1/sandbox/reset", headers=test_a)

    assert reset.status_code == 200, reset.text
    assert reset.json()["workflows_terminated"] == 1
    sandbox_status = (await handles[sandbox].describe()).status
    live_status = (await handles[org_a.id].describe()).status
    assert sandbox_status == WorkflowExecutionStatus.TERMINATED
    assert live_status == WorkflowExecutionStatus.RUNNING
    await handles[org_a.id].terminate(reason="test over")


async def test_reset_keeps_the_schedules_of_what_it_keeps(temporal_api, dev_server_env, org_a):
    """A reset keeps the sandbox's integration connections and communication settings, so the
    Schedules serving them (a connection's reconciliation, the weekly report) keep running."""
    api = temporal_api
    test_a = await _test_key(api, org_a.headers)
    sandbox = await _sandbox_id(api, test_a)
    client = dev_server_env.client
    queue = f"nobody-{uuid.uuid4().hex[:8]}"
    await ensure_reconcile_schedule(client, sandbox, "hubspot", every_hours=6, task_queue=queue)
    await ensure_report_schedule(
        client, sandbox, cron="0 9 * * MON", timezone="UTC", enabled=True, task_queue=queue
    )

    reset = await api.post("/v1/sandbox/reset", headers=test_a)

    assert reset.status_code == 200, reset.text
    for schedule_id in (reconcile_schedule_id(sandbox, "hubspot"), report_schedule_id(sandbox)):
        handle = client.get_schedule_handle(schedule_id)
        described = await handle.describe()
        assert not described.schedule.state.paused
        await handle.delete()


async def test_concurrent_resets_answer_200_or_409_never_500(temporal_api, org_a):
    api = temporal_api
    test_a = await _test_key(api, org_a.headers)
    await api.post("/v1/artists", json=ARTIST, headers=test_a)

    answers = await asyncio.gather(
        *(api.post("/v1/sandbox/reset", json={"seed": "demo"}, headers=test_a) for _ in range(4))
    )

    codes = sorted(r.status_code for r in answers)
    assert set(codes) <= {200, 409}, [r.text for r in answers]
    assert 200 in codes
    for refused in (r for r in answers if r.status_code == 409):
        assert refused.json()["code"] in ("sandbox_reset_in_progress", "concurrent_change")
    # Whatever the interleaving, the sandbox holds one demo label, not several.
    names = await _artist_names(api, test_a)
    assert "Nova Reyes" in names and "Test Artist" not in names
    assert len(names) == 10


async def test_reset_with_the_demo_seed_fills_the_sandbox(temporal_api, org_a):
    api = temporal_api
    test_a = await _test_key(api, org_a.headers)

    seeded = await api.post("/v1/sandbox/reset", json={"seed": "demo"}, headers=test_a)

    assert seeded.status_code == 200, seeded.text
    counts = seeded.json()["seeded"]
    assert counts["artists"] == 10 and counts["creators"] == 12
    assert counts["bookings"] > 500 and counts["pending_approvals"] == 4
    approvals = await api.get(
        "/v1/approvals", params={"status": "pending", "limit": 100}, headers=test_a
    )
    assert len(approvals.json()["data"]) == 4
    overview = await api.get("/v1/analytics/roster", headers=test_a)
    assert overview.status_code == 200, overview.text
    # Seeding again on top is a reset first: the same label, not two.
    again = await api.post("/v1/sandbox/reset", json={"seed": "demo"}, headers=test_a)
    assert again.status_code == 200, again.text
    assert len(await _artist_names(api, test_a)) == 10
    # The live organization saw none of it.
    assert await _artist_names(api, org_a.headers) == set()


async def test_an_unknown_seed_is_a_422(temporal_api, org_a):
    test_a = await _test_key(temporal_api, org_a.headers)
    refused = await temporal_api.post(
        "/v1/sandbox/reset", json={"seed": "everything"}, headers=test_a
    )
    assert refused.status_code == 422
    assert "seed" in refused.text


async def test_sandbox_mail_is_captured_and_live_mail_still_sent(
    temporal_api, sessionmaker, org_a, smtp_sink
):
    api = temporal_api
    sink, port = smtp_sink
    test_a = await _test_key(api, org_a.headers)
    sandbox = await _sandbox_id(api, test_a)
    now = datetime.now(UTC)
    for org, to in ((sandbox, "sandbox-guest@example.com"), (org_a.id, "live-guest@example.com")):
        async with tenant_session(sessionmaker, [org]) as session:
            await mail.enqueue(
                session,
                organization_id=org,
                ledger_key=f"test:{org}",
                kind="weekly_report",
                to=to,
                mail=RenderedMail(
                    subject=f"Weekly report for {to}",
                    html="<p>Hello</p>",
                    text="Hello",
                    reply_to=None,
                ),
                subject_id=org,
                due_at=now,
                now=now,
                not_after=now + timedelta(hours=1),
            )
    activities = LifecycleActivities(
        sessionmaker, SmtpMailer("127.0.0.1", port, sender="noreply@auditoryx.example")
    )
    env = ActivityEnvironment()

    for org in (sandbox, org_a.id):
        result = await env.run(activities.deliver, DispatchInput(organization_id=org, now=now))
        assert result.sent == 1

    assert [m["To"] for m in sink.messages] == ["live-guest@example.com"]
    captured = await api.get("/v1/sandbox/emails", headers=test_a)
    assert captured.status_code == 200, captured.text
    [email] = captured.json()["data"]
    assert email["recipients"] == ["sandbox-guest@example.com"]
    assert email["subject"] == "Weekly report for sandbox-guest@example.com"
    assert email["template"] == "weekly_report"
    assert email["html"] == "<p>Hello</p>" and email["text"] == "Hello"
    assert captured.json()["has_more"] is False
    filtered = await api.get(
        "/v1/sandbox/emails", params={"template": "booking_reminder"}, headers=test_a
    )
    assert filtered.json()["data"] == []


async def test_the_endpoint_disabled_alert_of_a_sandbox_is_captured(
    temporal_api, sessionmaker, settings, org_a, owner_conninfo, smtp_sink
):
    api = temporal_api
    sink, port = smtp_sink
    test_a = await _test_key(api, org_a.headers)
    sandbox = await _sandbox_id(api, test_a)
    created = await api.post(
        "/v1/webhook-endpoints",
        json={"url": "https://93.184.216.34/hooks", "event_types": ["client.created"]},
        headers=test_a,
    )
    assert created.status_code == 201, created.text
    endpoint_id = created.json()["id"]
    with psycopg.connect(owner_conninfo) as conn:
        # Five days of failures later: disabled, and the sandbox has an admin to tell.
        conn.execute(
            "UPDATE webhook_endpoints SET enabled = false, "
            "failing_since = now() - interval '5 days' WHERE id = %s",
            (endpoint_id,),
        )
        conn.execute(
            "INSERT INTO members (id, organization_id, email, name, role, status, created_at, "
            "updated_at) VALUES (%s, %s, 'ops@sandbox.example', 'Ops', 'admin', 'active', "
            "now(), now())",
            (new_id("mem"), sandbox),
        )
    activities = WebhookActivities(
        sessionmaker,
        settings,
        SecretBox.from_settings(settings),
        mailer=SmtpMailer("127.0.0.1", port, sender="noreply@auditoryx.example"),
    )

    told = await ActivityEnvironment().run(
        activities.alert_endpoint_disabled,
        AlertInput(organization_id=sandbox, endpoint_id=endpoint_id),
    )

    assert told == 1
    assert sink.messages == []
    captured = await api.get(
        "/v1/sandbox/emails", params={"recipient": "ops@sandbox.example"}, headers=test_a
    )
    [alert] = captured.json()["data"]
    assert alert["template"] == "webhook_endpoint_disabled"
    assert "https://93.184.216.34/hooks" in alert["text"]


def _claims(owner_conninfo: str) -> dict[tuple[str, str], str]:
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("SELECT set_config('app.owner_maintenance', 'on', false)")
        rows = conn.execute("SELECT kind, value, organization_id FROM organization_claims")
        return {(k, v): o for k, v, o in rows.fetchall()}


async def test_reset_frees_the_sandboxs_sso_names_and_keeps_its_domains_claimed(
    temporal_api, org_a, org_b, sessionmaker, settings, owner_conninfo
):
    api = temporal_api
    test_a = await _test_key(api, org_a.headers)
    sandbox = await _sandbox_id(api, test_a)
    await set_up_sso(sessionmaker, settings, sandbox, "northstar-test", ["test.northstar.example"])
    await register_domain(sessionmaker, sandbox, "sandbox.northstar.example")

    reset = await api.post("/v1/sandbox/reset", headers=test_a)
    assert reset.status_code == 200, reset.text
    assert reset.json()["deleted"]["sso_configurations"] == 1
    # The SSO settings went, and their names with them; the custom domain stays the sandbox's.
    assert _claims(owner_conninfo) == {("custom_domain", "sandbox.northstar.example"): sandbox}
    await set_up_sso(sessionmaker, settings, org_b.id, "northstar-test", ["test.northstar.example"])
    with pytest.raises(Conflict):
        await register_domain(sessionmaker, org_b.id, "sandbox.northstar.example")
