"""Workflows of an organization run on its region's task queue, on its region's worker, and
write only into its region's database.

Two region workers on one Temporal server, each polling its region's queue and serving only its
region's placements; the API starts a data export for an EU and a US organization. What an
operator would notice: each export is built by its own region's worker, and the EU export's
records and payload keys are nowhere in the US database (and the other way round).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.config import Settings
from core.temporal import data_converter
from domain.audit.service import Actor
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.placements.router import PlacementRouter
from domain.tenancy.organizations import Bootstrap, create_organization
from tests.support.placements import mentions
from worker import build_worker
from workflows.clients.privacy import export_workflow_id
from workflows.data_export import DataExportWorkflow


async def found(router: PlacementRouter, name: str, region: str) -> Bootstrap:
    return await create_organization(
        router,
        name=name,
        plan="white_label",
        region=region,
        owner_email=f"owner@{name.lower()}.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
    )


def bearer(bootstrap: Bootstrap) -> dict[str, str]:
    return {"Authorization": f"Bearer {bootstrap.raw_api_key}"}


@pytest.fixture
async def regions(
    time_skipping_env: WorkflowEnvironment,
    app_factory,
    placed_settings: Settings,
    router,
    engine,
    keystore,
) -> AsyncIterator[tuple[httpx.AsyncClient, Client, Settings]]:
    """The API and one worker per region, on queues of their own; the client's payloads are
    sealed with keys read from each organization's own database."""
    queue = f"regions-{uuid.uuid4().hex[:8]}"
    settings = placed_settings.model_copy(update={"temporal_task_queue": queue})
    keyring = OrganizationKeyring.from_settings(settings, router, keystore)
    client = Client(
        **{
            **time_skipping_env.client.config(),
            "data_converter": data_converter(payload_codec(settings, keyring)),
        }
    )
    api = await app_factory(
        temporal_client=client,
        placements=settings.placements,
        temporal_task_queue=queue,
    )
    workers = [
        build_worker(
            client,
            engine,
            task_queue=settings.task_queue_of(region),
            identity=f"worker-{region}",
            settings=settings,
            sessionmaker=PlacementRouter(router.placements, region=region, cache_seconds=0),
        )
        for region in ("eu", "us")
    ]
    async with workers[0], workers[1]:
        yield api, client, settings


async def export(api: httpx.AsyncClient, client: Client, bootstrap: Bootstrap) -> Any:
    """Request an organization's export and follow it until its archive is ready."""
    r = await api.post("/v1/exports", json={"scope": "organization"}, headers=bearer(bootstrap))
    assert r.status_code == 201, r.text
    handle = client.get_workflow_handle(
        export_workflow_id(bootstrap.organization.id, r.json()["id"])
    )
    for _ in range(300):
        with contextlib.suppress(Exception):  # not started yet
            if (await handle.query(DataExportWorkflow.progress)).status in ("ready", "failed"):
                break
        await asyncio.sleep(0.1)
    assert (await handle.query(DataExportWorkflow.progress)).status == "ready"
    return handle


async def test_each_organizations_workflow_runs_on_its_regions_queue_and_database(
    regions, router, database_url, us_url
) -> None:
    api, client, settings = regions
    eu = await found(router, "Northstar", "eu")
    us = await found(router, "Harbor", "us")
    for bootstrap, name in ((eu, "Aurora North"), (us, "Bay Harbor")):
        r = await api.post("/v1/artists", json={"name": name}, headers=bearer(bootstrap))
        assert r.status_code == 201, r.text

    handles = {}
    try:
        for region, bootstrap in (("eu", eu), ("us", us)):
            handle = await export(api, client, bootstrap)
            handles[region] = handle
            description = await handle.describe()
            assert description.task_queue == settings.task_queue_of(region)
            # Every activity of the run was done by its region's worker.
            identities = {
                event.activity_task_started_event_attributes.identity
                async for event in handle.fetch_history_events()
                if event.HasField("activity_task_started_event_attributes")
            }
            assert identities == {f"worker-{region}"}, identities
        assert settings.task_queue_of("us") != settings.task_queue_of("eu")

        # The export's rows, its files and its organization's payload keys: only at home.
        for needle in (eu.organization.id, "Aurora North"):
            assert mentions(us_url, needle) == {}, needle
        us_tables = mentions(us_url, us.organization.id)
        assert {"data_exports", "organization_keys"} <= set(us_tables), us_tables
        assert set(mentions(database_url, us.organization.id)) == {"organization_placements"}
        assert mentions(database_url, "Bay Harbor") == {}
    finally:
        for handle in handles.values():
            with contextlib.suppress(Exception):
                await handle.terminate("test over")
