"""Running the roster from the dashboard: adding and editing artists, and a CSV import that is
previewed (nothing written, each row's errors on its line) before it is confirmed. The plan's
artist limit is shown and applied as the API applies it; two people editing one artist get a
409 for the second save, with their input kept; every change is audited; forms refuse a
missing CSRF token and a member without ``artists:write``."""

from __future__ import annotations

import html
import re

import psycopg

from domain.audit.service import Actor
from domain.tenancy import quotas
from tests.support.dashboard import csrf_of, signed_in_browser

CSV = (
    "name,genres,contract_start,contract_end,external_ref\n"
    "Ada Moon,pop;soul,2026-01-01,2027-01-01,ada\n"
    "Broken Row,rock,2026-05-01,2026-01-01,broken\n"
    "Cleo Vance,jazz,,,cleo\n"
    "Dee Lux,house,,,dee\n"
)
VERSION = re.compile(r'name="version" value="([^"]*)"')
CSV_TEXT = re.compile(r'name="csv_text" value="([^"]*)"', re.S)


def _audit(conninfo: str, org_id: str, action: str) -> list[tuple[str, str]]:
    with psycopg.connect(conninfo) as conn:
        return conn.execute(
            "SELECT actor_id, target_id FROM audit_events "
            "WHERE organization_id = %s AND action = %s ORDER BY seq",
            (org_id, action),
        ).fetchall()


def _line(page: str, line: int) -> str:
    match = re.search(rf'<tr id="line-{line}".*?</tr>', page, re.S)
    assert match, f"no row for line {line}"
    return html.unescape(match.group(0))


async def test_a_csv_import_is_previewed_then_imports_the_good_rows_within_the_plan(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    await quotas.set_override(
        sessionmaker, organization_id=org_a.id, quota="artists", limit=3, actor=Actor.system("t")
    )
    assert (await api.post("/v1/artists", headers=org_a.headers, json={"name": "Old"})).is_success
    manager = await signed_in_browser(
        browser_for, sessionmaker, org_a, "nia@northstar.example", "coordinator"
    )
    form = await manager.get("/dashboard/roster/import")
    assert form.status_code == 200
    assert "1 of 3</strong> artists used" in form.text
    csrf = csrf_of(form.text)

    preview = await manager.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "preview"},
        files={"file": ("roster.csv", CSV.encode(), "text/csv")},
    )
    assert preview.status_code == 200, preview.text
    assert "Preview: nothing is saved yet" in preview.text
    # Each row's answer is on its line of the file: the header is line 1.
    assert "created" in _line(preview.text, 2)
    broken = _line(preview.text, 3)
    assert 'class="row-error"' in broken and "contract_end is before contract_start" in broken
    assert "created" in _line(preview.text, 4)
    # Two more fit under the limit of three: the last good row is refused by the plan.
    refused = _line(preview.text, 5)
    assert 'class="row-error"' in refused and "allows 3 artists across the organization" in refused
    listed = await api.get("/v1/artists", headers=org_a.headers)
    assert [a["name"] for a in listed.json()["data"]] == ["Old"], "a preview writes nothing"

    carried = CSV_TEXT.search(preview.text)
    assert carried
    done = await manager.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "import", "csv_text": html.unescape(carried[1])},
    )
    assert done.status_code == 200
    assert "Imported: 2 created" in done.text and "2 not imported" in done.text
    names = {
        a["name"] for a in (await api.get("/v1/artists", headers=org_a.headers)).json()["data"]
    }
    assert names == {"Old", "Ada Moon", "Cleo Vance"}
    assert len(_audit(owner_conninfo, org_a.id, "artist.created")) == 3
    roster = await manager.get("/dashboard/roster")
    assert "3 of 3</strong> artists used" in roster.text and "0 more fit" in roster.text


async def test_an_unreadable_file_is_answered_beside_the_file_field(
    api, org_a, sessionmaker, browser_for
):
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    csrf = csrf_of((await owner.get("/dashboard/roster/import")).text)
    r = await owner.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "preview"},
        files={"file": ("roster.csv", b"nom,genre\nAda,pop\n", "text/csv")},
    )
    assert r.status_code == 422
    assert 'id="err-file"' in r.text and 'aria-invalid="true"' in r.text
    empty = await owner.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "preview"},
        files={"file": ("roster.csv", b"", "text/csv")},
    )
    assert empty.status_code == 422 and "Choose a CSV file." in empty.text


