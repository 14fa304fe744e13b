"""An organization has at most a few unfinished exports at a time: each one reads every table
of the organization and writes an archive, so a burst of export requests (a script, a
hostile key) would otherwise queue work without bound. The limit is the organization's own:
another organization exports as usual meanwhile.

The API here starts exports on a task queue no worker polls, so a requested export stays
``pending``, as one does until a worker takes it.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import psycopg
import pytest

from domain.privacy.exports import ABANDONED_AFTER, MAX_UNFINISHED_EXPORTS

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def queued(app_factory, dev_server_env) -> httpx.AsyncClient:
    """The API, its exports' workflows started where no worker takes them."""
    client: httpx.AsyncClient = await app_factory(
        temporal_client=dev_server_env.client,
        temporal_task_queue=f"nobody-{uuid.uuid4().hex[:8]}",
    )
    return client


async def test_a_burst_of_exports_gets_the_limit_and_409s_while_another_organization_exports(
    queued, org_a, org_b
) -> None:
    api = queued
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


async def test_a_finished_or_abandoned_export_frees_its_place(
    queued, org_a, owner_conninfo
) -> None:
    api = queued
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

    # One not finished ABANDONED_AFTER after its request (its start lost with the API process,
    # its workflow stopped) no longer holds a place.
    with psycopg.connect(owner_conninfo, autocommit=True) as conn:
        conn.execute(
            "UPDATE data_exports SET created_at = created_at - %s WHERE id = %s",
            (ABANDONED_AFTER * 2, second),
        )
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
    assert r.status_code == 201, r.text


async def test_an_export_that_could_not_start_is_failed_and_holds_no_place(api, org_a) -> None:
    """Without Temporal the workflow cannot start: the export says so and frees its place at
    once, so every new request (the way out) is accepted."""
    made = [
        await api.post("/v1/exports", json={"scope": "organization"}, headers=org_a.headers)
        for _ in range(MAX_UNFINISHED_EXPORTS + 1)
    ]
    assert [r.status_code for r in made] == [201] * (MAX_UNFINISHED_EXPORTS + 1)
    for r in made:
        shown = (await api.get(f"/v1/exports/{r.json()['id']}", headers=org_a.headers)).json()
        assert shown["status"] == "failed", shown
        assert shown["error"].startswith("not started: the workflow engine"), shown
