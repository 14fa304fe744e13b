"""The webhooks page: adding an endpoint (SSRF guard and event catalog as in the API, the
secret shown once), changing, disabling and deleting it, rotating its secret (also by two
members at once), the attempt log and its failed filter, and resend/recover refusals. Every
form refuses a missing CSRF token and a member without ``webhooks:write``, keeps the input
beside the error, and is audited with the member as actor."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import psycopg

from core.ids import new_id
from domain.webhooks.service import EndpointSecrets
from tests.support.dashboard import audited as _audit
from tests.support.dashboard import csrf_of, sign_in, signed_in_member

LOCAL = {"outbound_allow_private_networks": True}
SECRET = re.compile(r'id="new-secret" class="secret" readonly value="(whsec_[A-Za-z0-9+/=]+)"')
OWNER = "owner@northstar.example"


async def _signed_in(browser_for, sessionmaker, org, email=OWNER, role="owner", **settings):
    return await signed_in_member(browser_for, sessionmaker, org, email, role, **settings)


async def _csrf(browser) -> str:
    return csrf_of((await browser.get("/dashboard/account")).text)


async def _create(browser, csrf, url="http://127.0.0.1:9/hook", types=("booking.created",)):
    return await browser.post(
        "/dashboard/webhooks",
        data={"url": url, "description": "CRM", "event_types": list(types), "csrf_token": csrf},
    )


def _endpoint_id(html: str) -> str:
    found = re.search(r'href="/dashboard/webhooks/(we_\w+)"', html)
    assert found, html
    return found.group(1)


async def test_an_endpoint_is_added_with_its_secret_shown_once_and_audited(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await _signed_in(browser_for, sessionmaker, org_a, **LOCAL)
    listing = await admin.get("/dashboard/webhooks")
    assert listing.status_code == 200 and 'href="/dashboard/webhooks"' in listing.text
    assert "booking.created" in listing.text  # the event catalog is offered
    r = await _create(admin, csrf_of(listing.text), types=("booking.created", "client.created"))
    assert r.status_code == 201, r.text
    secret = SECRET.search(r.text)
    assert secret, r.text
    endpoint_id = _endpoint_id(r.text)
    again = await admin.get("/dashboard/webhooks")
    assert "whsec_" not in again.text and "http://127.0.0.1:9/hook" in again.text
    detail = await admin.get(f"/dashboard/webhooks/{endpoint_id}")
    assert detail.status_code == 200 and "whsec_" not in detail.text
    assert _audit(owner_conninfo, org_a.id, "webhook_endpoint.created") == [
        ("user", owner.id, endpoint_id)
    ]
    # The API sees the same endpoint with the same event types.
    got = await admin.get(f"/v1/webhook-endpoints/{endpoint_id}", headers=org_a.headers)
    assert got.json()["event_types"] == ["booking.created", "client.created"]


async def test_the_api_s_ssrf_and_catalog_rules_refuse_beside_the_field_with_input_kept(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await _signed_in(browser_for, sessionmaker, org_a)  # private nets refused
    csrf = await _csrf(admin)
    r = await _create(admin, csrf, url="https://169.254.169.254/latest/meta-data")
    assert r.status_code == 422
    assert re.search(r'id="err-url" role="alert">[^<]*private', r.text), r.text
    assert 'value="https://169.254.169.254/latest/meta-data"' in r.text
    assert 'value="CRM"' in r.text  # the description is kept
    assert re.search(r'value="booking.created" checked', r.text)
    r = await _create(admin, csrf, url="https://93.184.216.34/in", types=("booking.exploded",))
    assert r.status_code == 422 and 'id="err-event_types"' in r.text
    assert "booking.exploded" in r.text
    r = await _create(admin, csrf, url="https://93.184.216.34/in", types=())
    assert r.status_code == 422 and 'id="err-event_types"' in r.text
    assert _audit(owner_conninfo, org_a.id, "webhook_endpoint.created") == []


async def test_forms_refuse_without_csrf_or_the_write_permission(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await _signed_in(browser_for, sessionmaker, org_a, **LOCAL)
    r = await _create(admin, await _csrf(admin))
    endpoint_id = _endpoint_id(r.text)
    viewer, _v = await _signed_in(
        browser_for, sessionmaker, org_a, "vera@northstar.example", "viewer", **LOCAL
    )
    page = await viewer.get(f"/dashboard/webhooks/{endpoint_id}")
    assert page.status_code == 200 and "Rotate the secret" not in page.text
    viewer_csrf = await _csrf(viewer)
    for path, data in (
        ("/dashboard/webhooks", {"url": "http://127.0.0.1:9/x", "event_types": "client.created"}),
        (f"/dashboard/webhooks/{endpoint_id}/rotate-secret", {"grace_hours": "0"}),
        (f"/dashboard/webhooks/{endpoint_id}/delete", {}),
        (f"/dashboard/webhooks/{endpoint_id}/recover", {"since": "2000-01-01T00:00"}),
    ):
        assert (
            await viewer.post(path, data={**data, "csrf_token": viewer_csrf})
        ).status_code == 403
        assert (await admin.post(path, data=data)).status_code == 403  # no token
    assert len(_audit(owner_conninfo, org_a.id, "webhook_endpoint.created")) == 1
    assert _audit(owner_conninfo, org_a.id, "webhook_endpoint.secret_rotated") == []
    assert (await admin.get(f"/dashboard/webhooks/{endpoint_id}")).status_code == 200


async def test_change_disable_and_delete_an_endpoint(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, owner = await _signed_in(browser_for, sessionmaker, org_a, **LOCAL)
    csrf = await _csrf(admin)
    endpoint_id = _endpoint_id((await _create(admin, csrf)).text)
    path = f"/dashboard/webhooks/{endpoint_id}"
    # A URL the guard refuses is shown beside the field, with what was typed.
    guarded = await browser_for()  # private networks refused, as in production
    assert (await sign_in(guarded, OWNER)).status_code == 303
    r = await guarded.post(
        path,
        data={
            "url": "http://10.0.0.8/internal",
            "description": "kept",
            "event_types": "client.created",
            "enabled": "on",
            "csrf_token": await _csrf(guarded),
        },
    )
    assert r.status_code == 422 and re.search(r'id="err-url" role="alert">[^<]*private', r.text)
    assert 'value="http://10.0.0.8/internal"' in r.text and 'value="kept"' in r.text
    # Disabled (the checkbox left unticked), with new event types.
    r = await admin.post(
        path,
        data={
            "url": "http://127.0.0.1:9/hook2",
            "description": "Billing",
            "event_types": ["client.created", "client.updated"],
            "csrf_token": csrf,
        },
    )
    assert r.status_code == 303 and r.headers["location"] == f"{path}?done=saved"
    got = (await admin.get(f"/v1/webhook-endpoints/{endpoint_id}", headers=org_a.headers)).json()
    assert got["enabled"] is False and got["url"] == "http://127.0.0.1:9/hook2"
    assert got["event_types"] == ["client.created", "client.updated"]
    r = await admin.post(f"{path}/delete", data={"csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/webhooks?done=deleted"
    assert (await admin.get(path)).status_code == 404
    for action in ("updated", "deleted"):
        assert _audit(owner_conninfo, org_a.id, f"webhook_endpoint.{action}") == [
            ("user", owner.id, endpoint_id)
        ]


async def test_the_attempt_log_filters_failed_attempts(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    admin, _owner = await _signed_in(browser_for, sessionmaker, org_a, **LOCAL)
    endpoint_id = _endpoint_id((await _create(admin, await _csrf(admin))).text)
    now = datetime.now(UTC)
    with psycopg.connect(owner_conninfo) as conn:
        for attempt, outcome, code, excerpt in (
            (1, "failed", 500, "answered 500: upstream down"),
            (2, "succeeded", 204, "answered 204"),
        ):
            conn.execute(
                "INSERT INTO webhook_attempts (id, organization_id, endpoint_id, event_id,"
                " delivery_id, attempt, outcome, status_code, response_excerpt, duration_ms,"
                " attempted_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 12, %s)",
                (
                    new_id("wa"),
                    org_a.id,
                    endpoint_id,
                    "ev_01jd7v2x3y4z5a6b7c8d9e0f1g",
                    "wd_01jd7v2x3y4z5a6b7c8d9e0f1g",
                    attempt,
                    outcome,
                    code,
                    excerpt,
                    now + timedelta(seconds=attempt),
                ),
            )
    every = (await admin.get(f"/dashboard/webhooks/{endpoint_id}")).text
    assert every.count('class="attempt outcome-') == 2
    assert "upstream down" in every and "answered 204" in every
    failed = (await admin.get(f"/dashboard/webhooks/{endpoint_id}?outcome=failed")).text
    assert failed.count('class="attempt outcome-') == 1 and "upstream down" in failed
    assert 'aria-label="Resend the event ev_01jd7v2x3y4z5a6b7c8d9e0f1g"' in failed
    r = await admin.get(f"/dashboard/webhooks/{endpoint_id}?outcome=exploded")
    assert r.status_code == 422


async def test_two_members_rotating_one_secret_at_once_both_succeed_one_after_the_other(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo
):
    """The documented answer: no 500, no lost rotation. The later secret is current and the
    earlier one is its previous secret for the grace, so each member's secret signs."""
    first, _owner = await _signed_in(browser_for, sessionmaker, org_a, **LOCAL)
    endpoint_id = _endpoint_id((await _create(first, await _csrf(first))).text)
    second, _other = await _signed_in(
        browser_for, sessionmaker, org_a, "ola@northstar.example", "admin", **LOCAL
    )
    path = f"/dashboard/webhooks/{endpoint_id}/rotate-secret"
    answers = await asyncio.gather(
        first.post(path, data={"grace_hours": "2", "csrf_token": await _csrf(first)}),
        second.post(path, data={"grace_hours": "2", "csrf_token": await _csrf(second)}),
    )
    assert [r.status_code for r in answers] == [201, 201]
    shown = [SECRET.search(r.text).group(1) for r in answers]  # type: ignore[union-attr]
    assert shown[0] != shown[1]
    assert all("keeps signing too until" in r.text for r in answers)
    with psycopg.connect(owner_conninfo) as conn:
        (sealed,) = conn.execute(
            "SELECT secrets FROM webhook_endpoints WHERE id = %s", (endpoint_id,)
        ).fetchone()
    stored = EndpointSecrets.open(first._transport.app.state.secret_box, bytes(sealed))
    assert {stored.current, stored.previous} == set(shown)
    assert set(stored.valid(datetime.now(UTC))) == set(shown)
    assert len(_audit(owner_conninfo, org_a.id, "webhook_endpoint.secret_rotated")) == 2
    r = await first.post(path, data={"grace_hours": "1000", "csrf_token": await _csrf(first)})
    assert r.status_code == 422 and 'id="err-grace_hours"' in r.text and 'value="1000"' in r.text


