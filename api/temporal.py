"""A Temporal client the API can live without: connects lazily, reconnects after failures."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from temporalio.client import Client, Interceptor
from temporalio.converter import PayloadCodec

from core.config import Settings
from core.temporal import connect_temporal, with_interceptors

log = logging.getLogger("auditoryx.api")


class TemporalConnector:
    """Holds the API's Temporal client; ``get()`` returns ``None`` while Temporal is down."""

    def __init__(
        self,
        settings: Settings,
        client: Client | None = None,
        retry_after: float = 2.0,
        interceptors: Sequence[Interceptor] = (),
        payload_codec: PayloadCodec | None = None,
    ) -> None:
        self._settings = settings
        self._interceptors = interceptors
        self._payload_codec = payload_codec
        self._client = with_interceptors(client, interceptors) if client is not None else None
        self._lock = asyncio.Lock()
        self._retry_after = retry_after
        self._last_failure = 0.0
        self.last_error: str | None = None

    async def get(self) -> Client | None:
        if self._client is not None:
            return self._client
        async with self._lock:
            if self._client is not None:
                return self._client
            if time.monotonic() - self._last_failure < self._retry_after:
                return None
            try:
                self._client = await asyncio.wait_for(
                    connect_temporal(
                        self._settings,
                        identity="auditoryx-api",
                        interceptors=self._interceptors,
                        payload_codec=self._payload_codec,
                    ),
                    timeout=self._settings.readiness_timeout_seconds,
                )
                self.last_error = None
            except (Exception, TimeoutError) as exc:
                self._last_failure = time.monotonic()
                self.last_error = str(exc) or type(exc).__name__
                log.warning("temporal unreachable: %s", self.last_error)
                return None
            return self._client
