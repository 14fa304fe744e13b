"""Temporal client factory: every client in the project uses the pydantic data converter."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import Runtime

from core.config import Settings


async def connect_temporal(
    settings: Settings, *, identity: str | None = None, runtime: Runtime | None = None
) -> Client:
    """Connect to the configured Temporal frontend and namespace (on ``runtime``, whose
    telemetry the client and its workers report to; the default runtime otherwise)."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        identity=identity,
        runtime=runtime,
    )