async def test_the_nav_and_the_pages_follow_the_read_permissions(
    clean_db, org_a, sessionmaker, browser_for
):
    """A viewer reads webhooks but not integrations (credentials are sensitive); an artist
    reads neither. A page a member may not read is a 403 and has no nav entry."""
    for email, role, allowed in (
        ("vic@northstar.example", "viewer", {"webhooks"}),
        ("ari@northstar.example", "artist", set()),
        (OWNER, "owner", {"webhooks", "integrations"}),
    ):
        browser, _m = await _signed_in(browser_for, sessionmaker, org_a, email, role)
        nav = (await browser.get("/dashboard/account")).text
        for name in ("webhooks", "integrations"):
            status = (await browser.get(f"/dashboard/{name}")).status_code
            assert status == (200 if name in allowed else 403), (role, name)
            assert (f'href="/dashboard/{name}"' in nav) == (name in allowed), (role, name)


async def test_resend_and_recover_refusals_are_shown_beside_their_field(
    clean_db, org_a, sessionmaker, browser_for, owner_conninfo, time_skipping_env
):
    admin, _owner = await _signed_in(
        browser_for, sessionmaker, org_a, temporal_client=time_skipping_env.client, **LOCAL
    )
    csrf = await _csrf(admin)
    endpoint_id = _endpoint_id((await _create(admin, csrf)).text)
    path = f"/dashboard/webhooks/{endpoint_id}"
    r = await admin.post(f"{path}/resend", data={"event_id": new_id("ev"), "csrf_token": csrf})
    assert r.status_code == 404 and 'id="err-event_id"' in r.text
    r = await admin.post(f"{path}/resend", data={"event_id": "no such", "csrf_token": csrf})
    assert r.status_code == 422 and 'id="err-event_id"' in r.text and 'value="no such"' in r.text
    r = await admin.post(f"{path}/recover", data={"since": "last tuesday", "csrf_token": csrf})
    assert r.status_code == 422 and 'id="err-since"' in r.text and 'value="last tuesday"' in r.text
    r = await admin.post(f"{path}/recover", data={"since": "2000-01-01T00:00", "csrf_token": csrf})
    assert r.status_code == 303 and r.headers["location"] == f"{path}?done=recovered-0"
    assert (
        "0 failed delivery(ies) are being delivered again"
        in (await admin.get(f"{path}?done=recovered-0")).text
    )
    await admin.post(
        path,
        data={
            "url": "http://127.0.0.1:9/hook",
            "event_types": "booking.created",
            "csrf_token": csrf,
        },
    )  # enabled left unticked: disabled
    r = await admin.post(f"{path}/recover", data={"since": "2000-01-01T00:00", "csrf_token": csrf})
    assert r.status_code == 409 and re.search(r'id="err-since" role="alert">[^<]*disabled', r.text)
    assert len(_audit(owner_conninfo, org_a.id, "webhook_endpoint.recovered")) == 1
