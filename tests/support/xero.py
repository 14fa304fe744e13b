"""Helpers for Xero tests: the app credentials and organisations the stub knows, and
connecting through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from core.crypto import SecretBox
from integrations.oauth import TokenCredentials
from tests.stubs.xero_stub import XeroStub

CLIENT_ID = "0A1B2C3D4E5F60718293A4B5C6D7E8F9"
CLIENT_SECRET = "xero-secret-0123456789abcdef0123"
TENANT = "a3f6e0c2-1b7d-4c55-9a51-2f0e8b6d4c11"
OTHER_TENANT = "5d0c9b8a-7e6f-4a3b-8c2d-1e0f9a8b7c6d"


def xero_stub(**tenants: str) -> XeroStub:
    return XeroStub(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        tenants=tenants or {TENANT: "Helix Studios Ltd"},
    )


def connect_body(stub: XeroStub, **overrides):
    access, refresh = stub.issue()
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "access_token": access,
        "refresh_token": refresh,
        "expires_at": (datetime.now(UTC) + timedelta(minutes=25)).isoformat(),
        **overrides,
    }


async def connect_xero(api, org, stub, **overrides):
    r = await api.put(
        "/v1/integrations/xero", json=connect_body(stub, **overrides), headers=org.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "connected" and CLIENT_SECRET not in r.text
    return r.json()


def stored_credentials(owner_conninfo: str, settings) -> TokenCredentials:
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute(
            "SELECT credentials FROM integration_connections WHERE provider = 'xero'"
        ).fetchone()
    return TokenCredentials.open(
        SecretBox(settings.secret_key, settings.previous_secret_keys), bytes(sealed)
    )
