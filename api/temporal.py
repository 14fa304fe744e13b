"""A Temporal client the API can live without: connects lazily, reconnects after failures."""

from __future__ import annotations

import asyncio
import logging
import time

from temporalio.client import Client

from core.config import Settings
from core.temporal import connect_temporal
from core.tracing import Tracing

log = logging.getLogger("auditoryx.api")


class TemporalConnector:
    """Holds the API's Temporal client; ``get()`` returns ``None`` while Temporal is down."""

    def __init__(
        self,
        settings: Settings,
        client: Client | None = None,
        retry_after: float = 2.0,
        *,
        tracing: Tracing | None = None,
    ) -> None:
        self._settings = settings
        # Starts, signals and updates carry the request's trace to the workflow (when on).
        self._tracing = tracing or Tracing()
        self._client = client and self._tracing.traced_client(client)
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
                client = await asyncio.wait_for(
                    connect_temporal(self._settings, identity="auditoryx-api"),
                    timeout=self._settings.readiness_timeout_seconds,
                )
                self._client = self._tracing.traced_client(client)
                self.last_error = None
            except (Exception, TimeoutError) as exc:
                self._last_failure = time.monotonic()
                self.last_error = str(exc) or type(exc).__name__
                log.warning("temporal unreachable: %s", self.last_error)
                return None
            return self._client
