"""One QuickBooks customer per client, however many invoice pushes for the client's sessions
run at once: the stub answers customer look-ups and creates slowly, so two pushes that both
looked for the client's customer before either created it would both create one (and
QuickBooks refuses the second as a duplicate name, failing that invoice)."""

from __future__ import annotations

import time
import uuid

import pytest

from activities.quickbooks.invoicing import QuickBooksInvoicing
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.quickbooks import QuickBooksEndpoints, QuickBooksGateway
from tests.stubs import Recorded
from tests.stubs.quickbooks_stub import QuickBooksStub
from tests.support.quickbooks import (
    CLIENT_ID,
    CLIENT_SECRET,
    REALM,
    add_client,
    completed_session,
    connect_quickbooks,
    fetch_rows,
)
from tests.support.workers import whole_worker
from workflows.clients.sync import request_sync, sync_workflow_id
from workflows.sync_types import SyncInput


class SlowCustomers(QuickBooksStub):
    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        customer_query = request.path.endswith("/query") and b"Customer" in request.body
        if customer_query or request.path.endswith("/customer"):
            time.sleep(0.4)
        return super().respond(request)


@pytest.fixture
def quickbooks():
    with SlowCustomers(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, realm_id=REALM) as stub:
        yield stub


@pytest.fixture
async def qb_stack(time_skipping_env, engine, app_factory, settings, org_a, quickbooks):
    queue = f"qbr-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=time_skipping_env.client, temporal_task_queue=queue)
    endpoints = QuickBooksEndpoints(quickbooks.api_url, quickbooks.discovery_url)
    gateway = QuickBooksGateway(production=endpoints, sandbox=endpoints, timeout=5)
    api._transport.app.state.quickbooks_gateway = gateway  # type: ignore[attr-defined]
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    invoicing = QuickBooksInvoicing(create_sessionmaker(engine), box, gateway=gateway)
    syncs = SyncActivities(create_sessionmaker(engine), box, quickbooks=invoicing.push)
    async with whole_worker(time_skipping_env, engine, settings, queue, org_a.id, [syncs.push]):
        yield api, time_skipping_env, queue


async def test_concurrent_invoice_pushes_for_a_new_client_make_one_customer(
    qb_stack, org_a, quickbooks, owner_conninfo
):
    api, env, queue = qb_stack
    await connect_quickbooks(api, org_a, quickbooks)
    client_id = await add_client(api, org_a)
    bookings = [
        (await completed_session(api, org_a, owner_conninfo, client_id, title=t))["id"]
        for t in ("Vocal tracking", "Mixing")
    ]
    syncs = [
        SyncInput(
            organization_id=org_a.id, provider="quickbooks", entity_type="booking", entity_id=b
        )
        for b in bookings
    ]
    for sync in syncs:  # both pushes at once, neither client mapped yet
        await request_sync(env.client, sync, task_queue=queue)
    results = []
    async with env.time_skipping_unlocked():
        for sync in syncs:
            results.append(await env.client.get_workflow_handle(sync_workflow_id(sync)).result())

    assert [r["status"] for r in results] == ["synced", "synced"], results
    [customer] = quickbooks.customers
    assert {i["CustomerRef"]["value"] for i in quickbooks.invoices.values()} == {customer}
    assert len(quickbooks.invoices) == 2
    assert fetch_rows(
        owner_conninfo,
        "SELECT entity_id, external_id FROM external_mappings WHERE object_type = 'customer'",
    ) == [(client_id, customer)]