async def test_artists_are_added_and_edited_and_a_second_editor_is_told(
    api, org_a, sessionmaker, browser_for, owner_conninfo
):
    first = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    second = await signed_in_browser(
        browser_for, sessionmaker, org_a, "nia@northstar.example", "coordinator"
    )
    csrf = csrf_of((await first.get("/dashboard/roster/new")).text)
    typed = {"name": "Ada Moon", "genres": "pop, soul", "status": "active", "links": "ftp://x"}
    bad = await first.post("/dashboard/roster/new", data={**typed, "csrf_token": csrf})
    assert bad.status_code == 422
    assert 'id="err-links"' in bad.text and "is not an http(s) URL" in html.unescape(bad.text)
    assert 'value="Ada Moon"' in bad.text and 'value="pop, soul"' in bad.text
    made = await first.post(
        "/dashboard/roster/new",
        data={**typed, "links": "https://ada.example", "csrf_token": csrf},
    )
    assert made.status_code == 303, made.text
    edit_path = made.headers["location"].split("?")[0]
    artist_id = edit_path.split("/")[3]
    artist = (await api.get(f"/v1/artists/{artist_id}", headers=org_a.headers)).json()
    assert artist["genres"] == ["pop", "soul"] and artist["links"] == ["https://ada.example"]

    # Both open the form; the first saves; the second's save is refused, their input kept.
    mine, theirs = (await first.get(edit_path)).text, (await second.get(edit_path)).text
    form = {"genres": "pop", "status": "active", "links": "", "tags": ""}
    saved = await first.post(
        edit_path,
        data={**form, "name": "Ada M.", "version": VERSION.search(mine)[1], "csrf_token": csrf},
    )
    assert saved.status_code == 303
    csrf_2 = csrf_of(theirs)
    late = await second.post(
        edit_path,
        data={
            **form,
            "name": "Ada Moonlight",
            "version": VERSION.search(theirs)[1],
            "csrf_token": csrf_2,
        },
    )
    assert late.status_code == 409
    assert "someone else saved this artist" in late.text
    assert 'value="Ada Moonlight"' in late.text and "<td>Ada M.</td>" in late.text
    check = await api.get(f"/v1/artists/{artist_id}", headers=org_a.headers)
    assert check.json()["name"] == "Ada M."
    again = await second.post(
        edit_path,
        data={
            **form,
            "name": "Ada Moonlight",
            "version": VERSION.search(late.text)[1],
            "csrf_token": csrf_2,
        },
    )
    assert again.status_code == 303
    check = await api.get(f"/v1/artists/{artist_id}", headers=org_a.headers)
    assert check.json()["name"] == "Ada Moonlight"
    assert len(_audit(owner_conninfo, org_a.id, "artist.updated")) == 2


async def test_artist_forms_need_the_token_and_the_permission(
    api, org_a, sessionmaker, browser_for
):
    viewer = await signed_in_browser(
        browser_for, sessionmaker, org_a, "vic@northstar.example", "viewer"
    )
    assert (await viewer.get("/dashboard/roster/new")).status_code == 403
    assert (await viewer.get("/dashboard/roster/import")).status_code == 403
    csrf = csrf_of((await viewer.get("/dashboard/account")).text)
    r = await viewer.post("/dashboard/roster/new", data={"name": "X", "csrf_token": csrf})
    assert r.status_code == 403
    roster = await viewer.get("/dashboard/roster")
    assert roster.status_code == 200 and "/dashboard/roster/new" not in roster.text
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    r = await owner.post("/dashboard/roster/new", data={"name": "No token"})
    assert r.status_code == 403
    listed = await api.get("/v1/artists", headers=org_a.headers)
    assert listed.json()["data"] == []


async def test_a_file_over_the_default_body_limit_is_previewed_and_imported(
    api, org_a, sessionmaker, browser_for
):
    """The import takes files up to the API's roster limit (5 MiB), not the default 1 MiB,
    in both steps: the upload and the form that sends it back."""
    padding = "x" * 185
    rows = "".join(f"Artist {n} {padding},pop,ref-{n}\n" for n in range(5000))
    content = ("name,genres,external_ref\n" + rows).encode()
    assert len(content) > 1024 * 1024
    owner = await signed_in_browser(browser_for, sessionmaker, org_a, "owner@northstar.example")
    csrf = csrf_of((await owner.get("/dashboard/roster/import")).text)
    preview = await owner.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "preview"},
        files={"file": ("roster.csv", content, "text/csv")},
    )
    assert preview.status_code == 200, preview.text[:500]
    # label_enterprise allows 100 artists: the rest are refused by the plan, on their lines.
    assert "100 to create" in preview.text and "4900 with errors" in preview.text
    done = await owner.post(
        "/dashboard/roster/import",
        data={"csrf_token": csrf, "action": "import", "csv_text": content.decode()},
    )
    assert done.status_code == 200 and "Imported: 100 created" in done.text
    roster = await owner.get("/dashboard/roster")
    assert "100 of 100</strong> artists used" in roster.text
