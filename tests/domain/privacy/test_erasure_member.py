"""Erasing a member: their row becomes a disabled tombstone, what let them in is gone, and a
pg_dump holds neither their name nor their e-mail; the rest of the organization is untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg

from core.db import tenant_session
from domain.audit.sealer import seal_pending
from domain.audit.service import Actor, verify_chain
from domain.keys.sealed import Sealing
from domain.privacy import erasure
from tests.support.privacy import found_in_dump, pg_dump

ACTOR = Actor(type="user", id="mem_test")


async def test_an_erased_member_is_a_disabled_tombstone_found_nowhere(
    api, org_a, sessionmaker, owner_conninfo
) -> None:
    name, email = "Anselm Rookwood-Tibbs", "anselm.rookwood@northstar.example"
    r = await api.post(
        "/v1/members", json={"email": email, "name": name, "role": "viewer"}, headers=org_a.headers
    )
    assert r.status_code == 201, r.text
    member_id = r.json()["id"]
    r = await api.post(
        "/v1/members",
        json={"email": "keep@northstar.example", "name": "Keeps Her Name", "role": "viewer"},
        headers=org_a.headers,
    )
    kept = r.json()["id"]
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute(
            "INSERT INTO scim_users (member_id, organization_id, external_id, given_name, "
            "family_name) VALUES (%s, %s, %s, 'Anselm', 'Rookwood-Tibbs')",
            (member_id, org_a.id, email),
        )
    assert found_in_dump(pg_dump(owner_conninfo), email)

    async with tenant_session(sessionmaker, [org_a.id]) as session:
        ers, _ = await erasure.request_erasure(
            session, organization_id=org_a.id, kind="member", subject_id=member_id, actor=ACTOR
        )
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        counts = await erasure.erase(
            session, ers.id, now=datetime.now(UTC), sealing=Sealing.configured(sessionmaker)
        )
    assert counts["scim_users"] == 1

    dump = pg_dump(owner_conninfo)
    for value in (name, email, "Rookwood"):
        assert not found_in_dump(dump, value), value
    r = await api.get(f"/v1/members/{member_id}", headers=org_a.headers)
    assert r.json()["name"] == "Erased member" and r.json()["status"] == "disabled"
    assert r.json()["email"] == f"erased+{member_id}@erased.invalid"
    r = await api.get(f"/v1/members/{kept}", headers=org_a.headers)
    assert (r.json()["name"], r.json()["email"]) == ("Keeps Her Name", "keep@northstar.example")

    await seal_pending(sessionmaker, org_a.id)
    async with tenant_session(sessionmaker, [org_a.id]) as session:
        assert (await verify_chain(session, org_a.id)).ok
