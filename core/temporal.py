"""Temporal client factory: every client in the project uses the pydantic data converter,
with the organizations' payload codec when payload encryption is on (core/payload_codec.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

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
    namespace: str | None = None,
) -> Client:
    """Connect to the configured Temporal frontend and ``namespace`` (the system namespace,
    DEFAULT_REGION's, by default) on ``runtime``, whose telemetry the client and its workers
    report to (the default runtime otherwise), sealing payloads with ``payload_codec`` when
    one is given."""
    client = await Client.connect(
        settings.temporal_address,
        namespace=namespace or settings.system_namespace,
        data_converter=data_converter(payload_codec),
        identity=identity,
        interceptors=interceptors,
        runtime=runtime,
    )
    return bound(client)


@runtime_checkable
class NamespaceRouting(Protocol):
    """A client interceptor that sends each organization's calls to its region's namespace
    (domain/placements/namespaces.py); it is bound to the client it was given to."""

    def bind(self, client: Client) -> None: ...

    def client_for_namespace(self, namespace: str) -> Client: ...

    async def client_for_organization(self, organization_id: str) -> Client: ...


def bound(client: Client) -> Client:
    """``client``, its namespace routing (if any) told which client it is in."""
    for interceptor in client.config()["interceptors"]:
        if isinstance(interceptor, NamespaceRouting):
            interceptor.bind(client)
    return client


def _routing(client: Client) -> NamespaceRouting | None:
    for interceptor in client.config()["interceptors"]:
        if isinstance(interceptor, NamespaceRouting):
            return interceptor
    return None


async def client_of_organization(client: Client, organization_id: str) -> Client:
    """The client of the namespace ``organization_id``'s workflows run in, for the calls that
    name no workflow (listing, counting); ``client`` itself without namespace routing."""
    routing = _routing(client)
    return client if routing is None else await routing.client_for_organization(organization_id)


def client_in_namespace(client: Client, namespace: str, *, pinned: bool = False) -> Client:
    """``client``'s connection and interceptors on ``namespace``. ``pinned``: without
    namespace routing, so that every call stays in ``namespace`` whichever region its
    organization is in now (a tenant move reads and cleans up its source namespace)."""
    routing = _routing(client)
    if not pinned and routing is not None:
        return routing.client_for_namespace(namespace)
    if namespace == client.namespace and (routing is None or not pinned):
        return client
    config = client.config()
    config["namespace"] = namespace
    config["interceptors"] = [
        interceptor
        for interceptor in config["interceptors"]
        if not isinstance(interceptor, NamespaceRouting)
    ]
    return Client(**config)


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
    # Namespace routing goes first: the others then run once, in the namespace routed to.
    routing = [i for i in interceptors if isinstance(i, NamespaceRouting)]
    others = [i for i in interceptors if not isinstance(i, NamespaceRouting)]
    config["interceptors"] = [*routing, *config.get("interceptors", []), *others]
    return bound(Client(**config))


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
