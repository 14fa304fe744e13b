"""Xero invoicing: the real xero-python client against a local stub of Xero's identity and
Accounting APIs, sync workflows on the time-skipping server, triggered through the event relay
by a completed session; reconciliation reading payments back into the ledger."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from temporalio.exceptions import ApplicationError

from activities.accounting.reconciliation import InvoiceReconciliation
from activities.sync import SyncActivities
from activities.xero.invoicing import XeroInvoicing
from core.crypto import SecretBox
from core.db import create_sessionmaker
from domain.finance.invoicing import invoice_doc_number
from integrations.xero import XeroEndpoints, XeroGateway
from tests.support.histories import first_activity_start
from tests.support.quickbooks import add_client, completed_session, fetch_rows
from tests.support.workers import whole_worker
from tests.support.xero import (
    OTHER_TENANT,
    TENANT,
    connect_body,
    connect_xero,
    stored_credentials,
    xero_stub,
)
from workflows.clients.sync import request_sync, sync_workflow_id
from workflows.reconcile_types import ReconcilePageInput
from workflows.sync_types import SyncInput

LEDGER = "SELECT kind, amount_minor, currency, booking_id, external_ref FROM ledger_entries"


@pytest.fixture
def xero():
    with xero_stub() as stub:
        yield stub


@pytest.fixture
async def xero_stack(time_skipping_env, engine, app_factory, settings, org_a, xero):
    queue = f"xero-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    gateway = XeroGateway(XeroEndpoints(xero.api_url, xero.base_url, xero.token_url), timeout=5)
    api._transport.app.state.xero_gateway = gateway  # type: ignore[attr-defined]
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    invoicing = XeroInvoicing(sessionmaker, box, gateway=gateway)
    syncs = SyncActivities(sessionmaker, box, xero=invoicing.push)
    reconciliation = InvoiceReconciliation(sessionmaker, invoicing)
    async with whole_worker(
        time_skipping_env, engine, settings, queue, org_a.id, [syncs.push]
    ) as relay:
        yield api, time_skipping_env, relay, invoicing, reconciliation


def _sync(org_id: str, booking_id: str) -> SyncInput:
    return SyncInput(
        organization_id=org_id, provider="xero", entity_type="booking", entity_id=booking_id
    )


async def _result(env, org_id, booking_id):
    handle = env.client.get_workflow_handle(sync_workflow_id(_sync(org_id, booking_id)))
    async with env.time_skipping_unlocked():
        return handle, await handle.result()


def _in_currency(owner_conninfo: str, booking_id: str, currency: str) -> None:
    fetch_rows(
        owner_conninfo,
        "UPDATE bookings SET currency = %s WHERE id = %s RETURNING id",
        currency,
        booking_id,
    )


# --- connecting --------------------------------------------------------------------------


async def test_the_only_tenant_is_taken_and_a_choice_among_several_must_be_named(
    xero_stack, org_a, xero, owner_conninfo, settings
):
    api, *_ = xero_stack
    xero.codes.add("consent-code-123")
    connected = await connect_xero(
        api,
        org_a,
        xero,
        access_token=None,
        refresh_token=None,
        expires_at=None,
        authorization_code="consent-code-123",
        redirect_uri="https://app.auditoryx.example/xero/callback",
    )
    assert connected["external_account_id"] == TENANT
    assert connected["settings"]["tenant_name"] == "Helix Studios Ltd"
    assert stored_credentials(owner_conninfo, settings).access_token in xero.access_tokens

    xero.tenants[OTHER_TENANT] = "Helix Publishing Ltd"
    r = await api.put("/v1/integrations/xero", json=connect_body(xero), headers=org_a.headers)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["param"] == "tenant_id" and problem["code"] == "xero_tenant_required"
    assert OTHER_TENANT in problem["detail"] and "Helix Publishing Ltd" in problem["detail"]
    r = await api.put(
        "/v1/integrations/xero",
        json=connect_body(xero, tenant_id="00000000-0000-4000-8000-000000000000"),
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["code"] == "xero_tenant_unknown"
    chosen = await connect_xero(api, org_a, xero, tenant_id=OTHER_TENANT)
    assert chosen["external_account_id"] == OTHER_TENANT

    # An expired access token handed over is refreshed first; the rotated pair is stored.
    body = connect_body(
        xero, tenant_id=TENANT, expires_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat()
    )
    r = await api.put("/v1/integrations/xero", json=body, headers=org_a.headers)
    assert r.status_code == 200, r.text
    stored = stored_credentials(owner_conninfo, settings)
    assert stored.refresh_token in xero.refresh_tokens
    assert body["refresh_token"] not in xero.refresh_tokens


async def test_refused_tokens_are_a_clear_422_and_nothing_is_stored(
    xero_stack, org_a, xero, owner_conninfo
):
    api, *_ = xero_stack
    body = connect_body(
        xero, access_token="eyJ.not-a-token-at-all", refresh_token="revoked-0000000"
    )
    r = await api.put("/v1/integrations/xero", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert r.json()["param"] == "refresh_token" and "invalid_grant" in r.json()["detail"]
    r = await api.put(
        "/v1/integrations/xero",
        json={"client_id": "0A1B2C3D4E5F6071", "client_secret": "xero-secret-0123"},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "access_token"
    assert fetch_rows(owner_conninfo, "SELECT count(*) FROM integration_connections") == [(0,)]


# --- invoicing ---------------------------------------------------------------------------


async def test_a_completed_session_becomes_one_invoice_in_its_currency_and_payments_come_back(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, _invoicing, reconciliation = xero_stack
    await connect_xero(api, org_a, xero)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    _in_currency(owner_conninfo, booking["id"], "GBP")
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced" and result["payment_status"] == "open", result

    [invoice] = xero.invoices.values()
    [contact] = xero.contacts.values()
    assert result["external_id"] == invoice["InvoiceID"]
    assert invoice["Contact"]["ContactID"] == contact["ContactID"]
    assert (contact["Name"], contact["EmailAddress"]) == ("Helix Music", "ap@helix.example")
    assert invoice["CurrencyCode"] == "GBP" and contact["DefaultCurrency"] == "GBP"
    assert invoice["InvoiceNumber"] == invoice_doc_number(org_a.id, booking["id"])
    assert invoice["Type"] == "ACCREC" and invoice["Status"] == "AUTHORISED"
    [line] = invoice["LineItems"]
    assert (line["Quantity"], line["UnitAmount"], line["LineAmount"]) == (2.0, 100.0, 200.0)
    assert line["AccountCode"] == "200"
    [write] = xero.writes("Invoices")
    assert write.headers["xero-tenant-id"] == TENANT
    assert write.headers["idempotency-key"] == f"auditoryx-{invoice['InvoiceNumber']}"

    # Paid in part, then in full, in Xero: reconciliation reads it into the ledger.
    xero.pay(invoice["InvoiceID"], "80.00")
    page = await reconciliation.check_page(
        ReconcilePageInput(organization_id=org_a.id, provider="xero")
    )
    assert page.checked == 1 and page.errors == []
    ref = f"xero:invoice:{invoice['InvoiceID']}"
    assert fetch_rows(owner_conninfo, LEDGER) == [("revenue", 8000, "GBP", booking["id"], ref)]
    xero.pay(invoice["InvoiceID"], "120.00")
    await reconciliation.check_page(ReconcilePageInput(organization_id=org_a.id, provider="xero"))
    assert fetch_rows(owner_conninfo, LEDGER) == [("revenue", 20000, "GBP", booking["id"], ref)]
    assert len(xero.writes("Invoices")) == 1
    assert fetch_rows(
        owner_conninfo, "SELECT count(*) FROM events WHERE type = 'invoice.created'"
    ) == [(1,)]
    [(limits,)] = fetch_rows(
        owner_conninfo, "SELECT settings->'rate_limits' FROM integration_connections"
    )
    assert limits["day_remaining"] == xero.day_remaining and limits["minute_remaining"] == 60


async def test_a_crash_after_xero_created_the_invoice_adopts_it_on_retry(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    client_id = await add_client(api, org_a, name="Crashy Records", email="ap@crashy.example")
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    xero.drop_after_create(1)  # created in Xero, the answer never arrives
    await relay()
    await env.sleep(timedelta(seconds=5))  # the retry's backoff, skipped
    handle, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    [invoice] = xero.invoices.values()  # exactly one
    assert result["external_id"] == invoice["InvoiceID"]
    assert len(xero.writes("Invoices")) == 1  # the retry found it by its number
    assert (await first_activity_start(handle))[0] == 2
    [contact] = xero.contacts
    assert fetch_rows(
        owner_conninfo,
        "SELECT entity_type, object_type, external_id FROM external_mappings ORDER BY 1",
    ) == [("booking", "invoice", invoice["InvoiceID"]), ("client", "customer", contact)]


async def test_a_429_with_retry_after_30_is_retried_after_30_seconds(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    xero.rate_limit("Invoices", retry_after=30)
    await relay()
    await env.sleep(timedelta(seconds=31))
    handle, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    attempt, waited = await first_activity_start(handle)
    # Skipped time, plus the real time of the first attempt (time does not skip while it runs).
    assert attempt == 2 and timedelta(seconds=30) <= waited < timedelta(seconds=30 + 60)
    assert len(xero.writes("Invoices")) == 2 and len(xero.invoices) == 1


async def test_a_spent_day_allowance_stops_pushes_before_calling_xero(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, invoicing, _ = xero_stack
    await connect_xero(api, org_a, xero)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    xero.day_remaining = 5  # enough for this push's five calls, then none
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced" and xero.day_remaining == 0
    [(limits,)] = fetch_rows(
        owner_conninfo, "SELECT settings->'rate_limits' FROM integration_connections"
    )
    assert limits["day_remaining"] == 0
    other = await completed_session(api, org_a, owner_conninfo, client_id, title="Mixing")
    before = len(xero.requests)
    with pytest.raises(ApplicationError) as stopped:
        await invoicing.push(_sync(org_a.id, other["id"]))
    assert stopped.value.type == "RateLimited"
    assert stopped.value.next_retry_delay is not None
    assert timedelta(minutes=55) < stopped.value.next_retry_delay <= timedelta(hours=1)
    assert len(xero.requests) == before


async def test_concurrent_invoice_pushes_for_a_new_client_make_one_contact(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    xero.customer_delay = 0.4
    client_id = await add_client(api, org_a)
    bookings = [
        (await completed_session(api, org_a, owner_conninfo, client_id, title=t))["id"]
        for t in ("Vocal tracking", "Mixing")
    ]
    await relay()  # both pushes at once, the client not mapped yet
    results = [(await _result(env, org_a.id, b))[1] for b in bookings]
    assert [r["status"] for r in results] == ["synced", "synced"], results
    [contact] = xero.contacts
    assert {i["Contact"]["ContactID"] for i in xero.invoices.values()} == {contact}
    assert len(xero.invoices) == 2 and len(xero.writes("Contacts")) == 1
    assert fetch_rows(
        owner_conninfo,
        "SELECT entity_id, external_id FROM external_mappings WHERE object_type = 'customer'",
    ) == [(client_id, contact)]


async def test_a_spent_minute_allowance_is_waited_out_before_calling_xero(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, invoicing, _ = xero_stack
    await connect_xero(api, org_a, xero)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    xero.minute_remaining = 0  # what Xero reports after this push's calls
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    other = await completed_session(api, org_a, owner_conninfo, client_id, title="Mixing")
    before = len(xero.requests)
    with pytest.raises(ApplicationError) as stopped:
        await invoicing.push(_sync(org_a.id, other["id"]))
    assert stopped.value.type == "RateLimited"
    assert stopped.value.next_retry_delay is not None
    assert timedelta(0) < stopped.value.next_retry_delay <= timedelta(minutes=1)
    assert len(xero.requests) == before


# --- tokens ------------------------------------------------------------------------------


async def test_a_refused_access_token_is_refreshed_and_the_rotated_pair_persisted(
    xero_stack, org_a, xero, owner_conninfo, settings
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    first = stored_credentials(owner_conninfo, settings)
    xero.expire_access_tokens()  # Xero answers 401
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    second = stored_credentials(owner_conninfo, settings)
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token  # the rotated one is what we keep
    assert second.refresh_token in xero.refresh_tokens
    assert first.refresh_token not in xero.refresh_tokens
    assert second.app is not None and second.app.client_id == first.app.client_id  # type: ignore[union-attr]


async def test_a_revoked_authorization_shows_as_a_connection_error_in_the_api(
    xero_stack, org_a, xero, owner_conninfo
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    xero.revoke_all()  # the user disconnected the app in Xero
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "failed"
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["provider"] == "xero" and connection["status"] == "error"
    assert "invalid_grant" in connection["last_error"]
    assert "reconnect Xero" in connection["last_error"]
    assert not xero.invoices


# --- tenancy -----------------------------------------------------------------------------


async def test_one_organizations_xero_never_invoices_anothers_work(
    xero_stack, org_a, org_b, xero, owner_conninfo
):
    api, env, relay, *_ = xero_stack
    await connect_xero(api, org_a, xero)
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []
    client_b = await add_client(api, org_b, name="Bluewave Client")
    booking_b = await completed_session(api, org_b, owner_conninfo, client_b)
    await relay()
    # A push naming org_a with org_b's booking finds nothing: RLS hides the booking.
    task_queue = api._transport.app.state.settings.temporal_task_queue
    await request_sync(env.client, _sync(org_a.id, booking_b["id"]), task_queue=task_queue)
    _, result = await _result(env, org_a.id, booking_b["id"])
    assert result["status"] == "skipped"
    assert not xero.invoices and not xero.writes("Contacts")
