"""The tenant boundary of the dashboard: a member signed in to one organization gets 404 for
every page with an ``{id}`` of another organization, exactly as for an id that does not exist.

The pages are read from the app's own routes: a new ``{id}`` page without a sample in
``SAMPLES`` fails this test and says what to register.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import psycopg
import pytest
from fastapi.routing import APIRoute

from api.dashboard import ROUTERS
from core.db import tenant_session
from core.ids import new_id
from domain.approvals import matching
from domain.approvals import requests as approvals
from domain.approvals.models import ApprovalPolicy
from domain.audit.service import Actor
from tests.support.bulk import creator, day, fixed
from tests.support.dashboard import csrf_of, member_with_password, sign_in


def _dashboard_id_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and route.path.startswith("/dashboard/")
        and "{id}" in route.path
        for method in route.methods
    )


ROUTES = _dashboard_id_routes()


async def _artist(api, org) -> str:
    r = await api.post("/v1/artists", headers=org.headers, json={"name": "Victim Artist"})
    assert r.status_code == 201
    return r.json()["id"]


async def _approval(api, org) -> str:
    r = await api.post(
        "/v1/approval-policies",
        headers=org.headers,
        json={
            "name": "contracts",
            "subject_type": "contract",
            "steps": [{"name": "owner", "approvers": [{"role": "owner"}]}],
        },
    )
    assert r.status_code == 201, r.text
    contract = await api.post(
        "/v1/contracts",
        headers=org.headers,
        json={
            "title": "Victim contract",
            "currency": "EUR",
            "amount": "100",
            "artist_id": await _artist(api, org),
        },
    )
    assert contract.status_code == 201, contract.text
    sessionmaker = api._transport.app.state.sessionmaker
    async with tenant_session(sessionmaker, [org.id]) as session:
        policy = await session.get(ApprovalPolicy, r.json()["id"])
        chain = await approvals.open_request(
            session,
            organization_id=org.id,
            policy=policy,
            subject=matching.Subject(
                type="contract",
                id=contract.json()["id"],
                amount_minor=10_000,
                currency="EUR",
                summary="Victim contract",
            ),
            actor=Actor.system("test"),
        )
    return chain.request_id


async def _member(api, org) -> str:
    r = await api.post(
        "/v1/members",
        headers=org.headers,
        json={"email": "victim@bluewave.example", "name": "Victim Member", "role": "viewer"},
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _role(api, org) -> str:
    r = await api.post(
        "/v1/roles",
        headers=org.headers,
        json={"name": "victim role", "description": "Victim", "permissions": ["members:read"]},
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _api_key(api, org) -> str:
    r = await api.post("/v1/api-keys", headers=org.headers, json={"name": "Victim key"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _scim_token(api, org) -> str:
    r = await api.post("/v1/scim-tokens", headers=org.headers, json={"name": "Victim IdP"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _scim_mapping(api, org) -> str:
    r = await api.post(
        "/v1/scim-group-mappings", headers=org.headers, json={"group": "Victims", "role": "viewer"}
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _bulk_booking(api, org) -> str:
    producer = await creator(api, org, "Victim Producer")
    r = await api.post(
        "/v1/bulk-bookings",
        headers=org.headers,
        json={"title": "Victim album", "sessions": [fixed(producer, day(3))]},
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _policy(api, org) -> str:
    r = await api.post(
        "/v1/approval-policies",
        headers=org.headers,
        json={
            "name": "Victim policy",
            "subject_type": "booking",
            "steps": [{"name": "owner", "approvers": [{"role": "owner"}]}],
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _bookable(kind: str) -> Callable[..., Awaitable[str]]:
    """A factory of a victim creator or room (``kind``: ``creators`` or ``rooms``)."""

    async def make(api, org) -> str:
        r = await api.post(
            f"/v1/{kind}",
            headers=org.headers,
            json={"name": f"Victim {kind}", "timezone": "UTC", "currency": "EUR"},
        )
        assert r.status_code == 201, r.text
        return r.json()["id"]

    return make


_creator, _room = _bookable("creators"), _bookable("rooms")


async def _client(api, org) -> str:
    r = await api.post("/v1/clients", headers=org.headers, json={"name": "Victim Client"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _time_off(api, org) -> str:
    r = await api.post(
        "/v1/time-off",
        headers=org.headers,
        json={
            "creator_id": await _creator(api, org),
            "start": "2030-06-03T10:00:00Z",
            "end": "2030-06-04T10:00:00Z",
            "reason": "Victim holiday",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _webhook_endpoint(api, org) -> str:
    r = await api.post(
        "/v1/webhook-endpoints",
        headers=org.headers,
        json={
            "url": "https://93.184.216.34/victim",
            "description": "Victim hooks",
            "event_types": ["booking.created"],
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


# path template → (factory of a victim resource, id prefix for a never-existing id)
SAMPLES: dict[str, tuple[Callable[..., Awaitable[str]], str]] = {
    "/dashboard/artists/{id}": (_artist, "art"),
    "/dashboard/approvals/{id}/decision": (_approval, "apr"),
    "/dashboard/members/{id}": (_member, "mem"),
    "/dashboard/members/{id}/password-link": (_member, "mem"),
    "/dashboard/members/{id}/api-key-invite": (_member, "mem"),
    "/dashboard/roles/{id}": (_role, "rol"),
    "/dashboard/roles/{id}/delete": (_role, "rol"),
    "/dashboard/access/keys/{id}/revoke": (_api_key, "key"),
    "/dashboard/settings/scim/tokens/{id}/rotate": (_scim_token, "sct"),
    "/dashboard/settings/scim/tokens/{id}/revoke": (_scim_token, "sct"),
    "/dashboard/settings/scim/mappings/{id}/delete": (_scim_mapping, "srm"),
    "/dashboard/bulk/{id}": (_bulk_booking, "bulk"),
    "/dashboard/bulk/{id}/progress": (_bulk_booking, "bulk"),
    "/dashboard/settings/policies/{id}": (_policy, "apol"),
    "/dashboard/artists/{id}/edit": (_artist, "art"),
    "/dashboard/creators/{id}": (_creator, "cre"),
    "/dashboard/creators/{id}/availability": (_creator, "cre"),
    "/dashboard/creators/{id}/book": (_creator, "cre"),
    "/dashboard/creators/{id}/time-off": (_creator, "cre"),
    "/dashboard/time-off/{id}/delete": (_time_off, "off"),
    "/dashboard/rooms/{id}": (_room, "rm"),
    "/dashboard/clients/{id}": (_client, "cli"),
    "/dashboard/webhooks/{id}": (_webhook_endpoint, "we"),
    "/dashboard/webhooks/{id}/delete": (_webhook_endpoint, "we"),
    "/dashboard/webhooks/{id}/rotate-secret": (_webhook_endpoint, "we"),
    "/dashboard/webhooks/{id}/resend": (_webhook_endpoint, "we"),
    "/dashboard/webhooks/{id}/recover": (_webhook_endpoint, "we"),
}
BOOKABLE_FORM = {"name": "mine now", "timezone": "UTC", "currency": "EUR", "status": "active"}
FORMS = {
    "/dashboard/approvals/{id}/decision": {"decision": "approve", "comment": "mine now"},
    "/dashboard/members/{id}": {"role": "owner", "status": "disabled"},
    "/dashboard/members/{id}/api-key-invite": {"name": "mine now"},
    "/dashboard/roles/{id}": {"name": "mine now", "permissions": "members:read"},
    "/dashboard/settings/policies/{id}": {
        "name": "mine now",
        "version": "1",
        "steps": '[{"name": "x", "approvers": [{"role": "owner"}]}]',
    },
    "/dashboard/artists/{id}/edit": {"name": "mine now", "status": "former"},
    "/dashboard/creators/{id}": BOOKABLE_FORM,
    "/dashboard/creators/{id}/book": {"start": "2030-06-03T10:00", "end": "2030-06-03T12:00"},
    "/dashboard/creators/{id}/time-off": {"start": "2030-06-03T10:00", "end": "2030-06-03T12:00"},
    "/dashboard/rooms/{id}": BOOKABLE_FORM,
    "/dashboard/clients/{id}": {"name": "mine now"},
    "/dashboard/webhooks/{id}": {
        "url": "https://93.184.216.34/mine-now",
        "event_types": "booking.created",
        "description": "mine now",
    },
    "/dashboard/webhooks/{id}/rotate-secret": {"grace_hours": "0"},
    "/dashboard/webhooks/{id}/resend": {"event_id": "ev_01jd7v2x3y4z5a6b7c8d9e0f1g"},
    "/dashboard/webhooks/{id}/recover": {"since": "2000-01-01T00:00"},
}


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
async def test_another_organizations_page_is_not_found(
    method, path, api, org_a, org_b, sessionmaker, browser_for, owner_conninfo
):
    assert path in SAMPLES, f"register a victim sample for {path} in SAMPLES"
    factory, prefix = SAMPLES[path]
    victim_id = await factory(api, org_b)
    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example")
    attacker = await browser_for()
    await sign_in(attacker, "owner@northstar.example")
    csrf = csrf_of((await attacker.get("/dashboard/account")).text)

    async def call(resource_id: str):
        url = path.replace("{id}", resource_id)
        if method == "GET":
            return await attacker.get(url)
        return await attacker.post(url, data={**FORMS.get(path, {}), "csrf_token": csrf})

    with psycopg.connect(owner_conninfo) as conn:
        before = conn.execute("SELECT count(*), max(seq) FROM audit_events").fetchone()
    theirs = await call(victim_id)
    missing = await call(new_id(prefix))
    assert theirs.status_code == 404, theirs.text
    assert missing.status_code == 404
    # indistinguishable from an id that does not exist, and naming nothing of the victim
    ids = r"(art|apr|mem|rol|key|bulk|apol|cre|rm|cli|off|we|sct|srm)_\w+"
    assert re.sub(ids, "", theirs.text) == re.sub(ids, "", missing.text)
    assert "Victim" not in theirs.text and "Bluewave" not in theirs.text
    with psycopg.connect(owner_conninfo) as conn:
        after = conn.execute("SELECT count(*), max(seq) FROM audit_events").fetchone()
        status = conn.execute(
            "SELECT status FROM approval_requests WHERE organization_id = %s", (org_b.id,)
        ).fetchall()
        victims = conn.execute(
            "SELECT (SELECT array_agg(status) FROM members WHERE organization_id = %(o)s),"
            " (SELECT array_agg(name) FROM roles WHERE organization_id = %(o)s),"
            " (SELECT count(*) FROM api_keys WHERE organization_id = %(o)s"
            "  AND revoked_at IS NOT NULL),"
            " (SELECT array_agg(name || active::text) FROM approval_policies"
            "  WHERE organization_id = %(o)s),"
            " (SELECT array_agg(url || ' ' || enabled || ' ' || description)"
            "  FROM webhook_endpoints WHERE organization_id = %(o)s)",
            {"o": org_b.id},
        ).fetchone()
    assert after == before
    assert all(s == ("pending",) for s in status)
    assert "disabled" not in (victims[0] or []) and "mine now" not in (victims[1] or [])
    assert victims[2] == 0
    assert "mine now" not in str(victims[3]) and "false" not in str(victims[3])
    assert victims[4] in (None, ["https://93.184.216.34/victim true Victim hooks"])
    with psycopg.connect(owner_conninfo) as conn:
        mine_now = conn.execute(
            "SELECT (SELECT count(*) FROM artists WHERE name = 'mine now'),"
            " (SELECT count(*) FROM creators WHERE name = 'mine now'),"
            " (SELECT count(*) FROM rooms WHERE name = 'mine now'),"
            " (SELECT count(*) FROM clients WHERE name = 'mine now'),"
            " (SELECT count(*) FROM bookings), (SELECT count(*) FROM time_off"
            "  WHERE reason <> 'Victim holiday')"
        ).fetchone()
    assert mine_now == (0, 0, 0, 0, 0, 0)


def test_every_dashboard_id_page_is_walked() -> None:
    assert {p for _m, p in ROUTES} == set(SAMPLES), "SAMPLES and the {id} pages differ"
