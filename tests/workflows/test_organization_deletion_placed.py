"""Deleting an organization that lives in a dedicated placement: its rows go from its own
database, its directory entry and its claimed names from the control database, and an
organization of the shared placement keeps everything (the whole worker as `auditoryx worker`
builds it with placements, on the dev server)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment

from core.config import PlacementSpec, Settings
from core.workflow_ids import organization_deletion_workflow_id
from domain.audit.service import Actor
from domain.placements import claims
from domain.placements.move import routing_of
from domain.placements.registry import Placements
from domain.placements.router import PlacementRouter
from domain.tenancy.organizations import create_organization
from tests.support.claims import set_up_sso
from tests.support.harness import Tenant, deployment_for, route_to
from tests.support.placements import conninfo, empty, rows_per_table, second_database
from worker import build_worker
from workflows.organization_deletion_types import DeletionResult

pytestmark = pytest.mark.asyncio

SHARED, DEDICATED = "shared", "dedicated"


@pytest.fixture(scope="module")
def dedicated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from second_database(tmp_path_factory.mktemp("pg-dedicated") / "data")


def placed(database_url: str, dedicated_url: str) -> dict[str, object]:
    """A deployment with a shared and a dedicated placement (the settings' overrides)."""
    return {
        "placements": {
            SHARED: PlacementSpec(url=database_url, region="eu"),
            DEDICATED: PlacementSpec(url=dedicated_url, region="us", dedicated=True),
        },
        "control_placement": SHARED,
        "placement_cache_seconds": 0.5,
    }


@pytest.fixture
async def placements(
    settings: Settings, engine: AsyncEngine, database_url: str, dedicated_url: str, clean_db: None
) -> AsyncIterator[Placements]:
    empty(dedicated_url)
    placed_settings = settings.model_copy(update=placed(database_url, dedicated_url))
    placements = Placements.from_settings(placed_settings, engines={SHARED: engine})
    yield placements
    await placements.dispose()


def directory_rows(database_url: str) -> dict[str, str]:
    with psycopg.connect(conninfo(database_url)) as conn:
        return {
            str(org): str(placement)
            for org, placement in conn.execute(
                "SELECT organization_id, placement FROM organization_placements"
            )
        }


def rows_of(url: str, orgs: list[str]) -> dict[str, int]:
    """Rows per tenant table of ``orgs``, the tables that hold some (the deletion's record
    left out)."""
    counts = rows_per_table(conninfo(url), orgs)
    return {t: n for t, n in counts.items() if n and t != "organization_deletions"}


async def test_a_dedicated_organization_of_another_region_is_deleted_from_its_database(
    app_factory,
    dev_server_env: WorkflowEnvironment,
    placements: Placements,
    settings: Settings,
    engine: AsyncEngine,
    org_b: Tenant,
    database_url: str,
    dedicated_url: str,
) -> None:
    queue = f"deletion-{uuid.uuid4().hex[:8]}"
    placed_settings = settings.model_copy(update=placed(database_url, dedicated_url))
    routing = routing_of(placements)
    router = PlacementRouter(placements, cache_seconds=0.5)
    boot = await create_organization(
        router,
        name="Dedicated Label",
        plan="label_enterprise",
        region="us",
        owner_email="owner@dedicated.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
        placement=DEDICATED,
    )
    org = Tenant(boot)
    api: httpx.AsyncClient = await app_factory(
        temporal_client=dev_server_env.client,
        temporal_task_queue=queue,
        organization_deletion_grace_seconds=0,
        **placed(database_url, dedicated_url),
    )
    tag = uuid.uuid4().hex[:6]
    await set_up_sso(router, placed_settings, org.id, f"dedicated-{tag}", [f"{tag}.example"])
    for tenant in (org, org_b):
        r = await api.post("/v1/artists", json={"name": f"Artist {tag}"}, headers=tenant.headers)
        assert r.status_code == 201, r.text
    assert directory_rows(database_url) == {org.id: DEDICATED}
    assert sum(rows_of(dedicated_url, [org.id]).values()) > 3
    before_b = rows_of(database_url, [org_b.id])

    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="deleter",
        settings=placed_settings.model_copy(update={"temporal_task_queue": queue}),
        deployment_config=deployment_for(queue),
        # The EU worker (WORKER_REGION=eu) runs the deletion of a US organization: the
        # deletion's workflow names no organization, so it is on the system queue.
        sessionmaker=PlacementRouter(placements, region="eu", cache_seconds=0.5),
        placement_routing=routing,
        every_placement=router,
    )
    async with worker:
        await route_to(dev_server_env, worker)
        r = await api.post(
            "/v1/organization/deletion", json={"confirm": "Dedicated Label"}, headers=org.headers
        )
        assert r.status_code == 201, r.text
        result = await asyncio.wait_for(
            dev_server_env.client.get_workflow_handle(
                organization_deletion_workflow_id(r.json()["id"]), result_type=DeletionResult
            ).result(),
            timeout=90,
        )
    assert result.status == "deleted", result
    assert result.counts["directory_entries"] == 1
    # Gone from its database, the directory and the registry of names.
    assert rows_of(dedicated_url, [org.id]) == {}
    assert directory_rows(database_url) == {}
    with psycopg.connect(conninfo(database_url)) as conn:
        record = conn.execute(
            "SELECT state FROM organization_deletions WHERE organization_id = %s", (org.id,)
        ).fetchall()
    assert record == [("deleted",)]
    with psycopg.connect(conninfo(database_url)) as conn:
        held = conn.execute(
            "SELECT count(*) FROM organization_claims WHERE organization_id = %s", (org.id,)
        ).fetchone()
    assert held is not None and held[0] == 0
    # The shared placement's organization is untouched.
    after_b = rows_of(database_url, [org_b.id])
    assert {**after_b, "usage_daily": 0} == {**before_b, "usage_daily": 0}
    r = await api.get("/v1/artists", headers=org_b.headers)
    assert r.status_code == 200 and len(r.json()["data"]) == 1
    # Its sign-in name is free for another organization.
    assert await claims.claim(router, org_b.id, claims.SSO_SLUG, [f"dedicated-{tag}"]) is None
