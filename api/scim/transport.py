"""How ``/scim/v2`` speaks: the identity provider's bearer token, the request's transaction,
``application/scim+json`` replies and RFC 7644 §3.12 errors."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api import module_gate
from api.deps import (
    SessionmakerDep,
    SettingsDep,
    TransactionRetryRoute,
    get_rate_limiter,
    retrying_tenant_session,
)
from api.rate_limits import RateLimiter
from api.scim.resources import Projection, error_body
from core.logging import request_id_var
from core.security import hmac_hex
from domain.audit import service as audit
from domain.errors import DomainError, Unauthenticated
from domain.scim import tokens
from domain.scim.errors import ScimError
from domain.scim.filters import Node, parse
from domain.tenancy import plan_catalog

SCIM_JSON = "application/scim+json"
PREFIX = "/scim/v2"


def scim_json(
    body: Any, *, status: int = 200, etag: str | None = None, location: str | None = None
) -> Response:
    headers = {}
    if etag:
        headers["ETag"] = etag
    if location:
        headers["Location"] = location
    return Response(
        json.dumps(body, separators=(",", ":"), default=str),
        status_code=status,
        media_type=SCIM_JSON,
        headers=headers,
    )


def scim_error(exc: Exception) -> Response:
    """A domain refusal as SCIM's Error message, keeping its status."""
    if isinstance(exc, ScimError):
        status, scim_type = exc.status, exc.scim_type
        detail = exc.detail
    elif isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        status, scim_type = 400, "invalidSyntax"
        detail = f"{where}: {first.get('msg', 'invalid request')}"
    else:
        assert isinstance(exc, DomainError)
        status, detail = exc.status, exc.detail
        # The members' own refusals, in SCIM's words where it has them.
        scim_type = {"member_exists": "uniqueness", "invalid_request": "invalidValue"}.get(exc.code)
        if status == 422:
            status = 400
            scim_type = scim_type or "invalidValue"
    response = scim_json(error_body(status, detail, scim_type), status=status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


class ScimRoute(TransactionRetryRoute):
    """A ``/scim/v2`` route: retried like the API's on a transaction lost to timing, and
    answering every refusal in SCIM's error format rather than as problem+json."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def speak_scim(request: Request) -> Response:
            try:
                return await handler(request)
            except (DomainError, RequestValidationError) as exc:
                return scim_error(exc)

        return speak_scim


async def get_provisioner(
    request: Request,
    sessionmaker: SessionmakerDep,
    limiter: Annotated[RateLimiter, Depends(get_rate_limiter)],
    authorization: Annotated[str | None, Header()] = None,
) -> tokens.Provisioner:
    """The identity provider, by its bearer token (401 without a valid one; failures count
    against the address's budget like the API's). As for an API key, the request is counted
    against the token and the organization's plan rate (429), and refused (403) while the
    organization is read-only, through the same limiter and gate as ``/v1``."""
    cached: tokens.Provisioner | None = getattr(request.state, "provisioner", None)
    if cached is not None:
        return cached
    try:
        provisioner = await tokens.authenticate(sessionmaker, authorization)
    except Unauthenticated:
        await limiter.admit_unauthenticated(request)
        raise
    terms = await plan_catalog.entitlements(sessionmaker, provisioner.organization_id)
    await limiter.admit(request, provisioner, terms)
    module_gate.check(request, terms)
    request.state.provisioner = provisioner
    return provisioner


ProvisionerDep = Annotated[tokens.Provisioner, Depends(get_provisioner)]


async def _scim_session(
    request: Request, provisioner: ProvisionerDep, sessionmaker: SessionmakerDep
) -> AsyncIterator[AsyncSession]:
    async with retrying_tenant_session(request, sessionmaker, provisioner.organization_id) as s:
        yield s


ScimSession = Annotated[AsyncSession, Depends(_scim_session, scope="function")]


def get_scim_actor(
    request: Request, provisioner: ProvisionerDep, settings: SettingsDep
) -> audit.Actor:
    ip = request.client.host if request.client else None
    return provisioner.actor(
        request_id=request_id_var.get(),
        ip_hmac=hmac_hex(settings.audit_hmac_key, ip) if ip else None,
    )


ScimActorDep = Annotated[audit.Actor, Depends(get_scim_actor)]


def base_url(request: Request) -> str:
    """The SCIM base URL as the identity provider reached it (for ``meta.location``)."""
    return str(request.base_url).rstrip("/") + PREFIX


async def json_body(request: Request) -> Any:
    """The request's JSON (``application/scim+json`` or ``application/json``)."""
    raw = await request.body()
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise ScimError(400, "invalidSyntax", "the body is not valid JSON") from None


DEFAULT_COUNT = 100


def get_projection(
    attributes: Annotated[str | None, Query(max_length=2000)] = None,
    excluded_attributes: Annotated[
        str | None, Query(alias="excludedAttributes", max_length=2000)
    ] = None,
) -> Projection:
    return Projection(attributes, excluded_attributes)


ProjectionDep = Annotated[Projection, Depends(get_projection)]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A list's ``filter`` (parsed: ``invalidFilter`` when it cannot be), ``startIndex``
    (1-based) and ``count``."""

    filter: Node | None
    start_index: int
    count: int


def get_list_query(
    filter: Annotated[str | None, Query(max_length=2000)] = None,
    start_index: Annotated[int, Query(alias="startIndex")] = 1,
    count: Annotated[int, Query(alias="count")] = DEFAULT_COUNT,
) -> ListQuery:
    node = parse(filter) if filter and filter.strip() else None
    return ListQuery(node, max(start_index, 1), count)


ListQueryDep = Annotated[ListQuery, Depends(get_list_query)]
