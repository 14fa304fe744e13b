"""The FastAPI application factory."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute
from temporalio.client import Client
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import dashboard, observability
from api.body_limits import BodyLimitMiddleware, route_body_limits
from api.codec_cors import CodecCors
from api.deps import IdempotentReplay, idempotency_guard, refuse_nul_characters
from api.errors import install_error_handlers
from api.middleware import REPLAY_HEADER, IdempotencyMiddleware, RequestContextMiddleware
from api.rate_limits import RateLimiter, RateLimitHeadersMiddleware
from api.reference.document import reference
from api.reference.operation_ids import operation_id
from api.routes import (
    absences,
    analytics,
    api_keys,
    approval_pages,
    approval_policies,
    approvals,
    artists,
    audit_events,
    bookings,
    bulk_bookings,
    calendars,
    clients,
    codec,
    communication,
    contracts,
    creators,
    entitlements,
    erasures,
    events,
    exports,
    health,
    integration_settings,
    integrations,
    integrations_hubspot,
    integrations_project_tools,
    integrations_quickbooks,
    integrations_salesforce,
    integrations_xero,
    key_invites,
    ledger,
    matches,
    members,
    operator,
    organization_deletion,
    organizations,
    projects,
    retention,
    revenue,
    roles,
    rooms,
    sandbox,
    scim,
    scim_tokens,
    slack_interactions,
    sso,
    teams_messages,
    time_off,
    usage,
    webhook_endpoints,
)
from api.temporal import TemporalConnector
from api.tenant_freeze import install_freeze_handler
from api.usage_meter import UsageMeterMiddleware
from core.config import Settings
from core.crypto import SecretBox
from core.temporal import StartObserver
from core.tracing import Tracing
from domain.keys.keyring import OrganizationKeyring, payload_codec
from domain.keys.sealed import Sealing
from domain.keys.store import KeyStore
from domain.placements.move import routing_of
from domain.placements.namespaces import RegionNamespaces
from domain.placements.queues import RegionQueues
from domain.placements.registry import Placements
from domain.placements.router import PlacementRouter
from domain.usage import meter as usage_meter
from integrations.oidc import OidcClient

V1_ROUTERS: tuple[APIRouter, ...] = (
    organizations.router,
    organization_deletion.router,
    entitlements.router,
    members.router,
    roles.router,
    api_keys.router,
    key_invites.router,
    audit_events.router,
    artists.router,
    creators.router,
    rooms.router,
    clients.router,
    time_off.router,
    bookings.router,
    bulk_bookings.router,
    matches.router,
    approval_policies.router,
    approvals.router,
    contracts.router,
    absences.router,
    calendars.router,
    integrations.router,
    integrations_hubspot.router,
    integrations_salesforce.router,
    integrations_quickbooks.router,
    integrations_xero.router,
    integrations_project_tools.router,
    integration_settings.router,
    webhook_endpoints.router,
    events.router,
    revenue.router,
    ledger.rates_router,
    ledger.entries_router,
    ledger.budgets_router,
    analytics.router,
    projects.router,
    projects.milestones_router,
    communication.templates_router,
    communication.settings_router,
    communication.outbox_router,
    usage.router,
    sandbox.router,
    scim_tokens.router,
    exports.router,
    erasures.router,
    retention.router,
    sso.router,
)


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    temporal_client: Client | None = None,
    meter: usage_meter.UsageMeter | None = None,
    tracing: Tracing | None = None,
) -> FastAPI:
    """Build the app. Tests inject an engine and a Temporal client; production builds its own.
    Each app counts its requests on its own usage meter (``meter``, a new one by default)."""
    rate_limiter = RateLimiter.from_settings(settings)
    meter = meter or usage_meter.UsageMeter()
    tracing = tracing or Tracing.from_settings(settings, service="auditoryx-api")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.secret_box = SecretBox.from_settings(settings)
        app.state.oidc = OidcClient(
            trusted_issuers=settings.sso_trusted_issuers,
            allowed_ports=settings.outbound_allowed_ports,
        )
        # Every placement's database, the control database's engine lent when a test gives one;
        # sessions route by organization (docs/adr/0035-placements-and-regions.md).
        placements = Placements.from_settings(
            settings,
            engines={settings.control_placement or settings.default_region: engine}
            if engine is not None
            else None,
        )
        app.state.placements = placements
        app.state.engine = placements.engine(placements.control)
        app.state.sessionmaker = PlacementRouter(
            placements, cache_seconds=settings.placement_cache_seconds
        )
        # Tenant moves (the operator API): the same registry, the directory, owner URLs.
        app.state.placement_routing = routing_of(placements)
        # The codec server opens sealed payloads even with PAYLOAD_ENCRYPTION off.
        # Per-person keys and organizations' key-encryption keys: the key store, outside the
        # data's backups (ADR 0034).
        keystore = KeyStore.from_settings(settings, fallback=app.state.engine)
        app.state.payload_keys = OrganizationKeyring.from_settings(
            settings, app.state.sessionmaker, keystore
        )
        app.state.sealing = Sealing.from_settings(settings, keystore)
        app.state.temporal = TemporalConnector(
            settings,
            temporal_client,
            payload_codec=payload_codec(settings, app.state.payload_keys),
            interceptors=[
                # Every call about an organization's workflow or Schedule goes to its region's
                # namespace (first: the interceptors below then run once, in that namespace).
                RegionNamespaces(settings, app.state.sessionmaker),
                # An organization's workflows start on its region's task queue.
                RegionQueues(settings, app.state.sessionmaker),
                StartObserver(usage_meter.count_workflow_start),
                # Starts, signals and updates carry the request's trace (when tracing is on).
                *tracing.interceptors(),
            ],
        )
        app.state.rate_limiter = rate_limiter
        await rate_limiter.check_plans(app.state.sessionmaker)
        app.state.usage_meter = meter
        tracing.instrument(app.state.engine)
        try:
            async with usage_meter.flushing(
                app.state.sessionmaker,
                [meter, usage_meter.process_meter()],
                every_seconds=settings.usage_flush_seconds,
            ):
                yield
        finally:
            await rate_limiter.close()
            tracing.shutdown()
            await placements.dispose()
            await keystore.dispose()

    app = FastAPI(
        title="AuditoryX Enterprise API",
        version="1.0",
        summary="Bookings, approvals and integrations for organizations that book creators.",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(refuse_nul_characters)],
        telemetry=observability.telemetry_config(tracing),
        generate_unique_id_function=operation_id,
    )
    install_error_handlers(app)
    install_freeze_handler(app)

    async def replay(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IdempotentReplay)
        headers = {**exc.stored.headers, REPLAY_HEADER: "true"}
        media_type = headers.pop("content-type", "application/json")
        return Response(
            exc.stored.body,
            status_code=exc.stored.status_code,
            headers=headers,
            media_type=media_type,
        )

    app.add_exception_handler(IdempotentReplay, replay)
    app.router.routes.extend(_routes())
    dashboard.install_static(app)
    # Outermost last: the request context wraps everything, idempotency sees final responses
    # (and stores them without the rate-limit headers, which belong to each reply), and a body
    # over its limit is refused before anything inside parses or authenticates.
    app.add_middleware(UsageMeterMiddleware, meter=meter)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RateLimitHeadersMiddleware)
    app.add_middleware(
        BodyLimitMiddleware, default=settings.max_body_bytes, limits=route_body_limits(settings)
    )
    app.add_middleware(RequestContextMiddleware)
    # Outside everything: a browser's preflight is answered before any of it runs.
    app.add_middleware(CodecCors, origins=settings.codec_cors_origins)
    if settings.trusted_proxies:
        # Only a configured proxy may say who the client is: otherwise anyone could send
        # X-Forwarded-For and be counted (rate limits, audit) as somebody else.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    # Metrics: /metrics, and request counts and times around everything above.
    observability.install(app)
    _serve_reference(app)
    return app


@functools.cache
def _routes() -> tuple[BaseRoute, ...]:
    """Every route of the API, included once per process and shared by every app built in it.

    FastAPI resolves an included router's routes (each one's dependencies, parameters and
    response models) on the app's first request, and keeps the result with the include: some
    300 routes take about a second of CPU. Included into a router of their own, once, and
    handed to each app, they are resolved once per process, not once per app (the test suite
    builds one per test; a server builds one). The router carries what the app's own would
    give every route (its dependencies, its operation ids). It has no dependency overrides,
    so ``app.dependency_overrides`` does not reach these routes; nothing uses them."""
    return tuple(_include_all().routes)


def _include_all() -> APIRouter:
    """A router including every router of the API, in the order they match."""
    root = APIRouter(
        dependencies=[Depends(refuse_nul_characters)], generate_unique_id_function=operation_id
    )
    root.include_router(health.router)
    root.include_router(calendars.public)
    root.include_router(key_invites.public)
    root.include_router(approval_pages.router)
    root.include_router(exports.downloads)
    root.include_router(slack_interactions.router)
    root.include_router(teams_messages.router)
    root.include_router(scim.router)
    root.include_router(integrations_project_tools.webhooks)
    root.include_router(codec.router)
    root.include_router(operator.router)
    for router in dashboard.ROUTERS:
        root.include_router(router)
    for router in V1_ROUTERS:
        root.include_router(router, dependencies=[Depends(idempotency_guard)])
    return root


def _serve_reference(app: FastAPI) -> None:
    """``/openapi.json`` is the API reference: FastAPI's document completed by api/reference."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = reference(app, generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
