"""Fixtures for dashboard tests: one simulated browser per client (its own cookie jar)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest


@pytest.fixture
def browser_for(app_factory) -> Callable[..., Awaitable[httpx.AsyncClient]]:
    """A fresh client (its own cookie jar) on a fresh app: one per simulated browser."""

    async def make(**kwargs: object) -> httpx.AsyncClient:
        client = await app_factory(**kwargs)
        client.follow_redirects = False
        return client

    return make
