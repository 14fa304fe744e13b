"""Webhook endpoints API, the SSRF guard, Standard Webhooks signatures and the event outbox."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from core.crypto import SecretBox
from core.url_guard import UnsafeUrl, check_url, is_public, pinned_request_target
from domain.events.service import EVENT_TYPES
from domain.webhooks.service import EndpointSecrets, new_secret, signature_header
from integrations.webhooks import PostResult

LOCAL = {"outbound_allow_private_networks": True}


async def _endpoint(api, tenant, url="http://127.0.0.1:9/hook", types=("booking.created",)):
    r = await api.post(
        "/v1/webhook-endpoints",
        json={"url": url, "event_types": list(types)},
        headers=tenant.headers,
    )
    assert r.status_code == 201, r.text
    return r.json()


# --- signatures -------------------------------------------------------------------------------


def test_signatures_verify_with_the_standardwebhooks_library_and_tampering_fails():
    secret = new_secret()
    body = json.dumps({"type": "booking.created", "data": {"id": "bkg_1"}}).encode()
    timestamp = int(datetime.now(UTC).timestamp())
    headers = {
        "webhook-id": "ev_01",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            [secret], msg_id="ev_01", timestamp=timestamp, body=body
        ),
    }
    assert Webhook(secret).verify(body, headers) == json.loads(body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"bkg_1", b"bkg_2"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers)


def test_during_a_rotation_both_secrets_sign_and_after_the_grace_only_the_new_one():
    now = datetime.now(UTC)
    old, new = new_secret(), new_secret()
    secrets = EndpointSecrets(
        current=new, previous=old, previous_expires_at=now + timedelta(hours=1)
    )
    body, timestamp = b'{"x":1}', int(now.timestamp())
    header = signature_header(secrets.valid(now), msg_id="ev_1", timestamp=timestamp, body=body)
    headers = {
        "webhook-id": "ev_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": header,
    }
    assert len(header.split(" ")) == 2
    Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)
    assert secrets.valid(now + timedelta(hours=2)) == [new]


# --- the SSRF guard -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "240.0.0.1",
    ],
)
async def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    import ipaddress

    assert not is_public(ipaddress.ip_address(address))
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(UnsafeUrl, match="private"):
        await check_url(f"https://{host}/hook", require_https=True, allow_private=False)


async def test_a_name_resolving_to_loopback_is_refused_unless_allowed():
    with pytest.raises(UnsafeUrl, match="private"):
        await check_url("https://localhost/hook", require_https=True, allow_private=False)
    addresses = await check_url("http://localhost:8080/x", require_https=False, allow_private=True)
    assert any(a.is_loopback for a in addresses)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "https://"),
        ("http://93.184.216.34/x", "https://"),
        ("https:///nohost", "no host"),
        ("https://user:pw@93.184.216.34/x", "user name"),
        ("https://93.184.216.34:99999/x", "malformed"),
        ("https://exa mple.com/x", "whitespace"),
        ("https://does-not-exist.invalid/x", "does not resolve"),
    ],
)
async def test_malformed_urls_are_refused_with_a_reason(url, message):
    with pytest.raises(UnsafeUrl, match=message):
        await check_url(url, require_https=True, allow_private=False)


def test_the_request_goes_to_the_checked_address_with_the_name_in_host():
    import ipaddress

    target = pinned_request_target(
        "https://hooks.example.com:8443/in?x=1", ipaddress.ip_address("93.184.216.34")
    )
    assert target.url == "https://93.184.216.34:8443/in?x=1"
    assert target.host == "hooks.example.com:8443"


# --- the API ---------------------------------------------------------------------------------


async def test_create_shows_the_secret_once_and_never_stores_it_in_clear(
    app_factory, org_a, owner_conninfo
):
    import psycopg

    api = await app_factory(**LOCAL)
    created = await _endpoint(api, org_a, types=["booking.created", "client.created"])
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) == 24
    assert created["event_types"] == ["booking.created", "client.created"]
    got = (await api.get(f"/v1/webhook-endpoints/{created['id']}", headers=org_a.headers)).json()
    assert got["secret"] is None
    listed = (await api.get("/v1/webhook-endpoints", headers=org_a.headers)).json()
    assert [e["id"] for e in listed["data"]] == [created["id"]]
    assert "whsec_" not in json.dumps(listed)
    with psycopg.connect(owner_conninfo) as conn:
        (stored,) = conn.execute(
            "SELECT secrets FROM webhook_endpoints WHERE id = %s", (created["id"],)
        ).fetchone()
    assert created["secret"].encode() not in bytes(stored)


async def test_bad_input_is_a_422_naming_the_field(app_factory, org_a):
    production = await app_factory(environment="production")
    r = await production.post(
        "/v1/webhook-endpoints",
        json={"url": "http://hooks.example.com/x", "event_types": ["booking.created"]},
        headers=org_a.headers,
    )
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["param"] == "url" and "https://" in r.json()["detail"]

    api = await app_factory()  # private addresses not allowed
    for url, words in (
        ("https://127.0.0.1/hook", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("not a url", "whitespace"),
        ("https://", "no host"),
    ):
        r = await api.post(
            "/v1/webhook-endpoints",
            json={"url": url, "event_types": ["booking.created"]},
            headers=org_a.headers,
        )
        assert r.status_code == 422, (url, r.text)
        assert r.json()["param"] == "url" and words in r.json()["detail"], r.json()

    r = await api.post(
        "/v1/webhook-endpoints",
        json={"url": "https://hooks.example.com/x", "event_types": ["booking.exploded"]},
        headers=org_a.headers,
    )
    assert r.status_code == 422
    problem = r.json()
    assert problem["param"] == "event_types" and problem["code"] == "unknown_event_type"
    assert "booking.exploded" in problem["detail"] and "booking.confirmed" in problem["detail"]
    assert problem["valid_event_types"] == list(EVENT_TYPES)
    r = await api.get("/v1/events", params={"type": "nope"}, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["param"] == "type"


async def test_patch_checks_the_new_url_and_rotation_returns_a_new_secret(app_factory, org_a):
    api = await app_factory(**LOCAL)
    created = await _endpoint(api, org_a)
    path = f"/v1/webhook-endpoints/{created['id']}"
    prod = await app_factory(environment="production")
    r = await prod.patch(path, json={"url": "http://hooks.example.com"}, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["param"] == "url"
    r = await api.patch(path, json={"enabled": False, "description": "CRM"}, headers=org_a.headers)
    assert r.json()["enabled"] is False and r.json()["description"] == "CRM"
    r = await api.post(f"{path}/rotate-secret", json={"grace_hours": 2}, headers=org_a.headers)
    assert r.status_code == 200
    assert r.json()["secret"].startswith("whsec_") and r.json()["secret"] != created["secret"]
    assert r.json()["previous_valid_until"] is not None
    r = await api.post(f"{path}/rotate-secret", json={"grace_hours": 1000}, headers=org_a.headers)
    assert r.status_code == 422 and r.json()["param"] == "grace_hours"
    assert (await api.delete(path, headers=org_a.headers)).status_code == 204
    assert (await api.get(path, headers=org_a.headers)).status_code == 404


async def test_changes_write_events_in_their_own_transaction(app_factory, org_a, org_b):
    api = await app_factory()
    r = await api.post(
        "/v1/clients",
        json={"name": "Helix Music", "email": "ops@helix.example"},
        headers=org_a.headers,
    )
    client_id = r.json()["id"]
    await api.patch(f"/v1/clients/{client_id}", json={"phone": "+44 1"}, headers=org_a.headers)
    events = (await api.get("/v1/events", headers=org_a.headers)).json()["data"]
    assert [e["type"] for e in events] == ["client.updated", "client.created"]
    assert events[0]["data"]["phone"] == "+44 1" and events[0]["data"]["name"] == "Helix Music"
    one = await api.get(f"/v1/events/{events[1]['id']}", headers=org_a.headers)
    assert one.json()["data"] == {**events[1]["data"]} and one.json()["data"]["id"] == client_id
    # A change that fails (validation after the flush) leaves no event behind.
    r = await api.post("/v1/clients", json={"name": ""}, headers=org_a.headers)
    assert r.status_code == 422
    assert len((await api.get("/v1/events", headers=org_a.headers)).json()["data"]) == 2
    # Another organization sees none of them.
    assert (await api.get("/v1/events", headers=org_b.headers)).json()["data"] == []
    r = await api.get(f"/v1/events/{events[1]['id']}", headers=org_b.headers)
    assert r.status_code == 404
    types = (await api.get("/v1/event-types", headers=org_a.headers)).json()["data"]
    assert {t["type"] for t in types} == set(EVENT_TYPES)
    assert all(t["example"]["object"] for t in types)


async def test_a_teams_webhook_inside_our_network_is_refused(app_factory, org_a, owner_conninfo):
    import psycopg

    api = await app_factory()
    for url in ("https://127.0.0.1/workflows/x", "https://169.254.169.254/latest/meta-data"):
        r = await api.put(
            "/v1/integrations/teams", headers=org_a.headers, json={"webhook_url": url}
        )
        assert r.status_code == 422, r.text
        assert r.json()["param"] == "webhook_url" and "private" in r.json()["detail"]
    with psycopg.connect(owner_conninfo) as conn:
        assert conn.execute("SELECT count(*) FROM integration_connections").fetchone() == (0,)


# --- the disabled-endpoint alert --------------------------------------------------------------


class _Outbox:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, mail) -> None:
        self.sent.append(mail.to)


async def test_the_disabled_alert_tells_only_the_endpoints_organization_and_not_after_re_enabling(
    app_factory, engine, settings, org_a, org_b, owner_conninfo
):
    import psycopg

    from activities.webhooks import WebhookActivities
    from core.crypto import SecretBox
    from core.db import create_sessionmaker
    from workflows.webhook_types import AlertInput

    api = await app_factory(**LOCAL)
    endpoint = await _endpoint(api, org_a)
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE webhook_endpoints SET enabled = false, failing_since = now() - interval "
            "'6 days' WHERE id = %s",
            (endpoint["id"],),
        )
    outbox = _Outbox()
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    alerts = WebhookActivities(create_sessionmaker(engine), settings, box, mailer=outbox)  # type: ignore[arg-type]
    # Another organization naming the endpoint sees nothing (row-level security).
    assert (
        await alerts.alert_endpoint_disabled(
            AlertInput(organization_id=org_b.id, endpoint_id=endpoint["id"])
        )
        == 0
    )
    assert outbox.sent == []
    # Enabled again before the alert ran: nothing to tell (and no failure on the cleared clock).
    r = await api.patch(
        f"/v1/webhook-endpoints/{endpoint['id']}", json={"enabled": True}, headers=org_a.headers
    )
    assert r.status_code == 200, r.text
    assert (
        await alerts.alert_endpoint_disabled(
            AlertInput(organization_id=org_a.id, endpoint_id=endpoint["id"])
        )
        == 0
    )
    assert outbox.sent == []


# --- ports outside the allow-list ---------------------------------------------------------------


async def test_a_port_outside_the_allow_list_is_a_422_naming_url(app_factory, org_a):
    api = await app_factory()
    for url in (
        "https://93.184.216.34:22/hook",
        "https://93.184.216.34:5432/",
        "https://[2002:7f00:1::]/",
    ):
        r = await api.post(
            "/v1/webhook-endpoints",
            json={"url": url, "event_types": ["booking.created"]},
            headers=org_a.headers,
        )
        assert r.status_code == 422, (url, r.text)
        assert r.json()["param"] == "url", r.json()
    r = await api.put(
        "/v1/integrations/teams",
        headers=org_a.headers,
        json={"webhook_url": "https://93.184.216.34:22/workflows/x"},
    )
    assert r.status_code == 422 and r.json()["param"] == "webhook_url", r.text
    assert "port" in r.json()["detail"]


class _RecordingSender:
    """Answers like a service that speaks first (an SSH banner), and remembers being called."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def post(self, pinned_url: str, **_kwargs: object) -> PostResult:
        self.calls.append(pinned_url)
        return PostResult(None, "could not connect", "SSH-2.0-OpenSSH_9.6", 3)


