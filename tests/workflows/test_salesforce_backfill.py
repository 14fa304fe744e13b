"""The Salesforce backfill: an organization's existing clients pushed when Salesforce is first
connected (or an operator asks), through Bulk API 2.0 ingest jobs above 2,000 records, and
each client's own sync below. The workflow waits on durable timers between reads of a job's
state; the stub processes the CSV it was given (upserts by ``AuditoryX_Id__c``) and answers
``successfulResults`` / ``failedResults``. The real requests client against the stub over TLS,
the workflow on the time-skipping server."""

from __future__ import annotations

import asyncio
import contextlib

import psycopg
import pytest
from temporalio.client import WorkflowExecutionStatus
from temporalio.service import RPCError

from tests.support.histories import keep
from tests.support.salesforce import (
    connect_salesforce,
    salesforce_stack,
    salesforce_sync_result,
)
from workflows.clients.salesforce_backfill import backfill_workflow_id
from workflows.salesforce_backfill import SalesforceBackfillWorkflow
from workflows.salesforce_backfill_types import BackfillInput


@pytest.fixture
async def backfill_stack(time_skipping_env, engine, app_factory, settings, org_a, salesforce):
    async with salesforce_stack(
        time_skipping_env, engine, app_factory, settings, org_a, salesforce
    ) as (api, queue, _relay):
        yield api, time_skipping_env, queue


