"""Whose address the sign-in limit counts: the socket's peer, unless a trusted proxy says.

Served by uvicorn exactly as `auditoryx api` serves it, since it is the server that reads
``X-Forwarded-For``; an in-process client would never show what a forged header does.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn

from cli import api_server_config
from core.config import Settings
from core.devstack import free_port
from domain.dashboard import auth as dashboard_auth
from tests.support.dashboard import sign_in

LIMIT = 3


@asynccontextmanager
async def served(settings: Settings, **overrides: object) -> AsyncIterator[httpx.AsyncClient]:
    port = free_port()
    config = api_server_config(
        settings.model_copy(update={"api_host": "127.0.0.1", "api_port": port, **overrides})
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not serving.done(), "the API did not start"
            await asyncio.sleep(0.05)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            yield client
    finally:
        server.should_exit = True
        await serving


async def failed_sign_ins(client: httpx.AsyncClient, forwarded_for: list[str]) -> list[int]:
    """One failed sign-in per forged address, each for another e-mail (so only the per-IP
    limit can stop them)."""
    codes = []
    for n, address in enumerate(forwarded_for):
        client.headers["X-Forwarded-For"] = address
        r = await sign_in(client, f"nobody{n}@nowhere.example", "not the password at all")
        codes.append(r.status_code)
    return codes


@pytest.fixture(autouse=True)
def _small_ip_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dashboard_auth, "MAX_FAILURES_PER_IP", LIMIT)


async def test_a_forged_x_forwarded_for_counts_against_the_socket_peer(
    settings: Settings, clean_db: None
) -> None:
    async with served(settings) as client:
        forged = [f"203.0.113.{n}" for n in range(LIMIT + 1)]
        assert await failed_sign_ins(client, forged) == [401] * LIMIT + [429]


async def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(
    settings: Settings, clean_db: None
) -> None:
    async with served(settings, forwarded_allow_ips="127.0.0.1") as client:
        # Every client the proxy names has its own budget...
        many = [f"203.0.113.{n}" for n in range(LIMIT + 1)]
        assert await failed_sign_ins(client, many) == [401] * (LIMIT + 1)
        # ...and one client stays within it, whatever the proxy's own address.
        one = ["198.51.100.7"] * (LIMIT + 1)
        assert await failed_sign_ins(client, one) == [401] * LIMIT + [429]
