"""An organization has at most a few unfinished exports at a time: each one reads every table
of the organization and writes an archive, so a burst of export requests (a script, a
hostile key) would otherwise queue work without bound. The limit is the organization's own:
another organization exports as usual meanwhile.

The API here has no Temporal connection, so a requested export stays ``pending``, as one
does until its workflow starts.
"""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from domain.privacy.exports import ABANDONED_AFTER, MAX_UNFINISHED_EXPORTS

pytestmark = pytest.mark.asyncio


async def test_a_burst_of_exports_gets_the_limit_and_409s_while_another_organization_exports(
    api, org_a, org_b
) -> None:
    burst = await asyncio.gather(
        *(
            api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
            for _ in range(6)
        )
    )
    codes = sorted(r.status_code for r in burst)
    assert codes == [201] * MAX_UNFINISHED_EXPORTS + [409] * (6 - MAX_UNFINISHED_EXPORTS), [
        r.text for r in burst
    ]
    refused = next(r for r in burst if r.status_code == 409).json()
    assert refused["code"] == "too_many_exports"
    assert str(MAX_UNFINISHED_EXPORTS) in refused["detail"]

    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_b.headers)
    assert r.status_code == 201, r.text

    listed = (await api.get("/v1/exports", headers=org_a.headers)).json()["data"]
    assert len(listed) == MAX_UNFINISHED_EXPORTS


async def test_a_finished_or_abandoned_export_frees_its_place(api, org_a, owner_conninfo) -> None:
    made = [
        await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
        for _ in range(MAX_UNFINISHED_EXPORTS)
    ]
    assert [r.status_code for r in made] == [201] * MAX_UNFINISHED_EXPORTS
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
    assert r.status_code == 409, r.text

    first, second = (r.json()["id"] for r in made)
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute("UPDATE data_exports SET status = 'ready' WHERE id = %s", (first,))
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
    assert r.status_code == 201, r.text
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
    assert r.status_code == 409, r.text

    # A request whose workflow never started (Temporal was unreachable) stays pending; past
    # ABANDONED_AFTER it no longer holds a place, so a new request is the way out.
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(
            "UPDATE data_exports SET created_at = created_at - %s WHERE id = %s",
            (ABANDONED_AFTER * 2, second),
        )
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
    assert r.status_code == 201, r.text
