"""Each region's workflows in its own Temporal namespace, where ``REGION_NAMESPACES`` says so.

A client's calls about one workflow (start, signal, update, query, describe, cancel,
terminate, history) and about one Schedule name it by id; :class:`RegionNamespaces`, the
first interceptor of a client, sends each call whose id belongs to an organization
(``"{org_id}:…"``) to the client of that organization's region's namespace: the same
connection, another namespace. Nobody who starts or signals a workflow has to know about
namespaces, and a new call site cannot forget them.

Workflows of no organization (sweeps, probes) and control-plane jobs of one (tenant moves,
which must outlive the organization's switch to another region) stay in the system namespace,
DEFAULT_REGION's. Listing and counting workflows or Schedules name no id: they run in the
namespace of the client they are called on; :func:`core.temporal.client_of_organization`
gives the client of an organization's namespace for them.

With one namespace for every region (the default) nothing is routed.
"""

from __future__ import annotations

from typing import Any

from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import (
    BackfillScheduleInput,
    CancelWorkflowInput,
    Client,
    CreateScheduleInput,
    DeleteScheduleInput,
    DescribeScheduleInput,
    DescribeWorkflowInput,
    FetchWorkflowHistoryEventsInput,
    Interceptor,
    OutboundInterceptor,
    PauseScheduleInput,
    QueryWorkflowInput,
    ScheduleDescription,
    ScheduleHandle,
    SignalWorkflowInput,
    StartWorkflowInput,
    StartWorkflowUpdateInput,
    StartWorkflowUpdateWithStartInput,
    TerminateWorkflowInput,
    TriggerScheduleInput,
    UnpauseScheduleInput,
    UpdateScheduleInput,
    WorkflowExecutionDescription,
    WorkflowHandle,
    WorkflowHistoryEventAsyncIterator,
    WorkflowUpdateHandle,
)

from core.config import Settings
from domain.placements.queues import is_control_plane, organization_of
from domain.placements.router import PlacementRouter


class _Clients:
    """What the interceptors of one client and of its siblings (other namespaces) share."""

    def __init__(self) -> None:
        self.config: dict[str, Any] | None = None
        self.head: RegionNamespaces | None = None
        self.by_namespace: dict[str, Client] = {}


class RegionNamespaces(Interceptor):
    """Routes every call about one workflow or Schedule of an organization to the client of
    its region's namespace. Must be the client's first interceptor (the others then run once,
    in the namespace the call goes to); ``core.temporal`` binds it to the client it is in."""

    def __init__(
        self,
        settings: Settings,
        router: PlacementRouter,
        *,
        namespace: str | None = None,
        clients: _Clients | None = None,
    ) -> None:
        self._settings = settings
        self._router = router
        self._namespace = namespace
        self._clients = clients or _Clients()

    @property
    def routes(self) -> bool:
        """Whether the regions with a placement use more than one namespace."""
        return len(self._settings.namespaces(self._router.placements.regions())) > 1

    @property
    def namespace(self) -> str:
        if self._namespace is None:
            raise RuntimeError("RegionNamespaces is not bound to a client (core.temporal binds it)")
        return self._namespace

    def bind(self, client: Client) -> None:
        """Called with the client this interceptor was given to: its connection and config
        are the siblings' (one per other namespace)."""
        config: dict[str, Any] = dict(client.config())
        interceptors = list(config["interceptors"])
        if not interceptors or interceptors[0] is not self:
            raise ValueError("RegionNamespaces must be the client's first interceptor")
        self._namespace = client.namespace
        self._clients.config = config
        self._clients.head = self
        self._clients.by_namespace = {client.namespace: client}

    async def namespace_for(self, workflow_id: str) -> str:
        """The namespace of the workflow (or Schedule) ``workflow_id``."""
        organization_id = organization_of(workflow_id)
        if organization_id is None or is_control_plane(workflow_id):
            return self._settings.system_namespace
        return await self.namespace_of_organization(organization_id)

    async def namespace_of_organization(self, organization_id: str) -> str:
        placement = await self._router.placement_name(organization_id)
        return self._settings.namespace_of(self._router.placements.region(placement))

    def client_for_namespace(self, namespace: str) -> Client:
        """The client of ``namespace``: this client's connection and interceptors."""
        client = self._clients.by_namespace.get(namespace)
        if client is not None:
            return client
        base, head = self._clients.config, self._clients.head
        if base is None or head is None:
            raise RuntimeError("RegionNamespaces is not bound to a client (core.temporal binds it)")
        config: Any = dict(base)
        config["namespace"] = namespace
        config["interceptors"] = [
            RegionNamespaces(
                self._settings, self._router, namespace=namespace, clients=self._clients
            )
            if interceptor is head
            else interceptor
            for interceptor in base["interceptors"]
        ]
        client = Client(**config)
        self._clients.by_namespace[namespace] = client
        return client

    async def client_for_organization(self, organization_id: str) -> Client:
        """The client of the namespace ``organization_id``'s workflows run in."""
        if not self.routes:
            return self.client_for_namespace(self.namespace)
        return self.client_for_namespace(await self.namespace_of_organization(organization_id))

    async def elsewhere(self, workflow_id: str) -> OutboundInterceptor | None:
        """The call chain of the client of ``workflow_id``'s namespace, if not this client's."""
        if not self.routes:
            return None
        namespace = await self.namespace_for(workflow_id)
        if namespace == self.namespace:
            return None
        return self.client_for_namespace(namespace)._impl

    def intercept_client(self, next: OutboundInterceptor) -> OutboundInterceptor:
        return _RoutedByNamespace(next, self)


