"""Entry points that find an organization before any tenant is known serve organizations of
every placement, not only those of the control database.

What a user would notice: a member of a US organization signs in to the dashboard with a
password, keeps a session, sets a password from a link and signs in with single sign-on by
their e-mail domain; the organization's custom domain shows its branding; its Slack workspace
and Teams bot reach it; and an operator's plan change reaches every database, a database that
is down being named, not skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url
from temporalio.client import Client

from api.chat_callbacks import connected_credentials
from api.slack_approvals import verified_organizations
from channels.chat import SlackApprovalChannel
from core.config import PlacementSpec, Settings
from core.crypto import SecretBox
from core.db import tenant_session
from core.devstack import free_port
from core.ids import new_id
from core.temporal import data_converter
from domain.audit.service import Actor
from domain.connections.models import IntegrationConnection
from domain.dashboard.admin import issue_password_link
from domain.dashboard.branding import add_custom_domain
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.notices.models import CommunicationSettings
from domain.placements.router import PlacementRouter
from domain.tenancy.organizations import Bootstrap, create_organization
from tests.stubs.oidc import OidcProviderStub
from tests.support.approvals import member_key, pending_booking
from tests.support.commands import run_cli
from tests.support.dashboard import FORM_TOKEN, member_with_password, sign_in
from tests.support.placements import conninfo, mentions
from tests.support.slack import (
    MARA,
    SIGNING_SECRET,
    TEAM,
    click,
    connect_slack,
    posted_message,
    signed,
    slack_stub,
)
from worker import build_worker

OPERATOR_TOKEN = "operator-token-for-tests-0123456789"
NEW_PASSWORD = "a brand new passphrase for harbor"
CALLBACK = "http://testserver/dashboard/sso/callback"
PROVIDER_LINK = re.compile(r'id="provider-link" href="([^"]+)"')


async def found(router: PlacementRouter, name: str, region: str) -> Bootstrap:
    return await create_organization(
        router,
        name=name,
        plan="white_label",
        region=region,
        owner_email=f"owner@{name.lower()}.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
    )


def bearer(bootstrap: Bootstrap) -> dict[str, str]:
    return {"Authorization": f"Bearer {bootstrap.raw_api_key}"}


def count(url: str, sql: str, *params: Any) -> int:
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def browser_for(app_factory, placement_specs, router):
    """A fresh browser (its own cookie jar) on an app of the placed deployment."""

    async def make(**overrides: Any) -> httpx.AsyncClient:
        client: httpx.AsyncClient = await app_factory(placements=placement_specs, **overrides)
        client.follow_redirects = False
        return client

    return make


async def test_password_sign_in_sessions_and_links_of_an_organization_in_another_placement(
    browser_for, router, database_url, us_url
) -> None:
    us = await found(router, "Harbor", "us")
    eu = await found(router, "Northstar", "eu")
    email = "owner@harbor.example"
    await member_with_password(router, us.organization.id, email)

    browser = await browser_for()
    r = await sign_in(browser, email, next_path="/dashboard/roster")
    assert r.status_code == 303 and r.headers["location"] == "/dashboard/roster", r.text
    page = await browser.get("/dashboard/roster")
    assert page.status_code == 200 and "Harbor" in page.text
    # The session lives with the organization: in the US database, nowhere in the EU one.
    assert count(us_url, "SELECT count(*) FROM dashboard_sessions") == 1
    assert count(database_url, "SELECT count(*) FROM dashboard_sessions") == 0
    assert mentions(database_url, us.organization.id) == {"organization_placements": 1}
    # Signing out ends it.
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    out = await browser.post("/dashboard/sign-out", data={"csrf_token": csrf.group(1)})
    assert out.status_code == 303
    assert (await browser.get("/dashboard/roster")).status_code == 303
    assert count(us_url, "SELECT count(*) FROM dashboard_sessions") == 0

    # The same person in an EU organization too: both memberships are offered, one chosen.
    await member_with_password(router, eu.organization.id, email)
    both = await browser_for()
    r = await sign_in(both, email)
    assert r.status_code == 200 and "Harbor" in r.text and "Northstar" in r.text, r.text
    r = await sign_in(both, email, organization_id=us.organization.id)
    assert r.status_code == 303
    assert "Harbor" in (await both.get("/dashboard/roster")).text

    # A wrong password is refused alike wherever the member lives.
    assert (await sign_in(await browser_for(), email, "not the password")).status_code == 401

    # A password link of the US organization: shown, redeemed, and the new password works.
    _member, token = await issue_password_link(router, us.organization.id, email)
    linked = await browser_for()
    assert (await linked.get(f"/dashboard/password/{token}")).status_code == 200
    r = await linked.post(
        f"/dashboard/password/{token}",
        data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert r.status_code == 200 and "Your password is set" in r.text, r.text
    again = await linked.post(
        f"/dashboard/password/{token}",
        data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert again.status_code == 409
    r = await sign_in(await browser_for(), email, NEW_PASSWORD, organization_id=us.organization.id)
    assert r.status_code == 303


async def test_a_custom_domain_of_an_organization_in_another_placement_shows_its_branding(
    browser_for, router
) -> None:
    us = await found(router, "Harbor", "us")
    eu = await found(router, "Northstar", "eu")
    async with tenant_session(router, [us.organization.id]) as session:
        session.add(
            CommunicationSettings(
                organization_id=us.organization.id,
                brand_name="Harbor Sound",
                primary_color="#0b7285",
            )
        )
        await add_custom_domain(
            session,
            organization_id=us.organization.id,
            hostname="dash.harbor.example",
            verified=True,
            actor=Actor.system("t"),
        )
    await member_with_password(router, us.organization.id, "owner@harbor.example")
    await member_with_password(router, eu.organization.id, "owner@northstar.example")
    host = "dash.harbor.example"

    browser = await browser_for()
    form = await browser.get("/dashboard/sign-in", headers={"Host": host})
    assert "Sign in to Harbor Sound" in form.text and "#0b7285" in form.text
    # Only the domain's organization signs in there.
    assert (await sign_in(browser, "owner@northstar.example", host=host)).status_code == 401
    r = await sign_in(await browser_for(), "owner@harbor.example", host=host)
    assert r.status_code == 303
    # Elsewhere, the default branding.
    plain = await (await browser_for()).get("/dashboard/sign-in")
    assert "Harbor Sound" not in plain.text


@pytest.fixture
def idp() -> AsyncIterator[OidcProviderStub]:
    with OidcProviderStub({"harbor-app": ("harbor-secret-value", CALLBACK)}) as stub:
        yield stub


async def test_sso_by_e_mail_domain_finds_an_organization_in_another_placement(
    app_factory, placement_specs, router, idp, us_url, database_url
) -> None:
    us = await found(router, "Harbor", "us")
    await found(router, "Northstar", "eu")
    app: httpx.AsyncClient = await app_factory(
        placements=placement_specs, sso_trusted_issuers=(idp.issuer,)
    )
    r = await app.put(
        "/v1/sso",
        headers=bearer(us),
        json={
            "slug": "harbor",
            "issuer": idp.issuer,
            "client_id": "harbor-app",
            "client_secret": "harbor-secret-value",
            "email_domains": ["harbor.example"],
            "default_role": "viewer",
        },
    )
    assert r.status_code == 200, r.text
    assert count(us_url, "SELECT count(*) FROM sso_configurations") == 1
    assert count(database_url, "SELECT count(*) FROM sso_configurations") == 0

    for login in ("new.person@harbor.example", "harbor"):
        form = await app.get("/dashboard/sso")
        token = FORM_TOKEN.search(form.text)
        assert token, form.text
        r = await app.post("/dashboard/sso", data={"login": login, "form_token": token.group(1)})
        assert r.status_code == 200, r.text
        link = PROVIDER_LINK.search(r.text)
        assert link, r.text
        query = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
        assert query["client_id"] == ["harbor-app"]

    # A domain nobody claims names nobody.
    form = await app.get("/dashboard/sso")
    token = FORM_TOKEN.search(form.text)
    assert token
    r = await app.post(
        "/dashboard/sso", data={"login": "x@nowhere.example", "form_token": token.group(1)}
    )
    assert r.status_code == 404


async def connect(router: PlacementRouter, box: SecretBox, org_id: str, provider: str,
                  account: str, credentials: dict[str, str]) -> None:  # fmt: skip
    async with tenant_session(router, [org_id]) as session:
        session.add(
            IntegrationConnection(
                id=new_id("int"),
                organization_id=org_id,
                provider=provider,
                external_account_id=account,
                credentials=box.seal(credentials),
                settings={},
                status="connected",
            )
        )


async def test_slack_and_teams_callbacks_reach_organizations_of_every_placement(
    browser_for, router, settings
) -> None:
    us = await found(router, "Harbor", "us")
    eu = await found(router, "Northstar", "eu")
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    # One Slack workspace connected to a US and an EU organization (each its own secret).
    await connect(
        router, box, us.organization.id, "slack", TEAM,
        {"bot_token": "xoxb-us", "signing_secret": SIGNING_SECRET},
    )  # fmt: skip
    await connect(
        router, box, eu.organization.id, "slack", TEAM,
        {"bot_token": "xoxb-eu", "signing_secret": "e" * 32},
    )  # fmt: skip
    found_slack = await connected_credentials(router, box, "slack", TEAM)
    assert sorted(org for org, _ in found_slack) == sorted([us.organization.id, eu.organization.id])
    # A callback signed with the US organization's secret speaks for it alone.
    payload = {"type": "block_actions", "team": {"id": TEAM}, "actions": []}
    body, headers = signed(payload)
    verified = await verified_organizations(
        router,
        box,
        TEAM,
        body=body,
        timestamp=headers["X-Slack-Request-Timestamp"],
        signature=headers["X-Slack-Signature"],
    )
    assert verified == {us.organization.id: "xoxb-us"}
    api = await browser_for()
    r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
    assert r.status_code == 200, r.text
    forged, forged_headers = signed(payload, secret="f" * 32)
    r = await api.post("/integrations/slack/interactions", content=forged, headers=forged_headers)
    assert r.status_code == 401

    # A Teams bot of the US organization is found by its app id.
    app_id = "7f0e1d2c-3b4a-5968-7a6b-5c4d3e2f1a0b"
    await connect(
        router, box, us.organization.id, "teams", app_id,
        {"app_id": app_id, "app_password": "pw", "tenant_id": "tenant-harbor"},
    )  # fmt: skip
    [(org_id, credentials)] = await connected_credentials(router, box, "teams", app_id)
    assert org_id == us.organization.id and credentials["tenant_id"] == "tenant-harbor"


async def test_a_directory_that_routes_elsewhere_hides_a_left_behind_copy(
    browser_for, router, database_url, us_url
) -> None:
    """A member row left in a database the directory no longer routes its organization to
    (a copy a tenant move left behind) signs in to nothing."""
    us = await found(router, "Harbor", "us")
    await member_with_password(router, us.organization.id, "owner@harbor.example")
    # Route the organization to the EU database, where nothing of it exists.
    with psycopg.connect(conninfo(database_url)) as conn:
        conn.execute(
            "UPDATE organization_placements SET placement = 'eu' WHERE organization_id = %s",
            (us.organization.id,),
        )
    router.forget()
    r = await sign_in(await browser_for(), "owner@harbor.example")
    assert r.status_code == 401


# --- plans ------------------------------------------------------------------------------------


def plan_row(url: str, name: str) -> tuple[int, int]:
    with psycopg.connect(conninfo(url)) as conn:
        row = conn.execute(
            "SELECT requests_burst, version FROM plans WHERE name = %s", (name,)
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


async def test_the_operator_api_changes_a_plan_in_every_placement_and_names_one_that_is_down(
    app_factory, placement_specs, router, database_url, us_url, acme_url, owner_url
) -> None:
    api: httpx.AsyncClient = await app_factory(
        placements=placement_specs, operator_token=OPERATOR_TOKEN
    )
    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    _burst, version = plan_row(database_url, "studio_pro")
    r = await api.put(
        "/operator/plans/studio_pro",
        json={"requests_burst": 77, "version": version},
        headers=operator,
    )
    assert r.status_code == 200, r.text
    assert r.json()["requests_burst"] == 77
    assert [(p["placement"], p["status"]) for p in r.json()["placements"]] == [
        ("eu", "changed"),
        ("us", "changed"),
        ("acme", "changed"),
    ]
    for url in (database_url, us_url, owner_url(acme_url)):
        assert plan_row(url, "studio_pro") == (77, version + 1)

    # A stale version is refused by the control database, and nothing changes anywhere.
    r = await api.put(
        "/operator/plans/studio_pro",
        json={"requests_burst": 78, "version": version},
        headers=operator,
    )
    assert r.status_code == 409 and r.json()["code"] == "version_conflict"
    assert plan_row(us_url, "studio_pro") == (77, version + 1)

    # The US database down: the others change, the US one is named.
    down = make_url(placement_specs["us"].url).set(port=free_port()).render_as_string(False)
    broken = await app_factory(
        placements={**placement_specs, "us": PlacementSpec(url=down, region="us")},
        operator_token=OPERATOR_TOKEN,
    )
    r = await broken.put(
        "/operator/plans/studio_pro",
        json={"requests_burst": 90, "version": version + 1},
        headers=operator,
    )
    assert r.status_code == 200, r.text
    outcomes = {p["placement"]: p for p in r.json()["placements"]}
    assert outcomes["us"]["status"] == "unreachable" and outcomes["us"]["detail"]
    assert outcomes["eu"]["status"] == outcomes["acme"]["status"] == "changed"
    assert plan_row(us_url, "studio_pro") == (77, version + 1)
    # Made again once it is back, it brings the US database level.
    r = await api.put(
        "/operator/plans/studio_pro",
        json={"requests_burst": 90, "version": version + 2},
        headers=operator,
    )
    assert [p["status"] for p in r.json()["placements"]] == ["changed"] * 3
    assert (
        plan_row(us_url, "studio_pro") == plan_row(database_url, "studio_pro") == (90, version + 3)
    )


def test_plan_set_and_set_terms_reach_every_placement(
    placement_specs, clean_placements, database_url, us_url, acme_url, owner_url, tmp_path: Path
) -> None:
    env = {
        "PLACEMENTS": json.dumps(
            {name: spec.model_dump(mode="json") for name, spec in placement_specs.items()}
        )
    }
    _burst, version = plan_row(database_url, "studio_pro")
    done = run_cli(
        database_url, tmp_path, "plan", "set", "studio_pro", "requests_burst=55", extra_env=env
    )
    assert done.returncode == 0, done.stderr
    assert "placement us: changed" in done.stderr and "placement acme: changed" in done.stderr
    assert json.loads(done.stdout)["requests_burst"] == 55
    for url in (database_url, us_url, owner_url(acme_url)):
        assert plan_row(url, "studio_pro") == (55, version + 1)

    # A US organization's own terms are set in the US database.
    created = run_cli(
        database_url,
        tmp_path,
        "org",
        "create",
        "--name",
        "Harbor",
        "--owner-email",
        "owner@harbor.example",
        "--region",
        "us",
        "--plan",
        "white_label",
        extra_env=env,
    )
    assert created.returncode == 0, created.stderr
    org_id = re.search(r"org_[A-Za-z0-9]+", created.stdout)
    assert org_id, created.stdout
    terms = run_cli(
        database_url,
        tmp_path,
        "org",
        "set-terms",
        org_id.group(0),
        "requests_burst=33",
        extra_env=env,
    )
    assert terms.returncode == 0, terms.stderr
    assert count(us_url, "SELECT requests_burst FROM organization_plan_overrides") == 33
    assert count(database_url, "SELECT count(*) FROM organization_plan_overrides") == 0

    # A placement that is down is named and the command fails; the others changed.
    down = make_url(us_url).set(port=free_port()).render_as_string(False)
    env_down = {
        "PLACEMENTS": json.dumps(
            {
                **{n: s.model_dump(mode="json") for n, s in placement_specs.items()},
                "us": {"url": down, "region": "us"},
            }
        )
    }
    failed = run_cli(
        database_url, tmp_path, "plan", "set", "studio_pro", "requests_burst=66", extra_env=env_down
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "placement us: unreachable" in failed.stderr
    assert "placement acme: changed" in failed.stderr
    assert plan_row(us_url, "studio_pro") == (55, version + 1)
    assert plan_row(database_url, "studio_pro")[0] == 66


async def test_a_placement_that_is_down_answers_503_not_a_partial_answer(
    app_factory, placement_specs, router
) -> None:
    """With the US database down, no sign-in can say "no such member" or offer only the EU
    memberships, and no Slack callback can say "no such workspace": 503, not 401."""
    eu = await found(router, "Northstar", "eu")
    await member_with_password(router, eu.organization.id, "owner@northstar.example")
    down = make_url(placement_specs["us"].url).set(port=free_port()).render_as_string(False)
    browser: httpx.AsyncClient = await app_factory(
        placements={**placement_specs, "us": PlacementSpec(url=down, region="us")}
    )
    browser.follow_redirects = False
    r = await sign_in(browser, "owner@northstar.example")
    assert r.status_code == 503, r.text
    body, headers = signed({"type": "block_actions", "team": {"id": TEAM}, "actions": []})
    r = await browser.post("/integrations/slack/interactions", content=body, headers=headers)
    assert r.status_code == 503, r.text
    # A dashboard session of the EU organization is found before the US database is asked.
    up: httpx.AsyncClient = await app_factory(placements=placement_specs)
    up.follow_redirects = False
    assert (await sign_in(up, "owner@northstar.example")).status_code == 303
    browser.cookies.update(up.cookies)
    assert (await browser.get("/dashboard/roster")).status_code == 200


@dataclass(frozen=True)
class Org:
    """What the approval helpers need of a tenant: its id and its owner's key."""

    id: str
    headers: dict[str, str]