def _insert_clients(owner_conninfo: str, org_id: str, count: int, *, blocked: int = 0) -> None:
    """``count`` clients with an e-mail each; the first ``blocked`` with a website the org's
    validation rule refuses."""
    rows = [
        (
            f"cli_bf{n:06d}",
            org_id,
            f"Client {n:04d} Music",
            f"ops{n}@client{n}.example",
            "blocked.example" if n < blocked else f"client{n}.example",
        )
        for n in range(count)
    ]
    with (
        psycopg.connect(owner_conninfo) as conn,
        conn.cursor() as cur,
        cur.copy(
            "COPY clients (id, organization_id, name, email, domain, notes) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row((*row, ""))


def _mappings(owner_conninfo: str, object_type: str) -> dict[str, str]:
    with psycopg.connect(owner_conninfo) as conn:
        return dict(
            conn.execute(
                "SELECT entity_id, external_id FROM external_mappings WHERE provider = "
                "'salesforce' AND entity_type = 'client' AND object_type = %s",
                (object_type,),
            ).fetchall()
        )


async def _backfill_result(env, org_id: str, *, run_id: str | None = None):
    """The summary of the organization's backfill (of ``run_id``, else its latest run), read
    once it closed; time skips meanwhile, so its polling timers fire at once."""
    handle = env.client.get_workflow_handle_for(
        SalesforceBackfillWorkflow.run, backfill_workflow_id(org_id), run_id=run_id
    )
    async with env.time_skipping_unlocked():
        for _ in range(1200):
            with contextlib.suppress(RPCError):
                if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
                    break
            await asyncio.sleep(0.1)
    return await handle.result()


async def test_a_2500_client_backfill_is_one_ingest_job_per_object_and_a_rerun_duplicates_nothing(
    backfill_stack, org_a, salesforce, owner_conninfo
):
    api, env, _queue = backfill_stack
    _insert_clients(owner_conninfo, org_a.id, 2500)
    await connect_salesforce(api, org_a, settle=False)  # the first connect starts the backfill

    summary = await _backfill_result(env, org_a.id)
    assert (summary.mode, summary.records, summary.reason) == ("bulk", 2500, "connected")
    assert [(j.sobject, j.state, j.succeeded, j.failed) for j in summary.jobs] == [
        ("Account", "JobComplete", 2500, 0),
        ("Contact", "JobComplete", 2500, 0),
    ]
    assert [j["object"] for j in salesforce.jobs.values()] == ["Account", "Contact"]
    assert salesforce.upserts("Account") == []  # no record went one REST call at a time
    assert len(salesforce.records["Account"]) == len(salesforce.records["Contact"]) == 2500
    companies = _mappings(owner_conninfo, "company")
    contacts = _mappings(owner_conninfo, "contact")
    assert len(companies) == len(contacts) == 2500
    # Each contact hangs off its own client's account, named by our id in the CSV.
    contact = salesforce.records["Contact"][contacts["cli_bf000042"]]
    assert contact["AccountId"] == companies["cli_bf000042"]
    assert contact["Email"] == "ops42@client42.example"
    # The job was waited for on the workflow's timers (the stub is InProgress for two reads).
    await keep(env.client, backfill_workflow_id(org_a.id), "salesforce_backfill_bulk")

    # An operator asks again (as a retried workflow would run again): the same records are
    # upserted by our id, nothing is added, and the mappings keep their ids.
    r = await api.post("/v1/integrations/salesforce/backfills", headers=org_a.headers)
    assert r.status_code == 202, r.text
    assert r.json()["workflow_id"] == backfill_workflow_id(org_a.id)
    again = await _backfill_result(env, org_a.id)
    assert again.reason == "requested"
    assert [(j.succeeded, j.failed) for j in again.jobs] == [(2500, 0), (2500, 0)]
    assert len(salesforce.jobs) == 4
    assert len(salesforce.records["Account"]) == len(salesforce.records["Contact"]) == 2500
    assert _mappings(owner_conninfo, "company") == companies
    assert _mappings(owner_conninfo, "contact") == contacts

    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["settings"]["last_backfill"]["reason"] == "requested"
    audit = await api.get(
        "/v1/audit-events",
        params={"action": "integration.backfill_requested"},
        headers=org_a.headers,
    )
    assert audit.status_code == 200 and len(audit.json()["data"]) == 1


async def test_rows_salesforce_refuses_are_surfaced_on_the_clients_and_the_connection(
    backfill_stack, org_a, salesforce, owner_conninfo
):
    api, env, queue = backfill_stack
    salesforce.account_rule = lambda fields: (
        "Website: blocked domains are not accepted"
        if fields.get("Website") == "blocked.example"
        else None
    )
    await connect_salesforce(api, org_a)
    assert (await _backfill_result(env, org_a.id)).mode == "per_record"  # nothing yet
    _insert_clients(owner_conninfo, org_a.id, 12, blocked=3)

    await env.client.start_workflow(
        SalesforceBackfillWorkflow.run,
        BackfillInput(organization_id=org_a.id, threshold=5, reason="requested"),
        id=backfill_workflow_id(org_a.id),
        task_queue=queue,
    )
    summary = await _backfill_result(env, org_a.id)
    account, contact = summary.jobs
    assert (account.succeeded, account.failed) == (9, 3)
    assert (contact.succeeded, contact.failed) == (9, 3)
    assert "FIELD_CUSTOM_VALIDATION_EXCEPTION:Website: blocked domains" in account.error_samples[0]
    assert "Foreign key external ID" in contact.error_samples[0]
    assert len(_mappings(owner_conninfo, "company")) == 9
    with psycopg.connect(owner_conninfo) as conn:
        states = dict(
            conn.execute(
                "SELECT entity_id, status FROM sync_states WHERE provider = 'salesforce'"
            ).fetchall()
        )
    assert sorted(k for k, v in states.items() if v == "failed") == [
        "cli_bf000000",
        "cli_bf000001",
        "cli_bf000002",
    ]
    assert sum(v == "synced" for v in states.values()) == 9
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["settings"]["last_backfill"]["jobs"][0]["failed"] == 3


async def test_a_failed_job_is_reported_with_salesforces_message(
    backfill_stack, org_a, salesforce, owner_conninfo
):
    api, env, queue = backfill_stack
    _insert_clients(owner_conninfo, org_a.id, 8)
    salesforce.fail_next_job = "InvalidBatch : Field name not found : Website"
    await connect_salesforce(api, org_a)
    # The first connect's backfill is below the default threshold; ask for a bulk one.
    await _backfill_result(env, org_a.id)
    await env.client.start_workflow(
        SalesforceBackfillWorkflow.run,
        BackfillInput(organization_id=org_a.id, threshold=5),
        id=backfill_workflow_id(org_a.id),
        task_queue=queue,
    )
    account, _contact = (await _backfill_result(env, org_a.id)).jobs
    assert account.state == "Failed" and "Field name not found" in account.error_message
    assert account.succeeded == 0


async def test_a_few_clients_go_through_their_own_syncs(
    backfill_stack, org_a, salesforce, owner_conninfo
):
    api, env, _queue = backfill_stack
    _insert_clients(owner_conninfo, org_a.id, 3)
    await connect_salesforce(api, org_a)
    summary = await _backfill_result(env, org_a.id)
    assert (summary.mode, summary.records, summary.jobs) == ("per_record", 3, [])
    for n in range(3):
        result = await salesforce_sync_result(env, org_a.id, "client", f"cli_bf{n:06d}")
        assert result["status"] == "synced"
    assert salesforce.jobs == {} and len(salesforce.upserts("Account")) == 3


async def test_a_backfill_without_a_connection_is_a_409(backfill_stack, org_a):
    api, _env, _queue = backfill_stack
    r = await api.post("/v1/integrations/salesforce/backfills", headers=org_a.headers)
    assert r.status_code == 409 and r.json()["code"] == "salesforce_not_connected"


async def test_two_requests_at_once_share_one_backfill(
    backfill_stack, org_a, salesforce, owner_conninfo
):
    """Two operators of one organization asking together get the same run: one ingest job
    per object, not two; each request is audited."""
    api, env, _queue = backfill_stack
    await connect_salesforce(api, org_a)  # no clients yet: the first backfill is over at once
    _insert_clients(owner_conninfo, org_a.id, 2001)

    first, second = await asyncio.gather(
        *(
            api.post("/v1/integrations/salesforce/backfills", headers=org_a.headers)
            for _ in range(2)
        )
    )
    assert (first.status_code, second.status_code) == (202, 202), (first.text, second.text)
    assert first.json()["workflow_id"] == second.json()["workflow_id"]
    summary = await _backfill_result(env, org_a.id)
    assert (summary.mode, summary.records) == ("bulk", 2001)
    assert [j["object"] for j in salesforce.jobs.values()] == ["Account", "Contact"]
    assert len(salesforce.records["Account"]) == 2001
    audit = await api.get(
        "/v1/audit-events",
        params={"action": "integration.backfill_requested"},
        headers=org_a.headers,
    )
    assert len(audit.json()["data"]) == 2
