"""Salesforce under failure: an upsert whose answer was lost is retried onto the same record,
``REQUEST_LIMIT_EXCEEDED`` is retried later, a refused session is refreshed once and the new
token kept, a revoked authorization is a clear connection error, and our syncs slow down near
the organization's daily API allocation (``Sforce-Limit-Info``). The real simple-salesforce
client against the stub, sync workflows on the time-skipping server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.exceptions import ApplicationError

from activities.crm_usage import check_allowance, worth_recording
from activities.sync import CrmPush
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.crm import ApiUsage
from integrations.errors import RateLimited
from integrations.salesforce import LIMIT_RETRY_AFTER, SalesforceOAuth, salesforce_factory
from tests.support.hubspot import hubspot_sync_result
from tests.support.salesforce import (
    connect_salesforce,
    new_client,
    salesforce_sync_result,
)
from workflows.sync_types import SyncInput


def _bearers(stub) -> list[str]:
    return [
        r.headers["authorization"].removeprefix("Bearer ")
        for r in stub.requests
        if "authorization" in r.headers
    ]


async def test_an_upsert_whose_answer_was_lost_is_retried_onto_the_same_record(
    sf_stack, org_a, salesforce
):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    salesforce.fail_after_write = 1  # Salesforce created the Account, then answered 500
    client_id = await new_client(api, relay, org_a)
    await env.sleep(timedelta(seconds=3))  # the workflow's first backoff (2 s)
    result = await salesforce_sync_result(env, org_a.id, "client", client_id)

    assert result["status"] == "synced"
    [(account_id, account)] = salesforce.records["Account"].items()
    assert result["external_id"] == account_id and account["AuditoryX_Id__c"] == client_id
    # Both attempts upserted by our id: the second updated (204) what the first created.
    assert len(salesforce.upserts("Account")) == 2


async def test_request_limit_exceeded_is_retried_after_the_limit_pause(sf_stack, org_a, salesforce):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    salesforce.limit_exceeded = 1
    client_id = await new_client(api, relay, org_a)
    # The test server does not skip an activity's retry delay while a client waits on the
    # result: skip it explicitly.
    await env.sleep(timedelta(seconds=LIMIT_RETRY_AFTER + 1))
    handle, result = await hubspot_sync_result(env, org_a.id, "client", client_id, "salesforce")
    assert result["status"] == "synced"
    history = await handle.fetch_history()
    scheduled = next(
        e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    )
    started = next(
        e for e in history.events if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    )
    assert started.activity_task_started_event_attributes.attempt == 2
    waited = started.event_time.ToDatetime() - scheduled.event_time.ToDatetime()
    assert (
        timedelta(seconds=LIMIT_RETRY_AFTER) <= waited < timedelta(seconds=LIMIT_RETRY_AFTER + 60)
    )
    assert len(salesforce.records["Account"]) == 1


async def test_a_refused_session_is_refreshed_once_and_the_new_token_kept(
    sf_stack, org_a, salesforce, owner_conninfo
):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    [first] = salesforce.tokens
    salesforce.expire(first)  # the org's session timeout passed

    client_id = await new_client(api, relay, org_a)
    assert (await salesforce_sync_result(env, org_a.id, "client", client_id))["status"] == "synced"
    assert len(salesforce.token_grants("refresh_token")) == 1
    [second] = salesforce.tokens
    assert second != first and second in _bearers(salesforce)

    other = await new_client(api, relay, org_a, "Tidal Studios")
    assert (await salesforce_sync_result(env, org_a.id, "client", other))["status"] == "synced"
    assert len(salesforce.token_grants("refresh_token")) == 1  # the stored token was used
    assert _bearers(salesforce).count(first) == 3 + 1  # the connect check, one refused push


async def test_a_revoked_authorization_is_a_clear_connection_error(sf_stack, org_a, salesforce):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    salesforce.tokens.clear()
    salesforce.refresh_tokens.clear()  # the Connected App's access was revoked

    client_id = await new_client(api, relay, org_a)
    result = await salesforce_sync_result(env, org_a.id, "client", client_id)
    assert result["status"] == "failed" and "reconnect Salesforce" in result["error"]
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "error"
    assert "expired access/refresh token" in connection["last_error"]
    assert "reconnect Salesforce" in connection["last_error"]


async def test_near_the_daily_api_limit_pushes_slow_down(
    sf_stack, org_a, salesforce, engine, settings
):
    api, env, relay = sf_stack
    await connect_salesforce(api, org_a)
    salesforce.used, salesforce.allowed = 9_400, 10_000  # other integrations used most of it
    client_id = await new_client(api, relay, org_a)
    assert (await salesforce_sync_result(env, org_a.id, "client", client_id))["status"] == "synced"
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    usage = connection["settings"]["api_usage"]
    assert (usage["used"], usage["total"]) == (salesforce.used, 10_000)

    # The next push does not call Salesforce: it is retried once the pause is over.
    push = CrmPush(
        create_sessionmaker(engine),
        SecretBox.from_settings(settings),
        salesforce_factory(verify=salesforce.ca),
        SalesforceOAuth(salesforce.base_url, verify=salesforce.ca),
    )
    calls = len(salesforce.requests)
    with pytest.raises(ApplicationError) as refused:
        await push.push(
            SyncInput(
                organization_id=org_a.id,
                provider="salesforce",
                entity_type="client",
                entity_id=client_id,
            )
        )
    assert refused.value.type == "RateLimited" and not refused.value.non_retryable
    assert refused.value.next_retry_delay is not None
    assert timedelta(minutes=14) < refused.value.next_retry_delay <= timedelta(minutes=15)
    assert len(salesforce.requests) == calls


NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def _reading(used: int, minutes_ago: int, total: int = 10_000) -> dict:
    at = (NOW - timedelta(minutes=minutes_ago)).isoformat()
    return {"api_usage": {"used": used, "total": total, "at": at}}


@pytest.mark.parametrize(
    ("settings", "paused"),
    [
        ({}, False),  # nothing read yet
        (_reading(8_999, 1), False),  # below 90 %
        (_reading(9_000, 1), True),  # at 90 %, read a minute ago
        (_reading(9_900, 15), False),  # the pause is over: the next call reads again
    ],
)
def test_syncs_pause_past_90_percent_for_15_minutes_after_the_reading(settings, paused):
    if not paused:
        check_allowance("salesforce", settings, NOW)
        return
    with pytest.raises(RateLimited) as slowed:
        check_allowance("salesforce", settings, NOW)
    assert slowed.value.retry_after == 14 * 60


@pytest.mark.parametrize(
    ("settings", "usage", "written"),
    [
        ({}, ApiUsage(10, 10_000), True),  # the first reading
        (_reading(10, 1), ApiUsage(90, 10_000), False),  # the same whole percent
        (_reading(10, 1), ApiUsage(100, 10_000), True),  # 0 % → 1 %
        (_reading(8_990, 1), ApiUsage(9_000, 10_000), True),  # crossed the threshold
        (_reading(9_000, 5), ApiUsage(9_100, 10_000), False),  # paused: kept until it ends
        (_reading(9_000, 15), ApiUsage(9_100, 10_000), True),  # the pause restarts
    ],
)
def test_a_reading_is_written_only_when_it_changes_what_syncs_do_or_show(settings, usage, written):
    assert worth_recording(settings, usage, NOW) is written
