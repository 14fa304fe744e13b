"""FastAPI dependencies: settings, principal, permission checks, tenant session, actor.

Every ``/v1`` route names the permission it needs with one alias per permission of the
catalog (``domain/tenancy/permissions.py``): ``principal: CanWriteBookings`` authenticates the
caller, checks ``bookings:write`` and yields the :class:`Principal`. ``TenantSession`` opens
the request's one transaction, scoped by row-level security to the principal's organization;
it commits after the route returns and before the response is sent. Rows named by a path id
are loaded by the dependencies of ``api.loaders``.
"""

from __future__ import annotations

import email.message
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from api import module_gate
from api.errors import ServiceUnavailable
from api.rate_limits import RateLimiter
from api.temporal import TemporalConnector
from api.tenant_freeze import hold_request_writes
from core.config import Settings
from core.crypto import SecretBox
from core.db import TRANSACTION_ATTEMPTS, is_retryable, tenant_session
from core.logging import request_id_var
from core.security import hmac_hex
from domain.audit import service as audit
from domain.errors import Conflict, DomainError, Unauthenticated
from domain.idempotency import service as idempotency
from domain.keys.sealed import Sealing
from domain.tenancy import plan_catalog
from domain.tenancy.access import Principal, authenticate
from domain.tenancy.models import Member
from domain.tenancy.permissions import PERMISSIONS, BuiltinRole

log = logging.getLogger("auditoryx.api")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_sessionmaker)]

NUL = "\x00"


def _nul_location(value: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...] | None:
    """Where decoded JSON holds a NUL: the path to the string, or to the object whose key
    holds one; ``None`` when there is none."""
    if isinstance(value, str):
        return loc if NUL in value else None
    items: Any = ()
    if isinstance(value, dict):
        if any(NUL in key for key in value):
            return loc
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        found = _nul_location(item, (*loc, key))
        if found is not None:
            return found
    return None


def refuse_nul(value: Any, loc: tuple[str | int, ...]) -> None:
    """422 naming the field when ``value`` (a parameter, or decoded JSON found at ``loc``)
    contains a NUL character, which PostgreSQL cannot store in text."""
    found = _nul_location(value, loc)
    if found is not None:
        raise RequestValidationError(
            [
                {
                    "type": "string_nul",
                    "loc": found,
                    "msg": "NUL characters (\\u0000) are not allowed",
                    "input": None,
                }
            ]
        )


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return True  # FastAPI reads a body without a content type as JSON
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def refuse_nul_characters(request: Request) -> None:
    """App-wide: path and query parameters, JSON bodies and form fields with a NUL are a 422
    naming the field, in one place rather than a database error in each route. Bodies a
    route reads itself (CSV, bulk JSON) are checked where they are parsed."""
    for name, value in request.path_params.items():
        refuse_nul(f"{name}{value}", ("path", name))
    for name, value in request.query_params.multi_items():
        refuse_nul(f"{name}{value}", ("query", name))
    # Only a body FastAPI has already read for the route: never one the route streams.
    body_field = getattr(request.scope.get("route"), "body_field", None)
    if body_field is None:
        return
    content_type = request.headers.get("content-type")
    if content_type and content_type.lower().startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        for name, field in (await request.form()).multi_items():
            if isinstance(field, str):
                refuse_nul(f"{name}{field}", ("body", name))
    elif _is_json(content_type) and await request.body():
        refuse_nul(await request.json(), ("body",))


def get_secret_box(request: Request) -> SecretBox:
    """The deployment's box for credentials and signing secrets stored in the database, built
    once by the app's lifespan."""
    box: SecretBox = request.app.state.secret_box
    return box


SecretBoxDep = Annotated[SecretBox, Depends(get_secret_box)]


def get_sealing(request: Request) -> Sealing:
    """Sealing and opening of persons' fields with their keys in the key store (built once by
    the app's lifespan)."""
    sealing: Sealing = request.app.state.sealing
    return sealing


SealingDep = Annotated[Sealing, Depends(get_sealing)]


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


