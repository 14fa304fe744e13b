"""Temporal client factory: every client in the project uses the pydantic data converter,
with the organizations' payload codec when payload encryption is on (core/payload_codec.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from temporalio.client import (
    Client,
    Interceptor,
    OutboundInterceptor,
    StartWorkflowInput,
    WorkflowHandle,
)
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, PayloadCodec
from temporalio.runtime import Runtime

from core.config import Settings


async def connect_temporal(
    settings: Settings,
    *,
    identity: str | None = None,
    interceptors: Sequence[Interceptor] = (),
    runtime: Runtime | None = None,
    payload_codec: PayloadCodec | None = None,
) -> Client:
    """Connect to the configured Temporal frontend and namespace (on ``runtime``, whose
    telemetry the client and its workers report to; the default runtime otherwise), sealing
    payloads with ``payload_codec`` when one is given."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(payload_codec),
        identity=identity,
        interceptors=interceptors,
        runtime=runtime,
    )


def data_converter(payload_codec: PayloadCodec | None = None) -> DataConverter:
    """The pydantic data converter, with ``payload_codec`` encoding its payloads if given.
    Clients, workers and replayers of one deployment must agree on it."""
    if payload_codec is None:
        return pydantic_data_converter
    return dataclasses.replace(pydantic_data_converter, payload_codec=payload_codec)


def with_interceptors(client: Client, interceptors: Sequence[Interceptor]) -> Client:
    """The same connection and namespace as ``client``, with ``interceptors`` added."""
    if not interceptors:
        return client
    config = client.config()
    config["interceptors"] = [*config.get("interceptors", []), *interceptors]
    return Client(**config)


class StartObserver(Interceptor):
    """Calls ``on_start(workflow_id)`` after each workflow start this client made (a start
    the server refused, such as a duplicate id, raises and is not reported). Usage metering
    counts workflow starts with it, whichever module started them."""

    def __init__(self, on_start: Callable[[str], None]) -> None:
        self._on_start = on_start

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _ObservedStarts(next, self._on_start)


class _ObservedStarts(OutboundInterceptor):
    def __init__(self, next: OutboundInterceptor, on_start: Callable[[str], None]) -> None:
        super().__init__(next)
        self._on_start = on_start

    async def start_workflow(self, input: StartWorkflowInput) -> WorkflowHandle[Any, Any]:
        handle = await super().start_workflow(input)
        # A start with the USE_EXISTING policy ensures a per-entity process (an organization's
        # dispatcher, an entity's sync) and usually finds it running; the server's answer does
        # not reach us, so such starts are not counted rather than billed on every ensure.
        if input.id_conflict_policy != WorkflowIDConflictPolicy.USE_EXISTING:
            self._on_start(input.id)
        return handle