class _RoutedHistory(WorkflowHistoryEventAsyncIterator):
    """History events fetched in the workflow's namespace (decided on the first page)."""

    def __init__(
        self, client: Client, input: FetchWorkflowHistoryEventsInput, routed: _RoutedByNamespace
    ) -> None:
        super().__init__(client, input)
        self._routed = routed
        self._inner: WorkflowHistoryEventAsyncIterator | None = None

    async def _events(self) -> WorkflowHistoryEventAsyncIterator:
        if self._inner is None:
            chain = await self._routed.chain(self._input.id)
            self._inner = chain.fetch_workflow_history_events(self._input)
        return self._inner

    async def fetch_next_page(self, *, page_size: int | None = None) -> None:
        inner = await self._events()
        await inner.fetch_next_page(page_size=page_size)
        self._current_page = inner.current_page
        self._current_page_index = 0
        self._next_page_token = inner.next_page_token

    async def __anext__(self) -> HistoryEvent:
        return await (await self._events()).__anext__()


class _RoutedByNamespace(OutboundInterceptor):
    def __init__(self, next: OutboundInterceptor, namespaces: RegionNamespaces) -> None:
        super().__init__(next)
        self._namespaces = namespaces

    async def chain(self, workflow_id: str) -> OutboundInterceptor:
        return await self._namespaces.elsewhere(workflow_id) or self.next

    async def start_workflow(self, input: StartWorkflowInput) -> WorkflowHandle[Any, Any]:
        return await (await self.chain(input.id)).start_workflow(input)

    async def cancel_workflow(self, input: CancelWorkflowInput) -> None:
        await (await self.chain(input.id)).cancel_workflow(input)

    async def describe_workflow(self, input: DescribeWorkflowInput) -> WorkflowExecutionDescription:
        return await (await self.chain(input.id)).describe_workflow(input)

    def fetch_workflow_history_events(
        self, input: FetchWorkflowHistoryEventsInput
    ) -> WorkflowHistoryEventAsyncIterator:
        if not self._namespaces.routes:
            return self.next.fetch_workflow_history_events(input)
        client = self._namespaces.client_for_namespace(self._namespaces.namespace)
        return _RoutedHistory(client, input, self)

    async def query_workflow(self, input: QueryWorkflowInput) -> Any:
        return await (await self.chain(input.id)).query_workflow(input)

    async def signal_workflow(self, input: SignalWorkflowInput) -> None:
        await (await self.chain(input.id)).signal_workflow(input)

    async def terminate_workflow(self, input: TerminateWorkflowInput) -> None:
        await (await self.chain(input.id)).terminate_workflow(input)

    async def start_workflow_update(
        self, input: StartWorkflowUpdateInput
    ) -> WorkflowUpdateHandle[Any]:
        return await (await self.chain(input.id)).start_workflow_update(input)

    async def start_update_with_start_workflow(
        self, input: StartWorkflowUpdateWithStartInput
    ) -> WorkflowUpdateHandle[Any]:
        chain = await self.chain(input.start_workflow_input.id)
        return await chain.start_update_with_start_workflow(input)

    async def create_schedule(self, input: CreateScheduleInput) -> ScheduleHandle:
        return await (await self.chain(input.id)).create_schedule(input)

    async def backfill_schedule(self, input: BackfillScheduleInput) -> None:
        await (await self.chain(input.id)).backfill_schedule(input)

    async def delete_schedule(self, input: DeleteScheduleInput) -> None:
        await (await self.chain(input.id)).delete_schedule(input)

    async def describe_schedule(self, input: DescribeScheduleInput) -> ScheduleDescription:
        return await (await self.chain(input.id)).describe_schedule(input)

    async def pause_schedule(self, input: PauseScheduleInput) -> None:
        await (await self.chain(input.id)).pause_schedule(input)

    async def trigger_schedule(self, input: TriggerScheduleInput) -> None:
        await (await self.chain(input.id)).trigger_schedule(input)

    async def unpause_schedule(self, input: UnpauseScheduleInput) -> None:
        await (await self.chain(input.id)).unpause_schedule(input)

    async def update_schedule(self, input: UpdateScheduleInput) -> None:
        await (await self.chain(input.id)).update_schedule(input)