async def get_principal(
    request: Request,
    sessionmaker: SessionmakerDep,
    limiter: Annotated[RateLimiter, Depends(get_rate_limiter)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    auditoryx_organization: Annotated[
        str | None,
        Header(alias="AuditoryX-Organization", description="Act on this sub-organization"),
    ] = None,
) -> Principal:
    """The caller, authenticated once per request and counted against the rate limits:
    its key and organization, or (when authentication fails) its address."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    try:
        principal = await _authenticate(sessionmaker, authorization, auditoryx_organization)
    except Unauthenticated:
        # Past the address's budget this raises 429 instead, whatever the key was.
        await limiter.admit_unauthenticated(request)
        raise
    # Known before the limiter may refuse: usage counts a 429 against its organization.
    request.state.principal = principal
    terms = await plan_catalog.entitlements(sessionmaker, principal.organization_id)
    request.state.entitlements = terms
    await limiter.admit(request, principal, terms)
    # Counted first, then refused: a disabled module or a read-only organization (403).
    module_gate.check(request, terms)
    return principal


async def _authenticate(
    sessionmaker: async_sessionmaker[AsyncSession],
    authorization: str | None,
    acting_as: str | None,
) -> Principal:
    if not authorization:
        raise Unauthenticated(
            "send an API key as 'Authorization: Bearer ax_live_…'", code="missing_api_key"
        )
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        raise Unauthenticated(
            "the Authorization header must be 'Bearer <api key>'", code="invalid_api_key"
        )
    return await authenticate(sessionmaker, credential.strip(), acting_as=acting_as)


class Authorize:
    """Dependency: an authenticated principal holding ``permission``."""

    def __init__(self, permission: str) -> None:
        if permission not in PERMISSIONS:  # a typo would otherwise deny every caller
            raise ValueError(f"{permission!r} is not in the permission catalog")
        self.permission = permission

    async def __call__(self, principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        principal.require(self.permission)
        return principal


# One alias per permission of the catalog, named Can<Verb><Resource>: a handler's signature
# says what it needs (``principal: CanReadBookings``). tests/api/test_deps.py keeps the two
# lists equal.
CanReadOrganization = Annotated[Principal, Depends(Authorize("organization:read"))]
CanWriteOrganization = Annotated[Principal, Depends(Authorize("organization:write"))]
CanReadOrganizations = Annotated[Principal, Depends(Authorize("organizations:read"))]
CanWriteOrganizations = Annotated[Principal, Depends(Authorize("organizations:write"))]
CanReadMembers = Annotated[Principal, Depends(Authorize("members:read"))]
CanWriteMembers = Annotated[Principal, Depends(Authorize("members:write"))]
CanReadRoles = Annotated[Principal, Depends(Authorize("roles:read"))]
CanWriteRoles = Annotated[Principal, Depends(Authorize("roles:write"))]
CanReadApiKeys = Annotated[Principal, Depends(Authorize("api_keys:read"))]
CanWriteApiKeys = Annotated[Principal, Depends(Authorize("api_keys:write"))]
CanReadAudit = Annotated[Principal, Depends(Authorize("audit:read"))]
CanReadArtists = Annotated[Principal, Depends(Authorize("artists:read"))]
CanWriteArtists = Annotated[Principal, Depends(Authorize("artists:write"))]
CanReadCreators = Annotated[Principal, Depends(Authorize("creators:read"))]
CanWriteCreators = Annotated[Principal, Depends(Authorize("creators:write"))]
CanReadBookings = Annotated[Principal, Depends(Authorize("bookings:read"))]
CanWriteBookings = Annotated[Principal, Depends(Authorize("bookings:write"))]
CanWriteCalendarFeeds = Annotated[Principal, Depends(Authorize("calendar_feeds:write"))]
CanReadProjects = Annotated[Principal, Depends(Authorize("projects:read"))]
CanWriteProjects = Annotated[Principal, Depends(Authorize("projects:write"))]
CanReadApprovals = Annotated[Principal, Depends(Authorize("approvals:read"))]
CanDecideApprovals = Annotated[Principal, Depends(Authorize("approvals:decide"))]
CanWriteApprovalPolicies = Annotated[Principal, Depends(Authorize("approval_policies:write"))]
CanReadContracts = Annotated[Principal, Depends(Authorize("contracts:read"))]
CanWriteContracts = Annotated[Principal, Depends(Authorize("contracts:write"))]
CanReadIntegrations = Annotated[Principal, Depends(Authorize("integrations:read"))]
CanWriteIntegrations = Annotated[Principal, Depends(Authorize("integrations:write"))]
CanReadWebhooks = Annotated[Principal, Depends(Authorize("webhooks:read"))]
CanWriteWebhooks = Annotated[Principal, Depends(Authorize("webhooks:write"))]
CanReadAnalytics = Annotated[Principal, Depends(Authorize("analytics:read"))]
CanWriteLedger = Annotated[Principal, Depends(Authorize("ledger:write"))]
CanExportData = Annotated[Principal, Depends(Authorize("data:export"))]
CanEraseData = Annotated[Principal, Depends(Authorize("data:erase"))]


class RetryTransaction(Exception):
    """The request's transaction was rolled back by PostgreSQL for reasons of timing (a
    deadlock, a serialization failure, a conflict whose other side had not committed yet) and
    is run again by :class:`TransactionRetryRoute`."""


@asynccontextmanager
async def retrying_tenant_session(
    request: Request, sessionmaker: async_sessionmaker[AsyncSession], organization_id: str
) -> AsyncIterator[AsyncSession]:
    """The request's transaction in ``organization_id``; one PostgreSQL rolled back for
    reasons of timing raises :class:`RetryTransaction` while the route has attempts left,
    else a 409 ``concurrent_change``."""
    # A route that cannot run again (not a TransactionRetryRoute) is on its last attempt.
    attempt: int = getattr(request.state, "transaction_attempt", TRANSACTION_ATTEMPTS)
    try:
        async with tenant_session(sessionmaker, [organization_id]) as session:
            await hold_request_writes(request, session, [organization_id])
            yield session
    except Exception as exc:
        # Rolled back by now: the retry starts from nothing, holding no lock of this attempt.
        if not is_retryable(exc):
            raise
        if attempt < TRANSACTION_ATTEMPTS:
            raise RetryTransaction from exc
        if isinstance(exc, DomainError):
            raise  # the domain's own answer for a race it lost (a 409 booking_conflict)
        raise Conflict(
            "the change collided with a concurrent change of the same data; send it again",
            code="concurrent_change",
        ) from exc


async def _tenant_session(
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
    sessionmaker: SessionmakerDep,
) -> AsyncIterator[AsyncSession]:
    async with retrying_tenant_session(request, sessionmaker, principal.organization_id) as session:
        yield session


TenantSession = Annotated[AsyncSession, Depends(_tenant_session, scope="function")]


class TransactionRetryRoute(APIRoute):
    """A route whose request runs again, from the start, when PostgreSQL rolled its
    transaction back for reasons of timing (the tenant session raises
    :class:`RetryTransaction`), up to ``TRANSACTION_ATTEMPTS`` times.

    The retry is at the transaction boundary, not around business logic: each attempt gets
    its own exit stack for the function-scoped dependencies, so the tenant session has rolled
    back (holding no lock of that attempt) before the next one starts; the dependencies run
    again except those cached on the request (the principal, the idempotency reservation);
    the body is the one already read. Nothing was sent and no background task ran for a
    failed attempt.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_attempts(request: Request) -> Response:
            outer = request.scope["fastapi_function_astack"]
            attempt = 1
            try:
                while True:
                    request.state.transaction_attempt = attempt
                    try:
                        async with AsyncExitStack() as function_stack:
                            request.scope["fastapi_function_astack"] = function_stack
                            response = await handler(request)
                        return response
                    except RetryTransaction as exc:
                        log.info(
                            "%s %s: transaction rolled back (%s); attempt %d of %d",
                            request.method,
                            request.url.path,
                            type(exc.__cause__).__name__,
                            attempt + 1,
                            TRANSACTION_ATTEMPTS,
                        )
                        attempt += 1
            finally:
                request.scope["fastapi_function_astack"] = outer

        return run_attempts


