"""The two clients: :class:`Client` (blocking) and :class:`AsyncClient` (asyncio)."""

from __future__ import annotations

from types import TracebackType
from typing import Unpack

import httpx

from auditoryx._http import AsyncAPI, Options, SyncAPI
from auditoryx.resources import Resources


class Client(SyncAPI, Resources["Client"]):
    """The AuditoryX API, blocking.

    ``Client(api_key, base_url=...)``; the key and URL default to ``AUDITORYX_API_KEY`` and
    ``AUDITORYX_BASE_URL``. ``organization_id=`` acts on a sub-organization;
    ``http_client=`` takes an ``httpx.Client`` of your own (proxies, transports, event hooks);
    ``max_retries=`` or ``retry=RetryPolicy(...)`` tune the retries.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        http_client: httpx.Client | None = None,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(api_key, http_client=http_client, **options)
        self._attach()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(AsyncAPI, Resources["AsyncClient"]):
    """The AuditoryX API for asyncio: the same resources, their methods coroutines and their
    lists async-iterable (``async for booking in client.bookings.list(): ...``)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        **options: Unpack[Options],
    ) -> None:
        super().__init__(api_key, http_client=http_client, **options)
        self._attach()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
