"""The milestone ↔ task sync end to end, for any project tool: the real app served on a socket
(the tool's handshakes and deliveries reach it over HTTP), the whole worker on the
time-skipping server with the tool's client, and the helpers the scenarios share."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn

from activities.reconcile import ReconcileActivities
from activities.sync import SyncActivities
from activities.task_reconciliation import TaskReconciliation
from activities.task_sync import TaskSync
from core.crypto import SecretBox
from core.db import create_sessionmaker
from integrations.project_management import ToolFactory
from tests.support.live_server import serve
from tests.support.quickbooks import fetch_rows
from tests.support.workers import whole_worker
from workflows.clients.sync import sync_workflow_id
from workflows.sync_types import SyncInput


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def tool_stack(
    env: Any,
    engine: Any,
    settings: Any,
    organization_id: str,
    provider: str,
    *,
    api_factory: ToolFactory,
    worker_factory: ToolFactory,
    settings_update: Mapping[str, Any] | None = None,
    auths: Mapping[str, Any] | None = None,
) -> AsyncIterator[tuple[httpx.AsyncClient, Any, Any, str]]:
    """``(api, env, relay, queue)``: the app (its ``{provider}_factory`` set to
    ``api_factory``) and the whole worker syncing with ``worker_factory`` (and refreshing
    OAuth tokens with ``auths``)."""
    from api.app import create_app

    queue = f"{provider}-{uuid.uuid4().hex[:8]}"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    update = {"temporal_task_queue": queue, "public_base_url": base_url}
    settings = settings.model_copy(update={**update, **(settings_update or {})})
    app = create_app(settings, engine=engine, temporal_client=env.client)
    setattr(app.state, f"{provider}_factory", api_factory)
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    tasks = TaskSync(
        sessionmaker, box, {provider: worker_factory}, public_base_url=base_url, auths=auths
    )
    syncs = SyncActivities(sessionmaker, box, **{provider: tasks.push})
    pages = TaskReconciliation(sessionmaker, tasks).check_page
    reconcile = ReconcileActivities(sessionmaker, box, **{provider: pages})
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    async with (
        serve(config, own_loop=False) as url,
        whole_worker(
            env,
            engine,
            settings,
            queue,
            organization_id,
            [syncs.push, reconcile.check_page, reconcile.record],
        ) as relay,
        httpx.AsyncClient(base_url=url, timeout=30) as api,
    ):
        yield api, env, relay, queue


async def new_milestone(api: httpx.AsyncClient, org: Any, *, key: str = "mixing") -> dict:
    """A project with one milestone due 2026-12-20 with a two-item checklist."""
    r = await api.post(
        "/v1/projects", json={"name": "Night Drive", "currency": "EUR"}, headers=org.headers
    )
    assert r.status_code == 201, r.text
    r = await api.post(
        f"/v1/projects/{r.json()['id']}/milestones",
        json={
            "key": key,
            "name": "Mixing",
            "due_at": "2026-12-20T17:00:00Z",
            "checklist": [
                {"id": "stems", "label": "Stems uploaded"},
                {"id": "notes", "label": "Mix notes agreed"},
            ],
        },
        headers=org.headers,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


async def synced(env: Any, org_id: str, provider: str, milestone_id: str) -> tuple[Any, dict]:
    """The milestone's sync workflow and its result, once it finished (in skipped time)."""
    sync = SyncInput(
        organization_id=org_id, provider=provider, entity_type="milestone", entity_id=milestone_id
    )
    handle = env.client.get_workflow_handle(sync_workflow_id(sync))
    async with env.time_skipping_unlocked():
        result = await handle.result()
    return handle, result if isinstance(result, dict) else result.model_dump()


def checklist(owner_conninfo: str, milestone_id: str) -> list[bool]:
    [(items,)] = fetch_rows(
        owner_conninfo, "SELECT checklist FROM milestones WHERE id = %s", milestone_id
    )
    return [bool(i["done"]) for i in items]


def ticks_by(owner_conninfo: str, provider: str, milestone_id: str) -> int:
    """How many checklist ticks of the milestone were audited as the tool's."""
    [(count,)] = fetch_rows(
        owner_conninfo,
        "SELECT count(*) FROM audit_events WHERE action = 'milestone.checklist_updated' "
        "AND target_id = %s AND actor_type = 'integration' AND actor_id = %s",
        milestone_id,
        provider,
    )
    return int(count)


async def ticks_push_nothing_back(
    stack: tuple[httpx.AsyncClient, Any, Any, str],
    org: Any,
    provider: str,
    milestone_id: str,
    writes: Callable[[], int],
) -> None:
    """The tool's completion ticked the checklist here: the ticks are events
    (``project.milestone_updated``, one per item) that push the milestone again, and the
    task already shows it complete, so nothing is written back (``writes`` stays as it is)."""
    api, env, relay, _queue = stack
    before = writes()
    assert await relay() >= 1
    _, result = await synced(env, org.id, provider, milestone_id)
    assert result["status"] == "synced", result
    assert writes() == before
    r = await api.get("/v1/events?type=project.milestone_updated", headers=org.headers)
    assert r.status_code == 200 and len(r.json()["data"]) == 2


async def disconnect(
    api: httpx.AsyncClient, org: Any, provider: str, until: Callable[[], bool]
) -> None:
    """``DELETE /v1/integrations/{provider}``; the webhooks are unsubscribed after the
    response (a background task): waits until ``until()`` (the tool saw it) holds."""
    r = await api.delete(f"/v1/integrations/{provider}", headers=org.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "disconnected"
    for _ in range(200):
        if until():
            return
        await asyncio.sleep(0.025)
    raise AssertionError(f"{provider}'s webhooks were not unsubscribed after the disconnect")