def get_actor(
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
    settings: SettingsDep,
) -> audit.Actor:
    ip = request.client.host if request.client else None
    return audit.Actor(
        type=principal.actor_type,
        id=principal.actor_id,
        request_id=request_id_var.get(),
        ip_hmac=hmac_hex(settings.audit_hmac_key, ip) if ip else None,
    )


ActorDep = Annotated[audit.Actor, Depends(get_actor)]


async def actor_is_owner(session: AsyncSession, principal: Principal) -> bool:
    """True when the credential was issued by a member who is an owner of this organization."""
    if principal.member_id is None or principal.organization_id != principal.home_organization_id:
        return False
    member = await session.get(Member, principal.member_id)
    return member is not None and member.role == BuiltinRole.OWNER.value


class IdempotentReplay(Exception):
    def __init__(self, stored: idempotency.StoredResponse) -> None:
        self.stored = stored


async def idempotency_guard(
    request: Request,
    principal: Annotated[Principal, Depends(get_principal)],
    sessionmaker: SessionmakerDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=255,
            description="Makes a POST safe to retry: the first response is replayed for 24 h",
        ),
    ] = None,
) -> None:
    """Reserve the ``Idempotency-Key`` of a POST, or replay the response stored for it."""
    if request.method != "POST" or idempotency_key is None:
        return
    if getattr(request.state, "idempotency", None) is not None:
        return  # a retried attempt of this request, which holds the key already
    body = await request.body()
    # The query string is part of the request (`?dry_run=true` is not the real run).
    target = f"{request.url.path}?{request.url.query}" if request.url.query else request.url.path
    fp = idempotency.fingerprint(request.method, target, body, caller=principal.actor_id)
    async with tenant_session(sessionmaker, [principal.organization_id]) as session:
        stored = await idempotency.reserve(
            session,
            organization_id=principal.organization_id,
            key=idempotency_key,
            method=request.method,
            path=request.url.path,
            body_fingerprint=fp,
        )
    if stored is not None:
        if stored.people:  # stored sealed for the people it names: opened with their keys
            organizations = sorted({principal.organization_id, *stored.organizations})
            async with tenant_session(sessionmaker, organizations) as session:
                stored = await idempotency.opened(
                    session,
                    get_sealing(request),
                    stored,
                    organization_id=principal.organization_id,
                    key=idempotency_key,
                )
        raise IdempotentReplay(stored)
    request.state.idempotency = (principal.organization_id, idempotency_key)


def get_temporal_connector(request: Request) -> TemporalConnector:
    connector: TemporalConnector = request.app.state.temporal
    return connector


async def get_temporal(request: Request) -> Client:
    connector: TemporalConnector = request.app.state.temporal
    client = await connector.get()
    if client is None:
        raise ServiceUnavailable(
            "the workflow engine (Temporal) is unreachable; retry shortly",
            code="temporal_unavailable",
        )
    return client


TemporalDep = Annotated[Client, Depends(get_temporal)]
