"""Deleting an organization end to end: an owner asks through the API,
``OrganizationDeletionWorkflow`` waits out its grace period and deletes everything of the
organization (its sub-organizations and sandboxes too) on a real worker, against the real
database and the real key store, while another organization keeps everything.

What a user would check: during the grace period the organization works and can cancel;
afterwards no tenant table holds a row of it, its API key answers 401, its persons' keys are
destroyed in the key store (so the sealed values of a backup taken before no longer open), its
payload keys are gone (its Temporal histories no longer open through the live codec), its
workflows and Schedules are stopped, and a record with ids and counts stays. Refusals: a
non-owner 403, a wrong name 422, a second request 409, another organization 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from temporalio.client import Client, Interceptor, OutboundInterceptor, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

from activities.organization_deletion import OrganizationDeletionActivities
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.db import tenant_session
from core.payload_codec import PayloadKeyUnavailable, decode_in_place
from core.workflow_ids import organization_deletion_workflow_id
from domain.approvals.chain_types import ApprovalChainInput, ApproverRef, StepSpec
from domain.audit.service import Actor
from domain.errors import NotFound
from domain.keys.models import OrganizationKey
from domain.keys.service import kek_of, open_key
from domain.tenancy import deletion
from domain.tenancy.members import add_member
from domain.usage.meter import API_REQUESTS, UsageMeter
from tests.support.harness import Tenant, deployment_for, issue_api_key, route_to
from tests.support.histories import keep
from tests.support.placements import rows_per_table
from tests.support.privacy import (
    dumped_bytes,
    dumped_rows,
    fresh_codec,
    person_keys_live,
    pg_dump,
    without_codec,
)
from worker import build_worker
from workflows.clients.approval import start_approval_chain
from workflows.clients.lifecycle import ensure_report_schedule, report_schedule_id
from workflows.organization_deletion import OrganizationDeletionWorkflow
from workflows.organization_deletion_types import (
    DeletionInput,
    DeletionResult,
    DeletionStep,
    FinishDeletion,
)

pytestmark = pytest.mark.asyncio

GRACE_SECONDS = 3
# The apps of these tests add the usage they count to ``usage_daily`` only when they stop (the
# setting's longest interval, no shorter than a test's time limit): the rows per table the
# tests compare do not change under them. A test that needs usage rows writes them itself.
NO_TIMED_FLUSH = 300.0


async def _count_usage(sessionmaker: Any, organization_ids: list[str]) -> None:
    """A request of each organization counted and added to ``usage_daily``, as a flush adds
    an app's counts."""
    meter = UsageMeter()
    for organization_id in organization_ids:
        meter.count(organization_id, API_REQUESTS)
    await meter.flush(sessionmaker)


@pytest.fixture
async def deleting(
    time_skipping_env: WorkflowEnvironment, engine, app_factory
) -> AsyncIterator[tuple[httpx.AsyncClient, WorkflowEnvironment, str]]:
    """The API and the whole worker on a fresh queue of the time-skipping server (the grace
    period is the default seven days, skipped)."""
    queue = f"deletion-{uuid.uuid4().hex[:8]}"
    api = await app_factory(
        temporal_client=time_skipping_env.client,
        temporal_task_queue=queue,
        usage_flush_seconds=NO_TIMED_FLUSH,
    )
    worker = build_worker(time_skipping_env.client, engine, task_queue=queue, identity="t")
    async with worker:
        yield api, time_skipping_env, queue


@pytest.fixture
async def deleting_for_real(
    dev_server_env: WorkflowEnvironment, engine, app_factory
) -> AsyncIterator[
    tuple[httpx.AsyncClient, WorkflowEnvironment, Callable[[], AbstractAsyncContextManager[None]]]
]:
    """The same on the dev server, which keeps Schedules and answers visibility queries (what
    stopping an organization needs; the time-skipping server has neither), with a grace period
    of three seconds; the worker runs in the block the test enters (``working()``)."""
    queue = f"deletion-{uuid.uuid4().hex[:8]}"
    api = await app_factory(
        temporal_client=dev_server_env.client,
        temporal_task_queue=queue,
        organization_deletion_grace_seconds=GRACE_SECONDS,
        usage_flush_seconds=NO_TIMED_FLUSH,
    )

    @contextlib.asynccontextmanager
    async def working() -> AsyncIterator[None]:
        worker = build_worker(
            dev_server_env.client,
            engine,
            task_queue=queue,
            identity="t",
            deployment_config=deployment_for(queue),
        )
        async with worker:
            await route_to(dev_server_env, worker)
            yield

    yield api, dev_server_env, working


