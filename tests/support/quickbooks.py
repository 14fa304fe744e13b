"""Helpers for QuickBooks tests: the app credentials and company the stub knows, connecting
through the API, a client, and a completed session ready to be invoiced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from tests.stubs.quickbooks_stub import QuickBooksStub
from tests.support.approvals import new_booking

CLIENT_ID = "ABcdEF0123456789intuit"
CLIENT_SECRET = "s3cr3t-0123456789abcdef"
REALM = "9130357998641234"


def connect_body(stub: QuickBooksStub, **overrides):
    access, refresh = stub.issue()
    return {
        "realm_id": REALM,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "access_token": access,
        "refresh_token": refresh,
        "expires_at": (datetime.now(UTC) + timedelta(minutes=50)).isoformat(),
        **overrides,
    }


async def connect_quickbooks(api, org, stub, **overrides):
    r = await api.put(
        "/v1/integrations/quickbooks", json=connect_body(stub, **overrides), headers=org.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "connected" and CLIENT_SECRET not in r.text
    return r.json()


async def completed_session(api, org, owner_conninfo, client_id, title="Vocal tracking"):
    """A 2-hour session at 100.00 USD an hour, moved into the past and completed."""
    booking = await new_booking(api, org, title, client_id=client_id)
    r = await api.post(f"/v1/bookings/{booking['id']}/confirm", headers=org.headers)
    assert r.status_code == 200, r.text
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE bookings SET period = tstzrange(now() - interval '1 day 3 hours', "
            "now() - interval '1 day 1 hour'), creator_block = tstzrange(now() - "
            "interval '1 day 3 hours', now() - interval '1 day 1 hour') WHERE id = %s",
            (booking["id"],),
        )
    r = await api.post(f"/v1/bookings/{booking['id']}/complete", headers=org.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def add_client(api, org, name="Helix Music", email="ap@helix.example"):
    r = await api.post("/v1/clients", json={"name": name, "email": email}, headers=org.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def fetch_rows(owner_conninfo: str, query: str, *args):
    with psycopg.connect(owner_conninfo) as conn:
        return conn.execute(query, args).fetchall()
