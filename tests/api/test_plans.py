"""Plans as data through the operator API: limits follow the table, an organization's own
terms win over its plan and touch nobody else, modules gate the API and its reference, and
concurrent edits are told (409), never lost or a 500."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from api import module_gate
from core.db import tenant_session
from domain.audit.service import Actor
from domain.tenancy import plan_catalog, trials
from domain.tenancy.models import OrganizationTrial
from tests.support.commands import run_cli
from tests.support.dashboard import csrf_of, member_with_password, sign_in
from tests.support.harness import Tenant

TOKEN = "operator-token-for-tests-0123456789"
OPERATOR = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def api(app_factory, clean_db) -> httpx.AsyncClient:
    client: httpx.AsyncClient = await app_factory(operator_token=TOKEN)
    return client


async def plan(api: httpx.AsyncClient, name: str) -> dict[str, Any]:
    listed = await api.get("/operator/plans", headers=OPERATOR)
    assert listed.status_code == 200, listed.text
    [found] = [p for p in listed.json()["data"] if p["name"] == name]
    return dict(found)


async def put_override(api: httpx.AsyncClient, org: Tenant, **body: Any) -> httpx.Response:
    return await api.put(
        f"/operator/organizations/{org.id}/plan-override", json=body, headers=OPERATOR
    )


async def add_artists(api: httpx.AsyncClient, org: Tenant, n: int, start: int = 0) -> None:
    rows = [{"name": f"Artist {start + i}"} for i in range(n)]
    r = await api.post("/v1/artists/bulk", json={"artists": rows}, headers=org.headers)
    assert r.status_code == 200, r.text
    assert {row["status"] for row in r.json()["rows"]} == {"created"}, r.text


async def add_artist(api: httpx.AsyncClient, org: Tenant, name: str) -> httpx.Response:
    return await api.post("/v1/artists", json={"name": name}, headers=org.headers)


# --- the operator API is the operator's ------------------------------------------------------


async def test_the_operator_api_needs_its_token_and_is_absent_without_one(
    app_factory, clean_db, org_a
) -> None:
    closed = await app_factory()
    assert (await closed.get("/operator/plans", headers=OPERATOR)).status_code == 404
    opened = await app_factory(operator_token=TOKEN)
    wrong = await opened.get("/operator/plans", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
    # A tenant's API key is not the operator's token.
    assert (await opened.get("/operator/plans", headers=org_a.headers)).status_code == 401
    assert (await opened.get("/operator/plans", headers=OPERATOR)).status_code == 200


# --- limits are read from the table ---------------------------------------------------------


async def test_raising_a_plans_artist_limit_lets_the_26th_artist_in(api, make_tenant) -> None:
    studio = await make_tenant("Small Studio", plan="studio_pro")
    await add_artists(api, studio, 25)
    refused = await add_artist(api, studio, "Twenty-six")
    assert refused.status_code == 409
    assert (refused.json()["code"], refused.json()["limit"]) == ("quota_exceeded", 25)

    before = await plan(api, "studio_pro")
    changed = await api.put(
        "/operator/plans/studio_pro",
        json={"version": before["version"], "artists": 26},
        headers=OPERATOR,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["artists"], changed.json()["version"]) == (26, before["version"] + 1)

    assert (await add_artist(api, studio, "Twenty-six")).status_code == 201
    again = await add_artist(api, studio, "Twenty-seven")
    assert again.status_code == 409
    assert (again.json()["limit"], again.json()["usage"]) == (26, 26)


async def test_an_organizations_override_wins_and_never_reaches_another(api, make_tenant) -> None:
    a = await make_tenant("Alpha Studio", plan="studio_pro")
    b = await make_tenant("Bravo Studio", plan="studio_pro")
    r = await put_override(
        api,
        a,
        version=0,
        quotas={"artists": 2},
        base_fee_minor=12_345,
        allowances={"api_requests": {"included": 7, "price_minor": 50, "per": 1000}},
        requests_per_minute=42,
        support_tier="dedicated",
    )
    assert r.status_code == 200, r.text
    assert (r.json()["version"], r.json()["quotas"]) == (1, {"artists": 2})

    await add_artists(api, a, 2)
    refused = await add_artist(api, a, "Third")
    assert (refused.status_code, refused.json()["limit"]) == (409, 2)
    await add_artists(api, b, 3)  # B keeps its plan's 25

    terms_a = (await api.get("/v1/organization/plan", headers=a.headers)).json()
    terms_b = (await api.get("/v1/organization/plan", headers=b.headers)).json()
    assert (terms_a["base_fee_minor"], terms_b["base_fee_minor"]) == (12_345, 29_900)
    assert terms_a["requests"]["per_minute"] == 42
    assert terms_b["requests"] == {"per_minute": 600, "burst": 100}
    assert (terms_a["support_tier"], terms_b["support_tier"]) == ("dedicated", "standard")
    assert terms_a["allowances"]["api_requests"] == {
        "included": 7, "price_minor": 50, "per": 1000,
    }  # fmt: skip
    assert terms_b["allowances"]["api_requests"]["included"] == 100_000

    # The usage statement prices A by its own terms, B by the plan's.
    month = datetime.now(UTC).strftime("%Y-%m")
    statement_a = await api.get(f"/v1/usage/statements/{month}", headers=a.headers)
    statement_b = await api.get(f"/v1/usage/statements/{month}", headers=b.headers)
    assert statement_a.json()["base_fee"] == "123.45", statement_a.text
    assert statement_b.json()["base_fee"] == "299.00", statement_b.text

    # A's override cannot be read or changed with B's key: the operator API is not a tenant's.
    peek = await api.get(f"/operator/organizations/{a.id}/plan-override", headers=b.headers)
    assert peek.status_code == 401


async def test_concurrent_override_edits_one_wins_the_others_are_told(api, org_a) -> None:
    first = await asyncio.gather(
        *(put_override(api, org_a, version=0, requests_per_minute=100 + n) for n in range(6))
    )
    assert sorted(r.status_code for r in first) == [200] + [409] * 5
    for refused in (r for r in first if r.status_code == 409):
        assert refused.json()["code"] == "version_conflict"
        assert refused.json()["param"] == "version"

    second = await asyncio.gather(
        *(put_override(api, org_a, version=1, support_tier="priority") for _ in range(6))
    )
    assert sorted(r.status_code for r in second) == [200] + [409] * 5
    stored = await api.get(f"/operator/organizations/{org_a.id}/plan-override", headers=OPERATOR)
    assert (stored.json()["version"], stored.json()["support_tier"]) == (2, "priority")
    audit = await api.get(
        "/v1/audit-events",
        params={"action": "organization.plan_override_changed"},
        headers=org_a.headers,
    )
    assert len(audit.json()["data"]) == 2, audit.text


async def test_concurrent_plan_edits_one_wins(api) -> None:
    version = (await plan(api, "label_enterprise"))["version"]
    racing = await asyncio.gather(
        *(
            api.put(
                "/operator/plans/label_enterprise",
                json={"version": version, "seats": 60 + n},
                headers=OPERATOR,
            )
            for n in range(5)
        )
    )
    assert sorted(r.status_code for r in racing) == [200] + [409] * 4
    [won] = [r for r in racing if r.status_code == 200]
    assert (await plan(api, "label_enterprise"))["seats"] == won.json()["seats"]


async def test_bad_plan_input_is_a_problem_naming_the_field(api) -> None:
    unknown = await api.put(
        "/operator/plans/studio_pro",
        json={"version": 1, "allowances": {"carrier_pigeons": {"included": 1}}},
        headers=OPERATOR,
    )
    assert (unknown.status_code, unknown.json()["param"]) == (422, "allowances")
    bad_rate = await api.put(
        "/operator/plans/studio_pro", json={"version": 1, "requests_burst": 0}, headers=OPERATOR
    )
    assert bad_rate.status_code == 422
    assert bad_rate.headers["content-type"] == "application/problem+json"
    new = await api.put(
        "/operator/plans/festival",
        json={"version": 0, "rank": 9, "requests_per_minute": 60, "requests_burst": 10},
        headers=OPERATOR,
    )
    assert new.status_code == 200, new.text
    assert new.json()["modules"] == [
        "roster", "analytics", "calendar", "approvals", "projects", "audit", "usage",
    ]  # fmt: skip


# --- modules gate the API --------------------------------------------------------------------


async def test_a_module_the_override_leaves_out_answers_403_and_leaves_the_reference(
    api, org_a, org_b
) -> None:
    granted = ["roster", "analytics", "calendar", "approvals", "audit", "usage"]
    assert (await put_override(api, org_a, version=0, modules=granted)).status_code == 200

    for method, path in (("GET", "/v1/projects"), ("POST", "/v1/projects")):
        r = await api.request(method, path, headers=org_a.headers, json={"name": "Album"})
        assert r.status_code == 403, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert (r.json()["code"], r.json()["module"]) == ("module_disabled", "projects")
    assert (await api.get("/v1/artists", headers=org_a.headers)).status_code == 200
    # Another organization on its plan keeps the module.
    assert (await api.get("/v1/projects", headers=org_b.headers)).status_code == 200

    mine = (await api.get("/v1/openapi.json", headers=org_a.headers)).json()
    theirs = (await api.get("/v1/openapi.json", headers=org_b.headers)).json()
    assert not [p for p in mine["paths"] if p.startswith(("/v1/projects", "/v1/milestones"))]
    assert "/v1/artists" in mine["paths"]
    assert "/v1/projects" in theirs["paths"]
    assert [p for p in theirs["paths"] if p.startswith("/v1/milestones")]
    assert (await api.get("/v1/openapi.json")).status_code == 401


async def test_connecting_a_project_tool_is_part_of_the_projects_module(api, org_a) -> None:
    """Asana and Monday.com sync milestones: without projects there is nothing to connect,
    and nothing would be refused before the tool's token is checked."""
    granted = ["roster", "analytics", "calendar", "approvals", "audit", "usage"]
    assert (await put_override(api, org_a, version=0, modules=granted)).status_code == 200
    for provider, body in (
        ("asana", {"access_token": "asana-token-0123456789", "workspace_gid": "1"}),
        ("monday", {"access_token": "monday-token-0123456789", "workspace_id": "1"}),
    ):
        r = await api.put(f"/v1/integrations/{provider}", json=body, headers=org_a.headers)
        assert r.status_code == 403, r.text
        assert (r.json()["code"], r.json()["module"]) == ("module_disabled", "projects")
    mine = (await api.get("/v1/openapi.json", headers=org_a.headers)).json()
    assert "/v1/integrations/asana" not in mine["paths"]
    assert "/v1/integrations/salesforce" in mine["paths"]


