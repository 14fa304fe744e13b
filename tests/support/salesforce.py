"""Helpers for Salesforce tests: the stub over TLS with a registered Connected App (with a
certificate for the JWT bearer flow), pointing the API and the activities at it, connecting
through the API, and an entity's sync result."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from activities.reconcile import ReconcileActivities
from activities.salesforce_backfill import SalesforceBackfillActivities
from activities.sync import SyncActivities
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.salesforce import SalesforceOAuth, salesforce_factory
from tests.stubs import self_signed_tls
from tests.stubs.salesforce_stub import SalesforceStub
from tests.support.hubspot import hubspot_sync_result
from tests.support.workers import whole_worker

APP = {
    "client_id": "3MVG9-connected-app-consumer-key",
    "client_secret": "sf-consumer-secret-0123456789",
    "redirect_uri": "https://label.example/salesforce/callback",
}
CODE = "aPrx-sf-code-4f2a9c"
JWT_USER = "integration@label.example"


def rsa_key_pem() -> tuple[str, str]:
    """(private key, public key) of a new 2048-bit RSA key, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def register_jwt(stub: SalesforceStub) -> str:
    """Give the stub's Connected App a certificate (of a new key) and pre-authorize
    :data:`JWT_USER`; returns the private key (PEM) the connection signs with."""
    private, public = rsa_key_pem()
    stub.register_jwt_app(APP["client_id"], public, {JWT_USER})
    return private


async def connect_salesforce_jwt(api: Any, org: Any, private_key: str) -> dict[str, Any]:
    """Connect with the JWT bearer flow; the answer never shows the key."""
    body = {"client_id": APP["client_id"], "username": JWT_USER, "private_key": private_key}
    r = await api.put("/v1/integrations/salesforce", json=body, headers=org.headers)
    assert r.status_code == 200, r.text
    assert "PRIVATE KEY" not in r.text
    await first_backfill_done(api, org)
    return dict(r.json())


@contextlib.contextmanager
def salesforce_stub(directory: Path) -> Iterator[SalesforceStub]:
    """The stub over TLS (its certificate in ``directory``) with :data:`APP` registered to
    exchange :data:`CODE`; ``stub.ca`` is the CA bundle that trusts it."""
    cert, key, ca = self_signed_tls(directory)
    with SalesforceStub((cert, key)) as stub:
        stub.register_app(APP["client_id"], APP["client_secret"], CODE)
        stub.ca = str(ca)  # type: ignore[attr-defined]
        yield stub


def wire_stub(api: Any, stub: SalesforceStub) -> dict[str, Any]:
    """Point the API's Salesforce client and token endpoint at ``stub``; returns the
    ``salesforce`` / ``salesforce_auth`` keyword arguments of the sync and reconcile
    activities."""
    ca = stub.ca  # type: ignore[attr-defined]
    wiring = {
        "salesforce": salesforce_factory(verify=ca),
        "salesforce_auth": SalesforceOAuth(stub.base_url, verify=ca),
    }
    state = api._transport.app.state
    state.salesforce_factory, state.salesforce_auth = (
        wiring["salesforce"],
        wiring["salesforce_auth"],
    )
    return wiring


@contextlib.asynccontextmanager
async def salesforce_stack(
    env: Any, engine: Any, app_factory: Any, settings: Any, org: Any, stub: SalesforceStub
) -> AsyncIterator[tuple[Any, str, Any]]:
    """API and the project's whole worker with syncs and reconciliation pointed at ``stub``;
    yields (api, task queue, relay)."""
    queue = f"salesforce-{uuid.uuid4().hex[:8]}"
    api = await app_factory(temporal_client=env.client, temporal_task_queue=queue)
    wiring = wire_stub(api, stub)
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox.from_settings(settings)
    syncs = SyncActivities(sessionmaker, box, **wiring)
    reconcile = ReconcileActivities(sessionmaker, box, **wiring)
    backfill = SalesforceBackfillActivities(
        sessionmaker,
        box,
        salesforce_auth=wiring["salesforce_auth"],
        verify=stub.ca,  # type: ignore[attr-defined]
    )
    activities = [syncs.push, reconcile.check_page, reconcile.record, *backfill.all()]
    async with whole_worker(env, engine, settings, queue, org.id, activities) as relay:
        yield api, queue, relay


async def first_backfill_done(api: Any, org: Any) -> None:
    """Wait for the backfill a first connect starts (the organization's clients, none or a
    few in most tests) to finish, so it never overlaps what the test does next."""
    for _ in range(300):
        r = await api.get("/v1/integrations", headers=org.headers)
        if any("last_backfill" in c["settings"] for c in r.json()["data"]):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the first backfill did not finish")


async def connect_salesforce(api: Any, org: Any, *, settle: bool = True) -> dict[str, Any]:
    """Connect with the authorization code (and, with ``settle``, wait for the first
    backfill); the answer never shows a secret."""
    r = await api.put(
        "/v1/integrations/salesforce", json={"authorization_code": CODE, **APP}, headers=org.headers
    )
    assert r.status_code == 200, r.text
    assert APP["client_secret"] not in r.text and CODE not in r.text
    if settle:
        await first_backfill_done(api, org)
    return dict(r.json())


async def new_client(api: Any, relay: Any, org: Any, name: str = "Helix Music") -> str:
    """A client made through the API, its events relayed (its sync starts); its id."""
    r = await api.post("/v1/clients", json={"name": name}, headers=org.headers)
    assert r.status_code == 201, r.text
    await relay()
    return str(r.json()["id"])


async def salesforce_sync_result(
    env: Any, org_id: str, entity_type: str, entity_id: str
) -> dict[str, Any]:
    _, result = await hubspot_sync_result(env, org_id, entity_type, entity_id, "salesforce")
    return dict(result)
