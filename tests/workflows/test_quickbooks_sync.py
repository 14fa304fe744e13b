"""QuickBooks invoicing: the real python-quickbooks and intuit-oauth clients against a local
stub of Intuit's OAuth and accounting APIs, sync workflows on the time-skipping server,
triggered through the event relay by a completed session."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from activities.quickbooks.invoicing import QuickBooksInvoicing
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from domain.finance.invoicing import QuickBooksCredentials, invoice_doc_number
from integrations.quickbooks import QuickBooksEndpoints, QuickBooksGateway
from tests.stubs.quickbooks_stub import QuickBooksStub
from tests.support.histories import first_activity_start, keep_sync
from tests.support.quickbooks import (
    CLIENT_ID,
    CLIENT_SECRET,
    REALM,
    add_client,
    completed_session,
    connect_body,
    connect_quickbooks,
    fetch_rows,
)
from tests.support.workers import whole_worker
from workflows.clients.sync import request_sync, sync_workflow_id
from workflows.sync_types import SyncInput


@pytest.fixture
def quickbooks():
    with QuickBooksStub(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, realm_id=REALM) as stub:
        yield stub


@pytest.fixture
async def qb_stack(time_skipping_env, engine, app_factory, settings, org_a, quickbooks):
    queue = f"qb-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    endpoints = QuickBooksEndpoints(quickbooks.api_url, quickbooks.discovery_url)
    gateway = QuickBooksGateway(production=endpoints, sandbox=endpoints, timeout=5)
    api._transport.app.state.quickbooks_gateway = gateway  # type: ignore[attr-defined]
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    invoicing = QuickBooksInvoicing(sessionmaker, box, gateway=gateway)
    syncs = SyncActivities(sessionmaker, box, quickbooks=invoicing.push)

    async def push_again(booking_id: str) -> None:
        """What reconciliation does to read payments back: one more push of the booking."""
        await request_sync(time_skipping_env.client, _sync(org_a.id, booking_id), task_queue=queue)

    async with whole_worker(
        time_skipping_env, engine, settings, queue, org_a.id, [syncs.push]
    ) as relay:
        yield api, time_skipping_env, relay, push_again


def _sync(org_id: str, booking_id: str) -> SyncInput:
    return SyncInput(
        organization_id=org_id, provider="quickbooks", entity_type="booking", entity_id=booking_id
    )


async def _result(env, org_id, booking_id):
    handle = env.client.get_workflow_handle(sync_workflow_id(_sync(org_id, booking_id)))
    async with env.time_skipping_unlocked():
        return handle, await handle.result()


def _credentials(owner_conninfo: str, settings) -> QuickBooksCredentials:
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute(
            "SELECT credentials FROM integration_connections WHERE provider = 'quickbooks'"
        ).fetchone()
    return QuickBooksCredentials.open(
        SecretBox(settings.secret_key, settings.previous_secret_keys), bytes(sealed)
    )


# --- connecting --------------------------------------------------------------------------


async def test_refused_credentials_are_a_clear_422_and_nothing_is_stored(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, *_ = qb_stack
    body = connect_body(quickbooks, access_token="eyJ.not-a-token-at-all")
    body["refresh_token"] = "AB11revoked000000000"
    r = await api.put("/v1/integrations/quickbooks", json=body, headers=org_a.headers)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "quickbooks_auth_failed" and problem["param"] == "refresh_token"
    assert "Incorrect or invalid refresh token" in problem["detail"]

    r = await api.put(
        "/v1/integrations/quickbooks",
        json=connect_body(quickbooks, realm_id="12x"),
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "realm_id"

    r = await api.put(
        "/v1/integrations/quickbooks",
        json={"realm_id": REALM, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
        headers=org_a.headers,
    )
    assert r.status_code == 422 and r.json()["param"] == "access_token"
    assert fetch_rows(owner_conninfo, "SELECT count(*) FROM integration_connections") == [(0,)]


async def test_an_authorization_code_is_exchanged_and_an_expired_token_refreshed_at_connect(
    qb_stack, org_a, quickbooks, owner_conninfo, settings
):
    api, *_ = qb_stack
    quickbooks.codes.add("AB11-consent-code-123")
    connected = await connect_quickbooks(
        api,
        org_a,
        quickbooks,
        access_token=None,
        refresh_token=None,
        expires_at=None,
        authorization_code="AB11-consent-code-123",
        redirect_uri="https://app.auditoryx.example/quickbooks/callback",
    )
    assert connected["external_account_id"] == REALM
    assert connected["settings"]["company_name"] == "Helix Studios LLC"
    stored = _credentials(owner_conninfo, settings)
    assert stored.access_token in quickbooks.access_tokens
    assert b"AB11" not in bytes(
        fetch_rows(owner_conninfo, "SELECT credentials FROM integration_connections")[0][0]
    )

    # Tokens handed over already expired: refreshed before the check, the rotated pair kept.
    body = connect_body(quickbooks, expires_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat())
    r = await api.put("/v1/integrations/quickbooks", json=body, headers=org_a.headers)
    assert r.status_code == 200, r.text
    stored = _credentials(owner_conninfo, settings)
    assert stored.refresh_token not in (body["refresh_token"], None)
    assert stored.refresh_token in quickbooks.refresh_tokens
    assert body["refresh_token"] not in quickbooks.refresh_tokens  # rotated at Intuit


# --- invoicing ---------------------------------------------------------------------------


async def test_a_completed_session_becomes_one_invoice_and_payments_come_back(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, relay, push_again = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    existing = quickbooks.add_customer("Helix Music", currency="USD")
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced" and result["payment_status"] == "open"

    [invoice] = quickbooks.invoices.values()
    assert result["external_id"] == invoice["Id"]
    assert invoice["CustomerRef"] == {"value": existing}  # matched by DisplayName
    assert len(quickbooks.customers) == 1
    assert invoice["CurrencyRef"] == {"value": "USD"}
    assert invoice["DocNumber"] == invoice_doc_number(org_a.id, booking["id"])
    assert booking["id"] in invoice["PrivateNote"]
    [line] = invoice["Line"]
    detail = line["SalesItemLineDetail"]
    assert (detail["Qty"], detail["UnitPrice"], line["Amount"]) == ("2", "100.00", "200.00")
    assert "Vocal tracking" in line["Description"] and "Pat Producer" in line["Description"]
    session_day = (datetime.now(UTC) - timedelta(days=1, hours=3)).date().isoformat()
    assert detail["ServiceDate"] == session_day and session_day in line["Description"]
    [(data,)] = fetch_rows(owner_conninfo, "SELECT data FROM events WHERE type = 'invoice.created'")
    assert data["external_id"] == invoice["Id"] and data["total"] == "200.00"

    # Half paid, then paid: a later push (reconciliation's) reads the balance back.
    quickbooks.pay(invoice["Id"], "80.00")
    await push_again(booking["id"])
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["payment_status"] == "partial"
    ledger = "SELECT kind, amount_minor, currency, booking_id FROM ledger_entries"
    assert fetch_rows(owner_conninfo, ledger) == [("revenue", 8000, "USD", booking["id"])]
    quickbooks.pay(invoice["Id"], "120.00")
    await push_again(booking["id"])
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["payment_status"] == "paid"
    assert fetch_rows(owner_conninfo, ledger) == [("revenue", 20000, "USD", booking["id"])]
    assert len(quickbooks.writes("invoice")) == 1  # never a second invoice
    assert fetch_rows(
        owner_conninfo, "SELECT count(*) FROM events WHERE type = 'invoice.created'"
    ) == [(1,)]


async def test_a_crash_after_quickbooks_created_the_invoice_adopts_it_on_retry(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    client_id = await add_client(api, org_a, name="Crashy Records", email="ap@crashy.example")
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    quickbooks.drop_after_create(1)  # created in QuickBooks, the answer never arrives
    await relay()
    await env.sleep(timedelta(seconds=5))  # the retry's backoff, skipped
    handle, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    [invoice] = quickbooks.invoices.values()  # exactly one
    assert result["external_id"] == invoice["Id"]
    assert len(quickbooks.writes("invoice")) == 1
    [customer] = quickbooks.customers.values()  # created once, with the booking's currency
    assert customer["CurrencyRef"] == {"value": "USD"}
    assert customer["PrimaryEmailAddr"] == {"Address": "ap@crashy.example"}
    queries = [r.body.decode() for r in quickbooks.recorded(lambda r: r.path.endswith("/query"))]
    assert sum(f"DocNumber = '{invoice['DocNumber']}'" in q for q in queries) == 2
    assert (await first_activity_start(handle))[0] == 2
    assert fetch_rows(
        owner_conninfo,
        "SELECT entity_type, object_type, external_id FROM external_mappings ORDER BY 1",
    ) == [("booking", "invoice", invoice["Id"]), ("client", "customer", customer["Id"])]
    assert fetch_rows(
        owner_conninfo, "SELECT count(*) FROM events WHERE type = 'invoice.created'"
    ) == [(1,)]
    await keep_sync(
        env.client,
        owner_conninfo,
        "quickbooks",
        "booking",
        "sync_quickbooks_invoice_adopted_on_retry",
    )


async def test_a_429_with_retry_after_30_is_retried_after_30_seconds(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    quickbooks.rate_limit("invoice", retry_after=30)
    await relay()
    # As in the HubSpot test: the activity's retry delay is skipped explicitly.
    await env.sleep(timedelta(seconds=31))
    handle, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    attempt, waited = await first_activity_start(handle)
    # Skipped time, plus the real time of the first attempt (time does not skip while it runs).
    assert attempt == 2 and timedelta(seconds=30) <= waited < timedelta(seconds=30 + 60)
    assert len(quickbooks.writes("invoice")) == 2 and len(quickbooks.invoices) == 1


async def test_a_validation_fault_is_recorded_on_the_booking_and_not_retried(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    quickbooks.add_customer("Euro Label GmbH", currency="EUR")
    client_id = await add_client(api, org_a, name="Euro Label GmbH", email=None)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)  # in USD
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "failed"
    assert "must match the customer's currency (EUR)" in result["error"]
    assert len(quickbooks.writes("invoice")) == 1 and not quickbooks.invoices
    [(status, error)] = fetch_rows(
        owner_conninfo,
        "SELECT status, last_error FROM sync_states WHERE entity_id = %s",
        booking["id"],
    )
    assert status == "failed"
    assert error.startswith("Business Validation Error: The currency of the transaction")
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["status"] == "connected"  # the data was refused, not the connection


async def test_concurrent_invoice_pushes_for_a_new_client_make_one_customer(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    """Customer look-ups and creates are slow: two pushes that both looked the customer up
    before either created it would both create one (QuickBooks refusing the second as a
    duplicate name, failing that invoice)."""
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    quickbooks.customer_delay = 0.4
    client_id = await add_client(api, org_a)
    bookings = [
        (await completed_session(api, org_a, owner_conninfo, client_id, title=t))["id"]
        for t in ("Vocal tracking", "Mixing")
    ]
    await relay()  # both pushes at once, the client not mapped yet
    results = [(await _result(env, org_a.id, b))[1] for b in bookings]
    assert [r["status"] for r in results] == ["synced", "synced"], results
    [customer] = quickbooks.customers
    assert {i["CustomerRef"]["value"] for i in quickbooks.invoices.values()} == {customer}
    assert len(quickbooks.invoices) == 2
    assert fetch_rows(
        owner_conninfo,
        "SELECT entity_id, external_id FROM external_mappings WHERE object_type = 'customer'",
    ) == [(client_id, customer)]


# --- tokens ------------------------------------------------------------------------------


async def test_tokens_are_refreshed_before_expiry_and_on_401_and_persisted(
    qb_stack, org_a, quickbooks, owner_conninfo, settings
):
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    first = _credentials(owner_conninfo, settings)
    quickbooks.expire_access_tokens()  # revoked early: QuickBooks answers 401
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "synced"
    second = _credentials(owner_conninfo, settings)
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token  # the rotated one is what we keep
    assert second.refresh_token in quickbooks.refresh_tokens
    assert second.expires_at > datetime.now(UTC) + timedelta(minutes=50)
    assert len(quickbooks.token_requests()) == 1

    # About to expire: refreshed before the call, no 401 needed.
    with psycopg.connect(owner_conninfo) as conn:
        box = SecretBox(settings.secret_key, settings.previous_secret_keys)
        soon = replace(second, expires_at=datetime.now(UTC) + timedelta(minutes=2))
        conn.execute(
            "UPDATE integration_connections SET credentials = %s WHERE provider = 'quickbooks'",
            (soon.seal(box),),
        )
    unauthorized_before = len(quickbooks.recorded(lambda r: r.path.startswith("/v3/")))
    other = await completed_session(api, org_a, owner_conninfo, client_id, title="Mixing")
    await relay()
    _, result = await _result(env, org_a.id, other["id"])
    assert result["status"] == "synced"
    assert len(quickbooks.token_requests()) == 2
    third = _credentials(owner_conninfo, settings)
    assert third.refresh_token != second.refresh_token
    assert third.access_token in quickbooks.access_tokens
    assert unauthorized_before < len(quickbooks.recorded(lambda r: r.path.startswith("/v3/")))


async def test_a_revoked_authorization_shows_as_a_connection_error_in_the_api(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, relay, _ = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    quickbooks.revoke_all()  # disconnected from inside QuickBooks
    client_id = await add_client(api, org_a)
    booking = await completed_session(api, org_a, owner_conninfo, client_id)
    await relay()
    _, result = await _result(env, org_a.id, booking["id"])
    assert result["status"] == "failed"
    [connection] = (await api.get("/v1/integrations", headers=org_a.headers)).json()["data"]
    assert connection["provider"] == "quickbooks" and connection["status"] == "error"
    assert "Incorrect or invalid refresh token" in connection["last_error"]
    assert "reconnect QuickBooks" in connection["last_error"]
    [(status, error)] = fetch_rows(owner_conninfo, "SELECT status, last_error FROM sync_states")
    assert status == "failed" and "reconnect QuickBooks" in error
    assert not quickbooks.invoices

    # Reconnecting clears the error; the next completed session is invoiced.
    await connect_quickbooks(api, org_a, quickbooks)
    other = await completed_session(api, org_a, owner_conninfo, client_id, title="Mixing")
    await relay()
    _, result = await _result(env, org_a.id, other["id"])
    assert result["status"] == "synced" and len(quickbooks.invoices) == 1


# --- tenancy -----------------------------------------------------------------------------


async def test_one_organizations_quickbooks_never_invoices_anothers_work(
    qb_stack, org_a, org_b, quickbooks, owner_conninfo
):
    api, env, relay, push_again = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    assert (await api.get("/v1/integrations", headers=org_b.headers)).json()["data"] == []
    client_b = await add_client(api, org_b, name="Bluewave Client")
    booking_b = await completed_session(api, org_b, owner_conninfo, client_b)
    await relay()
    assert fetch_rows(
        owner_conninfo,
        "SELECT count(*) FROM events WHERE type = 'booking.completed' AND relayed_at IS NOT NULL",
    ) == [(1,)]
    # A push naming org_a with org_b's booking finds nothing: RLS hides the booking.
    await push_again(booking_b["id"])
    _, result = await _result(env, org_a.id, booking_b["id"])
    assert result["status"] == "skipped"
    assert not quickbooks.invoices and not quickbooks.writes("customer")