async def test_the_organizations_own_switch_disables_a_module_the_plan_grants(api, org_a) -> None:
    switched = await api.patch(
        "/v1/organization",
        json={"settings": {"modules": {"audit": False}}},
        headers=org_a.headers,
    )
    assert switched.status_code == 200, switched.text
    r = await api.get("/v1/audit-events", headers=org_a.headers)
    assert (r.status_code, r.json()["code"]) == (403, "module_disabled")
    terms = (await api.get("/v1/organization/plan", headers=org_a.headers)).json()
    assert "audit" not in terms["modules"] and "roster" in terms["modules"]


async def test_a_plan_without_a_module_disables_it_for_everyone_on_it(api, make_tenant) -> None:
    studio = await make_tenant("Small Studio", plan="studio_pro")
    label = await make_tenant("Big Label", plan="label_enterprise")
    version = (await plan(api, "studio_pro"))["version"]
    modules = ["roster", "analytics", "calendar", "approvals", "projects", "audit"]
    r = await api.put(
        "/operator/plans/studio_pro",
        json={"version": version, "modules": modules},
        headers=OPERATOR,
    )
    assert r.status_code == 200, r.text
    month = datetime.now(UTC).strftime("%Y-%m")
    refused = await api.get(f"/v1/usage/statements/{month}", headers=studio.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")
    allowed = await api.get(f"/v1/usage/statements/{month}", headers=label.headers)
    assert allowed.status_code == 200


# --- read-only after an expired trial --------------------------------------------------------


async def test_an_expired_trial_reads_everywhere_and_changes_nothing(
    api, org_a, sessionmaker, app_factory
) -> None:
    started = await api.post(f"/operator/organizations/{org_a.id}/trial", json={}, headers=OPERATOR)
    assert started.status_code == 201, started.text
    kept = await add_artist(api, org_a, "Kept")
    assert kept.status_code == 201
    # What the TrialWorkflow's last activity does at the end (tests/workflows/test_trials.py
    # runs the whole month).
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        ends_at = datetime.fromisoformat(started.json()["ends_at"])
        assert await trials.expire_trial(
            session, organization_id=org_a.id, now=ends_at, actor=Actor(type="system", id="t")
        )

    refused = await add_artist(api, org_a, "New")
    assert (refused.status_code, refused.json()["code"]) == (403, "read_only")
    listed = await api.get("/v1/artists", headers=org_a.headers)
    assert [a["name"] for a in listed.json()["data"]] == ["Kept"]
    # Questions asked with POST (they change nothing) are reads too: past the gate, each is
    # answered on its own terms.
    preview = await api.post(
        "/v1/email-templates/booking_confirmed/preview",
        json={"context": {"title": "Mix"}},
        headers=org_a.headers,
    )
    assert preview.status_code == 200, preview.text
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    asked = await api.post(
        "/v1/matches",
        json={
            "skills": [{"skill": "mixing"}],
            "duration_minutes": 60,
            "window_start": tomorrow.isoformat(),
            "window_end": (tomorrow + timedelta(hours=8)).isoformat(),
        },
        headers=org_a.headers,
    )
    assert (asked.status_code, asked.json()["code"]) == (422, "unknown_skill"), asked.text
    reference = (await api.get("/openapi.json")).json()["paths"]
    assert all(set(reference[path]) == {"post"} for path in module_gate.QUERIES)

    await member_with_password(sessionmaker, org_a.id, "owner@northstar.example", "owner")
    browser = await app_factory()
    browser.follow_redirects = False
    assert (await sign_in(browser, "owner@northstar.example")).status_code == 303
    page = await browser.get("/dashboard/settings")
    assert page.status_code == 200
    csrf = csrf_of(page.text)
    saved = await browser.post(
        "/dashboard/settings/modules", data={"modules": ["roster"], "csrf_token": csrf}
    )
    assert saved.status_code == 403
    org = (await api.get("/v1/organization", headers=org_a.headers)).json()
    assert "modules" not in org["settings"]
    signed_out = await browser.post("/dashboard/sign-out", data={"csrf_token": csrf})
    assert signed_out.status_code == 303


async def test_a_trial_whose_workflow_never_ran_still_ends_read_only(
    api, org_a, sessionmaker
) -> None:
    """Temporal unreachable when the trial started: no TrialWorkflow expires it, yet its end
    holds (the organization does not keep a free plan for good)."""
    started = await api.post(f"/operator/organizations/{org_a.id}/trial", json={}, headers=OPERATOR)
    assert started.status_code == 201, started.text
    assert started.json()["workflow_started"] is False
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        await session.execute(
            update(OrganizationTrial)
            .where(OrganizationTrial.organization_id == org_a.id)
            .values(ends_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    plan_catalog.forget(org_a.id)

    refused = await add_artist(api, org_a, "New")
    assert (refused.status_code, refused.json()["code"]) == (403, "read_only")
    terms = (await api.get("/v1/organization/plan", headers=org_a.headers)).json()
    assert terms["read_only"] is True
    # Conversion still takes it out of read-only.
    converted = await api.post(
        f"/operator/organizations/{org_a.id}/trial/convert",
        json={"plan": "studio_pro"},
        headers=OPERATOR,
    )
    assert converted.status_code == 200, converted.text
    assert (await add_artist(api, org_a, "After")).status_code == 201


# --- the operator's commands -----------------------------------------------------------------


async def test_plan_set_and_org_set_terms_on_the_command_line(
    api, make_tenant, settings, tmp_path
) -> None:
    studio = await make_tenant("Small Studio", plan="studio_pro")
    done = run_cli(settings.database_url, tmp_path, "plan", "set", "studio_pro", "artists=1")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["artists"] == 1
    await add_artists(api, studio, 1)
    assert (await add_artist(api, studio, "Second")).status_code == 409

    terms = run_cli(
        settings.database_url, tmp_path, "org", "set-terms", studio.id, "support_tier=priority"
    )
    assert terms.returncode == 0, terms.stderr
    listed = run_cli(settings.database_url, tmp_path, "plan", "list")
    assert [json.loads(line)["name"] for line in listed.stdout.splitlines()][:2] == [
        "pilot", "studio_pro",
    ]  # fmt: skip
    # The CLI's process has its own cache; this one reads the change within the bound.
    plan_catalog.forget()
    seen = (await api.get("/v1/organization/plan", headers=studio.headers)).json()
    assert seen["support_tier"] == "priority"
    wrong = run_cli(settings.database_url, tmp_path, "plan", "set", "studio_pro", "colour=red")
    assert wrong.returncode == 2 and "unknown field 'colour'" in wrong.stdout
    # Values are held to the operator API's rules: a refusal naming the field, no traceback.
    for command, field in (
        (("plan", "set", "studio_pro"), "requests_per_minute=fast"),
        (("plan", "set", "studio_pro"), "modules=roster"),
        (("org", "set-terms", studio.id), "base_fee_minor=-5"),
    ):
        bad = run_cli(settings.database_url, tmp_path, *command, field)
        assert bad.returncode == 2, bad.stderr
        assert "Traceback" not in bad.stderr
        assert field.partition("=")[0] in bad.stderr, bad.stderr


async def test_the_request_rate_follows_the_organizations_terms(
    app_factory, clean_db, org_a, org_b
) -> None:
    limited = await app_factory(operator_token=TOKEN, rate_limits_enabled=True)
    r = await put_override(limited, org_a, version=0, requests_per_minute=60, requests_burst=2)
    assert r.status_code == 200, r.text

    mine = [await limited.get("/v1/artists", headers=org_a.headers) for _ in range(4)]
    theirs = [await limited.get("/v1/artists", headers=org_b.headers) for _ in range(4)]

    assert [x.status_code for x in mine].count(429) >= 1, [x.status_code for x in mine]
    assert mine[0].headers["RateLimit-Policy"].startswith('"key";q=60;w=60;burst=2')
    assert {x.status_code for x in theirs} == {200}
    assert theirs[0].headers["RateLimit-Policy"].startswith('"key";q=600;w=60;burst=100')