async def test_a_slack_click_decides_an_approval_of_an_organization_in_another_placement(
    time_skipping_env, app_factory, placed_settings: Settings, router, engine, us_url, keystore
) -> None:
    """A US organization's approval, asked in its Slack workspace by the US worker, is decided
    by a click that reaches the API: the decision is in the US database."""
    queue = f"slack-regions-{uuid.uuid4().hex[:8]}"
    settings = placed_settings.model_copy(update={"temporal_task_queue": queue})
    keyring = OrganizationKeyring.from_settings(settings, router, keystore)
    client = Client(
        **{
            **time_skipping_env.client.config(),
            "data_converter": data_converter(payload_codec(settings, keyring)),
        }
    )
    with slack_stub() as slack:
        api = await app_factory(
            temporal_client=client,
            placements=settings.placements,
            temporal_task_queue=queue,
            slack_api_base_url=slack.api_url,
        )
        us_router = PlacementRouter(router.placements, region="us", cache_seconds=0)
        box = SecretBox(settings.secret_key, settings.previous_secret_keys)
        worker = build_worker(
            client,
            engine,
            task_queue=settings.task_queue_of("us"),
            identity="worker-us",
            settings=settings,
            sessionmaker=us_router,
            channels=[SlackApprovalChannel(us_router, box, slack.client_factory)],
        )
        async with worker:
            us = await found(router, "Harbor", "us")
            org = Org(us.organization.id, bearer(us))
            await connect_slack(api, org)
            mara_id, _ = await member_key(api, org, MARA, "manager")
            _booking, request_id = await pending_booking(api, org)
            _call, channel, ts = await posted_message(slack)
            posted = slack.calls("chat.postMessage")[0]
            body, headers = signed(click(posted, channel, ts, "U0MARA"))
            r = await api.post("/integrations/slack/interactions", content=body, headers=headers)
            assert r.status_code == 200, r.text
            for _ in range(200):
                approval = await api.get(f"/v1/approvals/{request_id}", headers=org.headers)
                if approval.json()["status"] != "pending":
                    break
                await asyncio.sleep(0.05)
            assert approval.json()["status"] == "approved", approval.text
            assert (
                count(
                    us_url,
                    "SELECT count(*) FROM approval_assignments WHERE member_id = %s "
                    "AND status = 'approved' AND channel = 'slack'",
                    mara_id,
                )
                == 1
            )
            with contextlib.suppress(Exception):
                await client.get_workflow_handle(f"{org.id}:approval:{request_id}").terminate(
                    "test over"
                )