async def _post(api: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> str:
    r = await api.post(path, json=body, headers=tenant.headers)
    assert r.status_code == 201, (path, r.text)
    return str(r.json()["id"])


async def _some_data(api: httpx.AsyncClient, tenant: Tenant, tag: str) -> dict[str, str]:
    """An artist, a client whose contact fields are sealed with the client's own key, and a
    creator."""
    return {
        "artist": await _post(api, tenant, "/v1/artists", {"name": f"Artist {tag}"}),
        "client": await _post(
            api,
            tenant,
            "/v1/clients",
            {"name": f"Client {tag}", "email": f"client.{tag}@example.com", "phone": "+1 555"},
        ),
        "creator": await _post(
            api,
            tenant,
            "/v1/creators",
            {"name": f"Creator {tag}", "timezone": "UTC", "currency": "EUR"},
        ),
    }


async def _idle_chain(client: Client, organization_id: str) -> str:
    """An approval chain of the organization on a queue nobody polls: it runs until stopped,
    its input sealed with the organization's key."""
    chain = ApprovalChainInput(
        organization_id=organization_id,
        request_id=f"apr_{uuid.uuid4().hex[:26]}",
        subject_type="booking",
        subject_id="bkg_x",
        policy_id="apol_x",
        policy_version=1,
        steps=[StepSpec(name="sign-off", approvers=[ApproverRef(role="owner")])],
    )
    await start_approval_chain(client, chain, task_queue=f"nobody-{uuid.uuid4().hex[:8]}")
    return f"{organization_id}:approval:{chain.request_id}"


async def test_an_owner_deletes_the_organization_after_the_grace_period_and_another_keeps_all(
    deleting_for_real, org_a, org_b, owner_conninfo, keystore, settings, sessionmaker
) -> None:
    api, env, working = deleting_for_real
    client = env.client
    tag = uuid.uuid4().hex[:6]
    await _some_data(api, org_a, f"a-{tag}")
    kept = await _some_data(api, org_b, f"b-{tag}")
    # A sub-organization with data of its own, and the sandbox twin (a test-mode key).
    sub = await _post(api, org_a, "/v1/organizations", {"name": f"Imprint {tag}"})
    sub_headers = {**org_a.headers, "AuditoryX-Organization": sub}
    r = await api.post("/v1/artists", json={"name": f"Sub artist {tag}"}, headers=sub_headers)
    assert r.status_code == 201, r.text
    r = await api.post(
        "/v1/api-keys", json={"name": "sandbox", "mode": "test"}, headers=org_a.headers
    )
    test_key = {"Authorization": f"Bearer {r.json()['secret']}"}
    r = await api.post("/v1/artists", json={"name": f"Sandbox artist {tag}"}, headers=test_key)
    assert r.status_code == 201, r.text
    sandbox = (await api.get("/v1/organization", headers=test_key)).json()["id"]
    tree = [org_a.id, sub, sandbox]
    # Usage of every organization: the deletion removes the tree's and keeps the other's.
    await _count_usage(sessionmaker, [*tree, org_b.id])
    assert rows_per_table(owner_conninfo, tree)["usage_daily"] == len(tree)
    # Running workflows and Schedules of both organizations.
    chain_a = await _idle_chain(client, org_a.id)
    chain_b = await _idle_chain(client, org_b.id)
    for org in (org_a.id, org_b.id):
        await ensure_report_schedule(
            client, org, cron="0 9 * * 1", timezone="UTC", enabled=True, task_queue="nobody"
        )
    assert sum(await person_keys_live(keystore, org_a.id)) >= 1
    before_b = rows_per_table(owner_conninfo, [org_b.id])
    assert sum(rows_per_table(owner_conninfo, tree).values()) > 20
    backup = pg_dump(owner_conninfo)  # the data's backup, before the deletion

    name = (await api.get("/v1/organization", headers=org_a.headers)).json()["name"]
    sent = datetime.now(UTC)
    r = await api.post("/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers)
    received = datetime.now(UTC)
    assert r.status_code == 201, r.text
    requested = r.json()
    assert requested["state"] == "scheduled"
    assert requested["requested_by"]["type"] == "member"
    delete_after = datetime.fromisoformat(requested["delete_after"])
    grace = timedelta(seconds=GRACE_SECONDS)
    assert sent + grace <= delete_after <= received + grace
    # During the grace period the organization works as before, writes included. (No worker
    # runs the deletion yet: these requests come before its first step, however slow they are;
    # that the step waits out the grace period is checked on the record below.)
    r = await api.get("/v1/organization/deletion", headers=org_a.headers)
    assert r.status_code == 200 and r.json()["id"] == requested["id"]
    r = await api.post("/v1/artists", json={"name": f"Still here {tag}"}, headers=org_a.headers)
    assert r.status_code == 201, r.text

    # The grace period passes and the deletion runs to its end.
    handle = client.get_workflow_handle(
        organization_deletion_workflow_id(requested["id"]), result_type=DeletionResult
    )
    async with working():
        result = await handle.result()
    assert result.status == "deleted", result
    # Its long steps heartbeat as they go: a worker lost midway is noticed in minutes.
    heartbeats = {
        e.activity_task_scheduled_event_attributes.activity_type.name: (
            e.activity_task_scheduled_event_attributes.heartbeat_timeout.ToSeconds()
        )
        async for e in handle.fetch_history_events()
        if e.HasField("activity_task_scheduled_event_attributes")
    }
    for step in ("stop_workflows", "delete_rows", "release"):
        assert heartbeats[f"organization_deletion_{step}"] > 0, heartbeats

    # Nothing of the organization, its sub-organization or its sandbox is left in any table.
    left = {t: n for t, n in rows_per_table(owner_conninfo, tree).items() if n}
    assert left == {"organization_deletions": 1}, left
    # The other organization keeps every row (its usage too), its keys, its workflow and its
    # Schedule.
    after_b = rows_per_table(owner_conninfo, [org_b.id])
    assert after_b == before_b
    r = await api.get(f"/v1/clients/{kept['client']}", headers=org_b.headers)
    assert r.status_code == 200 and r.json()["email"] == f"client.b-{tag}@example.com"
    assert sum(await person_keys_live(keystore, org_b.id)) >= 1
    assert (await client.get_workflow_handle(chain_b).describe()).status == (
        WorkflowExecutionStatus.RUNNING
    )
    await client.get_schedule_handle(report_schedule_id(org_b.id)).describe()
    # The deleted organization's key no longer answers; its workflow and Schedule are gone.
    r = await api.get("/v1/organization", headers=org_a.headers)
    assert r.status_code == 401, r.text
    assert (await client.get_workflow_handle(chain_a).describe()).status == (
        WorkflowExecutionStatus.TERMINATED
    )
    with pytest.raises(Exception, match=r"not found|NotFound|NOT_FOUND"):
        await client.get_schedule_handle(report_schedule_id(org_a.id)).describe()

    # Its persons' keys are destroyed in the key store: the backup's sealed contact fields
    # hold no key to open them (the key store is not in the data's backup, and its rows of
    # the organization are tombstones).
    assert sum(await person_keys_live(keystore, org_a.id)) == 0
    sealed = [r for r in dumped_rows(backup, "clients") if r["organization_id"] == org_a.id]
    assert sealed and all(r["email_sealed"] and r["email"] is None for r in sealed)
    assert "subject_keys" not in backup
    # Its payload keys are gone: its histories no longer open through the live codec.
    history = await without_codec(client).get_workflow_handle(chain_a).fetch_history()
    with pytest.raises(Exception):  # noqa: B017 (no key of the organization is left)
        await decode_in_place(fresh_codec(settings, sessionmaker, keystore), list(history.events))
    bheld = await without_codec(client).get_workflow_handle(chain_b).fetch_history()
    await decode_in_place(fresh_codec(settings, sessionmaker, keystore), list(bheld.events))
    # Nor from the data's backup: with the live SECRET_KEY and key store, its dumped payload
    # keys do not unwrap (their key-encryption key is destroyed), while org B's still do.
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    dumped = {
        org: [
            OrganizationKey(
                id=r["id"],
                organization_id=org,
                version=int(str(r["version"])),
                wrapped_key=dumped_bytes(r["wrapped_key"]),
            )
            for r in dumped_rows(backup, "organization_keys")
            if r["organization_id"] == org
        ]
        for org in (org_a.id, org_b.id)
    }
    assert dumped[org_a.id] and dumped[org_b.id]
    for row in dumped[org_a.id]:
        with pytest.raises(PayloadKeyUnavailable, match="key-encryption key"):
            open_key(box, row, await kek_of(keystore, box, row))
    for row in dumped[org_b.id]:
        assert len(open_key(box, row, await kek_of(keystore, box, row))) == 32

    # The record stays: ids, times, who asked, counts; no personal value.
    record = await deletion.get_deletion(sessionmaker, org_a.id)
    assert record.state == "deleted" and record.finished_at is not None
    # Its first step (the keys revoked) began once the grace period was over.
    assert record.started_at is not None and record.started_at >= delete_after
    assert sorted(record.organization_ids) == sorted(tree)
    assert record.counts["rows.artists"] == 4
    assert record.counts["person_keys_destroyed"] >= 1
    assert record.counts["workflows_terminated"] >= 1
    assert record.counts["schedules_deleted"] >= 1
    assert f"a-{tag}" not in str(deletion.deletion_document(record))

    await client.get_workflow_handle(chain_b).terminate("test over")
    await client.get_schedule_handle(report_schedule_id(org_b.id)).delete()
    await keep(client, handle.id, "organization_deletion_done")


async def test_a_cancel_during_the_grace_period_keeps_everything(deleting, org_a, owner_conninfo):
    api, env, _queue = deleting
    await _some_data(api, org_a, uuid.uuid4().hex[:6])
    before = rows_per_table(owner_conninfo, [org_a.id])
    name = (await api.get("/v1/organization", headers=org_a.headers)).json()["name"]
    r = await api.post("/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    deletion_id = r.json()["id"]
    # The default grace period: seven days.
    delete_after = datetime.fromisoformat(r.json()["delete_after"])
    assert timedelta(days=6, hours=23) < delete_after - datetime.now(UTC) <= timedelta(days=7)

    r = await api.delete("/v1/organization/deletion", headers=org_a.headers)
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "cancelled" and r.json()["cancelled_at"]
    result = await env.client.get_workflow_handle(
        organization_deletion_workflow_id(deletion_id), result_type=DeletionResult
    ).result()
    assert result.status == "cancelled"
    # Everything is there and works; only the audit log tells of the request and the cancel.
    after = rows_per_table(owner_conninfo, [org_a.id])
    changed = {t for t in after if after[t] != before.get(t)}
    assert changed <= {
        "audit_events",
        "organization_deletions",
        "email_outbox",
        "notifications_sent",
    }
    r = await api.get("/v1/organization", headers=org_a.headers)
    assert r.status_code == 200
    r = await api.get("/v1/organization/deletion", headers=org_a.headers)
    assert r.json()["state"] == "cancelled"
    # Nothing left to cancel; a new request may be made.
    r = await api.delete("/v1/organization/deletion", headers=org_a.headers)
    assert r.status_code == 404 and r.json()["code"] == "no_deletion"
    r = await api.post("/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    with contextlib.suppress(Exception):
        await env.client.get_workflow_handle(
            organization_deletion_workflow_id(r.json()["id"])
        ).terminate("test over")


async def test_refusals_owner_only_typed_name_one_at_a_time_and_no_other_organization(
    deleting, org_a, org_b, sessionmaker, owner_conninfo
) -> None:
    api, env, _queue = deleting
    name = (await api.get("/v1/organization", headers=org_a.headers)).json()["name"]
    # An admin (every permission, not an owner): 403.
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        admin = await add_member(
            session,
            organization_id=org_a.id,
            email=f"admin.{uuid.uuid4().hex[:6]}@example.com",
            name="Admin",
            role="admin",
            actor=Actor.system("test"),
        )
    admin_key = await issue_api_key(sessionmaker, org_a.id, created_by=admin.id)
    admin_headers = {"Authorization": f"Bearer {admin_key}"}
    r = await api.post("/v1/organization/deletion", json={"confirm": name}, headers=admin_headers)
    assert r.status_code == 403 and r.json()["code"] == "owner_only", r.text
    # A wrong name: 422, nothing scheduled.
    r = await api.post(
        "/v1/organization/deletion", json={"confirm": name.upper() + "x"}, headers=org_a.headers
    )
    assert r.status_code == 422 and r.json()["code"] == "confirmation_mismatch", r.text
    r = await api.get("/v1/organization/deletion", headers=org_a.headers)
    assert r.status_code == 404 and r.json()["code"] == "no_deletion"

    # Two at once: one deletion, the other 409; never a 500.
    answers = await asyncio.gather(
        *(
            api.post("/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers)
            for _ in range(4)
        )
    )
    codes = sorted(r.status_code for r in answers)
    assert codes == [201, 409, 409, 409], [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {
        "deletion_already_requested"
    }
    [created] = [r.json() for r in answers if r.status_code == 201]
    # The owner is told by e-mail, once (the test has no SMTP server: the mail is in the outbox).
    mails: list[tuple[str, str]] = []
    for _ in range(100):
        with psycopg.connect(owner_conninfo) as conn:
            mails = [
                (str(to), str(subject))
                for to, subject in conn.execute(
                    "SELECT to_address, subject FROM email_outbox WHERE organization_id = %s "
                    "AND kind = 'organization_deletion_requested'",
                    (org_a.id,),
                )
            ]
        if mails:
            break
        await asyncio.sleep(0.1)
    assert [to for to, _ in mails] == [org_a.bootstrap.owner.email]
    assert name in mails[0][1]

    # Another organization neither sees nor cancels it.
    r = await api.get("/v1/organization/deletion", headers=org_b.headers)
    assert r.status_code == 404
    r = await api.delete("/v1/organization/deletion", headers=org_b.headers)
    assert r.status_code == 404
    # Nor may the admin cancel it.
    r = await api.delete("/v1/organization/deletion", headers=admin_headers)
    assert r.status_code == 403
    r = await api.get("/v1/organization/deletion", headers=org_a.headers)
    assert r.json()["state"] == "scheduled"
    await env.client.get_workflow_handle(
        organization_deletion_workflow_id(created["id"])
    ).terminate("test over")


async def test_a_deletion_that_crashed_mid_way_is_completed_by_its_retry(
    org_a, org_b, app_factory, sessionmaker, settings, keystore, owner_conninfo
) -> None:
    """The steps run again after a crash in the middle of the row sweep: the retry deletes
    what is left and the deletion ends recorded; the other organization is untouched."""
    api = await app_factory(usage_flush_seconds=NO_TIMED_FLUSH)
    for tenant in (org_a, org_b):
        for n in range(3):
            await _post(api, tenant, "/v1/artists", {"name": f"Artist {n}"})
    await _count_usage(sessionmaker, [org_a.id, org_b.id])
    assert rows_per_table(owner_conninfo, [org_a.id])["usage_daily"] == 1  # deleted too
    before_b = rows_per_table(owner_conninfo, [org_b.id])
    row = await deletion.request_deletion(
        sessionmaker,
        organization_id=org_a.id,
        actor=Actor(type="operator", id="operator-api"),
        now=datetime.now(UTC),
        grace=timedelta(0),
    )
    steps = OrganizationDeletionActivities.configured(sessionmaker, settings, keystore)
    env = ActivityEnvironment()
    job = DeletionInput(organization_id=org_a.id, deletion_id=row.id, delete_after=row.delete_after)
    begun = await env.run(steps.begin, job)
    assert begun.organization_ids == [org_a.id]
    # From the start of the deletion its key answers 401, while its rows are still there.
    r = await api.get("/v1/artists", headers=org_a.headers)
    assert r.status_code == 401 and r.json()["code"] == "api_key_revoked", r.text
    assert (await api.get("/v1/artists", headers=org_b.headers)).status_code == 200
    step = DeletionStep(
        organization_id=org_a.id, deletion_id=row.id, organization_ids=begun.organization_ids
    )
    await env.run(steps.destroy_person_keys, step)
    await env.run(steps.destroy_payload_keys, step)

    class Crash(Exception):
        pass

    async def crash(table: str, deleted: int) -> None:
        raise Crash(table)

    with pytest.raises(Crash):
        await deletion.delete_rows(
            await steps._owner_conninfo_of(org_a.id), step.organization_ids, progress=crash
        )
    assert sum(rows_per_table(owner_conninfo, [org_a.id]).values()) > 1  # part of it went

    # The retry: every step again, from the start.
    assert (await env.run(steps.begin, job)).organization_ids == [org_a.id]
    await env.run(steps.destroy_person_keys, step)
    await env.run(steps.destroy_payload_keys, step)
    done = await env.run(steps.delete_rows, step)
    assert done.counts.get("rows.organizations") == 1
    await env.run(steps.release, step)
    await env.run(
        steps.finish,
        FinishDeletion(
            organization_id=org_a.id,
            deletion_id=row.id,
            organization_ids=step.organization_ids,
            counts=done.counts,
        ),
    )
    left = {t: n for t, n in rows_per_table(owner_conninfo, [org_a.id]).items() if n}
    assert left == {"organization_deletions": 1}, left
    assert (await deletion.get_deletion(sessionmaker, org_a.id)).state == "deleted"
    assert rows_per_table(owner_conninfo, [org_b.id]) == before_b
    # Once deleted, a deletion cannot be cancelled, nor asked for again.
    with pytest.raises(NotFound):
        await deletion.request_deletion(
            sessionmaker,
            organization_id=org_a.id,
            actor=Actor(type="operator", id="operator-api"),
            now=datetime.now(UTC),
        )


async def test_the_workflow_id_names_no_organization() -> None:
    """Its history must stay readable after it destroyed the organization's keys."""
    from core.payload_codec import organization_of

    assert organization_of(organization_deletion_workflow_id("odel_x")) is None
    assert OrganizationDeletionWorkflow.__name__ == "OrganizationDeletionWorkflow"


async def test_the_operator_schedules_follows_and_cancels_a_deletion(
    time_skipping_env: WorkflowEnvironment, engine, app_factory, org_a
) -> None:
    """What ``auditoryx org delete`` calls: no name to type, a grace period of its choosing,
    the record readable by the operator; a sandbox is not deleted on its own."""
    queue = f"deletion-{uuid.uuid4().hex[:8]}"
    token = "operator-token-for-deletion-tests-0123456789"
    api = await app_factory(
        temporal_client=time_skipping_env.client, temporal_task_queue=queue, operator_token=token
    )
    operator = {"Authorization": f"Bearer {token}"}
    path = f"/operator/organizations/{org_a.id}/deletion"
    r = await api.post(path, json={"grace_seconds": 3 * 86400}, headers=operator)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["requested_by"] == {"type": "operator", "id": "operator-api"}
    assert created["state"] == "scheduled"
    r = await api.post(path, json={}, headers=operator)
    assert r.status_code == 409 and r.json()["code"] == "deletion_already_requested"
    r = await api.get(path, headers=operator)
    assert r.status_code == 200 and r.json()["id"] == created["id"]
    # The owner sees it too, and the operator cancels it.
    r = await api.get("/v1/organization/deletion", headers=org_a.headers)
    assert r.json()["id"] == created["id"]
    r = await api.delete(path, headers=operator)
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    # Without the token: nothing.
    r = await api.get(path)
    assert r.status_code == 401
    # A sandbox goes with its live organization.
    r = await api.post("/v1/api-keys", json={"name": "t", "mode": "test"}, headers=org_a.headers)
    test_key = {"Authorization": f"Bearer {r.json()['secret']}"}
    sandbox = (await api.get("/v1/organization", headers=test_key)).json()["id"]
    r = await api.post(f"/operator/organizations/{sandbox}/deletion", json={}, headers=operator)
    assert r.status_code == 422 and r.json()["code"] == "sandbox_not_deletable"
    r = await api.post(
        "/operator/organizations/org_doesnotexist/deletion", json={}, headers=operator
    )
    assert r.status_code == 404
    with contextlib.suppress(Exception):
        await time_skipping_env.client.get_workflow_handle(
            organization_deletion_workflow_id(created["id"])
        ).terminate("test over")


class _StartRefused(Interceptor):
    """A client whose every workflow start fails as an unreachable server's does."""

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        class Refusing(OutboundInterceptor):
            async def start_workflow(self, input: Any) -> Any:
                raise RPCError("connection refused", RPCStatusCode.UNAVAILABLE, b"")

        return Refusing(next)


async def test_a_deletion_whose_start_fails_is_withdrawn_and_may_be_sent_again(
    deleting, app_factory, org_a
) -> None:
    api, env, queue = deleting
    name = (await api.get("/v1/organization", headers=org_a.headers)).json()["name"]
    refusing = Client(**{**env.client.config(), "interceptors": [_StartRefused()]})
    offline = await app_factory(temporal_client=refusing, temporal_task_queue=queue)
    r = await offline.post(
        "/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers
    )
    assert r.status_code == 503 and r.json()["code"] == "temporal_unavailable", r.text
    shown = (await api.get("/v1/organization/deletion", headers=org_a.headers)).json()
    assert shown["state"] == "cancelled", shown

    # Sent again, it is scheduled; two owners cancelling at once: one 200, one 404.
    r = await api.post("/v1/organization/deletion", json={"confirm": name}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    cancels = await asyncio.gather(
        *(api.delete("/v1/organization/deletion", headers=org_a.headers) for _ in range(2))
    )
    assert sorted(c.status_code for c in cancels) == [200, 404], [c.text for c in cancels]
    await env.client.get_workflow_handle(organization_deletion_workflow_id(r.json()["id"])).result()
