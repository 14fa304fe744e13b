"""Projects, e-mail templates and communication settings through the API, without Temporal:
bad input is a 422 naming the field and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg

from tests.support.approvals import create_creator


def _at(days: int, hour: int = 10) -> str:
    day = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return (day + timedelta(days=days)).isoformat()


def _milestone(key: str, depends_on: list[str], creator: str | None = None, day: int = 5) -> dict:
    out: dict = {"key": key, "name": key.title(), "depends_on": depends_on}
    if creator:
        out["sessions"] = [{"creator_id": creator, "start": _at(day), "duration_minutes": 120}]
    return out


def _count(owner_conninfo: str, table: str) -> int:
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return int(row[0])


async def test_a_project_with_its_dag_is_created_and_read_back(api, org_a):
    creator = await create_creator(api, org_a)
    body = {
        "name": "Album One",
        "currency": "EUR",
        "budget": "12000.50",
        "milestones": [
            _milestone("tracking", [], creator, 5),
            {
                **_milestone("mixing", ["tracking"], creator, 8),
                "checklist": [{"id": "stems", "label": "Stems uploaded"}],
            },
        ],
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert r.status_code == 201, r.text
    project = r.json()
    assert project["status"] == "draft" and project["budget"] == "12000.50"
    tracking, mixing = project["milestones"]
    assert mixing["depends_on"] == [tracking["id"]]
    assert mixing["checklist"][0] == {
        "id": "stems",
        "label": "Stems uploaded",
        "done": False,
        "done_at": None,
        "done_by": None,
    }
    progress = await api.get(f"/v1/projects/{project['id']}/progress", headers=org_a.headers)
    assert progress.status_code == 200, progress.text
    assert progress.json()["critical_path"] == [tracking["id"], mixing["id"]]

    ticked = await api.post(
        f"/v1/milestones/{mixing['id']}/checklist", headers=org_a.headers, json={"item_id": "stems"}
    )
    assert ticked.status_code == 200 and ticked.json()["checklist"][0]["done"] is True
    unknown = await api.post(
        f"/v1/milestones/{mixing['id']}/checklist", headers=org_a.headers, json={"item_id": "nope"}
    )
    assert unknown.status_code == 422 and unknown.json()["param"] == "item_id"


async def test_a_cycle_is_refused_naming_the_field_and_nothing_is_created(
    api, org_a, owner_conninfo
):
    body = {
        "name": "Loop",
        "currency": "EUR",
        "milestones": [
            _milestone("a", ["c"]),
            _milestone("b", ["a"]),
            _milestone("c", ["b"]),
        ],
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "dependency_cycle"
    assert problem["param"].startswith("milestones.") and problem["param"].endswith(".depends_on")
    assert "cycle" in problem["detail"]
    assert _count(owner_conninfo, "projects") == 0 and _count(owner_conninfo, "milestones") == 0


async def test_unknown_dependencies_and_creators_are_refused(api, org_a, owner_conninfo):
    creator = await create_creator(api, org_a)
    body = {
        "name": "Typo",
        "currency": "EUR",
        "milestones": [_milestone("tracking", [], creator), _milestone("mix", ["trakcing"])],
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=body)
    assert r.status_code == 422
    assert r.json()["param"] == "milestones.1.depends_on.0" and "trakcing" in r.json()["detail"]
    ghost = {
        "name": "Ghost",
        "currency": "EUR",
        "milestones": [_milestone("x", [], "crt_0000000000aaaaaaaaaaaaaaaa")],
    }
    r = await api.post("/v1/projects", headers=org_a.headers, json=ghost)
    assert r.status_code == 422 and r.json()["param"] == "milestones.0.sessions.0.creator_id"
    assert _count(owner_conninfo, "projects") == 0


async def test_a_dependency_on_another_projects_milestone_is_refused(api, org_a, owner_conninfo):
    one = (
        await api.post(
            "/v1/projects",
            headers=org_a.headers,
            json={"name": "One", "currency": "EUR", "milestones": [_milestone("a", [])]},
        )
    ).json()
    two = (
        await api.post(
            "/v1/projects",
            headers=org_a.headers,
            json={"name": "Two", "currency": "EUR", "milestones": [_milestone("b", [])]},
        )
    ).json()
    before = _count(owner_conninfo, "milestones")
    r = await api.post(
        f"/v1/projects/{two['id']}/milestones",
        headers=org_a.headers,
        json=_milestone("c", ["b", one["milestones"][0]["id"]]),
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "foreign_dependency" and r.json()["param"] == "depends_on.1"
    assert _count(owner_conninfo, "milestones") == before
    ok = await api.post(
        f"/v1/projects/{two['id']}/milestones", headers=org_a.headers, json=_milestone("c", ["b"])
    )
    assert ok.status_code == 201 and ok.json()["depends_on"] == [two["milestones"][0]["id"]]


async def test_a_template_with_a_syntax_error_is_refused_and_the_old_one_kept(api, org_a):
    good = {
        "subject": "{{ brand.name }}: {{ title }} in {{ until_start }}",
        "html": "<h1>{{ title }}</h1><p>{{ start_local }}</p>",
        "text": "{{ title }} at {{ start_local }}",
    }
    r = await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=good)
    assert r.status_code == 200 and r.json()["overridden"] is True
    bad = {**good, "html": "<h1>{{ title }}</h1>\n<p>{{ start_local }}</p>\n{% endfor %}\n"}
    r = await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=bad)
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "template_syntax_error" and problem["param"] == "html"
    assert problem["line"] == 3 and "endfor" in problem["message"]
    assert problem["detail"].startswith("html: line 3:")
    kept = (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()
    assert kept["html"] == good["html"] and kept["version"] == 1


async def test_a_sandbox_escape_is_rejected_and_audited(api, org_a, owner_conninfo):
    escape = {
        "subject": "hi",
        "html": "<p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p>",
        "text": "hi",
    }
    r = await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=escape)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "template_unsafe" and r.json()["param"] == "html"
    assert "__subclasses__" not in r.text or "unsafe" in r.text
    assert (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()[
        "overridden"
    ] is False
    with psycopg.connect(owner_conninfo) as conn:
        rows = conn.execute(
            "SELECT changes FROM audit_events WHERE action = 'email_template.rejected' "
            "AND organization_id = %s",
            (org_a.id,),
        ).fetchall()
    assert len(rows) == 1 and "sandbox violation" in str(rows[0][0])
    # A preview of the same draft is refused the same way.
    preview = await api.post(
        "/v1/email-templates/reminder/preview", headers=org_a.headers, json={"html": escape["html"]}
    )
    assert preview.status_code == 422 and preview.json()["code"] == "template_unsafe"


async def test_preview_renders_branding_and_escapes_html(api, org_a):
    r = await api.patch(
        "/v1/communication-settings",
        headers=org_a.headers,
        json={
            "brand_name": "Northstar",
            "primary_color": "#112233",
            "reply_to": "owner@northstar.example",
        },
    )
    assert r.status_code == 200, r.text
    preview = await api.post(
        "/v1/email-templates/booking_confirmed/preview",
        headers=org_a.headers,
        json={"context": {"title": "<script>alert(1)</script>"}},
    )
    assert preview.status_code == 200, preview.text
    out = preview.json()
    assert "#112233" in out["html"] and "Northstar" in out["html"]
    assert "&lt;script&gt;" in out["html"] and "<script>" not in out["html"]
    assert out["subject"].startswith("Confirmed: <script>")  # plain text is not HTML-escaped
    assert "owner@northstar.example" in out["html"]


async def test_reminder_offsets_must_come_before_the_session(api, org_a):
    before = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert before["reminder_offsets_minutes"] == [1440, 60]
    for offsets, index in (([-30], 0), ([1440, 0], 1)):
        r = await api.patch(
            "/v1/communication-settings",
            headers=org_a.headers,
            json={"reminder_offsets_minutes": offsets},
        )
        assert r.status_code == 422, r.text
        assert r.json()["param"] == "reminder_offsets_minutes"
        assert (
            f"offset {index}" in r.json()["detail"] and "before the session" in r.json()["detail"]
        )
    bad_cron = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"report_cron": "every monday"}
    )
    assert bad_cron.status_code == 422 and bad_cron.json()["param"] == "report_cron"
    after = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert after == before
    ok = await api.patch(
        "/v1/communication-settings",
        headers=org_a.headers,
        json={"reminder_offsets_minutes": [30, 2880]},
    )
    assert ok.json()["reminder_offsets_minutes"] == [2880, 30]


async def test_unknown_templates_variables_and_missing_overrides_are_refused(api, org_a):
    unknown = await api.get("/v1/email-templates/no_such_template", headers=org_a.headers)
    assert unknown.status_code == 404 and "reminder" in unknown.json()["detail"]
    undefined = await api.put(
        "/v1/email-templates/reminder",
        headers=org_a.headers,
        json={"subject": "{{ nope }}", "html": "<p>{{ title }}</p>", "text": "{{ title }}"},
    )
    assert undefined.status_code == 422, undefined.text
    assert undefined.json()["code"] == "template_undefined"
    assert undefined.json()["param"] == "subject" and "until_start" in undefined.json()["detail"]
    gone = await api.delete("/v1/email-templates/reminder", headers=org_a.headers)
    assert gone.status_code == 404
    good = {"subject": "Soon: {{ title }}", "html": "<p>{{ title }}</p>", "text": "{{ title }}"}
    r = await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=good)
    assert r.status_code == 200 and r.json()["overridden"] is True
    r = await api.delete("/v1/email-templates/reminder", headers=org_a.headers)
    assert r.status_code == 204
    back = (await api.get("/v1/email-templates/reminder", headers=org_a.headers)).json()
    assert back["overridden"] is False and back["subject"] != good["subject"]


async def test_settings_refuse_a_plain_http_logo_and_an_unknown_timezone(api, org_a):
    before = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    for body, param in (
        ({"logo_url": "http://cdn.example/logo.png"}, "logo_url"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"primary_color": "red"}, "primary_color"),
    ):
        r = await api.patch("/v1/communication-settings", headers=org_a.headers, json=body)
        assert r.status_code == 422, r.text
        assert r.json()["param"] == param
    after = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert after == before


async def test_settings_are_stored_on_the_first_change_and_updated_after(api, org_a):
    first = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"brand_name": "One"}
    )
    assert first.status_code == 200, first.text
    second = await api.patch(
        "/v1/communication-settings", headers=org_a.headers, json={"chaser_every_hours": 6}
    )
    assert second.status_code == 200, second.text
    now = (await api.get("/v1/communication-settings", headers=org_a.headers)).json()
    assert now["brand_name"] == "One" and now["chaser_every_hours"] == 6


async def test_the_template_list_shows_the_organizations_overrides(api, org_a):
    good = {"subject": "Soon: {{ title }}", "html": "<p>{{ title }}</p>", "text": "{{ title }}"}
    r = await api.put("/v1/email-templates/reminder", headers=org_a.headers, json=good)
    assert r.status_code == 200, r.text
    listed = (await api.get("/v1/email-templates", headers=org_a.headers)).json()["data"]
    by_name = {t["name"]: t for t in listed}
    assert by_name["reminder"]["overridden"] is True
    assert by_name["reminder"]["subject"] == good["subject"]
    assert not any(t["overridden"] for name, t in by_name.items() if name != "reminder")
    assert "follow_up" in by_name and "weekly_report" in by_name
