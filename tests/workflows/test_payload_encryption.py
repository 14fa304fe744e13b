"""Temporal payloads sealed per organization, end to end: a real worker on the time-skipping
server, keys in the real PostgreSQL.

What Temporal stores (and anyone reading its database, its backups or its UI without the codec
sees) is ciphertext; the codec opens it again, after a rotation too; once the organization's
keys are destroyed nothing opens it, and other organizations carry on.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from core.config import Settings
from core.crypto import PAYLOAD_KEYS_INFO, SecretBox
from core.ids import new_id
from core.payload_codec import (
    ENCODING,
    KEY_VERSION,
    OrganizationPayloadCodec,
    PayloadKeyUnavailable,
    decode_in_place,
    payload_organization,
    payloads_in,
)
from core.workflow_ids import workflow_id
from domain.audit.service import Actor
from domain.keys.keyring import OrganizationKeyring
from domain.keys.service import destroy_keys, rotate_key
from domain.keys.store import KeyStore
from tests.support.harness import Tenant
from tests.support.histories import replayer
from worker import build_worker
from workflows.health import HealthProbeInput, HealthProbeResult, HealthProbeWorkflow

OPERATOR = Actor.system("test-operator")


async def run_probe(
    env: WorkflowEnvironment, engine: AsyncEngine, organization_id: str
) -> tuple[str, str]:
    """A workflow of ``organization_id`` whose input, activity and result carry a marker no
    other byte of the history holds (the probe id); its id and the marker."""
    marker = new_id("hpr")
    wf_id = workflow_id(organization_id, "health", uuid.uuid4().hex)
    queue = f"codec-{uuid.uuid4()}"
    async with build_worker(env.client, engine, task_queue=queue, identity="codec-test"):
        result = await env.client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=marker),
            id=wf_id,
            task_queue=queue,
            execution_timeout=timedelta(seconds=30),
        )
    assert isinstance(result, HealthProbeResult) and result.probe_id == marker
    return wf_id, marker


def without_codec(client: Client) -> Client:
    """The same connection, reading what Temporal stores as it is."""
    config = client.config()
    config["data_converter"] = pydantic_data_converter
    return Client(**config)


async def raw_events(env: WorkflowEnvironment, wf_id: str) -> list[HistoryEvent]:
    history = await without_codec(env.client).get_workflow_handle(wf_id).fetch_history()
    return list(history.events)


def stored_bytes(events: list[HistoryEvent]) -> bytes:
    return b"".join(event.SerializeToString() for event in events)


def fresh_codec(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
    organization_id: str | None = None,
) -> OrganizationPayloadCodec:
    """A codec of another process: nothing cached, every key read from the database."""
    keys = OrganizationKeyring.from_settings(settings, sessionmaker, keystore)
    return OrganizationPayloadCodec(keys, organization_id)


async def test_temporal_stores_no_plaintext_and_the_codec_opens_it(
    time_skipping_env: WorkflowEnvironment,
    engine: AsyncEngine,
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    wf_id, marker = await run_probe(time_skipping_env, engine, org_a.id)
    events = await raw_events(time_skipping_env, wf_id)

    assert marker.encode() not in stored_bytes(events)
    payloads = [p for event in events for p in payloads_in(event)]
    # Input, the activity's input and result, the workflow's result: each one sealed.
    assert len(payloads) >= 4
    assert all(p.metadata["encoding"] == ENCODING for p in payloads)
    assert {payload_organization(p) for p in payloads} == {org_a.id}
    # A client without the codec cannot read the result.
    with pytest.raises(Exception, match="encrypted"):
        await without_codec(time_skipping_env.client).get_workflow_handle(wf_id).result()

    await decode_in_place(fresh_codec(settings, sessionmaker, keystore), events)
    # The workflow input, the activity input and the workflow result name it.
    assert stored_bytes(events).count(marker.encode()) == 3

    # And the worker replays the sealed history as it is.
    history = await time_skipping_env.client.get_workflow_handle(wf_id).fetch_history()
    await replayer(time_skipping_env.client.data_converter).replay_workflow(history)


async def test_a_workflow_whose_id_names_no_organization_is_left_in_clear(
    time_skipping_env: WorkflowEnvironment, engine: AsyncEngine, clean_db: None
) -> None:
    wf_id, marker = await run_probe(time_skipping_env, engine, "system")
    assert marker.encode() in stored_bytes(await raw_events(time_skipping_env, wf_id))


async def test_after_a_rotation_new_payloads_use_the_new_version_and_old_ones_still_open(
    time_skipping_env: WorkflowEnvironment,
    engine: AsyncEngine,
    org_a: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    payload_keys: OrganizationKeyring,
    keystore: KeyStore,
) -> None:
    before, old_marker = await run_probe(time_skipping_env, engine, org_a.id)
    box = SecretBox.from_settings(settings, info=PAYLOAD_KEYS_INFO)
    rotated = await rotate_key(
        sessionmaker, box, organization_id=org_a.id, actor=OPERATOR, store=keystore
    )
    assert rotated.version == 2
    payload_keys.forget(org_a.id)  # as every process does within PAYLOAD_KEY_CACHE_SECONDS
    after, new_marker = await run_probe(time_skipping_env, engine, org_a.id)

    old_events = await raw_events(time_skipping_env, before)
    new_events = await raw_events(time_skipping_env, after)
    assert {p.metadata[KEY_VERSION] for e in old_events for p in payloads_in(e)} == {b"1"}
    assert {p.metadata[KEY_VERSION] for e in new_events for p in payloads_in(e)} == {b"2"}

    codec = fresh_codec(settings, sessionmaker, keystore)
    await decode_in_place(codec, old_events)
    await decode_in_place(codec, new_events)
    assert old_marker.encode() in stored_bytes(old_events)
    assert new_marker.encode() in stored_bytes(new_events)


async def test_destroyed_keys_leave_payloads_unreadable_and_other_organizations_unaffected(
    time_skipping_env: WorkflowEnvironment,
    engine: AsyncEngine,
    org_a: Tenant,
    org_b: Tenant,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    keystore: KeyStore,
) -> None:
    shredded, _ = await run_probe(time_skipping_env, engine, org_a.id)
    kept, kept_marker = await run_probe(time_skipping_env, engine, org_b.id)

    destroyed = await destroy_keys(
        sessionmaker, organization_id=org_a.id, actor=OPERATOR, store=keystore
    )
    assert [row.version for row in destroyed] == [1]

    codec = fresh_codec(settings, sessionmaker, keystore)
    with pytest.raises(PayloadKeyUnavailable, match=f"of organization {org_a.id} was destroyed"):
        await decode_in_place(codec, await raw_events(time_skipping_env, shredded))
    # No new payload of the organization is sealed (nor written in clear) either.
    with pytest.raises(PayloadKeyUnavailable, match="auditoryx keys rotate"):
        await fresh_codec(settings, sessionmaker, keystore, org_a.id).encode(
            pydantic_data_converter.payload_converter.to_payloads(["new work"])
        )

    events = await raw_events(time_skipping_env, kept)
    await decode_in_place(codec, events)
    assert kept_marker.encode() in stored_bytes(events)
