"""The audit log: one record per mutation, filters and pages, and a hash chain that notices
edits, deletions and a removed head (in code and through `auditoryx audit verify`) once the
sealer has linked the records."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from core.db import tenant_session
from domain.audit.sealer import seal_pending
from domain.audit.service import verify_chain

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIENT_IP = "127.0.0.1"  # what httpx's in-process transport reports as the client


async def events(api, tenant, **filters) -> list[dict]:
    r = await api.get("/v1/audit-events", params={"limit": 100, **filters}, headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["data"]


async def only_event_of(api, tenant, response) -> dict:
    """The single audit record the request that produced ``response`` wrote."""
    request_id = response.headers["x-request-id"]
    found = await events(api, tenant, request_id=request_id)
    assert len(found) == 1, found
    return found[0]


def assert_recorded(event: dict, tenant, response, action: str, target_type: str, target_id: str):
    assert event["action"] == action
    assert event["target_type"] == target_type
    assert event["target_id"] == target_id
    assert event["actor_type"] == "api_key"
    assert event["actor_id"] == tenant.bootstrap.api_key.id
    assert event["request_id"] == response.headers["x-request-id"]
    assert event["ip_hmac"] and event["ip_hmac"] != CLIENT_IP and CLIENT_IP not in event["ip_hmac"]
    assert len(event["ip_hmac"]) == 64


async def test_every_mutation_is_recorded_with_actor_target_diff_and_request(api, org_a):
    h = org_a.headers
    old_name = org_a.bootstrap.organization.name

    r = await api.patch("/v1/organization", json={"name": "Northstar Music"}, headers=h)
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "organization.updated", "organization", org_a.id)
    assert e["changes"] == {"before": {"name": old_name}, "after": {"name": "Northstar Music"}}

    member = {"email": "mix@northstar.example", "name": "Mix", "role": "viewer"}
    r = await api.post("/v1/members", json=member, headers=h)
    member_id = r.json()["id"]
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "member.created", "member", member_id)
    assert e["changes"]["before"] == {}
    assert e["changes"]["after"] == {**member, "status": "active"}

    r = await api.patch(f"/v1/members/{member_id}", json={"role": "manager"}, headers=h)
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "member.updated", "member", member_id)
    assert e["changes"] == {"before": {"role": "viewer"}, "after": {"role": "manager"}}

    r = await api.delete(f"/v1/members/{member_id}", headers=h)
    assert r.status_code == 204
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "member.deleted", "member", member_id)
    assert e["changes"]["before"]["email"] == member["email"]
    assert e["changes"]["after"] == {}

    r = await api.post("/v1/roles", json={"name": "tracking", "permissions": []}, headers=h)
    role_id = r.json()["id"]
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "role.created", "role", role_id)
    assert e["changes"]["after"]["name"] == "tracking"

    r = await api.patch(f"/v1/roles/{role_id}", json={"permissions": ["bookings:read"]}, headers=h)
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "role.updated", "role", role_id)
    assert e["changes"] == {
        "before": {"permissions": []},
        "after": {"permissions": ["bookings:read"]},
    }

    r = await api.delete(f"/v1/roles/{role_id}", headers=h)
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "role.deleted", "role", role_id)
    assert e["changes"]["before"]["name"] == "tracking"

    r = await api.post("/v1/api-keys", json={"name": "ci"}, headers=h)
    key = r.json()
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "api_key.created", "api_key", key["id"])
    assert e["changes"]["after"]["name"] == "ci"
    assert key["secret"] not in str(e)

    r = await api.post(f"/v1/api-keys/{key['id']}/revoke", headers=h)
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "api_key.revoked", "api_key", key["id"])
    assert e["changes"]["before"] == {"revoked_at": None}
    assert e["changes"]["after"]["revoked_at"] is not None

    r = await api.post("/v1/organizations", json={"name": "Imprint"}, headers=h)
    child = r.json()["id"]
    e = await only_event_of(api, org_a, r)
    assert_recorded(e, org_a, r, "organization.child_created", "organization", child)
    as_child = {**h, "AuditoryX-Organization": child}
    in_child = await api.get(
        "/v1/audit-events", params={"request_id": r.headers["x-request-id"]}, headers=as_child
    )
    [created] = in_child.json()["data"]
    assert created["action"] == "organization.created"
    assert created["changes"]["after"]["parent_id"] == org_a.id

    r = await api.patch(f"/v1/organizations/{child}", json={"name": "Imprint Two"}, headers=h)
    assert r.status_code == 200, r.text
    in_child = await api.get(
        "/v1/audit-events", params={"request_id": r.headers["x-request-id"]}, headers=as_child
    )
    [updated] = in_child.json()["data"]
    assert updated["action"] == "organization.updated"
    assert updated["changes"] == {"before": {"name": "Imprint"}, "after": {"name": "Imprint Two"}}

    # The same client address always gives the same HMAC (correlatable, never readable).
    hmacs = {ev["ip_hmac"] for ev in await events(api, org_a, actor_type="api_key")}
    assert len(hmacs) == 1


async def test_the_callers_request_id_is_recorded(api, org_a):
    r = await api.post(
        "/v1/roles",
        json={"name": "editing", "permissions": []},
        headers={**org_a.headers, "X-Request-Id": "my-trace.42"},
    )
    assert r.headers["x-request-id"] == "my-trace.42"
    assert (await only_event_of(api, org_a, r))["request_id"] == "my-trace.42"


async def test_failed_mutations_leave_no_record(api, org_a):
    before = await events(api, org_a)
    duplicate = {"email": org_a.bootstrap.owner.email, "name": "Again", "role": "viewer"}
    assert (await api.post("/v1/members", json=duplicate, headers=org_a.headers)).status_code == 409
    bad = {"name": "x", "permissions": ["nope:nope"]}
    assert (await api.post("/v1/roles", json=bad, headers=org_a.headers)).status_code == 422
    assert await events(api, org_a) == before


async def test_filters_and_pagination(api, org_a, org_b):
    h = org_a.headers
    ids = []
    for i in range(3):
        r = await api.post(
            "/v1/members",
            json={"email": f"m{i}@northstar.example", "name": f"M{i}", "role": "viewer"},
            headers=h,
        )
        ids.append(r.json()["id"])
    middle = datetime.now(UTC)
    await asyncio.sleep(0.01)
    r = await api.patch(f"/v1/members/{ids[0]}", json={"name": "Renamed"}, headers=h)
    assert r.status_code == 200
    everything = await events(api, org_a)
    # Bootstrap (organization, owner, key) by the system actor, then ours by the API key.
    assert len(everything) == 3 + 4

    created = await events(api, org_a, action="member.created")
    assert {e["target_id"] for e in created} == {*ids, org_a.bootstrap.owner.id}
    assert all(e["action"] == "member.created" for e in created)

    about_first = await events(api, org_a, target_id=ids[0])
    assert [e["action"] for e in about_first] == ["member.updated", "member.created"]

    by_key = await events(api, org_a, actor_id=org_a.bootstrap.api_key.id)
    assert len(by_key) == 4
    by_system = await events(api, org_a, actor_type="system")
    assert {e["action"] for e in by_system} == {
        "organization.created",
        "member.created",
        "api_key.created",
    }

    after = await events(api, org_a, occurred_after=middle.isoformat())
    assert [e["action"] for e in after] == ["member.updated"]
    before = await events(api, org_a, occurred_before=middle.isoformat())
    assert len(before) == len(everything) - 1
    assert await events(api, org_a, occurred_after=(middle + timedelta(hours=1)).isoformat()) == []

    # Pages of 2, newest first, no duplicates or gaps, `has_more` false only at the end.
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"starting_after": cursor} if cursor else {})}
        page = (await api.get("/v1/audit-events", params=params, headers=h)).json()
        seen += [e["id"] for e in page["data"]]
        if not page["has_more"]:
            break
        assert len(page["data"]) == 2
        cursor = page["data"][-1]["id"]
    assert seen == [e["id"] for e in everything]
    assert seen == sorted(seen, reverse=True)

    # Filters never reach another organization's log.
    assert await events(api, org_b, target_id=ids[0]) == []


@pytest.mark.parametrize(
    ("param", "value"),
    [("limit", "0"), ("limit", "101"), ("starting_after", "nope"), ("occurred_after", "yesterday")],
)
async def test_bad_list_parameters_are_422(api, org_a, param, value):
    r = await api.get("/v1/audit-events", params={param: value}, headers=org_a.headers)
    assert r.status_code == 422, r.text
    assert r.json()["param"] == param


# --- the hash chain -------------------------------------------------------------------------


async def grow_chain(api, tenant, sessionmaker, members: int = 3) -> None:
    """``members`` new members (after the organization's 3 records), all sealed."""
    for i in range(members):
        r = await api.post(
            "/v1/members",
            json={
                "email": f"c{i}@{tenant.id.replace('_', '-')}.example",
                "name": f"C{i}",
                "role": "viewer",
            },
            headers=tenant.headers,
        )
        assert r.status_code == 201, r.text
    await seal_pending(sessionmaker, tenant.id)


async def verify(sessionmaker, org_id: str):
    async with tenant_session(sessionmaker, [org_id]) as session:
        return await verify_chain(session, org_id)


@contextmanager
def tamper(owner_conninfo: str) -> Iterator[psycopg.Connection]:
    """An owner connection with the append-only trigger off, switched back on afterwards."""
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        try:
            yield conn
        finally:
            conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


async def test_an_intact_chain_verifies(api, org_a, sessionmaker):
    await grow_chain(api, org_a, sessionmaker)
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    assert report.records == 3 + 3


async def test_an_edited_record_is_detected(api, org_a, sessionmaker, owner_conninfo):
    await grow_chain(api, org_a, sessionmaker)
    with tamper(owner_conninfo) as conn:
        conn.execute(
            "UPDATE audit_events SET changes = jsonb_set(changes, '{after,role}', '\"owner\"') "
            "WHERE organization_id = %s AND seq = 5",
            (org_a.id,),
        )
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok
    assert report.first_bad_seq == 5
    assert "edited" in (report.reason or "")


async def test_a_deleted_last_record_is_detected(api, org_a, sessionmaker, owner_conninfo):
    await grow_chain(api, org_a, sessionmaker)
    with tamper(owner_conninfo) as conn:
        conn.execute("DELETE FROM audit_events WHERE organization_id = %s AND seq = 6", (org_a.id,))
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok
    assert report.records == 5
    assert "deleted" in (report.reason or "")


async def test_a_deleted_middle_record_is_detected(api, org_a, sessionmaker, owner_conninfo):
    await grow_chain(api, org_a, sessionmaker)
    with tamper(owner_conninfo) as conn:
        conn.execute("DELETE FROM audit_events WHERE organization_id = %s AND seq = 3", (org_a.id,))
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "missing" in (report.reason or "")


async def test_a_rewritten_record_with_a_fresh_hash_breaks_the_next_link(
    api, org_a, sessionmaker, owner_conninfo
):
    """Recomputing the edited record's own hash is not enough: the next record points back."""
    from domain.audit.models import AuditEvent
    from domain.audit.service import compute_hash

    await grow_chain(api, org_a, sessionmaker)
    with psycopg.connect(owner_conninfo) as conn:
        row = conn.execute(
            "SELECT id, organization_id, seq, occurred_at, actor_type, actor_id, action, "
            "target_type, target_id, changes, changes_salt, changes_digest, request_id, ip_hmac, "
            "prev_hash FROM audit_events WHERE organization_id = %s AND seq = 4",
            (org_a.id,),
        ).fetchone()
    assert row is not None
    keys = [
        "id", "organization_id", "seq", "occurred_at", "actor_type", "actor_id", "action",
        "target_type", "target_id", "changes", "changes_salt", "changes_digest", "request_id",
        "ip_hmac", "prev_hash",
    ]  # fmt: skip
    forged = AuditEvent(**dict(zip(keys, row, strict=True)))
    forged.actor_id = "key_somebodyelse"
    with tamper(owner_conninfo) as conn:
        conn.execute(
            "UPDATE audit_events SET actor_id = %s, hash = %s WHERE id = %s",
            (forged.actor_id, compute_hash(forged), forged.id),
        )
    report = await verify(sessionmaker, org_a.id)
    assert not report.ok
    assert report.first_bad_seq == 5
    assert "link" in (report.reason or "")


async def test_concurrent_mutations_append_a_gap_free_chain(api, org_a, sessionmaker):
    responses = await asyncio.gather(
        *(
            api.post(
                "/v1/members",
                json={"email": f"p{i}@northstar.example", "name": f"P{i}", "role": "viewer"},
                headers=org_a.headers,
            )
            for i in range(20)
        )
    )
    assert [r.status_code for r in responses] == [201] * 20
    await seal_pending(sessionmaker, org_a.id)
    all_events = await events(api, org_a)
    assert sorted(e["seq"] for e in all_events) == list(range(1, 24))
    by_seq = {e["seq"]: e for e in all_events}
    assert all(by_seq[s]["prev_hash"] == by_seq[s - 1]["hash"] for s in range(2, 24))
    report = await verify(sessionmaker, org_a.id)
    assert report.ok, report
    assert report.records == 23


# --- `auditoryx audit verify` ---------------------------------------------------------------


def run_verify(
    database_url: str, tmp_path: Path, *args: str, command: str = "verify"
) -> subprocess.CompletedProcess[str]:
    settings_vars = {"DATABASE_URL", "MIGRATIONS_DATABASE_URL", "ENVIRONMENT", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k not in settings_vars}
    return subprocess.run(
        [sys.executable, "-m", "cli", "audit", command, *args],
        cwd=tmp_path,  # no developer .env can leak in
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_cli_verifies_every_chain_and_names_a_broken_one(
    api, org_a, org_b, sessionmaker, database_url, owner_conninfo, tmp_path
):
    await grow_chain(api, org_a, sessionmaker, members=1)
    await grow_chain(api, org_b, sessionmaker, members=1)

    intact = await asyncio.to_thread(run_verify, database_url, tmp_path)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert f"ok      {org_a.id}" in intact.stdout
    assert f"ok      {org_b.id}" in intact.stdout

    with tamper(owner_conninfo) as conn:
        conn.execute(
            "UPDATE audit_events SET target_id = 'mem_x' WHERE organization_id = %s AND seq = 2",
            (org_b.id,),
        )
    broken = await asyncio.to_thread(run_verify, database_url, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"BROKEN  {org_b.id}  at record 2" in broken.stdout
    assert f"ok      {org_a.id}" in broken.stdout


async def test_cli_notices_a_removed_chain_head(
    api, org_a, sessionmaker, database_url, owner_conninfo, tmp_path
):
    """Deleting the head (with the newest records) must not make a chain disappear."""
    await seal_pending(sessionmaker, org_a.id)
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("DELETE FROM audit_chain_heads WHERE organization_id = %s", (org_a.id,))
    result = await asyncio.to_thread(run_verify, database_url, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"BROKEN  {org_a.id}" in result.stdout
    assert "head is missing" in result.stdout


async def test_cli_tells_pending_records_from_overdue_ones_and_seals_them(
    api, org_a, database_url, tmp_path
):
    """The organization's first records are not sealed yet (no worker runs here)."""
    young = await asyncio.to_thread(run_verify, database_url, tmp_path)
    assert young.returncode == 0, young.stdout + young.stderr
    assert f"ok      {org_a.id}  0 records, 3 pending" in young.stdout

    overdue = await asyncio.to_thread(run_verify, database_url, tmp_path, "--sealing-delay", "0")
    assert overdue.returncode == 1, overdue.stdout + overdue.stderr
    assert f"BROKEN  {org_a.id}  at record 1: 3 committed records were left unsealed" in (
        overdue.stdout
    )

    sealed = await asyncio.to_thread(run_verify, database_url, tmp_path, command="seal")
    assert sealed.returncode == 0, sealed.stdout + sealed.stderr
    assert "sealed  3 records" in sealed.stdout
    now = await asyncio.to_thread(run_verify, database_url, tmp_path, "--sealing-delay", "0")
    assert now.returncode == 0, now.stdout + now.stderr
    assert f"ok      {org_a.id}  3 records" in now.stdout
