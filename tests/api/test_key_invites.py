"""A member gets an API key of their own through an invite: the key acts as that member, with
no more than their role allows; the invite works once, expires, and stays in its organization."""

from __future__ import annotations

import asyncio

import psycopg

from domain.tenancy.permissions import BUILTIN_ROLE_PERMISSIONS, BuiltinRole

CLAIM = "/v1/api-key-invites/claim"


async def _member(api, org, email: str, role: str) -> str:
    r = await api.post(
        "/v1/members", headers=org.headers, json={"email": email, "name": "M", "role": role}
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def _invite(api, org, member_id: str, **body) -> dict:
    r = await api.post(
        f"/v1/members/{member_id}/api-key-invites",
        headers=org.headers,
        json={"name": "Mara's key", **body},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_claimed_key_acts_as_the_invited_member_with_their_roles_permissions(
    api, org_a, owner_conninfo
):
    mara = await _member(api, org_a, "mara@northstar.example", "manager")
    invite = await _invite(api, org_a, mara)
    manager = sorted(BUILTIN_ROLE_PERMISSIONS[BuiltinRole.MANAGER])
    assert invite["permissions"] == manager and invite["member_id"] == mara
    r = await api.post(CLAIM, json={"token": invite["token"]})  # no other credential
    assert r.status_code == 201, r.text
    key = r.json()
    assert key["created_by"] == mara and key["permissions"] == manager
    assert key["secret"].startswith("ax_live_")
    mine = {"Authorization": f"Bearer {key['secret']}"}
    r = await api.get("/v1/approvals", headers=mine)
    assert r.status_code == 200, r.text
    r = await api.get("/v1/api-keys", headers=mine)  # a manager does not manage keys
    assert r.status_code == 403
    with psycopg.connect(owner_conninfo) as conn:
        stored = conn.execute(
            "SELECT token_hash, used_at, api_key_id FROM api_key_invites"
        ).fetchone()
        actions = conn.execute(
            "SELECT action, actor_type, actor_id FROM audit_events "
            "WHERE action IN ('api_key_invite.created', 'api_key.created') ORDER BY occurred_at"
        ).fetchall()
    assert invite["token"].encode() not in bytes(stored[0])
    assert stored[1] is not None and stored[2] == key["id"]
    assert actions[-1] == ("api_key.created", "user", mara)


async def test_an_invite_works_once_even_when_claimed_at_the_same_instant(api, org_a):
    mara = await _member(api, org_a, "mara@northstar.example", "manager")
    invite = await _invite(api, org_a, mara)
    answers = await asyncio.gather(
        *(api.post(CLAIM, json={"token": invite["token"]}) for _ in range(6))
    )
    codes = sorted(r.status_code for r in answers)
    assert codes == [201, 409, 409, 409, 409, 409], [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"invite_already_used"}
    listed = (await api.get("/v1/api-keys", headers=org_a.headers)).json()["data"]
    assert sum(1 for k in listed if k["created_by"] == mara) == 1


async def test_expired_unknown_and_inactive_invites_give_no_key(api, org_a, owner_conninfo):
    mara = await _member(api, org_a, "mara@northstar.example", "manager")
    expired = await _invite(api, org_a, mara)
    with psycopg.connect(owner_conninfo) as conn:
        conn.execute("UPDATE api_key_invites SET expires_at = now() - interval '1 minute'")
    r = await api.post(CLAIM, json={"token": expired["token"]})
    assert r.status_code == 409 and r.json()["code"] == "invite_expired", r.text
    for token in ("x" * 43, "short", "not a token at all!" * 2):
        r = await api.post(CLAIM, json={"token": token})
        assert r.status_code == 404 and r.json()["code"] == "invalid_invite", r.text
    fresh = await _invite(api, org_a, mara)
    r = await api.patch(f"/v1/members/{mara}", headers=org_a.headers, json={"status": "disabled"})
    assert r.status_code == 200, r.text
    r = await api.post(CLAIM, json={"token": fresh["token"]})
    assert r.status_code == 409 and r.json()["code"] == "member_not_active", r.text
    r = await api.post(
        f"/v1/members/{mara}/api-key-invites", headers=org_a.headers, json={"name": "k"}
    )
    assert r.status_code == 409 and r.json()["code"] == "member_not_active", r.text


async def test_an_invite_never_gives_more_than_the_role_or_the_inviter_has(api, org_a):
    vic = await _member(api, org_a, "vic@northstar.example", "viewer")
    r = await api.post(
        f"/v1/members/{vic}/api-key-invites",
        headers=org_a.headers,
        json={"name": "k", "permissions": ["bookings:write"]},
    )
    assert r.status_code == 422 and r.json()["code"] == "beyond_member_role", r.text
    assert r.json()["param"] == "permissions"
    # A key that manages keys but reads nothing cannot invite a viewer to read bookings.
    narrow = (
        await api.post(
            "/v1/api-keys",
            headers=org_a.headers,
            json={"name": "keys only", "permissions": ["api_keys:write", "members:read"]},
        )
    ).json()["secret"]
    r = await api.post(
        f"/v1/members/{vic}/api-key-invites",
        headers={"Authorization": f"Bearer {narrow}"},
        json={"name": "k", "permissions": ["bookings:read"]},
    )
    assert r.status_code == 403 and r.json()["code"] == "missing_permission", r.text


async def test_another_organization_can_neither_invite_nor_see_the_members_invites(
    api, org_a, org_b
):
    mara = await _member(api, org_a, "mara@northstar.example", "manager")
    r = await api.post(
        f"/v1/members/{mara}/api-key-invites", headers=org_b.headers, json={"name": "k"}
    )
    assert r.status_code == 404, r.text
    invite = await _invite(api, org_a, mara)
    key = (await api.post(CLAIM, json={"token": invite["token"]})).json()
    r = await api.get(f"/v1/api-keys/{key['id']}", headers=org_b.headers)
    assert r.status_code == 404