async def test_delivery_refuses_a_stored_url_on_a_port_outside_the_allow_list(
    app_factory, engine, settings, org_a, owner_conninfo
):
    import psycopg

    from activities.webhooks import WebhookActivities
    from core.crypto import SecretBox
    from core.db import create_sessionmaker
    from workflows.webhook_types import AttemptInput

    api = await app_factory()
    endpoint = await _endpoint(api, org_a, url="https://93.184.216.34/hook")
    await api.post("/v1/clients", json={"name": "Helix Music"}, headers=org_a.headers)
    (event,) = (await api.get("/v1/events", headers=org_a.headers)).json()["data"]
    # Saved before the port rule (or under a wider allow-list since narrowed).
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE webhook_endpoints SET url = 'https://93.184.216.34:22/hook' WHERE id = %s",
            (endpoint["id"],),
        )
    sender = _RecordingSender()
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    activities = WebhookActivities(create_sessionmaker(engine), settings, box, sender=sender)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    result = await activities.attempt(
        AttemptInput(
            organization_id=org_a.id,
            endpoint_id=endpoint["id"],
            event_id=event["id"],
            attempt=1,
            attempted_at=now,
            next_attempt_at=now + timedelta(seconds=5),
        )
    )
    assert sender.calls == []
    assert result.outcome == "failed" and "port" in (result.error or "")
    with psycopg.connect(owner_conninfo) as conn:
        excerpts = conn.execute("SELECT response_excerpt FROM webhook_attempts").fetchall()
    assert excerpts == [("",)]


async def test_two_rotations_at_once_both_succeed_and_neither_secret_is_lost(
    app_factory, org_a, owner_conninfo, settings
):
    """Rotations of one endpoint run one after the other (the row is locked): both answer
    200, the later secret is current and the earlier one signs beside it for the grace."""
    import psycopg

    first, second = await app_factory(**LOCAL), await app_factory(**LOCAL)
    created = await _endpoint(first, org_a)
    path = f"/v1/webhook-endpoints/{created['id']}/rotate-secret"
    answers = await asyncio.gather(
        *(api.post(path, json={"grace_hours": 1}, headers=org_a.headers) for api in (first, second))
    )
    assert [r.status_code for r in answers] == [200, 200]
    shown = {r.json()["secret"] for r in answers}
    assert len(shown) == 2 and created["secret"] not in shown
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute(
            "SELECT secrets FROM webhook_endpoints WHERE id = %s", (created["id"],)
        ).fetchone()
    stored = EndpointSecrets.open(SecretBox.from_settings(settings), bytes(sealed))
    assert {stored.current, stored.previous} == shown
