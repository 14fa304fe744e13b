"""Data exports end to end: the API requests one, ``DataExportWorkflow`` builds it on a real
worker against the real database, and the signed link hands the ZIP over once.

What a user would notice: the archive holds exactly their organization's records (or exactly
one person's), its manifest's checksums match its files, the link works once, expires and
refuses a tampered token, and two clients posting with one idempotency key get one export.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, time, timedelta
from typing import Any

import httpx
import psycopg
import pytest

from tests.support.harness import Tenant
from tests.support.histories import keep
from workflows.clients.privacy import export_workflow_id
from workflows.data_export import DataExportWorkflow

pytestmark = pytest.mark.asyncio


def at(days: int, hour: int) -> str:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


async def create(api: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, Any]) -> str:
    r = await api.post(path, json=body, headers=tenant.headers)
    assert r.status_code == 201, (path, r.status_code, r.text)
    return str(r.json()["id"])


async def roster(api: httpx.AsyncClient, tenant: Tenant, label: str) -> dict[str, str]:
    """Two artists, a creator, a client, a contract per artist and a booking of the first."""
    ids = {
        "artist": await create(api, tenant, "/v1/artists", {"name": f"{label} Artist"}),
        "other_artist": await create(api, tenant, "/v1/artists", {"name": f"{label} Other"}),
        "creator": await create(
            api,
            tenant,
            "/v1/creators",
            {"name": f"{label} Creator", "timezone": "UTC", "currency": "EUR"},
        ),
        "client": await create(
            api, tenant, "/v1/clients", {"name": f"{label} Client", "email": "c@client.example"}
        ),
    }
    for artist in ("artist", "other_artist"):
        ids[f"{artist}_contract"] = await create(
            api,
            tenant,
            "/v1/contracts",
            {"title": "Deal", "currency": "EUR", "amount": "100", "artist_id": ids[artist]},
        )
    ids["booking"] = await create(
        api,
        tenant,
        "/v1/bookings",
        {
            "creator_id": ids["creator"],
            "artist_id": ids["artist"],
            "client_id": ids["client"],
            "start": at(3, 10),
            "end": at(3, 12),
            "allow_outside_working_hours": True,
        },
    )
    return ids


async def run_export(api: httpx.AsyncClient, env: Any, tenant: Tenant, body: dict[str, Any]):
    r = await api.post("/v1/exports", json=body, headers=tenant.headers)
    assert r.status_code == 201, r.text
    export_id = r.json()["id"]
    assert r.json()["status"] == "pending"
    handle = env.client.get_workflow_handle(export_workflow_id(tenant.id, export_id))
    # The start happens after the response, in a background task. The run is followed through
    # its query, not its result: awaiting the result lets the time-skipping server jump past
    # the link's expiry, when the workflow deletes the files.
    status = "pending"
    for _ in range(300):
        try:
            status = (await handle.query(DataExportWorkflow.progress)).status
        except Exception:  # not started yet
            status = "pending"
        if status in ("ready", "failed"):
            break
        await asyncio.sleep(0.1)
    assert status == "ready", status
    r = await api.get(f"/v1/exports/{export_id}", headers=tenant.headers)
    assert r.status_code == 200
    return r.json(), handle


async def download(api: httpx.AsyncClient, url: str) -> httpx.Response:
    return await api.get(httpx.URL(url).path)


def read_archive(body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files["manifest.json"]), files


def rows(files: dict[str, bytes], entity: str) -> list[dict[str, Any]]:
    return json.loads(files[f"{entity}.json"])


def owner_ids(conninfo: str, query: str, *args: Any) -> set[str]:
    with psycopg.connect(conninfo) as conn:
        return {r[0] for r in conn.execute(query, args).fetchall()}


async def test_an_organization_export_holds_exactly_its_records_with_checksums(
    stack, org_a, make_tenant, owner_conninfo
) -> None:
    api, env = stack
    org_b = await make_tenant("Bluewave Studios", plan="studio_pro")
    mine = await roster(api, org_a, "North")
    theirs = await roster(api, org_b, "Blue")

    export, handle = await run_export(api, env, org_a, {"scope": "organization"})
    assert export["progress"]["entities_done"] == export["progress"]["entities_total"] > 10
    assert export["counts"]["artists"] == 2 and export["counts"]["bookings"] == 1
    assert export["download_url"] and export["expires_at"]

    r = await download(api, export["download_url"])
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    manifest, files = read_archive(r.content)

    # Every file the manifest names is in the archive with the checksum and size it states.
    assert {f["name"] for f in manifest["files"]} | {"manifest.json"} == set(files)
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["name"]]).hexdigest() == entry["sha256"]
        assert len(files[entry["name"]]) == entry["bytes"]
    assert manifest["subject"] == {"scope": "organization", "kind": None, "id": None}
    assert {e["name"]: e["count"] for e in manifest["entities"]} == export["counts"]

    # Exactly this organization: its rows, each entity complete, and nothing of the other.
    assert [o["id"] for o in rows(files, "organizations")] == [org_a.id]
    for entity in ("artists", "creators", "clients", "contracts", "bookings", "audit_events"):
        in_db = owner_ids(
            owner_conninfo, f"SELECT id FROM {entity} WHERE organization_id = %s", org_a.id
        )
        if entity == "audit_events":  # all but the entries the export itself wrote later
            in_db -= owner_ids(
                owner_conninfo,
                "SELECT id FROM audit_events WHERE target_id = %s "
                "AND action IN ('data_export.ready', 'data_export.downloaded')",
                export["id"],
            )
        exported = rows(files, entity)
        assert {row["id"] for row in exported} == in_db, entity
        assert {row["organization_id"] for row in exported} <= {org_a.id}
        as_csv = list(csv.DictReader(io.StringIO(files[f"{entity}.csv"].decode())))
        assert {row["id"] for row in as_csv} == in_db, entity
    everything = b"".join(files.values())
    assert org_b.id.encode() not in everything
    assert not any(value.encode() in everything for value in theirs.values())
    assert all(value.encode() in everything for value in mine.values())
    # Credentials never leave: no key hashes, no password hashes.
    assert "secret_hash" not in files["api_keys.csv"].decode().splitlines()[0]
    assert "member_credentials.json" not in files

    # The files are a full copy of the organization's personal data: once the link has
    # expired they serve no one, and kept they would outlive retention and erasure. Both the
    # downloaded export's and an untouched one's go; the rows stay, and the untouched one's
    # link is dead with its files. (Time is skipped here, in the module's first test: the
    # time-skipping server stalls once earlier tests have left terminated runs behind.)
    untouched, untouched_handle = await run_export(api, env, org_a, {"scope": "organization"})
    assert stored_chunks(owner_conninfo, export["id"]) > 0
    assert stored_chunks(owner_conninfo, untouched["id"]) > 0
    # An export whose row went meanwhile (its organization deleted) has nothing left to delete.
    gone, gone_handle = await run_export(api, env, org_a, {"scope": "organization"})
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("DELETE FROM data_exports WHERE id = %s", (gone["id"],))
    await env.sleep(timedelta(hours=26))
    assert (await handle.result())["status"] == "ready"
    assert (await untouched_handle.result())["status"] == "ready"
    assert (await gone_handle.result())["status"] == "ready"
    for done in (export, untouched):
        assert stored_chunks(owner_conninfo, done["id"]) == 0
        after = (await api.get(f"/v1/exports/{done['id']}", headers=org_a.headers)).json()
        assert after["status"] == "ready" and after["counts"] == done["counts"]
        assert datetime.fromisoformat(after["expires_at"]) <= datetime.now(UTC)
    r = await download(api, untouched["download_url"])
    assert r.status_code == 410 and r.json()["code"] == "link_expired"
    await keep(env.client, handle.id, "data_export_organization")


async def test_a_person_export_holds_exactly_the_subjects_records(
    stack, org_a, owner_conninfo
) -> None:
    api, env = stack
    ids = await roster(api, org_a, "North")
    export, _ = await run_export(
        api, env, org_a, {"scope": "person", "kind": "artist", "id": ids["artist"]}
    )
    assert (export["subject_kind"], export["subject_id"]) == ("artist", ids["artist"])
    r = await download(api, export["download_url"])
    manifest, files = read_archive(r.content)
    assert manifest["subject"] == {"scope": "person", "kind": "artist", "id": ids["artist"]}

    assert [a["id"] for a in rows(files, "artists")] == [ids["artist"]]
    assert [c["id"] for c in rows(files, "contracts")] == [ids["artist_contract"]]
    assert [b["id"] for b in rows(files, "bookings")] == [ids["booking"]]
    audit = rows(files, "audit_events")
    assert audit and {e["target_id"] for e in audit} == {ids["artist"]}
    in_db = owner_ids(
        owner_conninfo, "SELECT id FROM audit_events WHERE target_id = %s", ids["artist"]
    )
    assert {e["id"] for e in audit} == in_db
    # The other artist, and tables that cannot name an artist, are not in it.
    everything = b"".join(files.values())
    assert ids["other_artist"].encode() not in everything
    assert ids["other_artist_contract"].encode() not in everything
    assert "members.json" not in files and "organizations.json" not in files


async def test_a_person_of_another_organization_is_not_found(stack, org_a, make_tenant) -> None:
    api, _env = stack
    org_b = await make_tenant("Bluewave Studios", plan="studio_pro")
    theirs = await create(api, org_b, "/v1/artists", {"name": "Blue Artist"})
    r = await api.post(
        "/v1/exports",
        json={"scope": "person", "kind": "artist", "id": theirs},
        headers=org_a.headers,
    )
    assert r.status_code == 404 and r.json()["param"] == "id"
    missing_id = await api.post(
        "/v1/exports", json={"scope": "person", "kind": "artist"}, headers=org_a.headers
    )
    assert missing_id.status_code == 422 and missing_id.json()["param"] == "id"


async def test_the_link_works_once_expires_and_refuses_a_tampered_token(
    stack, org_a, owner_conninfo
) -> None:
    api, env = stack
    await roster(api, org_a, "North")
    export, _ = await run_export(api, env, org_a, {"scope": "organization"})
    url = export["download_url"]

    tampered = url[:-1] + ("0" if url[-1] != "0" else "1")
    assert (await download(api, tampered)).status_code == 403
    other_export = url.replace(export["id"], "exp_" + "0" * 26)
    assert (await download(api, other_export)).status_code == 403

    assert (await download(api, url)).status_code == 200
    again = await download(api, url)
    assert again.status_code == 410 and again.json()["code"] == "link_used"
    after = (await api.get(f"/v1/exports/{export['id']}", headers=org_a.headers)).json()
    assert after["downloaded_at"] and after["download_url"] is None

    # A second export whose download window has passed: its link is gone, not forbidden.
    second, _ = await run_export(api, env, org_a, {"scope": "organization"})
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "UPDATE data_exports SET expires_at = now() - interval '1 minute' WHERE id = %s",
            (second["id"],),
        )
    expired = (await api.get(f"/v1/exports/{second['id']}", headers=org_a.headers)).json()
    r = await download(api, expired["download_url"])
    assert r.status_code == 410 and r.json()["code"] == "link_expired"


async def test_concurrent_posts_with_one_idempotency_key_make_one_export(
    stack, org_a, owner_conninfo
) -> None:
    api, _env = stack
    headers = {**org_a.headers, "Idempotency-Key": "export-once"}
    answers = await asyncio.gather(
        *(
            api.post("/v1/exports", json={"scope": "organization"}, headers=headers)
            for _ in range(4)
        )
    )
    codes = sorted(r.status_code for r in answers)
    assert set(codes) <= {201, 409} and 201 in codes, [r.text for r in answers]
    ids = {r.json()["id"] for r in answers if r.status_code == 201}
    assert len(ids) == 1
    with psycopg.connect(owner_conninfo) as conn:
        [(count,)] = conn.execute(
            "SELECT count(*) FROM data_exports WHERE organization_id = %s", (org_a.id,)
        ).fetchall()
    assert count == 1
    replay = await api.post("/v1/exports", json={"scope": "organization"}, headers=headers)
    assert replay.json()["id"] in ids


async def test_only_holders_of_the_export_permission_may_export(stack, org_a) -> None:
    api, _env = stack
    r = await api.post(
        "/v1/api-keys",
        json={"name": "viewer", "permissions": ["bookings:read"]},
        headers=org_a.headers,
    )
    assert r.status_code == 201, r.text
    viewer = {"Authorization": f"Bearer {r.json()['secret']}"}
    refused = await api.post("/v1/exports", json={"scope": "organization"}, headers=viewer)
    assert refused.status_code == 403
    assert (await api.get("/v1/retention", headers=viewer)).status_code == 403


async def test_a_member_export_holds_their_row_absences_and_audit_entries(
    stack, org_a, owner_conninfo
) -> None:
    api, env = stack
    member = await create(
        api,
        org_a,
        "/v1/members",
        {"email": "sam@northstar.example", "name": "Sam", "role": "viewer"},
    )
    other = await create(
        api,
        org_a,
        "/v1/members",
        {"email": "kim@northstar.example", "name": "Kim", "role": "viewer"},
    )
    absence = await create(
        api,
        org_a,
        "/v1/absences",
        {
            "member_id": member,
            "delegate_member_id": other,
            "starts_at": at(5, 0),
            "ends_at": at(6, 0),
        },
    )
    export, _ = await run_export(
        api, env, org_a, {"scope": "person", "kind": "member", "id": member}
    )
    _manifest, files = read_archive((await download(api, export["download_url"])).content)
    assert [m["id"] for m in rows(files, "members")] == [member]
    assert [a["id"] for a in rows(files, "member_absences")] == [absence]
    in_db = owner_ids(
        owner_conninfo,
        "SELECT id FROM audit_events WHERE target_id = %s OR actor_id = %s",
        member,
        member,
    )
    assert {e["id"] for e in rows(files, "audit_events")} == in_db
    assert b"kim@northstar.example" not in b"".join(files.values())


def stored_chunks(conninfo: str, export_id: str) -> int:
    with psycopg.connect(conninfo) as conn:
        [(count,)] = conn.execute(
            "SELECT count(*) FROM data_export_files WHERE export_id = %s", (export_id,)
        ).fetchall()
    return int(count)
